// sort(1) (GNU coreutils 8.32) in the C locale's byte order (what LC_ALL=C sort prints; the lab's
// C.UTF-8 locale collates by code point, which is the same order):
//   -n numeric  -g general numeric  -h human (2K < 1M)  -f fold case  -b ignore leading blanks
//   -r reverse  -u unique  -s stable  -t SEP  -k POS1[,POS2] (F[.C][OPTS], repeatable)  -o FILE
// Keys are extracted as sort.c's begfield/limfield do (without -t a field starts with the blanks
// before it); lines whose keys compare equal are ordered by the whole line as a last resort,
// unless -s or -u, so the output is deterministic like GNU's.
import { strerror } from '../../kernel/errno';
import { O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, type Program, type Sys, type UserCode } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { decode, err, out, readAllFd, STDIN, writeAll } from './lib';
import { usageError } from './stream';

const USAGE = `Usage: sort [OPTION]... [FILE]...
Write sorted concatenation of all FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

  -b, --ignore-leading-blanks  ignore leading blanks
  -f, --ignore-case           fold lower case to upper case characters
  -g, --general-numeric-sort  compare according to general numerical value
  -h, --human-numeric-sort    compare human readable numbers (e.g., 2K 1G)
  -n, --numeric-sort          compare according to string numerical value
  -r, --reverse               reverse the result of comparisons
  -k, --key=KEYDEF          sort via a key; KEYDEF gives location and type
  -o, --output=FILE         write result to FILE instead of standard output
  -s, --stable              stabilize sort by disabling last-resort comparison
  -t, --field-separator=SEP  use SEP instead of non-blank to blank transition
  -u, --unique              with -c, check for strict ordering;
                              without -c, output only the first of an equal run
      --help     display this help and exit
`;

/** Ordering options of a key (or the global ones). */
export interface Ordering {
  numeric: boolean;
  general: boolean;
  human: boolean;
  fold: boolean;
  reverse: boolean;
  /** b on the start position */
  skipStartBlanks: boolean;
  /** b on the end position */
  skipEndBlanks: boolean;
}

export interface Key extends Ordering {
  /** fields to skip before the key (POS1 F - 1); -1: the key starts at the beginning of the line */
  sword: number;
  /** characters to skip after that (POS1 C - 1) */
  schar: number;
  /** POS2 F - 1; Infinity: to the end of the line */
  eword: number;
  /** POS2 C; 0: to the end of field */
  echar: number;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

function noOrdering(): Ordering {
  return { numeric: false, general: false, human: false, fold: false, reverse: false, skipStartBlanks: false, skipEndBlanks: false };
}

function isDefault(o: Ordering): boolean {
  return !o.numeric && !o.general && !o.human && !o.fold && !o.skipStartBlanks && !o.skipEndBlanks;
}

/** Compares strings in UTF-8 byte order (code point order; JS `<` compares UTF-16 units). */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? a.codePointAt(i)! - b.codePointAt(i)! : x - y;
  }
  return a.length - b.length;
}

/** sort.c's begfield(): where the key starts in `line`. */
function begfield(line: string, key: Key, tab: string | undefined): number {
  let ptr = 0;
  const lim = line.length;
  if (key.sword >= 0) {
    let sword = key.sword;
    if (tab !== undefined) {
      while (ptr < lim && sword--) {
        while (ptr < lim && line[ptr] !== tab) ++ptr;
        if (ptr < lim) ++ptr;
      }
    } else {
      while (ptr < lim && sword--) {
        while (ptr < lim && isBlank(line[ptr])) ++ptr;
        while (ptr < lim && !isBlank(line[ptr])) ++ptr;
      }
    }
  }
  if (key.skipStartBlanks) while (ptr < lim && isBlank(line[ptr])) ++ptr;
  return Math.min(lim, ptr + key.schar);
}

/** sort.c's limfield(): where the key ends. */
function limfield(line: string, key: Key, tab: string | undefined): number {
  const lim = line.length;
  if (key.eword === Infinity) return lim;
  let ptr = 0;
  let eword = key.eword;
  const echar = key.echar;
  if (echar === 0) eword++;
  if (tab !== undefined) {
    while (ptr < lim && eword--) {
      while (ptr < lim && line[ptr] !== tab) ++ptr;
      if (ptr < lim && (eword || echar)) ++ptr;
    }
  } else {
    while (ptr < lim && eword--) {
      while (ptr < lim && isBlank(line[ptr])) ++ptr;
      while (ptr < lim && !isBlank(line[ptr])) ++ptr;
    }
  }
  if (echar !== 0) {
    if (key.skipEndBlanks) while (ptr < lim && isBlank(line[ptr])) ++ptr;
    ptr = Math.min(lim, ptr + echar);
  }
  return ptr;
}

/** Splits a number the way strnumcmp reads it: sign, integer digits (no leading zeros), fraction (no trailing zeros). */
function numParts(s: string): { neg: boolean; int: string; frac: string } {
  let i = 0;
  while (i < s.length && isBlank(s[i])) i++;
  let neg = false;
  if (s[i] === '-') {
    neg = true;
    i++;
  }
  let j = i;
  while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
  const int = s.slice(i, j).replace(/^0+/, '');
  let frac = '';
  if (s[j] === '.') {
    let k = j + 1;
    while (k < s.length && s[k] >= '0' && s[k] <= '9') k++;
    frac = s.slice(j + 1, k).replace(/0+$/, '');
  }
  if (int === '' && frac === '') neg = false; // -0 and non-numbers are 0
  return { neg, int, frac };
}

/** strnumcmp(): exact comparison of decimal numbers written as strings (no float rounding). */
export function numCompare(a: string, b: string): number {
  const x = numParts(a);
  const y = numParts(b);
  if (x.neg !== y.neg) return x.neg ? -1 : 1;
  let d = x.int.length - y.int.length;
  if (d === 0) d = x.int < y.int ? -1 : x.int > y.int ? 1 : 0;
  if (d === 0) d = x.frac < y.frac ? -1 : x.frac > y.frac ? 1 : 0;
  return x.neg ? -d : d;
}

const UNIT_ORDER: Record<string, number> = { K: 1, k: 1, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 };

/** sort.c's find_unit_order: the SI suffix's rank, signed, 0 for a zero or suffix-less number. */
function unitOrder(s: string): number {
  let i = 0;
  while (i < s.length && isBlank(s[i])) i++;
  const neg = s[i] === '-';
  if (neg) i++;
  let nonzero = false;
  while (i < s.length && s[i] >= '0' && s[i] <= '9') if (s[i++] !== '0') nonzero = true;
  if (s[i] === '.') {
    i++;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') if (s[i++] !== '0') nonzero = true;
  }
  if (!nonzero) return 0;
  const order = UNIT_ORDER[s[i]] ?? 0;
  return neg ? -order : order;
}

/** strtod's prefix of a key for -g; NaN when there is no number (sorted first, like GNU). */
function generalValue(s: string): number {
  const m = /^[ \t]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?)/i.exec(s);
  return m ? Number(m[1].replace(/inf(inity)?$/i, 'Infinity')) : NaN;
}

function generalCompare(a: string, b: string): number {
  const x = generalValue(a);
  const y = generalValue(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareKey(a: string, b: string, key: Key): number {
  if (key.numeric) return numCompare(a, b);
  if (key.human) return unitOrder(a) - unitOrder(b) || numCompare(a, b);
  if (key.general) return generalCompare(a, b);
  if (key.fold) return compareBytes(a.toUpperCase(), b.toUpperCase());
  return compareBytes(a, b);
}

export interface SortOptions {
  keys: Key[];
  tab?: string;
  reverse: boolean;
  unique: boolean;
  stable: boolean;
}

/** sort.c's compare(): the keys in turn, then (unless -s/-u) the whole line as the last resort. */
export function makeComparator(o: SortOptions): (a: string, b: string) => number {
  return (a, b) => {
    for (const key of o.keys) {
      const ka = a.slice(begfield(a, key, o.tab), Math.max(begfield(a, key, o.tab), limfield(a, key, o.tab)));
      const kb = b.slice(begfield(b, key, o.tab), Math.max(begfield(b, key, o.tab), limfield(b, key, o.tab)));
      const d = compareKey(ka, kb, key);
      if (d) return key.reverse ? -d : d;
    }
    if (o.keys.length && (o.unique || o.stable)) return 0;
    const d = compareBytes(a, b);
    return o.reverse ? -d : d;
  };
}

/** Sorts lines (without their newlines) as GNU sort does; -u keeps the first of each equal run. */
export function sortLines(lines: readonly string[], o: SortOptions): string[] {
  const cmp = makeComparator(o);
  const sorted = [...lines].sort(cmp); // Array.prototype.sort is stable, like sort's merge sort
  if (!o.unique) return sorted;
  const uniq: string[] = [];
  for (const l of sorted) if (uniq.length === 0 || cmp(uniq[uniq.length - 1], l) !== 0) uniq.push(l);
  return uniq;
}

/** Reads the ordering letters after a key position; returns the rest of the spec. */
function setOrdering(s: string, o: Ordering, blanks: 'start' | 'end'): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === 'b') {
      if (blanks === 'start') o.skipStartBlanks = true;
      else o.skipEndBlanks = true;
    } else if (c === 'n') o.numeric = true;
    else if (c === 'g') o.general = true;
    else if (c === 'h') o.human = true;
    else if (c === 'f') o.fold = true;
    else if (c === 'r') o.reverse = true;
    else break;
  }
  return s.slice(i);
}

/** Parses -k POS1[,POS2]; a string is the error message. */
export function parseKey(spec: string): Key | string {
  const bad = (msg: string): string => `${msg}: invalid field specification '${spec}'`;
  const key: Key = { ...noOrdering(), sword: 0, schar: 0, eword: Infinity, echar: 0 };
  let m = /^(\d+)/.exec(spec);
  if (!m) return `invalid number at field start: invalid count at start of '${spec}'`;
  if (Number(m[1]) === 0) return bad('field number is zero');
  key.sword = Number(m[1]) - 1;
  let rest = spec.slice(m[1].length);
  if (rest.startsWith('.')) {
    m = /^\.(\d+)/.exec(rest);
    if (!m) return `invalid number after '.': invalid count at start of '${rest.slice(1)}'`;
    if (Number(m[1]) === 0) return bad('character offset is zero');
    key.schar = Number(m[1]) - 1;
    rest = rest.slice(m[0].length);
  }
  if (key.sword === 0 && key.schar === 0) key.sword = -1;
  rest = setOrdering(rest, key, 'start');
  if (rest.startsWith(',')) {
    m = /^,(\d+)/.exec(rest);
    if (!m) return `invalid number after ',': invalid count at start of '${rest.slice(1)}'`;
    if (Number(m[1]) === 0) return bad('field number is zero');
    key.eword = Number(m[1]) - 1;
    rest = rest.slice(m[0].length);
    if (rest.startsWith('.')) {
      m = /^\.(\d+)/.exec(rest);
      if (!m) return `invalid number after '.': invalid count at start of '${rest.slice(1)}'`;
      key.echar = Number(m[1]);
      rest = rest.slice(m[0].length);
    }
    rest = setOrdering(rest, key, 'end');
  }
  if (rest !== '') return bad('stray character in field spec');
  return key;
}

const LONG: Record<string, string> = {
  'ignore-leading-blanks': 'b', 'ignore-case': 'f', 'general-numeric-sort': 'g', 'human-numeric-sort': 'h',
  'numeric-sort': 'n', reverse: 'r', key: 'k:', output: 'o:', stable: 's', 'field-separator': 't:', unique: 'u', help: '?',
};

function* readInput(sys: Sys, name: string): UserCode<string | number> {
  let fd = STDIN;
  if (name !== '-') {
    fd = yield* sys.open(name, O_RDONLY);
    if (fd < 0) return fd;
  }
  const data = yield* readAllFd(sys, fd);
  if (fd !== STDIN) yield* sys.close(fd);
  return typeof data === 'number' ? data : decode(data);
}

export const sort: Program = function* (sys, argv) {
  const global = noOrdering();
  const keys: Key[] = [];
  let tab: string | undefined;
  let unique = false;
  let stable = false;
  let output: string | undefined;
  // option letters with their values: "-k2,2n", "-t:", "--key=2"
  const o = parseGnuOptions(argv.slice(1), { short: 'bfghk:no:rst:u', long: LONG });
  for (const [c, v] of o.options) {
    if (c === '?') {
      yield* out(sys, USAGE);
      return 0;
    } else if (c === 'k') {
      const key = parseKey(v!);
      if (typeof key === 'string') {
        yield* err(sys, `sort: ${key}\n`);
        return 2;
      }
      keys.push(key);
    } else if (c === 't') {
      if (v === '') {
        yield* err(sys, 'sort: empty tab\n');
        return 2;
      }
      if (v !== '\\0' && new TextEncoder().encode(v).length > 1) {
        yield* err(sys, `sort: multi-character tab '${v}'\n`);
        return 2;
      }
      if (tab !== undefined && tab !== v) {
        yield* err(sys, 'sort: incompatible tabs\n');
        return 2;
      }
      tab = v === '\\0' ? '\0' : v;
    } else if (c === 'o') output = v;
    else if (c === 'u') unique = true;
    else if (c === 's') stable = true;
    else setOrdering(c, global, 'start');
  }
  if (o.error) return yield* usageError(sys, 'sort', o.error.message, 2);
  const files = o.operands;
  if (global.skipStartBlanks) global.skipEndBlanks = true;
  // keys without ordering options of their own take the global ones (sort.c's main)
  for (const key of keys) {
    if (isDefault(key) && !key.reverse) Object.assign(key, { ...global, sword: key.sword, schar: key.schar, eword: key.eword, echar: key.echar });
  }
  if (keys.length === 0 && !isDefault(global)) keys.push({ ...global, sword: -1, schar: 0, eword: Infinity, echar: 0 });

  // GNU checks every input before reading any (check_inputs)
  const inputs = files.length ? files : ['-'];
  for (const name of inputs) {
    if (name === '-') continue;
    const st = yield* sys.stat(name);
    if (typeof st === 'number') {
      yield* err(sys, `sort: cannot read: ${name}: ${strerror(st)}\n`);
      return 2;
    }
  }
  const lines: string[] = [];
  for (const name of inputs) {
    const text = yield* readInput(sys, name);
    if (typeof text === 'number') {
      yield* err(sys, `sort: ${text === -21 ? 'read failed' : 'open failed'}: ${name}: ${strerror(text)}\n`);
      return 2;
    }
    const parts = text.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    for (const p of parts) lines.push(p);
  }
  const sorted = sortLines(lines, { keys, tab, reverse: global.reverse, unique, stable });
  const text = sorted.length ? `${sorted.join('\n')}\n` : '';
  let fd = 1;
  if (output !== undefined && output !== '-') {
    fd = yield* sys.open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
    if (fd < 0) {
      yield* err(sys, `sort: open failed: ${output}: ${strerror(fd)}\n`);
      return 2;
    }
  }
  const w = yield* writeAll(sys, fd, text);
  if (fd !== 1) yield* sys.close(fd);
  if (w < 0) {
    yield* err(sys, `sort: write failed: ${output ?? 'standard output'}: ${strerror(w)}\n`);
    return 2;
  }
  return 0;
};
