// tr(1) (GNU coreutils 8.32): translate, squeeze (-s) or delete (-d) bytes of stdin.
//   SETs: literal bytes, escapes (\n \t \\ \NNN ...), ranges a-z, classes [:lower:] [:digit:] ...,
//   [=c=], and in SET2 the repeats [c*] and [c*N]; -c complements SET1. A shorter SET2 is padded
//   with its last byte, as GNU does. tr works on bytes and streams: each chunk read is written
//   at once.
import { strerror } from '../../kernel/errno';
import type { Program } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { err, out, STDIN, writeAll } from './lib';
import { argBytes, usageError } from './stream';

const USAGE = `Usage: tr [OPTION]... SET1 [SET2]
Translate, squeeze, and/or delete characters from standard input,
writing to standard output.

  -c, -C, --complement    use the complement of SET1
  -d, --delete            delete characters in SET1, do not translate
  -s, --squeeze-repeats   replace each sequence of a repeated character
                            that is listed in the last specified SET,
                            with a single occurrence of that character
  -t, --truncate-set1     first truncate SET1 to length of SET2
      --help     display this help and exit
`;

const CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => CLASSES.alpha(c) || CLASSES.digit(c),
  alpha: (c) => CLASSES.upper(c) || CLASSES.lower(c),
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => c >= 48 && c <= 57,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => CLASSES.graph(c) && !CLASSES.alnum(c),
  space: (c) => (c >= 9 && c <= 13) || c === 32,
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => CLASSES.digit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

interface Token {
  byte: number;
  escaped: boolean;
}

/** Backslash escapes, as tr.c's unquote(); warnings go to `warn`. */
function unescape(s: string, warn: (m: string) => void): Token[] {
  const toks: Token[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (s[i] !== '\\') {
      toks.push({ byte: c, escaped: false });
      continue;
    }
    if (i + 1 >= s.length) {
      warn('an unescaped backslash at end of string is not portable');
      toks.push({ byte: 92, escaped: true });
      continue;
    }
    const n = s[++i];
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[n] !== undefined) toks.push({ byte: simple[n], escaped: true });
    else if (n >= '0' && n <= '7') {
      let v = Number(n);
      let k = 1;
      while (k < 3 && i + 1 < s.length && s[i + 1] >= '0' && s[i + 1] <= '7' && v * 8 + Number(s[i + 1]) <= 255) {
        v = v * 8 + Number(s[++i]);
        k++;
      }
      toks.push({ byte: v, escaped: true });
    } else toks.push({ byte: n.charCodeAt(0), escaped: true });
  }
  return toks;
}

interface ParsedSet {
  bytes: number[];
  /** index in `bytes` where a [c*] repeat (to the length of SET1) goes, with its byte */
  fill?: { at: number; byte: number };
  /** class names used, in order */
  classes: string[];
}

const show = (toks: Token[]): string => toks.map((t) => String.fromCharCode(t.byte)).join('');

/** Parses a SET (given as latin1 bytes); a string is the error message. */
export function parseSet(spec: string, isSet2: boolean, warn: (m: string) => void = () => {}): ParsedSet | string {
  const toks = unescape(spec, warn);
  const res: ParsedSet = { bytes: [], classes: [] };
  const lit = (i: number, ch: string): boolean => i < toks.length && !toks[i].escaped && toks[i].byte === ch.charCodeAt(0);
  for (let i = 0; i < toks.length; ) {
    if (lit(i, '[') && (lit(i + 1, ':') || lit(i + 1, '='))) {
      const kind = String.fromCharCode(toks[i + 1].byte);
      let j = i + 2;
      while (j + 1 < toks.length && !(lit(j, kind) && lit(j + 1, ']'))) j++;
      if (j + 1 < toks.length && j > i + 2) {
        const name = show(toks.slice(i + 2, j));
        if (kind === ':') {
          const test = CLASSES[name];
          if (!test) return `invalid character class '${name}'`;
          for (let c = 0; c < 256; c++) if (test(c)) res.bytes.push(c);
          res.classes.push(name);
        } else {
          if (j !== i + 3) return `${name}: equivalence class operand must be a single character`;
          res.bytes.push(toks[i + 2].byte);
        }
        i = j + 2;
        continue;
      }
    }
    if (lit(i, '[') && i + 2 < toks.length && lit(i + 2, '*')) {
      let j = i + 3;
      while (j < toks.length && !lit(j, ']')) j++;
      if (j < toks.length) {
        const count = show(toks.slice(i + 3, j));
        if (!isSet2) return 'the [c*] repeat construct may not appear in string1';
        if (count === '' || /^0+$/.test(count)) {
          if (res.fill) return 'only one [c*] repeat construct may appear in string2';
          res.fill = { at: res.bytes.length, byte: toks[i + 1].byte };
        } else {
          const n = /^0[0-7]*$/.test(count) ? parseInt(count, 8) : /^\d+$/.test(count) ? parseInt(count, 10) : NaN;
          if (!Number.isFinite(n)) return `invalid repeat count '${count}' in [c*n] construct`;
          for (let k = 0; k < n; k++) res.bytes.push(toks[i + 1].byte);
        }
        i = j + 1;
        continue;
      }
    }
    if (i + 2 < toks.length && lit(i + 1, '-')) {
      const lo = toks[i].byte;
      const hi = toks[i + 2].byte;
      if (hi < lo) return `range-endpoints of '${show(toks.slice(i, i + 3))}' are in reverse collating sequence order`;
      for (let c = lo; c <= hi; c++) res.bytes.push(c);
      i += 3;
      continue;
    }
    res.bytes.push(toks[i].byte);
    i++;
  }
  return res;
}

export const tr: Program = function* (sys, argv) {
  let complement = false;
  let del = false;
  let squeeze = false;
  let truncate = false;
  const o = parseGnuOptions(argv.slice(1), {
    short: 'cCdst',
    long: { complement: 'c', delete: 'd', 'squeeze-repeats': 's', 'truncate-set1': 't', help: 'H' },
    strictEquals: true,
  });
  for (const [c] of o.options) {
    if (c === 'H') {
      yield* out(sys, USAGE);
      return 0;
    }
    if (c === 'c' || c === 'C') complement = true;
    else if (c === 'd') del = true;
    else if (c === 's') squeeze = true;
    else truncate = true;
  }
  if (o.error) return yield* usageError(sys, 'tr', o.error.message);
  const operands = o.operands;
  const translating = !del && operands.length >= 2;
  const minOps = del !== squeeze ? 1 : 2;
  const maxOps = del && !squeeze ? 1 : 2;
  if (operands.length < minOps) {
    if (operands.length === 0) return yield* usageError(sys, 'tr', 'missing operand');
    yield* err(sys, `tr: missing operand after '${operands[operands.length - 1]}'\n`);
    yield* err(sys, squeeze ? 'Two strings must be given when both deleting and squeezing repeats.\n' : 'Two strings must be given when translating.\n');
    return yield* usageError(sys, 'tr', '');
  }
  if (operands.length > maxOps) {
    yield* err(sys, `tr: extra operand '${operands[maxOps]}'\n`);
    if (operands.length === 2) yield* err(sys, 'Only one string may be given when deleting without squeezing repeats.\n');
    return yield* usageError(sys, 'tr', '');
  }
  const warnings: string[] = [];
  const s1 = parseSet(argBytes(operands[0]), false, (m) => warnings.push(m));
  const s2 = operands.length > 1 ? parseSet(argBytes(operands[1]), true, (m) => warnings.push(m)) : undefined;
  for (const w of warnings) yield* err(sys, `tr: warning: ${w}\n`);
  for (const s of [s1, s2]) {
    if (typeof s === 'string') {
      yield* err(sys, `tr: ${s}\n`);
      return 1;
    }
  }
  const set1 = s1 as ParsedSet;
  const set2 = s2 as ParsedSet | undefined;
  let bytes1 = set1.bytes;
  if (complement) {
    const inSet = new Set(bytes1);
    bytes1 = [];
    for (let c = 0; c < 256; c++) if (!inSet.has(c)) bytes1.push(c);
  }
  let bytes2 = set2?.bytes ?? [];
  if (set2?.fill) {
    const n = Math.max(0, bytes1.length - bytes2.length);
    bytes2 = [...bytes2.slice(0, set2.fill.at), ...new Array<number>(n).fill(set2.fill.byte), ...bytes2.slice(set2.fill.at)];
  }
  const map = new Uint8Array(256);
  for (let c = 0; c < 256; c++) map[c] = c;
  if (translating) {
    if (set2 && set2.classes.some((c) => c !== 'upper' && c !== 'lower')) {
      yield* err(sys, "tr: when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'\n");
      return 1;
    }
    if (bytes2.length === 0) {
      yield* err(sys, 'tr: when not truncating set1, string2 must be non-empty\n');
      return 1;
    }
    const n = truncate ? Math.min(bytes1.length, bytes2.length) : bytes1.length;
    for (let i = 0; i < n; i++) map[bytes1[i]] = bytes2[Math.min(i, bytes2.length - 1)];
  }
  const deleting = new Uint8Array(256);
  if (del) for (const c of bytes1) deleting[c] = 1;
  const squeezing = new Uint8Array(256);
  if (squeeze) for (const c of translating || del ? bytes2 : bytes1) squeezing[c] = 1;

  const buf = new Uint8Array(65536);
  let last = -1;
  for (;;) {
    const n = yield* sys.read(STDIN, buf);
    if (n === -4) continue;
    if (n < 0) {
      yield* err(sys, `tr: read error: ${strerror(n)}\n`);
      return 1;
    }
    if (n === 0) return 0;
    const outBuf = new Uint8Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[i];
      if (deleting[b]) continue;
      const c = map[b];
      if (squeezing[c] && c === last) continue;
      outBuf[k++] = c;
      last = c;
    }
    if (k > 0) {
      const w = yield* writeAll(sys, 1, outBuf.subarray(0, k));
      if (w < 0) {
        yield* err(sys, `tr: write error: ${strerror(w)}\n`);
        return 1;
      }
    }
  }
};
