// /bin/echo (GNU coreutils): the program, for `nice echo` or `env echo`; the shell's echo is a builtin.
import type { Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, writeAll } from './lib';
import { unescapeOne } from '../shell/parse';

/** What echo prints for its arguments (options -n, -e, -E as bash's builtin and GNU echo read them). */
export function echoText(argv: readonly string[]): string {
  let i = 1;
  let newline = true;
  let escapes = false;
  for (; i < argv.length && /^-[neE]+$/.test(argv[i]); i++) {
    for (const c of argv[i].slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let text = argv.slice(i).join(' ');
  if (escapes) {
    let out = '';
    for (let j = 0; j < text.length; j++) {
      if (text[j] !== '\\' || j + 1 >= text.length) {
        out += text[j];
        continue;
      }
      if (text[j + 1] === 'c') {
        newline = false;
        break;
      }
      const [t, used] = unescapeOne(text, j + 1, true);
      out += t;
      j += used;
    }
    text = out;
  }
  return newline ? `${text}\n` : text;
}

export const echo: Program = function* (sys, argv) {
  const w = yield* writeAll(sys, 1, echoText(argv));
  if (w < 0) {
    yield* err(sys, `echo: write error: ${strerror(w)}\n`);
    return 1;
  }
  return 0;
};
