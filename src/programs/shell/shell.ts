// The lab's shell: a small bash. It runs on the simulated kernel through system calls only, the
// way /bin/bash runs on Linux: fork + execve for commands, pipes and dup2 for pipelines and
// redirections, process groups and TIOCSPGRP for job control (so ^C reaches the foreground job
// and not the shell), wait4 for exit statuses, and the tty in raw mode while a line is edited.
// Compound commands and functions run in the shell itself unless they are part of a pipeline or
// in the background, where they run in a forked subshell, as in bash. Messages, exit statuses
// and job notifications are worded as bash 5.1 prints them.
//
// This file is the interpreter; the job table is jobs.ts, compound commands compound.ts.
import { strerror } from '../../kernel/errno';
import * as E from '../../kernel/errno';
import {
  RUSAGE_CHILDREN, RUSAGE_SELF, SIGCHLD, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, TCGETS, TCSETS, TIOCSPGRP, type Rusage, type Sys,
  type Termios, type UserCode,
} from '../../kernel/uapi';
import { readAllFd, readFile, writeAll } from '../coreutils/lib';
import { ArithError, evaluateArith } from './arith';
import type { AndOr, Command, CompoundCommand, FunctionDefinition, List, Pipeline, Redirect, SimpleCommand } from './ast';
import { BUILTINS } from './builtins';
import { completeLine } from './complete';
import { runCompound } from './compound';
import { ExitShell, ShellAbort } from './exit';
import { expandWord, expandWords, expandWordToString, globPaths, type ExpandContext } from './expand';
import { historyDelimiter } from './historyLine';
import { JobControl, statusToCode } from './jobs';
import { readLine } from './lineEditor';
import { ParseError, parse } from './parse';
import { openForBuiltin, redirectInChild, redirectInShell, restoreRedirects, SaveSlots, type ExpandedRedirect, type SavedFd } from './redirect';
import { DEFAULT_TIMEFORMAT, formatTimes, POSIX_TIMEFORMAT } from './timeFormat';

export { statusToCode, type Job, type JobProc } from './jobs';

export const HOME = '/home/student';
export const DEFAULT_PATH = '/bin:.';

/**
 * The CPU time bash spends interpreting one loop iteration or function call. Charged with a
 * system call, which also lets time pass in `while true; do :; done` and lets ^C reach the shell.
 */
const INTERPRETER_STEP_NS = 2_000;
/**
 * bash sets no limit on function nesting (FUNCNEST is unset) and crashes when its stack runs
 * out; here runaway recursion stops with bash's FUNCNEST message well before the engine's stack:
 * at this many nested calls, or at MAX_LIST_NESTING nested command lists (each a few generator
 * frames that every system call passes through; the engine allows some thousands).
 */
export const MAX_FUNCTION_NESTING = 256;
const MAX_LIST_NESTING = 300;

interface ExpandedCommand {
  argv: string[];
  redirects: ExpandedRedirect[];
  assigns: Array<[string, string]>;
}

export interface ShellOptions {
  interactive: boolean;
  /** positional parameters: $0 and $1.. */
  argv0: string;
  args: string[];
  /** `bash -c`: messages say "bash: -c: line N:" for syntax errors */
  commandString?: boolean;
  /** The environment the shell was started with ("NAME=value"): imported as exported variables. */
  environ?: readonly string[];
}

/** A function, and the line its definition's text started on (for "line N" in its messages). */
interface ShellFunction {
  def: FunctionDefinition;
  baseLine: number;
}

type Status = number | ExitShell;

export class Shell extends JobControl {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  readonly aliases = new Map<string, string>([['ll', 'ls -alF'], ['la', 'ls -A'], ['l', 'ls -CF']]);
  readonly functions = new Map<string, ShellFunction>();
  /** indexed arrays (BASH_REMATCH is the one the shell sets) */
  readonly arrays = new Map<string, string[]>();
  /** $1 $2 …: the script's arguments, or a function's while it runs */
  positional: string[];
  argv0: string;
  /** bash's interactive_shell: a subshell of an interactive shell still words messages without "line N" and expands aliases */
  interactiveShell: boolean;
  history: string[] = [];
  lineNo = 0;
  exitRequested: number | undefined;
  /** bash's `breaking` and `continuing`: how many enclosing loops break/continue still has to leave */
  breaking = 0;
  continuing = 0;
  /** `return` ran: the rest of the function (or sourced file) is skipped */
  returning = false;
  loopDepth = 0;
  funcDepth = 0;
  sourceDepth = 0;
  /** the line the text being run starts on (a command's line is relative to it) */
  private baseLine = 0;
  /** command lists being run inside one another (loop bodies, function bodies, …) */
  private listNesting = 0;
  /** what `local` saved, one scope per function call, restored when it returns */
  private localScopes: Array<Map<string, { value: string | undefined; exported: boolean }>> = [];
  /** high descriptors holding the shell's own while a compound command's redirection is in force */
  private readonly saveSlots = new SaveSlots();
  /** the status of the last command substitution of an expansion (what `x=$(false)` returns) */
  private substitutionStatus: number | undefined;

  constructor(sys: Sys, readonly opts: ShellOptions) {
    super(sys, opts.interactive);
    this.positional = [...opts.args];
    this.argv0 = opts.argv0;
    this.interactiveShell = opts.interactive;
    // bash imports its environment as exported variables, then sets what is still missing.
    for (const entry of opts.environ ?? []) {
      const eq = entry.indexOf('=');
      if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.slice(0, eq))) continue; // not a valid shell name
      this.vars.set(entry.slice(0, eq), entry.slice(eq + 1));
      this.exported.add(entry.slice(0, eq));
    }
    const defaults: Record<string, string> = {
      HOME, PATH: DEFAULT_PATH, SHELL: '/bin/bash', HOSTNAME: 'mp3', PS1: '\\u@\\h:\\w\\$ ', PS2: '> ',
    };
    for (const [k, v] of Object.entries(defaults)) if (!this.vars.has(k)) this.vars.set(k, v);
    // SHLVL counts nested shells, and is always exported (variables.c adjust_shell_level)
    const level = Number.parseInt(this.vars.get('SHLVL') ?? '0', 10);
    this.vars.set('SHLVL', String(Number.isFinite(level) && level >= 0 ? level + 1 : 1));
    this.exported.add('SHLVL');
  }

  /** The environment for a program: exported variables, then the command's own assignments (`FOO=1 cmd`). */
  environment(assigns: ReadonlyArray<[string, string]> = []): string[] {
    const env = new Map<string, string>();
    for (const [k, v] of this.vars) if (this.exported.has(k)) env.set(k, v);
    for (const [k, v] of assigns) env.set(k, v);
    return [...env].map(([k, v]) => `${k}=${v}`);
  }

  /**
   * A copy for a subshell (pipeline member, $(...), background list): no job control. Made in the
   * parent at fork time — a forked child has copies, not the parent's objects, and the parent
   * goes on (the next iteration of a loop changes its variables).
   */
  clone(): Shell {
    const s = new Shell(this.sys, { ...this.opts, interactive: false });
    // exactly the parent's variables: an `unset PATH` stays unset in the subshell
    s.vars.clear();
    s.exported.clear();
    for (const [k, v] of this.vars) s.vars.set(k, v);
    for (const k of this.exported) s.exported.add(k);
    for (const [k, v] of this.aliases) s.aliases.set(k, v);
    for (const [k, v] of this.functions) s.functions.set(k, v);
    for (const [k, v] of this.arrays) s.arrays.set(k, [...v]);
    this.copyJobsTo(s);
    s.positional = [...this.positional];
    s.argv0 = this.argv0;
    s.interactiveShell = this.interactiveShell;
    s.lineNo = this.lineNo;
    s.baseLine = this.baseLine;
    s.history = [...this.history];
    s.loopDepth = this.loopDepth;
    s.funcDepth = this.funcDepth;
    s.sourceDepth = this.sourceDepth;
    s.localScopes = this.localScopes.map((scope) => new Map(scope));
    return s;
  }

  // ---------------------------------------------------------------- messages and variables

  prefix(): string {
    return this.interactiveShell ? 'bash: ' : `bash: line ${this.lineNo}: `;
  }

  *errmsg(text: string, fd = 2): UserCode<void> {
    yield* writeAll(this.sys, fd, `${this.prefix()}${text}\n`);
  }

  getVar(name: string): string | undefined {
    switch (name) {
      case '?': return String(this.status);
      case '$': return String(this.pid);
      case '!': return this.lastBg ? String(this.lastBg) : '';
      case '#': return String(this.positional.length);
      case '0': return this.argv0;
      case '@':
      case '*': return this.positional.join(' ');
      case '-': return this.interactive ? 'himBHs' : 'hB';
    }
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name) ?? this.arrays.get(name)?.[0];
  }

  /** `test -v`: the variable is set. */
  isSet(name: string): boolean {
    if (/^\d+$/.test(name)) return Number(name) <= this.positional.length;
    return this.vars.has(name) || this.arrays.has(name);
  }

  setVar(name: string, value: string): void {
    this.arrays.delete(name);
    this.vars.set(name, value);
  }

  /** `local name[=value]`: the old value comes back when the function returns (dynamic scope). */
  declareLocal(name: string, value: string | undefined): void {
    const scope = this.localScopes[this.localScopes.length - 1];
    if (!scope) return;
    if (!scope.has(name)) scope.set(name, { value: this.vars.get(name), exported: this.exported.has(name) });
    if (value === undefined) this.vars.delete(name);
    else this.vars.set(name, value);
  }

  private popLocals(): void {
    const scope = this.localScopes.pop();
    if (!scope) return;
    for (const [name, saved] of scope) {
      if (saved.value === undefined) this.vars.delete(name);
      else this.vars.set(name, saved.value);
      if (saved.exported) this.exported.add(name);
      else this.exported.delete(name);
    }
  }

  /** break, continue, return or exit is unwinding the commands around it. */
  get unwinding(): boolean {
    return this.breaking > 0 || this.continuing > 0 || this.returning || this.exitRequested !== undefined;
  }

  expandCtx(): ExpandContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      getVar: (n) => self.getVar(n),
      positional: () => self.positional,
      getArray: (n) => self.arrays.get(n),
      arithmetic: (expr) => self.arithmeticExpansion(expr),
      commandSubstitution: (list) => self.commandSubstitution(list),
      glob: (pattern) => globPaths(self.sys, pattern),
    };
  }

  private evaluate(expr: string): bigint {
    return evaluateArith(expr, { get: (n) => this.getVar(n), set: (n, v) => this.setVar(n, v) });
  }

  /** $((expr)): an error is reported and abandons the command line, as bash's expansion error. */
  *arithmeticExpansion(expr: string): UserCode<string> {
    try {
      return this.evaluate(expr).toString();
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      yield* this.errmsg(e.message);
      this.status = 1;
      throw new ShellAbort(1, 'discard');
    }
  }

  /** (( )), let, for (( )), [[ -eq ]]: the value, or undefined after "bash: let: …" (status 1). */
  *arithmeticCommand(expr: string, name: string): UserCode<bigint | undefined> {
    try {
      return this.evaluate(expr);
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      yield* this.errmsg(`${name}: ${e.message}`);
      return undefined;
    }
  }

  /** One step of a loop or function call: bash's CPU time, and a point where ^C is noticed. */
  *loopTick(): UserCode<void> {
    yield* this.sys.compute(INTERPRETER_STEP_NS);
    this.checkInterrupt();
  }

  // ---------------------------------------------------------------- main loops

  /** Startup: pid, process group, terminal ownership, signals (bash's initialize_job_control). */
  *init(): UserCode<void> {
    const sys = this.sys;
    this.pid = yield* sys.getpid();
    const cwd = yield* sys.getcwd();
    if (typeof cwd === 'string') {
      this.vars.set('PWD', cwd);
      this.exported.add('PWD'); // bash exports PWD even when its environment had none
    }
    if (this.interactive) {
      const t = yield* sys.ioctl(this.ttyFd, TCGETS);
      if (typeof t === 'object') this.shellTermios = { ...(t as Termios) };
      else this.jobControl = false;
    }
    if (this.jobControl) {
      yield* sys.setpgid(0, 0);
      this.pgid = yield* sys.getpgid(0);
      yield* sys.ioctl(this.ttyFd, TIOCSPGRP, this.pgid);
      // ^C while the shell itself runs (a loop of builtins, `wait`) abandons the command line
      yield* sys.signal(SIGINT, () => {
        this.sigintPending = true;
      });
      yield* sys.signal(SIGQUIT, 'ignore');
      yield* sys.signal(SIGTSTP, 'ignore');
      // an interactive bash ignores SIGTERM, so `kill 0` or `kill -- -1` do not end the session
      yield* sys.signal(SIGTERM, 'ignore');
    } else {
      this.pgid = yield* sys.getpgid(0);
    }
  }

  /** The prompt, from PS1 with bash's \u \h \w \W \$ escapes. */
  prompt(ps = this.vars.get('PS1') ?? '$ '): string {
    const cwd = this.vars.get('PWD') ?? '/';
    const home = this.vars.get('HOME') ?? HOME;
    const short = cwd === home ? '~' : cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
    return ps.replace(/\\([uhHwW$n\\[\]e])/g, (_m, c: string) => {
      switch (c) {
        case 'u': return this.vars.get('USER') ?? 'student';
        case 'h': case 'H': return this.vars.get('HOSTNAME') ?? 'mp3';
        case 'w': return short;
        case 'W': return short === '~' || short === '/' ? short : short.slice(short.lastIndexOf('/') + 1);
        case '$': return '$';
        case 'n': return '\n';
        case 'e': return '\x1b';
        case '\\': return '\\';
        default: return ''; // \[ \] only delimit invisible text
      }
    });
  }

  /** The interactive read-eval loop. Returns the shell's exit status. */
  *interactiveLoop(): UserCode<number> {
    const sys = this.sys;
    for (;;) {
      yield* this.notifyJobs();
      // bash reaps on SIGCHLD while it waits at the prompt, so a finished job leaves no zombie
      // behind; the notice still waits for the next prompt. Only here: elsewhere the shell
      // waits for its children itself.
      yield* sys.signal(SIGCHLD, () => {});
      const r = yield* readLine(sys, this.prompt(), this.history, {
        completer: (line, cur) => completeLine(sys, this, line, cur),
        onInterrupt: () => this.reapNonBlocking(),
      });
      yield* sys.signal(SIGCHLD, 'default');
      this.commandNumber++;
      if (r.kind === 'eof') {
        yield* writeAll(sys, 2, 'exit\n');
        if (yield* this.stoppedJobsHoldExit()) continue;
        yield* this.terminateStoppedJobs();
        return this.status;
      }
      if (r.kind === 'interrupt') {
        this.status = 130;
        continue;
      }
      // more lines for an open quote, a trailing | && ||, or a compound command not yet closed;
      // history keeps the whole command as one entry, its lines joined as bash joins them
      let text = r.line;
      let entry = r.line;
      let abandoned = false;
      for (;;) {
        const need = this.incompleteError(text);
        if (!need) break;
        const more = yield* readLine(sys, this.prompt(this.vars.get('PS2') ?? '> '), this.history, {});
        if (more.kind === 'interrupt') {
          abandoned = true;
          this.status = 130;
          break;
        }
        if (more.kind === 'eof') {
          yield* this.errmsg(need.message.startsWith('unexpected EOF') ? need.message : 'syntax error: unexpected end of file');
          abandoned = true;
          this.status = 2;
          break;
        }
        text += `\n${more.line}`;
        entry += historyDelimiter(need.context, more.line) + more.line;
      }
      if (abandoned) continue;
      this.addHistory(entry);
      this.lineNo++;
      const status = yield* this.runTopLevel(text);
      if (status instanceof ExitShell) {
        yield* this.terminateStoppedJobs();
        return status.status;
      }
      if (this.jobControl && this.shellTermios) yield* sys.ioctl(this.ttyFd, TCSETS, this.shellTermios);
    }
  }

  /** The error that says `text` needs more lines, or undefined (it parses, or is wrong anyway). */
  private incompleteError(text: string): ParseError | undefined {
    try {
      parse(text);
      return undefined;
    } catch (e) {
      return e instanceof ParseError && e.incomplete ? e : undefined;
    }
  }

  addHistory(text: string): void {
    // HISTCONTROL=ignoreboth (Ubuntu's default .bashrc): no leading-space lines, no repeats
    if (text.trim() === '' || text.startsWith(' ')) return;
    if (this.history[this.history.length - 1] === text) return;
    this.history.push(text);
    if (this.history.length > 1000) this.history.shift();
  }

  /**
   * Runs a script non-interactively, a command at a time (a syntax error on line 3 still lets
   * lines 1 and 2 run, as in bash; a loop over several lines runs once it is complete).
   * `nextLine` returns undefined at end of input; `endsWithNewline` tells what line bash
   * blames for an unexpected end of file.
   */
  *scriptLoop(nextLine: () => UserCode<string | undefined>, endsWithNewline = true): UserCode<number> {
    let pending: string | undefined;
    let startLine = 0;
    for (;;) {
      const line = yield* nextLine();
      if (line === undefined) {
        if (pending !== undefined) {
          const need = this.incompleteError(pending);
          const lastLine = startLine + pending.split('\n').length - 1;
          if (need && need.message.startsWith('unexpected EOF')) {
            yield* this.syntaxError(need.message, startLine);
            yield* this.syntaxError('syntax error: unexpected end of file', lastLine + 1);
          } else {
            yield* this.syntaxError('syntax error: unexpected end of file', endsWithNewline ? lastLine + 1 : lastLine);
          }
          return 2;
        }
        return this.status;
      }
      this.lineNo++;
      if (pending === undefined) {
        pending = line;
        startLine = this.lineNo;
      } else {
        pending += `\n${line}`;
      }
      if (this.incompleteError(pending)) continue;
      const text = pending;
      pending = undefined;
      const saveLine = this.lineNo;
      this.lineNo = startLine;
      const r = yield* this.runTopLevel(text, true);
      this.lineNo = saveLine;
      if (r instanceof ExitShell) return r.status;
      if (r === 'syntax') return 2;
    }
  }

  private *syntaxError(message: string, line: number): UserCode<void> {
    const where = this.opts.commandString ? `bash: -c: line ${line}: ` : `bash: line ${line}: `;
    yield* writeAll(this.sys, 2, `${where}${message}\n`);
  }

  /**
   * Runs a command line read at the top level: where an abandoned command (^C, an expansion
   * error) ends up, and the shell reads the next one.
   */
  private *runTopLevel(text: string, script = false): UserCode<Status | 'syntax'> {
    this.sigintPending = false;
    try {
      return yield* this.runText(text, script);
    } catch (e) {
      if (!(e instanceof ShellAbort)) throw e;
      this.status = e.status;
      this.breaking = 0;
      this.continuing = 0;
      this.returning = false;
      this.sigintPending = false;
      return e.status;
    }
  }

  /** Parses and runs one chunk of input (also for `source` and `eval`). */
  *runText(text: string, script = false): UserCode<Status | 'syntax'> {
    let list: List;
    try {
      list = parse(text);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.status = 2;
      yield* this.reportSyntaxError(e, text);
      return script ? 'syntax' : 2;
    }
    const saveBase = this.baseLine;
    this.baseLine = this.lineNo;
    try {
      return yield* this.runList(list);
    } finally {
      this.baseLine = saveBase;
    }
  }

  /** bash's wording: the message (one line or two, for [[ ]]), then, in a script, the line itself. */
  private *reportSyntaxError(e: ParseError, text: string): UserCode<void> {
    const lines = e.message.split('\n');
    if (this.interactive) {
      for (const l of lines) yield* this.errmsg(l);
      return;
    }
    const index = e.offset === undefined ? 0 : text.slice(0, e.offset).split('\n').length - 1;
    const line = this.lineNo + index;
    for (const l of lines) yield* this.syntaxError(l, line);
    if (lines[lines.length - 1].startsWith('syntax error near')) yield* this.syntaxError(`\`${text.split('\n')[index]}'`, line);
  }

  // ---------------------------------------------------------------- execution

  *runList(list: List): UserCode<Status> {
    this.listNesting++;
    try {
      for (const item of list) {
        const r = yield* this.runAndOr(item);
        if (r instanceof ExitShell) return r;
        if (this.exitRequested !== undefined) return new ExitShell(this.exitRequested);
        this.checkInterrupt();
        if (this.unwinding) break;
      }
      return this.status;
    } finally {
      this.listNesting--;
    }
  }

  private *runAndOr(item: AndOr): UserCode<Status> {
    if (item.background) return yield* this.runBackground(item);
    let r = yield* this.runPipeline(item.first, false, item.text);
    if (r instanceof ExitShell) return r;
    for (const { op, pipeline } of item.rest) {
      if (this.unwinding) break;
      if ((op === '&&') !== (this.status === 0)) continue;
      r = yield* this.runPipeline(pipeline, false, item.text);
      if (r instanceof ExitShell) return r;
    }
    return this.status;
  }

  /** `cmd &`: a job in its own process group that the shell does not wait for. */
  private *runBackground(item: AndOr): UserCode<number> {
    if (item.rest.length === 0 && !item.first.time) {
      yield* this.runPipeline(item.first, true, item.text);
      return this.status;
    }
    // `a && b &` and `time cmd &` run as one subshell job
    const sub = this.clone();
    return yield* this.subshellJob(item.text, () => sub.runAndOr({ ...item, background: false }));
  }

  /** Forks a subshell that runs `body` as one background job. */
  private *subshellJob(text: string, body: () => UserCode<Status>): UserCode<number> {
    const job = this.newJob(text);
    const jc = this.jobControl;
    const slots = [...this.saveSlots.inUse];
    const pid = yield* this.sys.fork(function* (csys) {
      yield* childSignals(csys, jc, true, slots);
      if (jc) yield* csys.setpgid(0, 0);
      return yield* subshellStatus(body());
    });
    if (pid < 0) {
      yield* this.errmsg(`fork: ${strerror(pid)}`);
      this.status = 1;
      this.dropJob(job);
      return 1;
    }
    if (jc) yield* this.sys.setpgid(pid, pid);
    job.pgid = pid;
    job.procs.push({ pid, text });
    this.startedBackground(job, pid);
    yield* this.announce(job);
    return 0;
  }

  /** A pipeline: in the shell when it is one builtin, function or compound command; else forked. */
  private *runPipeline(p: Pipeline, background: boolean, text: string): UserCode<Status> {
    if (p.time && !background) return yield* this.runTimed(p, text);
    if (p.commands.length === 0) {
      this.status = p.negate ? 1 : 0;
      return this.status;
    }
    if (p.commands.length > 1 || background) return yield* this.launch(p.commands, p.negate, background, text);
    const r = yield* this.runCommand(p.commands[0], text);
    if (r instanceof ExitShell) return r;
    if (p.negate) this.status = this.status === 0 ? 1 : 0;
    return this.status;
  }

  /**
   * `time pipeline`: the real time from the clock, user and system time from getrusage — the
   * shell's own and that of the children it reaped meanwhile, as bash's time_command. Printed
   * even when ^C abandons the command.
   */
  private *runTimed(p: Pipeline, text: string): UserCode<Status> {
    const sys = this.sys;
    const usage = function* (who: number): UserCode<Rusage> {
      const r = yield* sys.getrusage(who);
      return typeof r === 'number' ? { utime: 0, stime: 0 } : r;
    };
    const t0 = yield* sys.clock_gettime();
    const self0 = yield* usage(RUSAGE_SELF);
    const kids0 = yield* usage(RUSAGE_CHILDREN);
    try {
      return yield* this.runPipeline({ ...p, time: undefined }, false, text);
    } finally {
      const t1 = yield* sys.clock_gettime();
      const self1 = yield* usage(RUSAGE_SELF);
      const kids1 = yield* usage(RUSAGE_CHILDREN);
      const format = p.time?.posix ? POSIX_TIMEFORMAT : this.vars.get('TIMEFORMAT') ?? DEFAULT_TIMEFORMAT;
      // a TIMEFORMAT set to nothing prints nothing
      if (format !== '') {
        yield* writeAll(sys, 2, formatTimes(format, {
          real: t1 - t0,
          user: self1.utime - self0.utime + kids1.utime - kids0.utime,
          sys: self1.stime - self0.stime + kids1.stime - kids0.stime,
        }));
      }
    }
  }

  /** One command of a foreground pipeline of one, in the shell. */
  private *runCommand(cmd: Command, text: string): UserCode<Status> {
    this.lineNo = this.baseLine + cmd.line;
    if (cmd.type === 'function') {
      this.functions.set(cmd.name, { def: cmd, baseLine: this.baseLine });
      this.status = 0;
      return 0;
    }
    if (cmd.type === 'compound') return yield* this.runCompoundCommand(cmd, text);
    return yield* this.runSimple(cmd, text);
  }

  /** A compound command in the shell, with its redirections in force around it; ( ) is forked. */
  private *runCompoundCommand(cmd: CompoundCommand, text: string): UserCode<Status> {
    if (cmd.body.kind === 'subshell') return yield* this.launch([cmd], false, false, text);
    if (cmd.redirects.length === 0) return yield* runCompound(this, cmd.body);
    const expanded = yield* this.expandRedirects(cmd.redirects);
    const saved = expanded === undefined ? undefined : yield* this.redirectHere(expanded);
    if (saved === undefined) {
      this.status = 1;
      return 1;
    }
    try {
      return yield* runCompound(this, cmd.body);
    } finally {
      yield* restoreRedirects(this.sys, saved, this.saveSlots);
    }
  }

  /** Applies redirections to the shell's own descriptors (restore with restoreRedirects). */
  private *redirectHere(expanded: ExpandedRedirect[]): UserCode<SavedFd[] | undefined> {
    const saved = yield* redirectInShell(this.sys, expanded, this.saveSlots);
    if (typeof saved === 'string') {
      yield* this.errmsg(saved);
      this.status = 1;
      return undefined;
    }
    return saved;
  }

  private *runSimple(c: SimpleCommand, text: string): UserCode<Status> {
    const e = yield* this.expandCommand(c);
    if (e === undefined) {
      this.status = 1;
      return 1;
    }
    // an assignment, or a redirection alone (`> file` creates the file)
    if (e.argv.length === 0) {
      for (const [k, v] of e.assigns) this.setVar(k, v);
      const io = yield* openForBuiltin(this.sys, e.redirects);
      if (typeof io === 'string') {
        yield* this.errmsg(io);
        this.status = 1;
        return 1;
      }
      for (const fd of io.opened) yield* this.sys.close(fd);
      this.status = this.substitutionStatus ?? 0;
      return this.status;
    }
    const fn = this.functions.get(e.argv[0]);
    if (fn) return yield* this.callFunction(fn, e.argv, e.redirects);
    const builtin = BUILTINS[e.argv[0]];
    if (builtin) {
      // a builtin runs in the shell itself (so cd and exit work), on descriptors of its own
      const io = yield* openForBuiltin(this.sys, e.redirects);
      if (typeof io === 'string') {
        yield* this.errmsg(io);
        this.status = 1;
        return 1;
      }
      let r: Status;
      try {
        r = yield* builtin(this, e.argv, io.io);
      } finally {
        for (const fd of io.opened) yield* this.sys.close(fd);
      }
      if (r instanceof ExitShell) return r;
      if (this.exitRequested !== undefined) return new ExitShell(this.exitRequested);
      this.status = r;
      return r;
    }
    return yield* this.launch([c], false, false, text, e);
  }

  /** Runs a shell function: its arguments are $1…, `local` is scoped to it, `return` ends it. */
  private *callFunction(fn: ShellFunction, argv: string[], redirects: ExpandedRedirect[]): UserCode<Status> {
    if (this.funcDepth >= MAX_FUNCTION_NESTING || this.listNesting >= MAX_LIST_NESTING) {
      yield* this.errmsg(`${argv[0]}: maximum function nesting level exceeded (${this.funcDepth})`);
      this.status = 1;
      throw new ShellAbort(1, 'discard');
    }
    yield* this.loopTick();
    const saved = redirects.length > 0 ? yield* this.redirectHere(redirects) : [];
    if (saved === undefined) return 1;
    const outer = { positional: this.positional, loopDepth: this.loopDepth, baseLine: this.baseLine };
    this.positional = argv.slice(1);
    // a loop outside the function is not one `break` can leave
    this.loopDepth = 0;
    this.baseLine = fn.baseLine;
    this.funcDepth++;
    this.localScopes.push(new Map());
    let r: Status;
    try {
      r = yield* this.runCompoundCommand(fn.def.body, fn.def.body.text);
    } finally {
      this.popLocals();
      this.funcDepth--;
      this.positional = outer.positional;
      this.loopDepth = outer.loopDepth;
      this.baseLine = outer.baseLine;
      yield* restoreRedirects(this.sys, saved, this.saveSlots);
    }
    if (r instanceof ExitShell) return r;
    this.returning = false;
    this.breaking = 0;
    this.continuing = 0;
    return this.status;
  }

  /** Expands words and redirection targets; undefined (after a message) on an expansion error. */
  private *expandCommand(c: SimpleCommand): UserCode<ExpandedCommand | undefined> {
    const ctx = this.expandCtx();
    let words = c.words;
    // alias expansion of the first word (interactive shells only, as bash)
    if (this.interactiveShell && words.length > 0) {
      const w = words[0];
      if (w.length === 1 && w[0].t === 'lit' && !w[0].q && this.aliases.has(w[0].s)) {
        const text = this.aliases.get(w[0].s)!;
        try {
          const parsed = parse(text);
          const first = parsed[0]?.first.commands[0];
          if (first?.type === 'simple' && parsed.length === 1 && parsed[0].rest.length === 0 && parsed[0].first.commands.length === 1) {
            words = [...first.words, ...words.slice(1)];
          }
        } catch {
          // a broken alias is used as is
        }
      }
    }
    this.substitutionStatus = undefined;
    const argv = yield* expandWords(words, ctx);
    const assigns: Array<[string, string]> = [];
    for (const a of c.assigns) assigns.push([a.name, yield* expandWordToString(a.value, ctx)]);
    const redirects = yield* this.expandRedirects(c.redirects);
    if (redirects === undefined) return undefined;
    return { argv, redirects, assigns };
  }

  /** Each redirection's target must expand to one word ("bash: $x: ambiguous redirect"). */
  private *expandRedirects(redirects: Redirect[]): UserCode<ExpandedRedirect[] | undefined> {
    const out: ExpandedRedirect[] = [];
    for (const r of redirects) {
      const fields = yield* expandWord(r.target, this.expandCtx());
      if (fields.length !== 1) {
        const raw = r.target.map((p) => (p.t === 'lit' ? p.s : p.t === 'var' ? `$${p.name}` : p.t === 'tilde' ? '~' : '$(...)')).join('');
        yield* this.errmsg(`${raw}: ambiguous redirect`);
        return undefined;
      }
      out.push({ fd: r.fd, op: r.op, target: fields[0] });
    }
    return out;
  }

  /**
   * Forks the processes of a pipeline (or one command, or a background job); waits for a
   * foreground one. `expanded` is the lone simple command's expansion, done in the shell.
   */
  private *launch(cmds: Command[], negate: boolean, background: boolean, text: string, expanded?: ExpandedCommand): UserCode<number> {
    const sys = this.sys;
    const job = this.newJob(text);
    const jc = this.jobControl;
    const fg = !background;
    const slots = [...this.saveSlots.inUse];
    let prevRead = -1;
    let failed = false;
    for (let i = 0; i < cmds.length; i++) {
      const cmd = cmds[i];
      let pipeR = -1;
      let pipeW = -1;
      if (i < cmds.length - 1) {
        const p = yield* sys.pipe();
        if (typeof p === 'number') {
          yield* this.errmsg(`pipe error: ${strerror(p)}`);
          failed = true;
          break;
        }
        [pipeR, pipeW] = p;
      }
      const pgid = job.pgid;
      const inRead = prevRead;
      const sub = this.clone();
      const pid = yield* sys.fork(function* (csys) {
        yield* childSignals(csys, jc, background, slots);
        if (jc) yield* csys.setpgid(0, pgid);
        if (inRead >= 0) {
          yield* csys.dup2(inRead, 0);
          yield* csys.close(inRead);
        }
        if (pipeW >= 0) {
          yield* csys.dup2(pipeW, 1);
          yield* csys.close(pipeW);
          yield* csys.close(pipeR);
        }
        return yield* subshellStatus(sub.runInChild(csys, cmd, expanded));
      });
      if (pid < 0) {
        yield* this.errmsg(`fork: ${strerror(pid)}`);
        failed = true;
        if (pipeR >= 0) {
          yield* sys.close(pipeR);
          yield* sys.close(pipeW);
        }
        break;
      }
      if (job.pgid === 0) job.pgid = pid;
      if (jc) yield* sys.setpgid(pid, job.pgid);
      if (jc && fg && i === 0) yield* sys.ioctl(this.ttyFd, TIOCSPGRP, job.pgid);
      job.procs.push({ pid, text: cmd.text });
      if (prevRead >= 0) yield* sys.close(prevRead);
      if (pipeW >= 0) yield* sys.close(pipeW);
      prevRead = pipeR;
    }
    if (prevRead >= 0) yield* sys.close(prevRead);
    if (job.procs.length === 0) {
      this.status = failed ? 1 : 0;
      return this.status;
    }
    if (background) {
      this.startedBackground(job, job.procs[job.procs.length - 1].pid);
      yield* this.announce(job);
      return 0;
    }
    return yield* this.waitForeground(job, negate);
  }

  /**
   * What a forked child does with its command (this is the child's copy of the shell):
   * redirections for good, then execve, a builtin, a function or a compound command.
   */
  private *runInChild(csys: Sys, cmd: Command, pre?: ExpandedCommand): UserCode<Status> {
    this.lineNo = this.baseLine + cmd.line;
    if (cmd.type === 'function') {
      this.functions.set(cmd.name, { def: cmd, baseLine: this.baseLine });
      return 0;
    }
    if (cmd.type === 'compound') {
      const redirects = yield* this.expandRedirects(cmd.redirects);
      if (redirects === undefined) return 1;
      const err = yield* redirectInChild(csys, redirects);
      if (err !== undefined) {
        yield* this.errmsg(err);
        return 1;
      }
      return cmd.body.kind === 'subshell' ? yield* this.runList(cmd.body.list) : yield* runCompound(this, cmd.body);
    }
    const e = pre ?? (yield* this.expandCommand(cmd));
    if (e === undefined) return 1;
    const err = yield* redirectInChild(csys, e.redirects);
    if (err !== undefined) {
      yield* this.errmsg(err);
      return 1;
    }
    if (e.argv.length === 0) return this.substitutionStatus ?? 0;
    const fn = this.functions.get(e.argv[0]);
    if (fn) return yield* this.callFunction(fn, e.argv, []);
    const builtin = BUILTINS[e.argv[0]];
    if (builtin) return yield* builtin(this, e.argv, { stdin: 0, stdout: 1, stderr: 2 });
    return yield* this.execCommand(csys, e.argv, this.environment(e.assigns));
  }

  /** PATH search and execve, with bash's messages and statuses (127 not found, 126 not executable). */
  *execCommand(csys: Sys, argv: string[], envp: readonly string[] = this.environment()): UserCode<number> {
    const name = argv[0];
    const fail = function* (self: Shell, what: string, code: number): UserCode<number> {
      yield* writeAll(csys, 2, `${self.prefix()}${what}\n`);
      return code;
    };
    if (name === '') return yield* fail(this, ': command not found', 127);
    // bash passes the program's path in `_`, and a `PATH=… cmd` assignment applies to the search
    const withPath = (path: string): string[] => [...envp.filter((e) => !e.startsWith('_=')), `_=${path}`];
    const searchPath = envp.find((e) => e.startsWith('PATH='))?.slice(5) ?? this.vars.get('PATH');
    // a path, or PATH unset: no search; bash then tries the name as it is ("bash: ls: No such file or directory")
    if (name.includes('/') || searchPath === undefined) {
      const r = yield* csys.execve(name, argv, withPath(name));
      return yield* this.execFailed(csys, name, argv, r, fail);
    }
    let denied = 0;
    for (const dir of searchPath.split(':')) {
      const path = `${dir === '' ? '.' : dir}/${name}`;
      const r = yield* csys.execve(path, argv, withPath(path));
      if (r === -E.ENOENT || r === -E.ENOTDIR) continue;
      if (r === -E.EACCES || r === -E.EISDIR) {
        denied = r;
        continue;
      }
      return yield* this.execFailed(csys, path, argv, r, fail);
    }
    if (denied) return yield* fail(this, `${name}: ${strerror(denied)}`, 126);
    return yield* fail(this, `${name}: command not found`, 127);
  }

  private *execFailed(csys: Sys, path: string, argv: string[], r: number,
    fail: (self: Shell, what: string, code: number) => UserCode<number>): UserCode<number> {
    if (r === -E.ENOEXEC) {
      // executable but not a program (execve already refused one without an x bit: EACCES):
      // bash runs a text file as a shell script
      const text = yield* readFile(csys, path);
      if (typeof text === 'string' && !text.includes('\0')) {
        const sub = new Shell(csys, { interactive: false, argv0: argv[0], args: argv.slice(1) });
        for (const [k, v] of this.vars) if (this.exported.has(k)) sub.vars.set(k, v);
        yield* sub.init();
        return yield* sub.scriptLoop(linesOf(text.replace(/^#![^\n]*/, '')), text.endsWith('\n'));
      }
      return yield* fail(this, `${argv[0]}: cannot execute binary file: Exec format error`, 126);
    }
    if (r === -E.ENOENT) return yield* fail(this, `${argv[0]}: No such file or directory`, 127);
    return yield* fail(this, `${argv[0]}: ${strerror(r)}`, 126);
  }

  /** $(list): runs a subshell with its stdout on a pipe and collects the output. */
  *commandSubstitution(list: List): UserCode<string> {
    const sys = this.sys;
    const p = yield* sys.pipe();
    if (typeof p === 'number') {
      yield* this.errmsg(`pipe error: ${strerror(p)}`);
      return '';
    }
    const [r, w] = p;
    const sub = this.clone();
    const slots = [...this.saveSlots.inUse];
    // in the shell's process group: ^C stops it, with the default action (not the shell's handler)
    const interactive = this.jobControl;
    const pid = yield* sys.fork(function* (csys) {
      yield* childSignals(csys, false, false, slots);
      if (interactive) {
        yield* csys.signal(SIGINT, 'default');
        yield* csys.signal(SIGQUIT, 'default');
      }
      yield* csys.dup2(w, 1);
      yield* csys.close(w);
      yield* csys.close(r);
      return yield* subshellStatus(sub.runList(list));
    });
    yield* sys.close(w);
    if (pid < 0) {
      yield* sys.close(r);
      yield* this.errmsg(`fork: ${strerror(pid)}`);
      return '';
    }
    const data = yield* readAllFd(sys, r);
    yield* sys.close(r);
    for (;;) {
      const wr = yield* sys.wait4(pid, 0);
      if (wr.pid === -E.EINTR) continue;
      if (wr.pid === pid) {
        this.status = statusToCode(wr.status);
        this.substitutionStatus = this.status;
      }
      break;
    }
    // ^C during $(…): the command it was for does not run
    this.checkInterrupt();
    const text = typeof data === 'number' ? '' : new TextDecoder().decode(data);
    return text.replace(/\n+$/, '');
  }

  /** `source`: the file's commands in this shell; `return` ends it. */
  *source(text: string): UserCode<Status | 'syntax'> {
    this.sourceDepth++;
    try {
      return yield* this.runText(text);
    } finally {
      this.sourceDepth--;
      this.returning = false;
    }
  }

  /** `exit`: remembered, and the loop ends after the current builtin. */
  requestExit(code: number): void {
    this.exitRequested = code;
  }
}

/**
 * The signal dispositions of a forked child: job-control children take ^C, ^\ and ^Z again;
 * background ones without job control ignore ^C and ^\ (bash). Descriptors the shell saved for
 * a redirection are closed, as bash's close-on-exec ones are.
 */
function* childSignals(csys: Sys, jc: boolean, background: boolean, savedSlots: readonly number[]): UserCode<void> {
  yield* csys.signal(SIGPIPE, 'default');
  yield* csys.signal(SIGTERM, 'default');
  if (jc) {
    yield* csys.signal(SIGINT, 'default');
    yield* csys.signal(SIGQUIT, 'default');
    yield* csys.signal(SIGTSTP, 'default');
  } else if (background) {
    yield* csys.signal(SIGINT, 'ignore');
    yield* csys.signal(SIGQUIT, 'ignore');
  }
  for (const fd of savedSlots) yield* csys.close(fd);
}

/** A subshell's exit status: its last command's, `exit`'s, or an abandoned command's. */
function* subshellStatus(run: UserCode<Status>): UserCode<number> {
  try {
    const r = yield* run;
    return r instanceof ExitShell ? r.status : r;
  } catch (e) {
    if (e instanceof ShellAbort) return e.status;
    throw e;
  }
}

/** The lines of a string, one per call, for scriptLoop. */
export function linesOf(text: string): () => UserCode<string | undefined> {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  let i = 0;
  // eslint-disable-next-line require-yield
  return function* () {
    return i < lines.length ? lines[i++] : undefined;
  };
}
