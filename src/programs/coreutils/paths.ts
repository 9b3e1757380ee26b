// basename(1) and dirname(1) (GNU coreutils 8.32): pure string operations on their operands.
import type { Program } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { out } from './lib';
import { usageError } from './stream';

/** base_name() without the suffix: the last component; "/" for a path of slashes. */
export function baseName(path: string): string {
  const p = path.replace(/\/+$/, '');
  if (p === '') return path === '' ? '' : '/';
  return p.slice(p.lastIndexOf('/') + 1);
}

/** dir_name(): everything before the last component, "." when there is none. */
export function dirName(path: string): string {
  const p = path.replace(/\/+$/, '');
  if (p === '') return path.startsWith('/') ? '/' : '.';
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  const d = p.slice(0, i).replace(/\/+$/, '');
  return d === '' ? '/' : d;
}

export const basename: Program = function* (sys, argv) {
  let multiple = false;
  let suffix: string | undefined;
  let zero = false;
  const o = parseGnuOptions(argv.slice(1), { short: 'as:z', long: { multiple: 'a', suffix: 's:', zero: 'z', help: 'H' }, exact: true, strictEquals: true });
  for (const [c, v] of o.options) {
    if (c === 'H') {
      yield* out(sys, `Usage: basename NAME [SUFFIX]
  or:  basename OPTION... NAME...
Print NAME with any leading directory components removed.
If specified, also remove a trailing SUFFIX.

  -a, --multiple       support multiple arguments and treat each as a NAME
  -s, --suffix=SUFFIX  remove a trailing SUFFIX; implies -a
  -z, --zero           end each output line with NUL, not newline
      --help     display this help and exit
`);
      return 0;
    }
    if (c === 'a') multiple = true;
    else if (c === 'z') zero = true;
    else {
      suffix = v;
      multiple = true;
    }
  }
  if (o.error) return yield* usageError(sys, 'basename', o.error.message);
  const names = o.operands;
  if (names.length === 0) return yield* usageError(sys, 'basename', 'missing operand');
  if (!multiple) {
    if (names.length > 2) return yield* usageError(sys, 'basename', `extra operand '${names[2]}'`);
    suffix = names[1];
    names.splice(1);
  }
  let text = '';
  for (const n of names) {
    let b = baseName(n);
    if (suffix && b !== suffix && b.endsWith(suffix) && b !== '/') b = b.slice(0, -suffix.length);
    text += b + (zero ? '\0' : '\n');
  }
  yield* out(sys, text);
  return 0;
};

export const dirname: Program = function* (sys, argv) {
  let zero = false;
  const o = parseGnuOptions(argv.slice(1), { short: 'z', long: { zero: 'z', help: 'H' }, exact: true, strictEquals: true });
  for (const [c] of o.options) {
    if (c === 'H') {
      yield* out(sys, `Usage: dirname [OPTION] NAME...
Output each NAME with its last non-slash component and trailing slashes
removed; if NAME contains no /'s, output '.' (meaning the current directory).

  -z, --zero     end each output line with NUL, not newline
      --help     display this help and exit
`);
      return 0;
    }
    zero = true;
  }
  if (o.error) return yield* usageError(sys, 'dirname', o.error.message);
  const names = o.operands;
  if (names.length === 0) return yield* usageError(sys, 'dirname', 'missing operand');
  yield* out(sys, names.map((n) => dirName(n) + (zero ? '\0' : '\n')).join(''));
  return 0;
};
