// pgrep(1) and pkill(1) (procps-ng 3.3.17): select processes by a regular expression on their
// name (or, with -f, their command line) and print their pids or signal them.
//   common: -f -x -i -v -n -o -c -u USER,... -P PPID,...
//   pgrep:  -l (pid name), -a (pid command line), -d DELIM
//   pkill:  -SIGNAL, --signal SIGNAL (TERM by default), -e (echo what was killed)
// Exit status: 0 when something matched, 1 when nothing did, 2 for a usage error, 3 on a fatal
// error. Neither ever selects itself. Like the real pkill run by a user, signalling a kernel
// thread fails ("killing pid 4 failed: Operation not permitted"): `pkill work` also matches
// the kworker threads, so use -x, -u student or a more exact pattern.
import { strerror } from '../../kernel/errno';
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { parseGnuOptions } from './gnuopts';
import { err, listPids, out, readFile } from './lib';
import { readProc, type Proc } from './ps';
import { parseSignal } from './signals';
import { USERS, userOf } from './sysinfo';

function usage(prog: string): string {
  return `\nUsage:\n ${prog} [options] <pattern>\n\nFor more details see pgrep(1).\n`;
}

function* fail(sys: Sys, prog: string, message: string): UserCode<number> {
  yield* err(sys, `${prog}: ${message}\n`);
  return 2;
}

/** The command line as pgrep -f and -a see it: argv joined by spaces, the name for kernel threads. */
function* commandLine(sys: Sys, p: Proc): UserCode<string> {
  const raw = yield* readFile(sys, `/proc/${p.pid}/cmdline`);
  const args = typeof raw === 'string' ? raw.split('\0').filter((x, i, a) => !(x === '' && i === a.length - 1)).join(' ') : '';
  return args === '' ? p.comm : args;
}

function* pmatch(sys: Sys, argv: readonly string[], prog: 'pgrep' | 'pkill'): UserCode<number> {
  const isKill = prog === 'pkill';
  const flags = new Set<string>();
  let delim = '\n';
  let signal = 15;
  let users: number[] | undefined;
  let parents: number[] | undefined;
  const setValue = function* (c: string, v: string): UserCode<number | undefined> {
    if (c === 'd') delim = v;
    else if (c === 'S') {
      const n = parseSignal(v);
      if (n === undefined) return yield* fail(sys, prog, `Unknown signal "${v}".`);
      signal = n;
    } else if (c === 'u' || c === 'U') {
      users = [];
      for (const name of v.split(',')) {
        const u = USERS.find((x) => x.name === name || String(x.uid) === name);
        if (!u) return yield* fail(sys, prog, `invalid user name: ${name}`);
        users.push(u.uid);
      }
    } else if (c === 'P') {
      if (!v.split(',').every((x) => /^\d+$/.test(x))) return yield* fail(sys, prog, `invalid argument for option 'P': ${v}`);
      parents = v.split(',').map(Number);
    }
    return undefined;
  };
  const o = parseGnuOptions(argv.slice(1), {
    short: isKill ? 'fxivnoceu:U:P:' : 'fxivnoclawd:u:U:P:',
    long: {
      full: 'f', exact: 'x', 'ignore-case': 'i', inverse: 'v', newest: 'n', oldest: 'o', count: 'c', euid: 'u:', uid: 'U:', parent: 'P:',
      ...(isKill ? { echo: 'e', signal: 'S:' } : { 'list-name': 'l', 'list-full': 'a', delimiter: 'd:' }),
    },
    exact: true,
    // pkill -KILL, pkill -9 (procps' signal_option)
    claim: (a) => (isKill && !a.startsWith('--') && parseSignal(a.slice(1)) !== undefined && !/^[a-z]+$/.test(a.slice(1)) ? ['S', a.slice(1)] : undefined),
  });
  for (const [c, v] of o.options) {
    if (v === undefined) flags.add(c);
    else {
      const r = yield* setValue(c, v);
      if (r !== undefined) return r;
    }
  }
  if (o.error) {
    yield* err(sys, `${prog}: ${o.error.message}\n${usage(prog)}`);
    return 2;
  }
  const patterns = o.operands;
  if (patterns.length > 1) {
    yield* err(sys, `${prog}: only one pattern can be provided\nTry \`${prog} --help' for more information.\n`);
    return 2;
  }
  const pattern = patterns[0];
  if (pattern === undefined && !users && !parents) {
    yield* err(sys, `${prog}: no matching criteria specified\nTry \`${prog} --help' for more information.\n`);
    return 2;
  }
  let re: RegExp | undefined;
  if (pattern !== undefined) {
    try {
      re = new RegExp(flags.has('x') ? `^(?:${pattern})$` : pattern, flags.has('i') ? 'i' : '');
    } catch {
      return yield* fail(sys, prog, `invalid regular expression: ${pattern}`);
    }
  }
  const pids = yield* listPids(sys);
  if (typeof pids === 'number') {
    yield* err(sys, `${prog}: cannot read /proc: ${strerror(pids)}\n`);
    return 3;
  }
  const me = yield* sys.getpid();
  let hits: Array<{ p: Proc; cmd: string }> = [];
  for (const pid of pids) {
    if (pid === me) continue;
    const p = yield* readProc(sys, pid);
    if (!p) continue;
    const cmd = yield* commandLine(sys, p);
    let match = (re ? re.test(flags.has('f') ? cmd : p.comm) : true)
      && (!users || users.includes(userOf(p.kthread).uid))
      && (!parents || parents.includes(p.ppid));
    if (flags.has('v')) match = !match;
    if (match) hits.push({ p, cmd });
  }
  if (flags.has('n') || flags.has('o')) {
    const byStart = [...hits].sort((a, b) => a.p.start - b.p.start || a.p.pid - b.p.pid);
    hits = byStart.length ? [flags.has('n') ? byStart[byStart.length - 1] : byStart[0]] : [];
  }
  let text = '';
  if (isKill) {
    for (const { p } of hits) {
      const r = yield* sys.kill(p.pid, signal);
      if (r === 0) {
        if (flags.has('e')) text += `${p.comm} killed (pid ${p.pid})\n`;
      } else if (r !== -3) {
        yield* out(sys, text);
        text = '';
        yield* err(sys, `pkill: killing pid ${p.pid} failed: ${strerror(r)}\n`);
      }
    }
    if (flags.has('c')) text += `${hits.length}\n`;
  } else if (flags.has('c')) text = `${hits.length}\n`;
  else {
    const long = flags.has('a') || flags.has('l');
    text = hits.map(({ p, cmd }, i) => `${p.pid}${long ? ` ${flags.has('a') ? cmd : p.comm}` : ''}${i + 1 === hits.length ? '\n' : delim}`).join('');
  }
  yield* out(sys, text);
  return hits.length ? 0 : 1;
}

/** pgrep(1): pids whose name matches a regular expression (-l with names, -a command lines, -f full command line). */
export const pgrep: Program = function* (sys, argv) {
  return yield* pmatch(sys, argv, 'pgrep');
};

/** pkill(1): pgrep's selection, signalled (SIGTERM unless -SIGNAL or --signal). */
export const pkill: Program = function* (sys, argv) {
  return yield* pmatch(sys, argv, 'pkill');
};
