// Small line tools of GNU coreutils 8.32: tac (files last line first), nl (number lines) and yes
// (repeat a line until the reader goes away).
import { strerror } from '../../kernel/errno';
import type { Program } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { decode, err, forEachInput, out, writeAll } from './lib';
import { filterLines, usageError } from './stream';

/** tac [FILE]...: each file's lines in reverse order (a last line without newline stays so). */
export const tac: Program = function* (sys, argv) {
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '--help') {
      yield* out(sys, 'Usage: tac [OPTION]... [FILE]...\nWrite each FILE to standard output, last line first.\n\nWith no FILE, or when FILE is -, read standard input.\n');
      return 0;
    }
    if (a.startsWith('-') && a !== '-') {
      if (a.startsWith('--')) {
        yield* err(sys, `tac: unrecognized option '${a}'\n`);
        return yield* usageError(sys, 'tac', '');
      }
      return yield* usageError(sys, 'tac', `invalid option -- '${a[1]}'`);
    }
    files.push(a);
  }
  return yield* forEachInput(sys, 'tac', files, function* (_name, data) {
    // records end with their newline; the reversed records are simply concatenated
    const records = decode(data).match(/[^\n]*\n|[^\n]+$/g) ?? [];
    return (yield* out(sys, records.reverse().join(''))) >= 0;
  }, {
    open: (name, errno) => `tac: failed to open '${name}' for reading: ${strerror(errno)}\n`,
    read: (name, errno) => `tac: ${name}: read error: ${strerror(errno)}\n`,
  });
};

const NL_USAGE = `Usage: nl [OPTION]... [FILE]...
Write each FILE to standard output, with line numbers added.

With no FILE, or when FILE is -, read standard input.

  -b, --body-numbering=STYLE      use STYLE for numbering body lines
  -i, --line-increment=NUMBER     line number increment at each line
  -n, --number-format=FORMAT      insert line numbers according to FORMAT
  -s, --number-separator=STRING   add STRING after (possible) line number
  -v, --starting-line-number=NUMBER  first line number for each section
  -w, --number-width=NUMBER       use NUMBER columns for line numbers
      --help     display this help and exit

Default options are: -bt -i1 -nrn -s<TAB> -v1 -w6

STYLE is one of:

  a      number all lines
  t      number only nonempty lines
  n      number no lines

FORMAT is one of:

  ln     left justified, no leading zeros
  rn     right justified, no leading zeros
  rz     right justified, leading zeros
`;

/** nl [-b a|t|n] [-n ln|rn|rz] [-w N] [-s SEP] [-v N] [-i N] [FILE]...: numbering continues across files. */
export const nl: Program = function* (sys, argv) {
  let style = 't';
  let format = 'rn';
  let width = 6;
  let sep = '\t';
  let start = 1;
  let incr = 1;
  const o = parseGnuOptions(argv.slice(1), {
    short: 'b:i:n:s:v:w:',
    long: {
      'body-numbering': 'b:', 'line-increment': 'i:', 'number-format': 'n:', 'number-separator': 's:', 'starting-line-number': 'v:', 'number-width': 'w:', help: 'H',
    },
  });
  for (const [c, v = ''] of o.options) {
    if (c === 'H') {
      yield* out(sys, NL_USAGE);
      return 0;
    }
    const num = (what: string, min: number): number | string => (/^[+-]?\d+$/.test(v) && Number(v) >= min ? Number(v) : `invalid ${what}: '${v}'`);
    let bad: string | undefined;
    if (c === 'b') {
      if (['a', 't', 'n'].includes(v)) style = v;
      else bad = `invalid body numbering style: '${v}'`;
    } else if (c === 'n') {
      if (['ln', 'rn', 'rz'].includes(v)) format = v;
      else bad = `invalid line numbering format: '${v}'`;
    } else if (c === 's') sep = v;
    else {
      const r = c === 'w' ? num('line number field width', 1) : num(c === 'v' ? 'starting line number' : 'line number increment', -Infinity);
      if (typeof r === 'string') bad = r;
      else if (c === 'w') width = r;
      else if (c === 'v') start = r;
      else incr = r;
    }
    if (bad) {
      yield* err(sys, `nl: ${bad}\n`);
      return 1;
    }
  }
  if (o.error) return yield* usageError(sys, 'nl', o.error.message);
  const files = o.operands;
  let n = start;
  const blank = ' '.repeat(width + sep.length);
  const number = (): string => {
    const s = String(n);
    n += incr;
    if (format === 'ln') return s.padEnd(width);
    if (format === 'rz') return s.startsWith('-') ? `-${s.slice(1).padStart(width - 1, '0')}` : s.padStart(width, '0');
    return s.padStart(width);
  };
  return yield* filterLines(sys, 'nl', files, 'utf8', {
    line(text) {
      const numbered = style === 'a' || (style === 't' && text !== '');
      return numbered ? `${number()}${sep}${text}\n` : `${blank}${text}\n`;
    },
  });
};

/** yes [STRING]...: the line ("y" by default) again and again, in large writes as GNU does. */
export const yes: Program = function* (sys, argv) {
  const words: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === '--') {
      options = false;
      continue;
    }
    if (options && a === '--help') {
      yield* out(sys, 'Usage: yes [STRING]...\n  or:  yes OPTION\nRepeatedly output a line with all specified STRING(s), or \'y\'.\n\n      --help     display this help and exit\n');
      return 0;
    }
    if (options && a.startsWith('-') && a !== '-') {
      if (a.startsWith('--')) {
        yield* err(sys, `yes: unrecognized option '${a}'\n`);
        return yield* usageError(sys, 'yes', '');
      }
      return yield* usageError(sys, 'yes', `invalid option -- '${a[1]}'`);
    }
    words.push(a);
    options = false; // "+" in yes's getopt string: options end at the first operand
  }
  const line = `${words.length ? words.join(' ') : 'y'}\n`;
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  for (;;) {
    const w = yield* writeAll(sys, 1, chunk);
    if (w < 0) {
      yield* err(sys, `yes: standard output: ${strerror(w)}\n`);
      return 1;
    }
  }
};
