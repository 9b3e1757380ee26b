// The one-liners: true, false, pwd, clear, sleep, seq, uname, date, env, which.
import type { Program } from '../../kernel/uapi';
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

/**
 * seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST: the numbers from FIRST to LAST, printed with as
 * many decimals as the most precise argument has (GNU seq's fixed-point case), for
 * `for i in $(seq 1 $n)`.
 */
export const seq: Program = function* (sys, argv) {
  let sep = '\n';
  let equalWidth = false;
  const nums: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-s' || a.startsWith('-s')) {
      sep = a === '-s' ? argv[++i] ?? '' : a.slice(2);
    } else if (a === '-w' || a === '--equal-width') {
      equalWidth = true;
    } else {
      nums.push(a);
    }
  }
  const usage = "Try 'seq --help' for more information.\n";
  if (nums.length === 0) {
    yield* err(sys, `seq: missing operand\n${usage}`);
    return 1;
  }
  if (nums.length > 3) {
    yield* err(sys, `seq: extra operand '${nums[3]}'\n${usage}`);
    return 1;
  }
  for (const n of nums) {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(n)) {
      yield* err(sys, `seq: invalid floating point argument: '${n}'\n${usage}`);
      return 1;
    }
  }
  const [first, step, last] = nums.length === 1 ? ['1', '1', nums[0]] : nums.length === 2 ? [nums[0], '1', nums[1]] : nums;
  const decimals = Math.max(...[first, step].map((n) => (n.includes('.') ? n.length - n.indexOf('.') - 1 : 0)));
  const scale = 10 ** decimals;
  const [a, d, b] = [first, step, last].map((n) => Math.round(Number(n) * scale));
  if (d === 0) {
    yield* err(sys, `seq: invalid Zero increment value: '${step}'\n${usage}`);
    return 1;
  }
  const values: string[] = [];
  for (let v = a; d > 0 ? v <= b : v >= b; v += d) {
    values.push((v / scale).toFixed(decimals));
    if (values.length > 1_000_000) break;
  }
  const width = equalWidth ? Math.max(...values.map((v) => v.replace('-', '').length)) : 0;
  const shown = values.map((v) => (v.startsWith('-') ? `-${v.slice(1).padStart(width - 1, '0')}` : v.padStart(width, '0')));
  if (shown.length > 0) yield* out(sys, `${shown.join(sep)}\n`);
  return 0;
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
  const cwd = yield* sys.getcwd();
  const vars = new Map<string, string>(ENVIRONMENT.map(([k, v]) => [k, k === 'PWD' ? String(cwd) : v]));
  for (const [k, v] of extra) vars.set(k, v);
  for (const [k, v] of vars) yield* out(sys, `${k}=${v}\n`);
  return 0;
};

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
