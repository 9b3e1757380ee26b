// /bin/make: GNU make 4.3 for the course's Makefile, unchanged:
//
//   obj-m := mp3.o
//   KERNEL_SRC := /lib/modules/$(shell uname -r)/build
//   all: clean modules monitor work
//   modules:
//   	$(MAKE) -C $(KERNEL_SRC) M=$(PWD) modules
//   monitor: monitor.c
//   	$(CC) $(APP_CFLAGS) $< -o $@
//
// Recipes run through /bin/sh as make runs them (so `$(MAKE) -C … modules` is a sub-make, at
// MAKELEVEL 1, printing make[1]:). `make -C <the kernel build tree>` is kbuild (kbuild.ts).
// A target whose recipe compiles user-space C (monitor, work) is not compiled: those stay the
// lab's given programs, and make says so in one line.
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { O_RDONLY, WEXITSTATUS, WIFEXITED, WTERMSIG } from '../../kernel/uapi';
import { decode, err, out, readAllFd } from '../coreutils/lib';
import { KERNEL_RELEASE, kbuild, kbuildRelease } from './kbuild';
import { MakeError, assign, expand, readMakefile, type Expander, type Makefile, type Rule, type Variable } from './makefile';

/** Commands that compile user-space C: the lab provides those programs instead. */
const C_COMPILERS = new Set(['cc', 'gcc', 'clang', 'c99', 'gcc-11', 'gcc-12']);

const SIGNAL_TEXT: Record<number, string> = { 1: 'Hangup', 2: 'Interrupt', 9: 'Killed', 11: 'Segmentation fault', 13: 'Broken pipe', 15: 'Terminated' };

interface Run {
  readonly sys: Sys;
  readonly prefix: string;
  readonly level: number;
  readonly env: readonly string[];
  readonly mk: Makefile;
  readonly file: string;
  readonly x: Expander;
  readonly silent: boolean;
  readonly dryRun: boolean;
  readonly keepGoing: boolean;
  /** targets already considered: did each get remade? */
  readonly done: Map<string, boolean>;
  ran: boolean;
}

function* runShell(sys: Sys, command: string, env: readonly string[], captureStdout: boolean): UserCode<{ status: number; stdout: string }> {
  let pipe: [number, number] | number = -1;
  if (captureStdout) pipe = yield* sys.pipe();
  const p = typeof pipe === 'number' ? undefined : pipe;
  const pid = yield* sys.fork(function* (s) {
    if (p) {
      yield* s.dup2(p[1], 1);
      yield* s.close(p[0]);
      yield* s.close(p[1]);
    }
    yield* s.execve('/bin/sh', ['sh', '-c', command], env);
    return 127;
  });
  let stdout = '';
  if (p) {
    yield* sys.close(p[1]);
    if (pid >= 0) {
      const data = yield* readAllFd(sys, p[0]);
      if (typeof data !== 'number') stdout = decode(data);
    }
    yield* sys.close(p[0]);
  }
  if (pid < 0) return { status: 127 << 8, stdout };
  const w = yield* sys.wait4(pid);
  return { status: w.status, stdout };
}

function expander(sys: Sys, envRef: { env: readonly string[] }): Expander {
  return {
    *shell(command) {
      return (yield* runShell(sys, command, envRef.env, true)).stdout;
    },
    *wildcard(pattern) {
      const slash = pattern.lastIndexOf('/');
      const dir = slash >= 0 ? pattern.slice(0, slash) || '/' : '.';
      const base = slash >= 0 ? pattern.slice(slash + 1) : pattern;
      if (!/[*?[]/.test(base)) {
        const st = yield* sys.stat(pattern);
        return typeof st === 'number' ? [] : [pattern];
      }
      const list = yield* sys.getdents(dir);
      if (typeof list === 'number') return [];
      const re = new RegExp(`^${base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      return list.map((e) => e.name).filter((n) => re.test(n) && (base.startsWith('.') || !n.startsWith('.'))).sort().map((n) => (slash >= 0 ? `${pattern.slice(0, slash + 1)}${n}` : n));
    },
  };
}

function* mtime(sys: Sys, path: string): UserCode<number | undefined> {
  const st = yield* sys.stat(path);
  return typeof st === 'number' ? undefined : st.mtimeNs;
}

/** The first word of a recipe line after make's prefixes, when it names a C compiler. */
function compilesUserC(line: string, cc: string): boolean {
  const first = line.replace(/^[@+\-\s]+/, '').trim().split(/\s+/)[0] ?? '';
  const name = first.slice(first.lastIndexOf('/') + 1);
  return C_COMPILERS.has(name) || (cc !== '' && first === cc);
}

/** Brings one target up to date (GNU make's update_file). Returns 0 or make's exit status. */
function* update(run: Run, target: string, neededBy: string | undefined): UserCode<number> {
  if (run.done.has(target)) return 0;
  const { sys, mk } = run;
  const rule: Rule | undefined = mk.rules.get(target);
  const exists = (yield* mtime(sys, target)) !== undefined;
  if (!rule) {
    if (exists) {
      run.done.set(target, false);
      return 0;
    }
    yield* err(sys, neededBy ? `${run.prefix}: *** No rule to make target '${target}', needed by '${neededBy}'.  Stop.\n` : `${run.prefix}: *** No rule to make target '${target}'.  Stop.\n`);
    return 2;
  }
  // user-space programs (monitor, work) are the lab's given binaries
  const cc = yield* expand('$(CC)', mk.vars, run.x);
  const lines: string[] = [];
  for (const r of rule.recipe) lines.push(yield* expand(r.text, mk.vars, run.x, autoVars(rule)));
  if (lines.length && lines.some((l) => compilesUserC(l, cc))) {
    yield* out(sys, `${run.prefix}: '${target}' is provided by the lab (user-space C is not compiled here)\n`);
    run.done.set(target, false);
    return 0;
  }
  let remadePrereq = false;
  let newest = 0;
  for (const p of rule.prereqs) {
    const s = yield* update(run, p, target);
    if (s) return s;
    if (run.done.get(p)) remadePrereq = true;
    newest = Math.max(newest, (yield* mtime(sys, p)) ?? 0);
  }
  const own = yield* mtime(sys, target);
  const phony = mk.phony.has(target);
  const outOfDate = phony || own === undefined || remadePrereq || newest > own;
  if (!outOfDate || !rule.recipe.length) {
    run.done.set(target, false);
    return 0;
  }
  for (let i = 0; i < rule.recipe.length; i++) {
    let line = lines[i];
    let silent = run.silent;
    let ignore = false;
    for (;;) {
      const c = line.trimStart()[0];
      if (c === '@') silent = true;
      else if (c === '-') ignore = true;
      else if (c !== '+') break;
      line = line.trimStart().slice(1);
    }
    if (line.trim() === '') continue;
    if (!silent || run.dryRun) yield* out(sys, `${line}\n`);
    run.ran = true;
    if (run.dryRun) continue;
    const { status } = yield* runShell(sys, line, run.env, false);
    if (status === 0) continue;
    const why = WIFEXITED(status) ? `Error ${WEXITSTATUS(status)}` : SIGNAL_TEXT[WTERMSIG(status)] ?? `Signal ${WTERMSIG(status)}`;
    const where = `${run.file}:${rule.recipe[i].line}: ${target}`;
    if (ignore && WIFEXITED(status)) {
      yield* err(sys, `${run.prefix}: [${where}] ${why} (ignored)\n`);
      continue;
    }
    yield* err(sys, `${run.prefix}: *** [${where}] ${why}\n`);
    return 2;
  }
  run.done.set(target, true);
  return 0;
}

function autoVars(rule: Rule): Record<string, string> {
  return { '@': rule.target, '<': rule.prereqs[0] ?? '', '^': [...new Set(rule.prereqs)].join(' '), '+': rule.prereqs.join(' '), '*': rule.target.replace(/\.[^.]*$/, '') };
}

function envValue(env: readonly string[], name: string): string | undefined {
  const e = env.find((v) => v.startsWith(`${name}=`));
  return e?.slice(name.length + 1);
}

/** gcc writes ‘quotes’ when the locale's charset is UTF-8 (LC_ALL, then LC_CTYPE, then LANG). */
export function utf8Locale(env: readonly string[]): boolean {
  const loc = envValue(env, 'LC_ALL') || envValue(env, 'LC_CTYPE') || envValue(env, 'LANG') || '';
  return /utf-?8/i.test(loc);
}

export const make: Program = function* (sys, argv, envp) {
  const level = Number(envValue(envp, 'MAKELEVEL') ?? '0') || 0;
  const prefix = level ? `make[${level}]` : 'make';
  let dir: string | undefined;
  let file: string | undefined;
  let silent = false;
  let dryRun = false;
  let keepGoing = false;
  const goals: string[] = [];
  const cmdVars: Array<[string, string, string]> = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const takes = (flag: string): string | undefined => (a === flag ? args[++i] : a.startsWith(flag) ? a.slice(flag.length) : undefined);
    if (a === '-C' || (a.startsWith('-C') && a.length > 2)) dir = takes('-C');
    else if (a.startsWith('--directory=')) dir = a.slice(12);
    else if (a === '-f' || (a.startsWith('-f') && a.length > 2)) file = takes('-f');
    else if (a.startsWith('--file=') || a.startsWith('--makefile=')) file = a.slice(a.indexOf('=') + 1);
    else if (a === '-s' || a === '--silent' || a === '--quiet') silent = true;
    else if (a === '-n' || a === '--just-print' || a === '--dry-run') dryRun = true;
    else if (a === '-k' || a === '--keep-going') keepGoing = true;
    else if (/^-j\d*$/.test(a) || a === '-w' || a === '--no-print-directory' || a === '-B' || a === '-r' || a === '-R') continue;
    else if (a === '-v' || a === '--version') {
      yield* out(sys, 'GNU Make 4.3\nBuilt for x86_64-pc-linux-gnu\nCopyright (C) 1988-2020 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n');
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      yield* err(sys, `${prefix}: invalid option -- '${a.replace(/^-+/, '')[0] ?? ''}'\n`);
      return 2;
    } else {
      const v = /^([^\s=:]+)\s*(:=|\+=|\?=|=)(.*)$/.exec(a);
      if (v) cmdVars.push([v[1], v[2], v[3]]);
      else goals.push(a);
    }
  }
  if (dir === '') {
    yield* err(sys, `${prefix}: option requires an argument -- 'C'\n`);
    return 2;
  }

  // the sub-make environment: MAKELEVEL + 1, and the command line's variables
  const childEnv = [...envp.filter((e) => !e.startsWith('MAKELEVEL=')), `MAKELEVEL=${level + 1}`];
  const envRef = { env: childEnv as readonly string[] };
  const x = expander(sys, envRef);
  const vars = new Map<string, Variable>();
  for (const e of envp) {
    const eq = e.indexOf('=');
    if (eq > 0) vars.set(e.slice(0, eq), { value: e.slice(eq + 1), recursive: false, origin: 'environment' });
  }
  const cwd0 = yield* sys.getcwd();
  const defaults: Record<string, string> = { MAKE: 'make', CC: 'cc', CXX: 'g++', LD: 'ld', RM: 'rm -f', AR: 'ar', SHELL: '/bin/sh', MAKELEVEL: String(level) };
  for (const [k, v] of Object.entries(defaults)) if (!vars.has(k) || k === 'MAKELEVEL') vars.set(k, { value: v, recursive: false, origin: 'default' });
  // bash exports PWD; when nothing passed it, it is where make was started
  if (!vars.has('PWD')) vars.set('PWD', { value: cwd0, recursive: false, origin: 'environment' });
  for (const [name, op, value] of cmdVars) {
    yield* assign(vars, name, op === '+=' ? '+=' : op, value, x, 'command line');
    childEnv.push(`${name}=${(vars.get(name)?.value ?? value)}`);
  }

  if (dir !== undefined) {
    const release = kbuildRelease(dir);
    if (release !== undefined) {
      if (release !== KERNEL_RELEASE) {
        yield* err(sys, `${prefix}: *** ${dir}: No such file or directory.  Stop.\n`);
        return 2;
      }
      return yield* kbuild({ sys, prefix, level, vars, x, utf8: utf8Locale(envp) }, goals);
    }
    const r = yield* sys.chdir(dir);
    if (r < 0) {
      yield* err(sys, `${prefix}: *** ${dir}: No such file or directory.  Stop.\n`);
      return 2;
    }
  }
  const cwd = yield* sys.getcwd();
  vars.set('CURDIR', { value: cwd, recursive: false, origin: 'default' });
  const entering = dir !== undefined;
  if (entering) yield* out(sys, `${prefix}: Entering directory '${cwd}'\n`);
  const status = yield* makeHere(sys, { prefix, level, file, goals, vars, x, env: childEnv, silent, dryRun, keepGoing });
  if (entering) yield* out(sys, `${prefix}: Leaving directory '${cwd}'\n`);
  return status;
};

interface HereOptions {
  prefix: string;
  level: number;
  file?: string;
  goals: string[];
  vars: Map<string, Variable>;
  x: Expander;
  env: readonly string[];
  silent: boolean;
  dryRun: boolean;
  keepGoing: boolean;
}

function* makeHere(sys: Sys, o: HereOptions): UserCode<number> {
  let file = o.file;
  let text: string | number = -2;
  for (const candidate of file ? [file] : ['GNUmakefile', 'makefile', 'Makefile']) {
    const fd = yield* sys.open(candidate, O_RDONLY);
    if (fd < 0) continue;
    const data = yield* readAllFd(sys, fd);
    yield* sys.close(fd);
    if (typeof data === 'number') continue;
    text = decode(data);
    file = candidate;
    break;
  }
  if (typeof text === 'number') {
    if (o.file) yield* err(sys, `${o.prefix}: ${o.file}: No such file or directory\n${o.prefix}: *** No rule to make target '${o.file}'.  Stop.\n`);
    else if (o.goals.length) yield* err(sys, `${o.prefix}: *** No rule to make target '${o.goals[0]}'.  Stop.\n`);
    else yield* err(sys, `${o.prefix}: *** No targets specified and no makefile found.  Stop.\n`);
    return 2;
  }
  let mk: Makefile;
  try {
    mk = yield* readMakefile(text, file!, o.vars, o.x);
  } catch (e) {
    if (!(e instanceof MakeError)) throw e;
    yield* err(sys, `${e.file}:${e.line}: *** ${e.message}.  Stop.\n`);
    return 2;
  }
  const goals = o.goals.length ? o.goals : mk.defaultGoal ? [mk.defaultGoal] : [];
  if (!goals.length) {
    yield* err(sys, `${o.prefix}: *** No targets.  Stop.\n`);
    return 2;
  }
  const run: Run = { sys, prefix: o.prefix, level: o.level, env: o.env, mk, file: file!, x: o.x, silent: o.silent, dryRun: o.dryRun, keepGoing: o.keepGoing, done: new Map(), ran: false };
  let status = 0;
  for (const goal of goals) {
    run.ran = false;
    const s = yield* update(run, goal, undefined);
    if (s) {
      status = s;
      if (!o.keepGoing) break;
      continue;
    }
    if (!run.ran && !run.done.get(goal)) {
      const rule = mk.rules.get(goal);
      if (rule && rule.recipe.length && !mk.phony.has(goal) && !(yield* isLabProvided(run, rule))) yield* out(sys, `${o.prefix}: '${goal}' is up to date.\n`);
      else if (!rule || !(yield* isLabProvided(run, rule))) yield* out(sys, `${o.prefix}: Nothing to be done for '${goal}'.\n`);
    }
  }
  return status;
}

function* isLabProvided(run: Run, rule: Rule): UserCode<boolean> {
  const cc = yield* expand('$(CC)', run.mk.vars, run.x);
  for (const r of rule.recipe) if (compilesUserC(yield* expand(r.text, run.mk.vars, run.x, autoVars(rule)), cc)) return true;
  return false;
}

