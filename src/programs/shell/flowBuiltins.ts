// The builtins that go with compound commands and functions: break, continue, return, local,
// shift, let, eval, read, and test/[ (testExpr.ts). Messages and statuses as bash 5.1's.
import { strerror } from '../../kernel/errno';
import * as E from '../../kernel/errno';
import { TCGETS, type UserCode } from '../../kernel/uapi';
import { writeAll } from '../coreutils/lib';
import type { Builtin } from './builtins';
import { ShellAbort } from './exit';
import { NAME_RE } from './lexer';
import type { BuiltinIo } from './redirect';
import type { Shell } from './shell';
import { testBuiltin } from './testExpr';

function* complain(sh: Shell, io: BuiltinIo, text: string): UserCode<void> {
  yield* writeAll(sh.sys, io.stderr, `${sh.prefix()}${text}\n`);
}

const isNumber = (s: string): boolean => /^[ \t]*[+-]?\d+[ \t]*$/.test(s);

function loopControl(name: 'break' | 'continue'): Builtin {
  return function* (sh, argv, io) {
    if (sh.loopDepth === 0) {
      yield* complain(sh, io, `${name}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    let n = 1;
    if (argv[1] !== undefined) {
      if (!isNumber(argv[1])) {
        // bash's get_numeric_arg(…, fatal): the whole command is abandoned
        yield* complain(sh, io, `${name}: ${argv[1]}: numeric argument required`);
        throw new ShellAbort(1, 'discard');
      }
      n = Number(argv[1]);
      if (n < 1) {
        // every loop is left (bash: breaking = loop_level), for continue too
        yield* complain(sh, io, `${name}: ${argv[1].trim()}: loop count out of range`);
        sh.breaking = sh.loopDepth;
        return 1;
      }
    }
    if (name === 'break') sh.breaking = Math.min(n, sh.loopDepth);
    else sh.continuing = Math.min(n, sh.loopDepth);
    return 0;
  };
}

const returnB: Builtin = function* (sh, argv, io) {
  if (sh.funcDepth === 0 && sh.sourceDepth === 0) {
    yield* complain(sh, io, "return: can only `return' from a function or sourced script");
    return 1;
  }
  let n = sh.status;
  if (argv[1] !== undefined) {
    if (isNumber(argv[1])) {
      n = Number(argv[1]);
    } else {
      yield* complain(sh, io, `return: ${argv[1]}: numeric argument required`);
      n = 2;
    }
  }
  sh.status = ((n % 256) + 256) % 256;
  sh.returning = true;
  return sh.status;
};

const local: Builtin = function* (sh, argv, io) {
  if (sh.funcDepth === 0) {
    yield* complain(sh, io, 'local: can only be used in a function');
    return 1;
  }
  let st = 0;
  for (const a of argv.slice(1)) {
    if (a.startsWith('-')) continue; // -i, -r …: attributes this shell does not keep
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!NAME_RE.test(name)) {
      yield* complain(sh, io, `local: \`${a}': not a valid identifier`);
      st = 1;
      continue;
    }
    sh.declareLocal(name, eq >= 0 ? a.slice(eq + 1) : undefined);
  }
  return st;
};

const shift: Builtin = function* (sh, argv, io) {
  let n = 1;
  if (argv[1] !== undefined) {
    if (!isNumber(argv[1])) {
      yield* complain(sh, io, `shift: ${argv[1]}: numeric argument required`);
      return 1;
    }
    n = Number(argv[1]);
    if (n < 0) {
      yield* complain(sh, io, `shift: ${argv[1].trim()}: shift count out of range`);
      return 1;
    }
  }
  if (n > sh.positional.length) return 1;
  sh.positional = sh.positional.slice(n);
  return 0;
};

const letB: Builtin = function* (sh, argv, io) {
  if (argv.length < 2) {
    yield* complain(sh, io, 'let: expression expected');
    return 1;
  }
  let v = 0n;
  for (const expr of argv.slice(1)) {
    const r = yield* sh.arithmeticCommand(expr, 'let');
    if (r === undefined) return 1;
    v = r;
  }
  return v === 0n ? 1 : 0;
};

const evalB: Builtin = function* (sh, argv) {
  const text = argv.slice(1).join(' ');
  if (text.trim() === '') return 0;
  const r = yield* sh.runText(text);
  return r === 'syntax' ? 2 : r;
};

/**
 * read [-r] [-p prompt] [name …]: one line from standard input, a byte at a time (the rest stays
 * for the next reader, as bash does on a pipe), split on blanks; the last name gets the rest.
 * Without -r a backslash escapes the next character and joins lines. Status 1 at end of file.
 */
const read: Builtin = function* (sh, argv, io) {
  let raw = false;
  let prompt: string | undefined;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-r') raw = true;
    else if (a === '-p') prompt = argv[++i] ?? '';
    else if (a.startsWith('-') && a.length > 1) {
      yield* complain(sh, io, `read: ${a}: invalid option`);
      yield* writeAll(sh.sys, io.stderr, 'read: usage: read [-r] [-p prompt] [name ...]\n');
      return 2;
    } else break;
  }
  const names = argv.slice(i);
  for (const n of names) {
    if (!NAME_RE.test(n)) {
      yield* complain(sh, io, `read: \`${n}': not a valid identifier`);
      return 1;
    }
  }
  if (prompt !== undefined && typeof (yield* sh.sys.ioctl(io.stdin, TCGETS)) === 'object') yield* writeAll(sh.sys, io.stderr, prompt);
  // the line, with each character marked when a backslash protected it from splitting
  const chars: Array<{ c: string; escaped: boolean }> = [];
  const byte = new Uint8Array(1);
  const dec = new TextDecoder();
  let eof = false;
  let escape = false;
  for (;;) {
    const n = yield* sh.sys.read(io.stdin, byte);
    if (n === -E.EINTR) {
      sh.checkInterrupt();
      continue;
    }
    if (n < 0) {
      yield* complain(sh, io, `read: read error: ${io.stdin}: ${strerror(n)}`);
      return 1;
    }
    if (n === 0) {
      eof = true;
      break;
    }
    const c = dec.decode(byte, { stream: true });
    if (c === '') continue;
    if (escape) {
      escape = false;
      if (c !== '\n') chars.push({ c, escaped: true });
      continue;
    }
    if (c === '\\' && !raw) {
      escape = true;
      continue;
    }
    if (c === '\n') break;
    chars.push({ c, escaped: false });
  }
  assignFields(sh, names.length ? names : ['REPLY'], chars, names.length === 0);
  return eof ? 1 : 0;
};

/** IFS splitting of a read line (IFS = space, tab, newline). */
function assignFields(sh: Shell, names: string[], chars: Array<{ c: string; escaped: boolean }>, whole: boolean): void {
  const blank = (x: { c: string; escaped: boolean }): boolean => !x.escaped && (x.c === ' ' || x.c === '\t' || x.c === '\n');
  let start = 0;
  let end = chars.length;
  // REPLY gets the line as it is; names get it without leading and trailing blanks
  if (!whole) {
    while (start < end && blank(chars[start])) start++;
    while (end > start && blank(chars[end - 1])) end--;
  }
  let p = start;
  names.forEach((name, k) => {
    if (k === names.length - 1) {
      sh.setVar(name, chars.slice(p, end).map((x) => x.c).join(''));
      return;
    }
    let q = p;
    while (q < end && !blank(chars[q])) q++;
    sh.setVar(name, chars.slice(p, q).map((x) => x.c).join(''));
    while (q < end && blank(chars[q])) q++;
    p = q;
  });
}

export const FLOW_BUILTINS: Readonly<Record<string, Builtin>> = {
  break: loopControl('break'),
  continue: loopControl('continue'),
  return: returnB,
  local,
  shift,
  let: letB,
  eval: evalB,
  read,
  test: testBuiltin,
  '[': testBuiltin,
};
