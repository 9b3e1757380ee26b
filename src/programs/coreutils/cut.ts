// cut(1) (GNU coreutils 8.32): -f LIST with -d DELIM (default TAB), -s, -b/-c LIST,
// --complement, --output-delimiter. Like GNU, -c counts bytes (coreutils has no multibyte cut).
// LIST is N, N-M, N- or -M, comma separated, numbered from 1.
import type { Program } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { out } from './lib';
import { argBytes, filterLines, usageError } from './stream';

const USAGE = `Usage: cut OPTION... [FILE]...
Print selected parts of lines from each FILE to standard output.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -b, --bytes=LIST        select only these bytes
  -c, --characters=LIST   select only these characters
  -d, --delimiter=DELIM   use DELIM instead of TAB for field delimiter
  -f, --fields=LIST       select only these fields;  also print any line
                            that contains no delimiter character, unless
                            the -s option is specified
      --complement        complement the set of selected bytes, characters
                            or fields
  -s, --only-delimited    do not print lines not containing delimiters
      --output-delimiter=STRING  use STRING as the output delimiter
                            the default is to use the input delimiter
      --help     display this help and exit
`;

interface Range {
  lo: number;
  hi: number;
}

/** Parses LIST like set-fields.c; a string is the error message. Ranges come back sorted and merged. */
export function parseList(list: string, fields: boolean): Range[] | string {
  const ranges: Range[] = [];
  if (list === '') return fields ? 'missing list of fields' : 'missing list of byte/character positions';
  for (const part of list.split(/[,\s]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (part === '-') return 'invalid range with no endpoint: -';
    if (part === '') return fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
    if (!m) return fields ? `invalid field value '${part}'` : `invalid byte/character position '${part}'`;
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if (lo === 0 || hi === 0) return fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
    if (hi < lo) return 'invalid decreasing range';
    ranges.push({ lo, hi });
  }
  ranges.sort((a, b) => a.lo - b.lo);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
    else merged.push({ ...r });
  }
  return merged;
}

function selected(ranges: readonly Range[], n: number, complement: boolean): boolean {
  const inside = ranges.some((r) => n >= r.lo && n <= r.hi);
  return inside !== complement;
}

export const cut: Program = function* (sys, argv) {
  let mode: 'b' | 'f' | undefined;
  let list: string | undefined;
  let delim: string | undefined;
  let outDelim: string | undefined;
  let onlyDelimited = false;
  let complement = false;
  const o = parseGnuOptions(argv.slice(1), {
    short: 'b:c:d:f:sn',
    long: {
      bytes: 'b:', characters: 'c:', delimiter: 'd:', fields: 'f:', 'only-delimited': 's', complement: 'C', 'output-delimiter': 'O:', help: 'H',
    },
  });
  for (const [c, v] of o.options) {
    if (c === 'H') {
      yield* out(sys, USAGE);
      return 0;
    }
    if (c === 'b' || c === 'c' || c === 'f') {
      if (mode !== undefined) return yield* usageError(sys, 'cut', 'only one type of list may be specified');
      mode = c === 'f' ? 'f' : 'b';
      list = v;
    } else if (c === 'd') {
      const d = argBytes(v!);
      if (d.length > 1) return yield* usageError(sys, 'cut', 'the delimiter must be a single character');
      delim = d === '' ? '\0' : d;
    } else if (c === 's') onlyDelimited = true;
    else if (c === 'C') complement = true;
    else if (c === 'O') outDelim = argBytes(v!);
    // -n is accepted and ignored, as GNU's cut does
  }
  if (o.error) return yield* usageError(sys, 'cut', o.error.message);
  const files = o.operands;
  if (mode === undefined || list === undefined) return yield* usageError(sys, 'cut', 'you must specify a list of bytes, characters, or fields');
  if (mode === 'b' && delim !== undefined) return yield* usageError(sys, 'cut', 'an input delimiter may be specified only when operating on fields');
  if (mode === 'b' && onlyDelimited) {
    return yield* usageError(sys, 'cut', 'suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  }
  const ranges = parseList(list, mode === 'f');
  if (typeof ranges === 'string') return yield* usageError(sys, 'cut', ranges);
  const d = delim ?? '\t';
  const od = outDelim ?? d;
  const byFields = mode === 'f';
  return yield* filterLines(sys, 'cut', files, 'bytes', {
    line(text) {
      if (byFields) {
        if (!text.includes(d)) return onlyDelimited ? '' : `${text}\n`;
        return `${text.split(d).filter((_, i) => selected(ranges, i + 1, complement)).join(od)}\n`;
      }
      let s = '';
      let prevSel = false;
      for (let i = 0; i < text.length; i++) {
        const sel = selected(ranges, i + 1, complement);
        // --output-delimiter separates ranges of bytes too
        if (sel && !prevSel && s !== '' && outDelim !== undefined) s += outDelim;
        if (sel) s += text[i];
        prevSel = sel;
      }
      return `${s}\n`;
    },
  });
};
