// grep(1): basic (default), extended (-E) or fixed-string (-F) patterns; -i -v -c -n -w -x -o -q
// -l -h -H -e. Exit 0 when a line matched, 1 when none, 2 on an error (GNU's convention).
import type { Program } from '../../kernel/uapi';
import { decode, err, forEachInput, getopt, out } from './lib';

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
  const o = getopt(argv.slice(1), 'EFGivcnwxoqlLhHsr', 'em', {
    'extended-regexp': 'E', 'fixed-strings': 'F', 'ignore-case': 'i', 'invert-match': 'v', count: 'c',
    'line-number': 'n', 'word-regexp': 'w', 'line-regexp': 'x', 'only-matching': 'o', quiet: 'q', silent: 'q',
    'files-with-matches': 'l', 'no-filename': 'h', 'with-filename': 'H', regexp: 'e', 'max-count': 'm',
  });
  if (o.bad) {
    yield* err(sys, o.bad.startsWith('--') ? `grep: unrecognized option '${o.bad}'\n` : `grep: invalid option -- '${o.bad}'\n`);
    yield* err(sys, "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  const f = o.flags;
  const operands = [...o.operands];
  const patterns: string[] = [];
  if (o.values.has('e')) patterns.push(o.values.get('e')!);
  else if (operands.length) patterns.push(operands.shift()!);
  else {
    yield* err(sys, "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
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
  const maxCount = o.values.has('m') ? Number(o.values.get('m')) : Infinity;
  const showName = f.has('H') || (!f.has('h') && operands.length > 1);
  let matchedAny = false;
  let text = '';
  const status = yield* forEachInput(sys, 'grep', operands, function* (name, data) {
    const label = name === '-' ? '(standard input)' : name;
    const lines = decode(data).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let count = 0;
    for (let i = 0; i < lines.length && count < maxCount; i++) {
      const line = lines[i];
      re.lastIndex = 0;
      const hit = re.test(line);
      if (hit === f.has('v')) continue;
      count++;
      matchedAny = true;
      if (f.has('q') || f.has('l') || f.has('L') || f.has('c')) continue;
      const pre = `${showName ? `${label}:` : ''}${f.has('n') ? `${i + 1}:` : ''}`;
      if (f.has('o') && !f.has('v')) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== '') text += `${pre}${m[0]}\n`;
      } else {
        text += `${pre}${line}\n`;
      }
    }
    if (f.has('c')) text += `${showName ? `${label}:` : ''}${count}\n`;
    if (f.has('l') && count > 0) text += `${label}\n`;
    if (f.has('L') && count === 0) text += `${label}\n`;
    if (text.length > 65536) {
      yield* out(sys, text);
      text = '';
    }
  });
  if (!f.has('q')) yield* out(sys, text);
  if (status !== 0 && !(f.has('q') && matchedAny)) return 2;
  return matchedAny ? 0 : 1;
};
