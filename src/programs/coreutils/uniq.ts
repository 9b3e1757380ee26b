// uniq(1) (GNU coreutils 8.32): collapses adjacent equal lines of INPUT (or stdin) into OUTPUT
// (or stdout). -c counts ("%7d "), -d only repeated lines, -u only unique ones, -i ignores case,
// -f N skips N fields, -s N skips N characters, -w N compares at most N characters.
import { strerror } from '../../kernel/errno';
import { O_CREAT, O_TRUNC, O_WRONLY, type Program } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
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
  const what: Record<string, string> = { f: 'invalid number of fields to skip', s: 'invalid number of bytes to skip', w: 'invalid number of bytes to compare' };
  const o = parseGnuOptions(argv.slice(1), {
    short: 'cdf:is:uw:',
    long: {
      count: 'c', repeated: 'd', 'skip-fields': 'f:', 'ignore-case': 'i', 'skip-chars': 's:', unique: 'u', 'check-chars': 'w:', help: 'H',
    },
  });
  for (const [c, v] of o.options) {
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
  if (o.error) return yield* usageError(sys, 'uniq', o.error.message);
  const operands = o.operands;
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
