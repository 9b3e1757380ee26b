// bash's builtins that the lab uses, with bash's messages and exit statuses. They run inside the
// shell process (cd must change the shell's own directory) and write to the descriptors the
// shell's redirections chose, so `echo 'R 12' > /proc/mp3/status` writes from the shell itself
// and a failing write is reported as bash does: "bash: echo: write error: Invalid argument".
import { strerror } from '../../kernel/errno';
import { SIGCONT, SIGHUP, SIGTERM, type UserCode } from '../../kernel/uapi';
import { readFile, writeAll } from '../coreutils/lib';
import { parseSignal, signalTable, SIGNALS } from '../coreutils/signals';
import { ExitShell } from './exit';
import type { Shell } from './shell';
import { echoText } from '../coreutils/echo';
import { formatPrintf } from '../coreutils/printf';
import { FLOW_BUILTINS } from './flowBuiltins';
import type { BuiltinIo } from './redirect';

export type { BuiltinIo } from './redirect';

export type Builtin = (sh: Shell, argv: string[], io: BuiltinIo) => UserCode<number | ExitShell>;

function* say(sh: Shell, io: BuiltinIo, text: string): UserCode<number> {
  return yield* writeAll(sh.sys, io.stdout, text);
}

function* complain(sh: Shell, io: BuiltinIo, text: string): UserCode<void> {
  yield* writeAll(sh.sys, io.stderr, `${sh.prefix()}${text}\n`);
}

/** Output of a builtin: a failed write is "bash: NAME: write error: ...", status 1. */
function* output(sh: Shell, io: BuiltinIo, name: string, text: string): UserCode<number> {
  if (text === '') return 0;
  const n = yield* say(sh, io, text);
  if (n < 0) {
    yield* complain(sh, io, `${name}: write error: ${strerror(n)}`);
    return 1;
  }
  return 0;
}

const echo: Builtin = function* (sh, argv, io) {
  return yield* output(sh, io, 'echo', echoText(argv));
};

/**
 * printf, a builtin in bash (so a failed write is "bash: printf: write error: ..."), formatting
 * as coreutils' printf does; bash's words for a missing format and a bad number.
 */
const printf: Builtin = function* (sh, argv, io) {
  const args = argv.slice(1);
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    yield* complain(sh, io, 'printf: usage: printf [-v var] format [arguments]');
    return 2;
  }
  const { text, errors } = formatPrintf(args[0], args.slice(1));
  const status = yield* output(sh, io, 'printf', text);
  for (const e of errors) yield* complain(sh, io, e.replace(/^printf: '(.*)': expected a numeric value$/, 'printf: $1: invalid number'));
  return errors.length ? 1 : status;
};

const cd: Builtin = function* (sh, argv, io) {
  const args = argv.slice(1).filter((a, i) => !(i === 0 && (a === '-L' || a === '-P')));
  if (args.length > 1) {
    yield* complain(sh, io, 'cd: too many arguments');
    return 1;
  }
  let dir: string | undefined = args[0];
  let print = false;
  if (dir === undefined) {
    dir = sh.vars.get('HOME');
    if (!dir) {
      yield* complain(sh, io, 'cd: HOME not set');
      return 1;
    }
  } else if (dir === '-') {
    dir = sh.vars.get('OLDPWD');
    if (!dir) {
      yield* complain(sh, io, 'cd: OLDPWD not set');
      return 1;
    }
    print = true;
  }
  if (dir === undefined) return 1;
  const r = yield* sh.sys.chdir(dir);
  if (r < 0) {
    yield* complain(sh, io, `cd: ${dir}: ${strerror(r)}`);
    return 1;
  }
  const old = sh.vars.get('PWD');
  if (old) sh.vars.set('OLDPWD', old);
  const cwd = yield* sh.sys.getcwd();
  if (typeof cwd === 'string') sh.vars.set('PWD', cwd);
  if (print) return yield* output(sh, io, 'cd', `${sh.vars.get('PWD')}\n`);
  return 0;
};

const pwd: Builtin = function* (sh, _argv, io) {
  const cwd = yield* sh.sys.getcwd();
  return yield* output(sh, io, 'pwd', `${typeof cwd === 'string' ? cwd : sh.vars.get('PWD') ?? '/'}\n`);
};

const exit: Builtin = function* (sh, argv, io) {
  if (sh.interactive) yield* writeAll(sh.sys, io.stderr, 'exit\n');
  if (argv.length > 2) {
    yield* complain(sh, io, 'exit: too many arguments');
    return 1;
  }
  if (argv.length === 2) {
    if (!/^[+-]?\d+$/.test(argv[1])) {
      yield* complain(sh, io, `exit: ${argv[1]}: numeric argument required`);
      return new ExitShell(2);
    }
    if (yield* sh.stoppedJobsHoldExit()) return 1;
    return new ExitShell(((Number(argv[1]) % 256) + 256) % 256);
  }
  if (yield* sh.stoppedJobsHoldExit()) return 1;
  return new ExitShell(sh.status);
};

const jobs: Builtin = function* (sh, argv, io) {
  const long = argv.includes('-l');
  const pidsOnly = argv.includes('-p');
  yield* sh.reapNonBlocking();
  let text = '';
  for (const j of sh.jobs) {
    text += pidsOnly ? `${j.procs[0].pid}\n` : `${sh.formatJob(j, long)}\n`;
  }
  const st = yield* output(sh, io, 'jobs', text);
  // bash forgets finished jobs once `jobs` has shown them
  for (const j of sh.jobs.filter((x) => x.done)) sh.forgetJob(j);
  return st;
};

const wait: Builtin = function* (sh, argv, io) {
  const args = argv.slice(1).filter((a) => a !== '-n' && a !== '-f');
  if (args.length === 0) {
    yield* sh.waitJobs();
    return 0;
  }
  let st = 0;
  for (const a of args) {
    if (a.startsWith('%')) {
      const job = sh.findJob(a);
      if (!job) {
        yield* complain(sh, io, `wait: ${a}: no such job`);
        st = 127;
        continue;
      }
      st = yield* sh.waitJobs(job);
      continue;
    }
    if (!/^\d+$/.test(a)) {
      yield* complain(sh, io, `wait: \`${a}': not a pid or valid job spec`);
      st = 1;
      continue;
    }
    const r = yield* sh.waitJobs(Number(a));
    if (r < 0) {
      yield* complain(sh, io, `wait: pid ${a} is not a child of this shell`);
      st = 127;
    } else {
      st = r;
    }
  }
  return st;
};

const KILL_USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]';

const kill: Builtin = function* (sh, argv, io) {
  const args = argv.slice(1);
  let sig = 15;
  if (args.length === 0) {
    yield* complain(sh, io, KILL_USAGE);
    return 2;
  }
  if (args[0] === '-l' || args[0] === '-L') {
    if (args.length === 1) return yield* output(sh, io, 'kill', signalTable());
    let text = '';
    for (const a of args.slice(1)) {
      const n = parseSignal(a);
      if (n === undefined || n === 0) {
        yield* complain(sh, io, `kill: ${a}: invalid signal specification`);
        return 1;
      }
      text += /^\d+$/.test(a) ? `${SIGNALS[n > 128 ? n - 128 : n] ?? n}\n` : `${n}\n`;
    }
    return yield* output(sh, io, 'kill', text);
  }
  if (args[0] === '-s' || args[0] === '-n') {
    const spec = args[1];
    const n = spec === undefined ? undefined : parseSignal(spec);
    if (n === undefined) {
      yield* complain(sh, io, spec === undefined ? `kill: ${args[0]}: option requires an argument` : `kill: ${spec}: invalid signal specification`);
      return spec === undefined ? 2 : 1;
    }
    sig = n;
    args.splice(0, 2);
  } else if (args[0].startsWith('-') && args[0] !== '-' && args[0] !== '--') {
    const n = parseSignal(args[0].slice(1));
    if (n === undefined) {
      yield* complain(sh, io, `kill: ${args[0].slice(1)}: invalid signal specification`);
      return 1;
    }
    sig = n;
    args.shift();
  }
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    yield* complain(sh, io, KILL_USAGE);
    return 2;
  }
  let st = 0;
  for (const a of args) {
    if (a.startsWith('%')) {
      const job = sh.findJob(a);
      if (!job) {
        yield* complain(sh, io, `kill: ${a}: no such job`);
        st = 1;
        continue;
      }
      const r = yield* sh.signalJob(job, sig);
      if (r < 0) {
        yield* complain(sh, io, `kill: (${job.pgid}) - ${strerror(r)}`);
        st = 1;
      } else if (job.stopped && (sig === SIGTERM || sig === SIGHUP || sig === SIGCONT)) {
        // bash's kill_pid: a stopped job is continued so that it acts on SIGTERM/SIGHUP at
        // once, and `kill -CONT %1` counts as `bg`
        yield* sh.continueJob(job);
      }
      continue;
    }
    if (!/^-?\d+$/.test(a)) {
      yield* complain(sh, io, `kill: ${a}: arguments must be process or job IDs`);
      st = 1;
      continue;
    }
    const r = yield* sh.sys.kill(Number(a), sig);
    if (r < 0) {
      yield* complain(sh, io, `kill: (${a}) - ${strerror(r)}`);
      st = 1;
    }
  }
  return st;
};

const exportB: Builtin = function* (sh, argv, io) {
  const args = argv.slice(1);
  const unexport = args[0] === '-n';
  if (unexport || args[0] === '-p') args.shift();
  if (args.length === 0) {
    let text = '';
    for (const k of [...sh.exported].sort()) {
      const v = sh.vars.get(k);
      text += v === undefined ? `declare -x ${k}\n` : `declare -x ${k}="${v.replace(/(["\\$`])/g, '\\$1')}"\n`;
    }
    return yield* output(sh, io, 'export', text);
  }
  let st = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      yield* complain(sh, io, `export: \`${a}': not a valid identifier`);
      st = 1;
      continue;
    }
    if (eq >= 0) sh.vars.set(name, a.slice(eq + 1));
    if (unexport) sh.exported.delete(name);
    else sh.exported.add(name);
  }
  return st;
};

// eslint-disable-next-line require-yield
const unset: Builtin = function* (sh, argv) {
  const args = argv.slice(1);
  const functionsOnly = args[0] === '-f';
  const variablesOnly = args[0] === '-v';
  for (const a of args) {
    if (a.startsWith('-')) continue;
    // without -f or -v: the variable, or when there is none, the function (bash)
    if (!functionsOnly && (sh.vars.has(a) || sh.arrays.has(a) || variablesOnly)) {
      sh.vars.delete(a);
      sh.arrays.delete(a);
      sh.exported.delete(a);
    } else if (!variablesOnly) {
      sh.functions.delete(a);
    }
  }
  return 0;
};

const history: Builtin = function* (sh, argv, io) {
  if (argv[1] === '-c') {
    sh.history.length = 0;
    return 0;
  }
  const n = argv[1] !== undefined && /^\d+$/.test(argv[1]) ? Number(argv[1]) : sh.history.length;
  if (argv[1] !== undefined && !/^\d+$/.test(argv[1])) {
    yield* complain(sh, io, `history: ${argv[1]}: numeric argument required`);
    return 1;
  }
  const start = Math.max(0, sh.history.length - n);
  let text = '';
  for (let i = start; i < sh.history.length; i++) text += `${String(i + 1).padStart(5)}  ${sh.history[i]}\n`;
  return yield* output(sh, io, 'history', text);
};

const fg: Builtin = function* (sh, argv, io) {
  yield* sh.reapNonBlocking();
  const spec = argv[1] ?? '%+';
  const job = sh.findJob(spec);
  if (!job || job.done) {
    yield* complain(sh, io, `fg: ${argv[1] ?? 'current'}: no such job`);
    return 1;
  }
  yield* say(sh, io, `${job.text}\n`);
  return yield* sh.foreground(job);
};

const bg: Builtin = function* (sh, argv, io) {
  if (!sh.jobControl) {
    yield* complain(sh, io, 'bg: no job control');
    return 1;
  }
  yield* sh.reapNonBlocking();
  let st = 0;
  for (const spec of argv.length > 1 ? argv.slice(1) : ['%+']) {
    const job = sh.findJob(spec);
    if (!job) {
      yield* complain(sh, io, `bg: ${argv.length > 1 ? spec : 'current'}: no such job`);
      st = 1;
      continue;
    }
    if (job.done) {
      yield* complain(sh, io, 'bg: job has terminated');
      st = 1;
      continue;
    }
    if (!job.stopped) {
      yield* complain(sh, io, `bg: job ${job.id} already in background`);
      continue;
    }
    yield* sh.background(job);
    // "[1]+ sleep 100 &"
    const { plus, minus } = sh.currentJobs();
    yield* say(sh, io, `[${job.id}]${job.id === plus ? '+' : job.id === minus ? '-' : ' '} ${job.text} &\n`);
  }
  return st;
};

const type: Builtin = function* (sh, argv, io) {
  let st = 0;
  let text = '';
  for (const name of argv.slice(1)) {
    if (sh.aliases.has(name)) {
      text += `${name} is aliased to \`${sh.aliases.get(name)}'\n`;
      continue;
    }
    if (KEYWORDS.includes(name)) {
      text += `${name} is a shell keyword\n`;
      continue;
    }
    const fn = sh.functions.get(name);
    if (fn) {
      text += `${name} is a function\n${fn.def.text}\n`;
      continue;
    }
    if (BUILTINS[name]) {
      text += `${name} is a shell builtin\n`;
      continue;
    }
    const path = yield* which(sh, name);
    if (path) text += `${name} is ${path}\n`;
    else {
      yield* say(sh, io, text);
      text = '';
      yield* complain(sh, io, `type: ${name}: not found`);
      st = 1;
    }
  }
  const w = yield* output(sh, io, 'type', text);
  return st || w;
};

/** The first PATH entry holding an executable `name` (what `type` and `which` print). */
export function* which(sh: Shell, name: string): UserCode<string | undefined> {
  if (name.includes('/')) {
    const st = yield* sh.sys.stat(name);
    return typeof st === 'object' && st.mode & 0o111 ? name : undefined;
  }
  for (const dir of (sh.vars.get('PATH') ?? '').split(':')) {
    const path = `${dir === '' ? '.' : dir}/${name}`;
    const st = yield* sh.sys.stat(path);
    if (typeof st === 'object' && st.mode & 0o111 && (st.mode & 0o170000) !== 0o040000) return path;
  }
  return undefined;
}

const alias: Builtin = function* (sh, argv, io) {
  if (argv.length === 1) {
    let text = '';
    for (const [k, v] of [...sh.aliases].sort()) text += `alias ${k}='${v}'\n`;
    return yield* output(sh, io, 'alias', text);
  }
  let st = 0;
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    if (eq > 0) sh.aliases.set(a.slice(0, eq), a.slice(eq + 1));
    else if (sh.aliases.has(a)) yield* say(sh, io, `alias ${a}='${sh.aliases.get(a)}'\n`);
    else {
      yield* complain(sh, io, `alias: ${a}: not found`);
      st = 1;
    }
  }
  return st;
};

const unalias: Builtin = function* (sh, argv, io) {
  let st = 0;
  for (const a of argv.slice(1)) {
    if (a === '-a') sh.aliases.clear();
    else if (!sh.aliases.delete(a)) {
      yield* complain(sh, io, `unalias: ${a}: not found`);
      st = 1;
    }
  }
  return st;
};

const source: Builtin = function* (sh, argv, io) {
  const file = argv[1];
  if (file === undefined) {
    yield* complain(sh, io, `${argv[0]}: filename argument required`);
    yield* writeAll(sh.sys, io.stderr, `${argv[0]}: usage: ${argv[0]} filename [arguments]\n`);
    return 2;
  }
  const text = yield* readFile(sh.sys, file);
  if (typeof text === 'number') {
    yield* complain(sh, io, `${file}: ${strerror(text)}`);
    return 1;
  }
  const r = yield* sh.source(text);
  if (r instanceof ExitShell) return r;
  return sh.status;
};

const HELP = `GNU bash, version 5.1.16(1)-release (x86_64-pc-linux-gnu) — the Kernel Memory Lab's shell
These shell commands are defined internally.  Type \`help' to see this list.

 cd [dir]                 pwd                      echo [-neE] [arg ...]
 exit [n]                 jobs [-lp]               wait [pid | %job ...]
 kill [-SIG] pid | %job   fg [%job]  bg [%job]     export [name[=value] ...]
 unset [-f] name          history [-c] [n]         type name
 alias [name=value]       source file              true / false / :
 test expr / [ expr ]     let expr ...             read [-r] [name ...]
 break [n]  continue [n]  return [n]  local name   shift [n]  eval [arg ...]

 for NAME [in WORDS ...]; do COMMANDS; done        for (( i = 0; i < 5; i++ )); do ...; done
 while COMMANDS; do COMMANDS; done                 until COMMANDS; do COMMANDS; done
 if COMMANDS; then COMMANDS; [elif ...;] [else COMMANDS;] fi
 case WORD in PATTERN [| PATTERN]...) COMMANDS ;; ... esac
 { COMMANDS; }   ( COMMANDS )   name () { COMMANDS; }   [[ expression ]]   (( expression ))
 $(( expression ))            time [-p] pipeline

@BIN@

The lab (MP3):
  insmod mp3.ko                     load the profiler module
  mknod node c 423 0                create the character device node
  nice ./work 1024 R 50000 &        start a work process (it registers itself)
  for i in 1 2 3 4 5; do nice ./work 200 R 10000 & done; wait
                                    five at once, then wait for them
  time ./work 1024 R 50000          how long it ran, and its CPU time
  cat /proc/mp3/status              registered PIDs
  ./monitor > profile1.data         read the profiler buffer
  rmmod mp3                         unload the module
`;

const help: Builtin = function* (sh, _argv, io) {
  // the programs are whatever /bin holds on this machine, listed as ls would find them
  const entries = yield* sh.sys.getdents('/bin');
  const names = typeof entries === 'number' ? [] : entries.map((e) => e.name).sort();
  let bin = '';
  let line = 'Programs in /bin:';
  for (const n of names) {
    if (line.length + 1 + n.length > 79) {
      bin += `${line}\n`;
      line = n;
    } else line += ` ${n}`;
  }
  bin += line;
  return yield* output(sh, io, 'help', HELP.replace('@BIN@', bin));
};

function constant(code: number): Builtin {
  // eslint-disable-next-line require-yield
  return function* () {
    return code;
  };
}

/** The reserved words (what `type` calls a shell keyword). */
export const KEYWORDS = ['if', 'then', 'elif', 'else', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'time', '{', '}', '!', '[[', ']]', 'in'];

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  ...FLOW_BUILTINS,
  echo,
  printf,
  cd,
  pwd,
  exit,
  logout: exit,
  jobs,
  wait,
  kill,
  export: exportB,
  unset,
  history,
  fg,
  bg,
  type,
  alias,
  unalias,
  source,
  '.': source,
  help,
  true: constant(0),
  ':': constant(0),
  false: constant(1),
};

