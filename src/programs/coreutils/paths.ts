// basename(1) and dirname(1) (GNU coreutils 8.32): pure string operations on their operands.
import type { Program } from '../../kernel/uapi';
import { err, out } from './lib';
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
  const names: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      names.push(...args.slice(i + 1));
      break;
    }
    if (a === '--help') {
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
    if (a === '--multiple') multiple = true;
    else if (a === '--zero') zero = true;
    else if (a.startsWith('--suffix')) {
      const v = a.startsWith('--suffix=') ? a.slice(9) : args[++i];
      if (v === undefined) {
        yield* err(sys, "basename: option '--suffix' requires an argument\n");
        return yield* usageError(sys, 'basename', '');
      }
      suffix = v;
      multiple = true;
    } else if (a.startsWith('--')) {
      yield* err(sys, `basename: unrecognized option '${a}'\n`);
      return yield* usageError(sys, 'basename', '');
    } else if (a.startsWith('-') && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'a') multiple = true;
        else if (c === 'z') zero = true;
        else if (c === 's') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return yield* usageError(sys, 'basename', "option requires an argument -- 's'");
          suffix = v;
          multiple = true;
          break;
        } else return yield* usageError(sys, 'basename', `invalid option -- '${c}'`);
      }
    } else names.push(a);
  }
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
  const names: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      names.push(...args.slice(i + 1));
      break;
    }
    if (a === '--help') {
      yield* out(sys, `Usage: dirname [OPTION] NAME...
Output each NAME with its last non-slash component and trailing slashes
removed; if NAME contains no /'s, output '.' (meaning the current directory).

  -z, --zero     end each output line with NUL, not newline
      --help     display this help and exit
`);
      return 0;
    }
    if (a === '-z' || a === '--zero') zero = true;
    else if (a.startsWith('--')) {
      yield* err(sys, `dirname: unrecognized option '${a}'\n`);
      return yield* usageError(sys, 'dirname', '');
    } else if (a.startsWith('-') && a !== '-') return yield* usageError(sys, 'dirname', `invalid option -- '${a.replace(/^-z*/, '')[0]}'`);
    else names.push(a);
  }
  if (names.length === 0) return yield* usageError(sys, 'dirname', 'missing operand');
  yield* out(sys, names.map((n) => dirName(n) + (zero ? '\0' : '\n')).join(''));
  return 0;
};
