// The one-liners: true, false, pwd, clear, sleep, uname, date, env, which.
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, execvp, formatDate, out, wallClockMs } from './lib';

// eslint-disable-next-line require-yield
export const trueProgram: Program = function* () {
  return 0;
};

// eslint-disable-next-line require-yield
export const falseProgram: Program = function* () {
  return 1;
};

export const pwd: Program = function* (sys) {
  const cwd = yield* sys.getcwd();
  yield* out(sys, `${cwd}\n`);
  return 0;
};

/** clear(1): home the cursor, clear the screen and the scrollback (E3), as ncurses' clear does for xterm. */
export const clear: Program = function* (sys) {
  yield* out(sys, '\x1b[H\x1b[2J\x1b[3J');
  return 0;
};

/** sleep NUMBER[SUFFIX]...: s, m, h, d; fractions allowed; the durations add up. */
export const sleep: Program = function* (sys, argv) {
  const args = argv.slice(1);
  if (args.length === 0) {
    yield* err(sys, "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let ns = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      yield* err(sys, `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1;
    ns += Number(m[1]) * mult * 1e9;
  }
  const deadline = (yield* sys.clock_gettime()) + Math.round(ns);
  for (;;) {
    const now = yield* sys.clock_gettime();
    if (now >= deadline) return 0;
    const r = yield* sys.nanosleep(deadline - now);
    if (r === 0) return 0;
  }
};

export const UNAME = {
  s: 'Linux', n: 'mp3', r: '5.15.0-kmlab', v: '#1 SMP Kernel Memory Lab', m: 'x86_64', p: 'x86_64', i: 'x86_64', o: 'GNU/Linux',
};

export const uname: Program = function* (sys, argv) {
  const long: Record<string, string> = {
    '--all': 'a', '--kernel-name': 's', '--nodename': 'n', '--kernel-release': 'r', '--kernel-version': 'v',
    '--machine': 'm', '--processor': 'p', '--hardware-platform': 'i', '--operating-system': 'o',
  };
  const want = new Set<string>();
  for (const a of argv.slice(1)) {
    if (a.startsWith('--')) {
      const l = long[a];
      if (!l) {
        yield* err(sys, `uname: unrecognized option '${a}'\nTry 'uname --help' for more information.\n`);
        return 1;
      }
      want.add(l);
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (!'asnrvmpio'.includes(c)) {
          yield* err(sys, `uname: invalid option -- '${c}'\nTry 'uname --help' for more information.\n`);
          return 1;
        }
        want.add(c);
      }
    } else {
      yield* err(sys, `uname: extra operand '${a}'\nTry 'uname --help' for more information.\n`);
      return 1;
    }
  }
  if (want.size === 0) want.add('s');
  const order = want.has('a') ? ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'] : ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'].filter((c) => want.has(c));
  yield* out(sys, `${order.map((c) => UNAME[c as keyof typeof UNAME]).join(' ')}\n`);
  return 0;
};

export const date: Program = function* (sys, argv) {
  const ms = yield* wallClockMs(sys);
  if (argv[1] === '+%s') yield* out(sys, `${Math.floor(ms / 1000)}\n`);
  else yield* out(sys, `${formatDate(ms)}\n`);
  return 0;
};

/** The environment every program of the lab sees (the simulated execve passes no envp). */
export const ENVIRONMENT: ReadonlyArray<[string, string]> = [
  ['SHELL', '/bin/bash'], ['PWD', ''], ['LOGNAME', 'student'], ['HOME', '/home/student'], ['LANG', 'C.UTF-8'],
  ['TERM', 'xterm-256color'], ['USER', 'student'], ['SHLVL', '1'], ['PATH', '/bin:.'], ['_', '/bin/env'],
];

export const env: Program = function* (sys, argv) {
  let i = 1;
  const extra: Array<[string, string]> = [];
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-i' || a === '-') continue;
    const eq = a.indexOf('=');
    if (eq > 0 && !a.startsWith('-')) extra.push([a.slice(0, eq), a.slice(eq + 1)]);
    else break;
  }
  if (i < argv.length) {
    const r = yield* execvp(sys, argv[i], argv.slice(i));
    yield* err(sys, `env: '${argv[i]}': ${strerror(r)}\n`);
    return r === -2 ? 127 : 126;
  }
  const vars = yield* environment(sys, '/bin/env');
  for (const [k, v] of extra) vars.set(k, v);
  for (const [k, v] of vars) yield* out(sys, `${k}=${v}\n`);
  return 0;
};

/** The environment a program sees, with PWD from getcwd and `_` naming the program (as bash sets it). */
export function* environment(sys: Sys, program: string): UserCode<Map<string, string>> {
  const cwd = yield* sys.getcwd();
  return new Map<string, string>(ENVIRONMENT.map(([k, v]) => [k, k === 'PWD' ? String(cwd) : k === '_' ? program : v]));
}

export const which: Program = function* (sys, argv) {
  let status = 0;
  const names = argv.slice(1).filter((a) => a !== '-a');
  if (names.length === 0) return 1;
  for (const name of names) {
    let found: string | undefined;
    const candidates = name.includes('/') ? [name] : '/bin:.'.split(':').map((d) => `${d}/${name}`);
    for (const c of candidates) {
      const st = yield* sys.stat(c);
      if (typeof st === 'object' && st.mode & 0o111 && (st.mode & 0o170000) !== 0o040000) {
        found = c;
        break;
      }
    }
    if (found) yield* out(sys, `${found}\n`);
    else status = 1;
  }
  return status;
};
