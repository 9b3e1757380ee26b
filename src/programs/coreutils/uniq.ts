// uniq(1) (GNU coreutils 8.32): collapses adjacent equal lines of INPUT (or stdin) into OUTPUT
// (or stdout). -c counts ("%7d "), -d only repeated lines, -u only unique ones, -i ignores case,
// -f N skips N fields, -s N skips N characters, -w N compares at most N characters.
import { strerror } from '../../kernel/errno';
import { O_CREAT, O_TRUNC, O_WRONLY, type Program } from '../../kernel/uapi';
import { err, out } from './lib';
import { filterLines, usageError } from './stream';

const USAGE = `Usage: uniq [OPTION]... [INPUT [OUTPUT]]
Filter adjacent matching lines from INPUT (or standard input),
writing to OUTPUT (or standard output).

With no options, matching lines are merged to the first occurrence.

  -c, --count           prefix lines by the number of occurrences
  -d, --repeated        only print duplicate lines, one for each group
  -f, --skip-fields=N   avoid comparing the first N fields
  -i, --ignore-case     ignore differences in case when comparing
  -s, --skip-chars=N    avoid comparing the first N characters
  -u, --unique          only print unique lines
  -w, --check-chars=N   compare no more than N characters in lines
      --help     display this help and exit
`;

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

/** The part of a line uniq compares (find_field, then -s and -w). */
export function uniqKey(line: string, skipFields: number, skipChars: number, checkChars: number, ignoreCase: boolean): string {
  let i = 0;
  for (let f = 0; f < skipFields && i < line.length; f++) {
    while (i < line.length && isBlank(line[i])) i++;
    while (i < line.length && !isBlank(line[i])) i++;
  }
  i = Math.min(line.length, i + skipChars);
  const key = line.slice(i, i + checkChars);
  return ignoreCase ? key.toLowerCase() : key;
}

export const uniq: Program = function* (sys, argv) {
  const flags = new Set<string>();
  const nums: Record<string, number> = { f: 0, s: 0, w: Infinity };
  const operands: string[] = [];
  const long: Record<string, string> = {
    count: 'c', repeated: 'd', 'skip-fields': 'f', 'ignore-case': 'i', 'skip-chars': 's', unique: 'u', 'check-chars': 'w', help: 'H',
  };
  const what: Record<string, string> = { f: 'invalid number of fields to skip', s: 'invalid number of bytes to skip', w: 'invalid number of bytes to compare' };
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    const opts: Array<[string, string | undefined]> = [];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const hits = long[name] !== undefined ? [name] : Object.keys(long).filter((n) => n.startsWith(name));
      if (hits.length !== 1) {
        yield* err(sys, hits.length > 1 ? `uniq: option '${a}' is ambiguous\n` : `uniq: unrecognized option '${a}'\n`);
        return yield* usageError(sys, 'uniq', '');
      }
      const c = long[hits[0]];
      if ('fsw'.includes(c)) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) {
          yield* err(sys, `uniq: option '--${hits[0]}' requires an argument\n`);
          return yield* usageError(sys, 'uniq', '');
        }
        opts.push([c, v]);
      } else opts.push([c, undefined]);
    } else {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if ('fsw'.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return yield* usageError(sys, 'uniq', `option requires an argument -- '${c}'`);
          opts.push([c, v]);
          break;
        }
        if (!'cdiu'.includes(c)) return yield* usageError(sys, 'uniq', `invalid option -- '${c}'`);
        opts.push([c, undefined]);
      }
    }
    for (const [c, v] of opts) {
      if (c === 'H') {
        yield* out(sys, USAGE);
        return 0;
      }
      if (v === undefined) {
        flags.add(c);
        continue;
      }
      if (!/^\d+$/.test(v)) {
        yield* err(sys, `uniq: ${v}: ${what[c]}\n`);
        return 1;
      }
      nums[c] = Number(v);
    }
  }
  if (operands.length > 2) return yield* usageError(sys, 'uniq', `extra operand '${operands[2]}'`);
  if (operands[1] !== undefined && operands[1] !== '-') {
    const fd = yield* sys.open(operands[1], O_WRONLY | O_CREAT | O_TRUNC, 0o666);
    if (fd < 0) {
      yield* err(sys, `uniq: ${operands[1]}: ${strerror(fd)}\n`);
      return 1;
    }
    yield* sys.dup2(fd, 1);
    yield* sys.close(fd);
  }
  const count = flags.has('c');
  const dupOnly = flags.has('d');
  const uniqOnly = flags.has('u');
  let prev: string | undefined;
  let prevKey = '';
  let n = 0;
  const flush = (): string => {
    if (prev === undefined) return '';
    if (n > 1 ? uniqOnly : dupOnly) return '';
    return count ? `${String(n).padStart(7)} ${prev}\n` : `${prev}\n`;
  };
  return yield* filterLines(sys, 'uniq', operands.slice(0, 1), 'utf8', {
    line(text) {
      const key = uniqKey(text, nums.f, nums.s, nums.w, flags.has('i'));
      if (prev !== undefined && key === prevKey) {
        n++;
        return '';
      }
      const done = flush();
      prev = text;
      prevKey = key;
      n = 1;
      return done;
    },
    end: flush,
  });
};
