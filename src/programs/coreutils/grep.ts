// grep(1): basic (default), extended (-E) or fixed-string (-F) patterns; -i -v -c -n -w -x -o -q
// -l -L -h -H -s, -e (repeatable), -m, context -A -B -C. Lines are read and printed as they come
// (`./work … | grep iteration` shows each line at once; -q, -l and -m stop reading early).
// Exit 0 when a line matched, 1 when none, 2 on an error (GNU's convention).
import type { Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, getopt, out } from './lib';
import { filterLines } from './stream';

/** Converts a POSIX basic regular expression to a JavaScript one. */
export function breToJs(bre: string): string {
  let out = '';
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i];
    if (c === '\\' && i + 1 < bre.length) {
      const n = bre[++i];
      if ('(){}|+?'.includes(n)) out += n;
      else if (n === '<' || n === '>') out += '\\b';
      else out += `\\${n}`;
    } else if ('(){}|+?'.includes(c)) {
      out += `\\${c}`;
    } else if (c === '*' && (out === '' || out.endsWith('^'))) {
      out += '\\*';
    } else {
      out += c;
    }
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export const grep: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'EFGivcnwxoqlLhHsr', 'emABC', {
    'extended-regexp': 'E', 'fixed-strings': 'F', 'ignore-case': 'i', 'invert-match': 'v', count: 'c',
    'line-number': 'n', 'word-regexp': 'w', 'line-regexp': 'x', 'only-matching': 'o', quiet: 'q', silent: 'q',
    'files-with-matches': 'l', 'files-without-match': 'L', 'no-filename': 'h', 'with-filename': 'H', regexp: 'e',
    'max-count': 'm', 'after-context': 'A', 'before-context': 'B', context: 'C', 'no-messages': 's',
  });
  const usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
  if (o.bad) {
    yield* err(sys, o.bad.startsWith('--') ? `grep: unrecognized option '${o.bad}'\n` : `grep: invalid option -- '${o.bad}'\n`);
    yield* err(sys, usage);
    return 2;
  }
  if (o.missing) {
    yield* err(sys, `grep: option requires an argument -- '${o.missing}'\n${usage}`);
    return 2;
  }
  const f = o.flags;
  const operands = [...o.operands];
  // every -e adds patterns; without -e the first operand is the pattern list
  const patterns: string[] = o.allValues.get('e') ?? (operands.length ? [operands.shift()!] : []);
  if (patterns.length === 0) {
    yield* err(sys, usage);
    return 2;
  }
  const num = (letter: string): number | undefined => {
    const v = o.values.get(letter);
    return v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : NaN;
  };
  for (const [letter, what] of [['A', 'context length'], ['B', 'context length'], ['C', 'context length'], ['m', 'max count']] as const) {
    if (Number.isNaN(num(letter))) {
      yield* err(sys, `grep: ${o.values.get(letter)}: invalid ${what} argument\n`);
      return 2;
    }
  }
  const alternatives = patterns.flatMap((p) => p.split('\n'));
  let source = alternatives.map((p) => (f.has('F') ? escapeRe(p) : f.has('E') ? p : breToJs(p))).join('|');
  if (f.has('w')) source = `(?<![\\w])(?:${source})(?![\\w])`;
  if (f.has('x')) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, f.has('i') ? 'gi' : 'g');
  } catch {
    yield* err(sys, 'grep: Invalid regular expression\n');
    return 2;
  }
  const maxCount = num('m') ?? Infinity;
  const after = num('A') ?? num('C') ?? 0;
  const before = num('B') ?? num('C') ?? 0;
  // -q, -l, -L and -c print no lines; -q and -l can stop at the first match
  const silent = f.has('q') || f.has('l') || f.has('L') || f.has('c');
  const showName = f.has('H') || (!f.has('h') && operands.length > 1);
  let matchedAny = false;
  let printedAny = false; // for the "--" between context groups, across files as GNU does
  let status = 0;
  for (const name of operands.length ? operands : ['-']) {
    const label = name === '-' ? '(standard input)' : name;
    let count = 0;
    let lineNo = 0;
    let lastPrinted = 0; // line number of the last line printed from this input
    let afterLeft = 0;
    const held: Array<[number, string]> = []; // the last `before` lines, for -B
    const prefix = (n: number, sep: string): string => `${showName ? `${label}${sep}` : ''}${f.has('n') ? `${n}${sep}` : ''}`;
    const emitLine = (n: number, text: string, sep: string): string => {
      let out = '';
      if ((before > 0 || after > 0) && printedAny && n > lastPrinted + 1) out += '--\n';
      printedAny = true;
      lastPrinted = n;
      return `${out}${prefix(n, sep)}${text}\n`;
    };
    const r = yield* filterLines(sys, 'grep', [name], 'utf8', {
      line(text) {
        lineNo++;
        re.lastIndex = 0;
        const hit = re.test(text) !== f.has('v') && count < maxCount;
        if (!hit) {
          if (silent) return '';
          if (afterLeft > 0) {
            afterLeft--;
            return emitLine(lineNo, text, '-');
          }
          if (before > 0) {
            held.push([lineNo, text]);
            if (held.length > before) held.shift();
          }
          return '';
        }
        count++;
        matchedAny = true;
        if (silent) return '';
        let out = '';
        for (const [n, t] of held.splice(0)) out += emitLine(n, t, '-');
        afterLeft = after;
        if (f.has('o') && !f.has('v')) {
          re.lastIndex = 0;
          for (const m of text.matchAll(re)) if (m[0] !== '') out += emitLine(lineNo, m[0], ':');
          return out;
        }
        return out + emitLine(lineNo, text, ':');
      },
      done: () => (f.has('q') && matchedAny) || (f.has('l') && count > 0) || (count >= maxCount && afterLeft === 0),
      openError: (n, errno) => (f.has('s') ? '' : `grep: ${n}: ${strerror(errno)}\n`),
    });
    if (f.has('q') && matchedAny) return 0;
    if (r !== 0) {
      status = 2;
      continue; // an input that could not be read gets no count and no name
    }
    if (f.has('c')) yield* out(sys, `${showName ? `${label}:` : ''}${count}\n`);
    if (f.has('l') && count > 0) yield* out(sys, `${label}\n`);
    if (f.has('L') && count === 0) yield* out(sys, `${label}\n`);
  }
  if (status !== 0) return 2;
  return matchedAny ? 0 : 1;
};
