// The one-liners: true, false, pwd, clear, sleep, seq, uname, date, env, which.
import type { Program } from '../../kernel/uapi';
import { EINTR, strerror } from '../../kernel/errno';
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
  // xnanosleep(): only an interrupted sleep is resumed; any other error ends it, as coreutils'
  // "cannot read realtime clock" (retrying a call that fails at once would spin on the CPU)
  for (;;) {
    const now = yield* sys.clock_gettime();
    if (now >= deadline) return 0;
    const r = yield* sys.nanosleep(deadline - now);
    if (r === 0) return 0;
    if (r !== -EINTR) {
      yield* err(sys, `sleep: cannot read realtime clock: ${strerror(-r)}\n`);
      return 1;
    }
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

/** env [-i] [-0] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]: print or change the environment (GNU coreutils). */
export const env: Program = function* (sys, argv, envp) {
  const vars = new Map<string, string>();
  for (const e of envp) {
    const eq = e.indexOf('=');
    if (eq > 0) vars.set(e.slice(0, eq), e.slice(eq + 1));
  }
  let nul = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-i' || a === '-' || a === '--ignore-environment') vars.clear();
    else if (a === '-0' || a === '--null') nul = true;
    else if (a === '-u' || a === '--unset' || a.startsWith('--unset=') || (a.startsWith('-u') && a.length > 2)) {
      const name = a === '-u' || a === '--unset' ? argv[++i] : a.startsWith('--unset=') ? a.slice(8) : a.slice(2);
      if (name === undefined) {
        yield* err(sys, `env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n`);
        return 125;
      }
      if (name === '' || name.includes('=')) {
        yield* err(sys, `env: cannot unset '${name}': Invalid argument\n`);
        return 125;
      }
      vars.delete(name);
    } else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-') && a.length > 1) {
      const what = a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a.slice(1, 2)}'`;
      yield* err(sys, `env: ${what}\nTry 'env --help' for more information.\n`);
      return 125;
    } else break;
  }
  for (; i < argv.length; i++) {
    const eq = argv[i].indexOf('=');
    if (eq <= 0) break;
    vars.set(argv[i].slice(0, eq), argv[i].slice(eq + 1));
  }
  const environ = [...vars].map(([k, v]) => `${k}=${v}`);
  if (i < argv.length) {
    if (nul) {
      yield* err(sys, "env: cannot specify --null (-0) with command\nTry 'env --help' for more information.\n");
      return 125;
    }
    const r = yield* execvp(sys, argv[i], argv.slice(i), environ);
    yield* err(sys, `env: '${argv[i]}': ${strerror(r)}\n`);
    return r === -2 ? 127 : 126;
  }
  for (const e of environ) yield* out(sys, `${e}${nul ? '\0' : '\n'}`);
  return 0;
};

export const which: Program = function* (sys, argv, envp) {
  let status = 0;
  const path = envp.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/bin:.';
  const names = argv.slice(1).filter((a) => a !== '-a');
  if (names.length === 0) return 1;
  for (const name of names) {
    let found: string | undefined;
    const candidates = name.includes('/') ? [name] : path.split(':').map((d) => `${d === '' ? '.' : d}/${name}`);
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
