// The lab's shell: a small bash. It runs on the simulated kernel through system calls only, the
// way /bin/bash runs on Linux: fork + execve for commands, pipes and dup2 for pipelines and
// redirections, process groups and TIOCSPGRP for job control (so ^C reaches the foreground job
// and not the shell), wait4 for exit statuses, and the tty in raw mode while a line is edited.
// Messages, exit statuses and job notifications are worded as bash 5.1 prints them.
import { strerror } from '../../kernel/errno';
import * as E from '../../kernel/errno';
import {
  O_APPEND, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, SIGCONT, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, TCGETS, TCSETS,
  TIOCSPGRP, WCONTINUED, WEXITSTATUS, WIFCONTINUED, WIFSIGNALED, WIFSTOPPED, WNOHANG, WSTOPSIG, WTERMSIG, WUNTRACED,
  type Sys, type Termios, type UserCode,
} from '../../kernel/uapi';
import { readAllFd, readFile, writeAll } from '../coreutils/lib';
import { signalDescription } from '../coreutils/signals';
import { BUILTINS, type BuiltinIo } from './builtins';
import { expandWord, expandWords, expandWordToString, globPaths, type ExpandContext } from './expand';
import { ParseError, parse, type AndOr, type List, type Pipeline, type Redirect, type SimpleCommand } from './parse';
import { readLine } from './lineEditor';
import { completeLine } from './complete';
import { ExitShell } from './exit';

export const HOME = '/home/student';
export const DEFAULT_PATH = '/bin:.';

/** One process of a job. */
export interface JobProc {
  pid: number;
  /** wait status once reaped */
  status?: number;
  /** the signal that stopped it, while it is stopped (job control) */
  stopped?: number;
  text: string;
}

export interface Job {
  id: number;
  pgid: number;
  procs: JobProc[];
  /** command text as typed, without the trailing & */
  text: string;
  /** set once every process has been reaped */
  done: boolean;
  /** bash has told the user about the job's end (or it was a foreground job) */
  notified: boolean;
  /** every process that has not ended is stopped (^Z, SIGSTOP); `fg` or `bg` continues it */
  stopped: boolean;
  /** bash has told the user the job is stopped */
  stopNotified: boolean;
  /** the terminal modes the job had when it stopped, given back by `fg` */
  termios?: Termios;
}

/** A redirection after expansion. */
interface ExpandedRedirect {
  fd: number;
  op: Redirect['op'];
  target: string;
}

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

export class Shell {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  readonly aliases = new Map<string, string>([['ll', 'ls -alF'], ['la', 'ls -A'], ['l', 'ls -CF']]);
  status = 0;
  lastBg = 0;
  pid = 0;
  pgid = 0;
  jobs: Job[] = [];
  /** ids of jobs in order of use, most recent last (for %+ and %-) */
  private jobOrder: number[] = [];
  history: string[] = [];
  lineNo = 0;
  /** job control: own process group, foreground jobs get the terminal */
  jobControl: boolean;
  interactive: boolean;
  private shellTermios: Termios | undefined;
  private readonly ttyFd = 0;
  /** reaped statuses of processes that belonged to no job (e.g. command substitutions) */
  private readonly orphanStatus = new Map<number, number>();
  /** foreground jobs being waited for (not in the job table) */
  private pendingForeground: Job[] = [];
  exitRequested: number | undefined;
  /** Interactive command lines read so far (exit's stopped-jobs warning holds for the next one). */
  commandNumber = 0;
  /** commandNumber when exit last said "There are stopped jobs." */
  private stoppedJobsWarnedAt = -1;

  constructor(readonly sys: Sys, readonly opts: ShellOptions) {
    this.interactive = opts.interactive;
    this.jobControl = opts.interactive;
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

  /** A copy for a subshell (pipeline member, $(...), background list): no jobs, no job control. */
  clone(): Shell {
    const s = new Shell(this.sys, { ...this.opts, interactive: false });
    for (const [k, v] of this.vars) s.vars.set(k, v);
    for (const k of this.exported) s.exported.add(k);
    for (const [k, v] of this.aliases) s.aliases.set(k, v);
    s.status = this.status;
    s.lastBg = this.lastBg;
    s.pid = this.pid;
    s.lineNo = this.lineNo;
    // a forked subshell has copies, not the parent's objects (the simulation shares one JS heap)
    s.history = [...this.history];
    s.jobs = this.jobs.map((j) => ({ ...j, procs: j.procs.map((p) => ({ ...p })) }));
    s.jobOrder = [...this.jobOrder];
    return s;
  }

  // ---------------------------------------------------------------- messages

  /** "bash: " or, when not interactive, "bash: line 3: " (bash 5.1). */
  prefix(): string {
    return this.interactive ? 'bash: ' : `bash: line ${this.lineNo}: `;
  }

  *errmsg(text: string, fd = 2): UserCode<void> {
    yield* writeAll(this.sys, fd, `${this.prefix()}${text}\n`);
  }

  getVar(name: string): string | undefined {
    switch (name) {
      case '?': return String(this.status);
      case '$': return String(this.pid);
      case '!': return this.lastBg ? String(this.lastBg) : '';
      case '#': return String(this.opts.args.length);
      case '0': return this.opts.argv0;
      case '@':
      case '*': return this.opts.args.join(' ');
      case '-': return this.interactive ? 'himBHs' : 'hB';
    }
    if (/^\d+$/.test(name)) return this.opts.args[Number(name) - 1];
    return this.vars.get(name);
  }

  private expandCtx(): ExpandContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      getVar: (n) => self.getVar(n),
      commandSubstitution: (list) => self.commandSubstitution(list),
      glob: (pattern) => globPaths(self.sys, pattern),
    };
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
      yield* sys.signal(SIGINT, 'ignore');
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
      const r = yield* readLine(sys, this.prompt(), this.history, { completer: (line, cur) => completeLine(sys, this, line, cur) });
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
      let text = r.line;
      // more lines for an open quote or a trailing | && ||
      let abandoned = false;
      for (;;) {
        const need = this.incomplete(text);
        if (!need) break;
        const more = yield* readLine(sys, this.prompt(this.vars.get('PS2') ?? '> '), this.history, {});
        if (more.kind === 'interrupt') {
          abandoned = true;
          this.status = 130;
          break;
        }
        if (more.kind === 'eof') {
          yield* this.errmsg(need === true ? 'syntax error: unexpected end of file' : need);
          abandoned = true;
          this.status = 2;
          break;
        }
        text += `\n${more.line}`;
      }
      if (abandoned) continue;
      this.addHistory(text);
      this.lineNo++;
      const status = yield* this.runText(text);
      if (status instanceof ExitShell) {
        yield* this.terminateStoppedJobs();
        return status.status;
      }
      if (this.tty && this.shellTermios) yield* sys.ioctl(this.ttyFd, TCSETS, this.shellTermios);
    }
  }

  private get tty(): boolean {
    return this.jobControl;
  }

  /** undefined when `text` parses; the EOF message (or true) when it needs more lines. */
  private incomplete(text: string): string | true | undefined {
    try {
      parse(text);
      return undefined;
    } catch (e) {
      if (e instanceof ParseError && e.incomplete) {
        return e.message.startsWith('unexpected EOF') ? e.message : true;
      }
      return undefined;
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
   * Runs a script non-interactively, a line at a time (a syntax error on line 3 still lets
   * lines 1 and 2 run, as in bash). `nextLine` returns undefined at end of input.
   */
  *scriptLoop(nextLine: () => UserCode<string | undefined>): UserCode<number> {
    let pending: string | undefined;
    let startLine = 0;
    for (;;) {
      const line = yield* nextLine();
      if (line === undefined) {
        if (pending !== undefined) {
          this.lineNo = startLine;
          const need = this.incomplete(pending);
          if (need !== true && need !== undefined) yield* this.syntaxError(need, startLine);
          this.lineNo++;
          yield* this.syntaxError('syntax error: unexpected end of file', this.lineNo + pending.split('\n').length - 1);
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
      if (this.incomplete(pending) !== undefined) continue;
      const text = pending;
      pending = undefined;
      const saveLine = this.lineNo;
      this.lineNo = startLine;
      const r = yield* this.runText(text, true);
      this.lineNo = saveLine;
      if (r instanceof ExitShell) return r.status;
      if (r === 'syntax') return 2;
    }
  }

  private *syntaxError(message: string, line: number): UserCode<void> {
    const where = this.opts.commandString ? `bash: -c: line ${line}: ` : `bash: line ${line}: `;
    yield* writeAll(this.sys, 2, `${where}${message}\n`);
  }

  /** Parses and runs one chunk of input. */
  *runText(text: string, script = false): UserCode<number | ExitShell | 'syntax'> {
    let list: List;
    try {
      list = parse(text);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.status = 2;
      if (this.interactive) {
        yield* this.errmsg(e.message);
      } else {
        yield* this.syntaxError(e.message, this.lineNo);
        if (e.message.startsWith('syntax error near')) {
          const where = this.opts.commandString ? `bash: -c: line ${this.lineNo}: ` : `bash: line ${this.lineNo}: `;
          yield* writeAll(this.sys, 2, `${where}\`${text}'\n`);
        }
      }
      return script ? 'syntax' : 2;
    }
    const r = yield* this.runList(list);
    return r;
  }

  // ---------------------------------------------------------------- execution

  *runList(list: List): UserCode<number | ExitShell> {
    for (const item of list) {
      const r = yield* this.runAndOr(item);
      if (r instanceof ExitShell) return r;
      if (this.exitRequested !== undefined) return new ExitShell(this.exitRequested);
    }
    return this.status;
  }

  private *runAndOr(item: AndOr): UserCode<number | ExitShell> {
    if (item.background) return yield* this.runBackground(item);
    let r = yield* this.runPipeline(item.first, false, item.text);
    if (r instanceof ExitShell) return r;
    for (const { op, pipeline } of item.rest) {
      if ((op === '&&') !== (this.status === 0)) continue;
      r = yield* this.runPipeline(pipeline, false, item.text);
      if (r instanceof ExitShell) return r;
    }
    return this.status;
  }

  /** `cmd &`: a job in its own process group that the shell does not wait for. */
  private *runBackground(item: AndOr): UserCode<number> {
    if (item.rest.length === 0) {
      yield* this.runPipeline(item.first, true, item.text);
      return this.status;
    }
    // `a && b &` runs as one subshell job
    const sub = this.clone();
    const job = this.newJob(item.text);
    const jc = this.jobControl;
    const pid = yield* this.sys.fork(function* (csys) {
      yield* csys.signal(SIGPIPE, 'default');
      yield* csys.signal(SIGTERM, 'default');
      if (jc) {
        yield* csys.setpgid(0, 0);
        yield* csys.signal(SIGTSTP, 'default');
      } else {
        yield* csys.signal(SIGINT, 'ignore');
        yield* csys.signal(SIGQUIT, 'ignore');
      }
      sub.pid = yield* csys.getpid();
      const r = yield* sub.runAndOr({ ...item, background: false });
      return r instanceof ExitShell ? r.status : sub.status;
    });
    if (pid < 0) {
      yield* this.errmsg(`fork: ${strerror(pid)}`);
      this.status = 1;
      this.dropJob(job);
      return 1;
    }
    if (jc) yield* this.sys.setpgid(pid, pid);
    job.pgid = pid;
    job.procs.push({ pid, text: item.text });
    this.startedBackground(job, pid);
    yield* this.announce(job);
    return 0;
  }

  private newJob(text: string): Job {
    let id = 1;
    while (this.jobs.some((j) => j.id === id)) id++;
    const job: Job = { id, pgid: 0, procs: [], text, done: false, notified: false, stopped: false, stopNotified: false };
    return job;
  }

  private startedBackground(job: Job, lastPid: number): void {
    this.jobs.push(job);
    this.jobs.sort((a, b) => a.id - b.id);
    this.jobOrder = this.jobOrder.filter((id) => id !== job.id);
    this.jobOrder.push(job.id);
    this.lastBg = lastPid;
    this.status = 0;
  }

  /** Removes a job from the table (after its end was reported). */
  forgetJob(job: Job): void {
    this.dropJob(job);
  }

  private dropJob(job: Job): void {
    this.jobs = this.jobs.filter((j) => j !== job);
    this.jobOrder = this.jobOrder.filter((id) => id !== job.id);
  }

  private *announce(job: Job): UserCode<void> {
    if (this.interactive) yield* writeAll(this.sys, 2, `[${job.id}] ${job.procs[job.procs.length - 1].pid}\n`);
  }

  /** Expands and runs a pipeline; for the foreground, waits and sets $?. */
  private *runPipeline(p: Pipeline, background: boolean, text: string): UserCode<number | ExitShell> {
    const cmds: ExpandedCommand[] = [];
    for (const c of p.commands) {
      const e = yield* this.expandCommand(c);
      if (e === undefined) {
        this.status = 1;
        return 1;
      }
      cmds.push(e);
    }
    // a lone builtin or assignment runs in the shell itself (so cd and exit work)
    if (cmds.length === 1 && !background) {
      const c = cmds[0];
      if (c.argv.length === 0) {
        for (const [k, v] of c.assigns) this.vars.set(k, v);
        const st = yield* this.redirectOnly(c.redirects);
        this.status = p.negate ? (st === 0 ? 1 : 0) : st;
        return this.status;
      }
      const builtin = BUILTINS[c.argv[0]];
      if (builtin) {
        const io = yield* this.openRedirects(c.redirects);
        if (typeof io === 'number') {
          this.status = p.negate ? 0 : io;
          return this.status;
        }
        let st: number;
        const r = yield* builtin(this, c.argv, io.io);
        yield* this.closeAll(io.opened);
        if (r instanceof ExitShell) return r;
        st = r;
        if (this.exitRequested !== undefined) return new ExitShell(this.exitRequested);
        if (p.negate) st = st === 0 ? 1 : 0;
        this.status = st;
        return st;
      }
    }
    return yield* this.launch(cmds, p.negate, background, text);
  }

  /** Expands words and redirection targets; undefined (after a message) on an expansion error. */
  private *expandCommand(c: SimpleCommand): UserCode<ExpandedCommand | undefined> {
    const ctx = this.expandCtx();
    let words = c.words;
    // alias expansion of the first word (interactive shells only, as bash)
    if (this.interactive && words.length > 0) {
      const w = words[0];
      if (w.length === 1 && w[0].t === 'lit' && !w[0].q && this.aliases.has(w[0].s)) {
        const text = this.aliases.get(w[0].s)!;
        try {
          const parsed = parse(text);
          const first = parsed[0]?.first.commands[0];
          if (first && parsed.length === 1 && parsed[0].rest.length === 0 && parsed[0].first.commands.length === 1) {
            words = [...first.words, ...words.slice(1)];
          }
        } catch {
          // a broken alias is used as is
        }
      }
    }
    const argv = yield* expandWords(words, ctx);
    const assigns: Array<[string, string]> = [];
    for (const a of c.assigns) assigns.push([a.name, yield* expandWordToString(a.value, ctx)]);
    const redirects: ExpandedRedirect[] = [];
    for (const r of c.redirects) {
      const fields = yield* expandWord(r.target, ctx);
      if (fields.length !== 1) {
        const raw = r.target.map((p) => (p.t === 'lit' ? p.s : p.t === 'var' ? `$${p.name}` : p.t === 'tilde' ? '~' : '$(...)')).join('');
        yield* this.errmsg(`${raw}: ambiguous redirect`);
        return undefined;
      }
      redirects.push({ fd: r.fd, op: r.op, target: fields[0] });
    }
    return { argv, redirects, assigns };
  }

  /** Redirections for a builtin run in the shell: files opened on new descriptors, nothing dup2'ed. */
  private *openRedirects(redirects: ExpandedRedirect[]): UserCode<{ io: BuiltinIo; opened: number[] } | number> {
    const map: number[] = [0, 1, 2];
    const opened: number[] = [];
    for (const r of redirects) {
      const res = yield* this.redirectTarget(r, (fd) => map[fd]);
      if (typeof res === 'string') {
        yield* this.errmsg(res);
        yield* this.closeAll(opened);
        return 1;
      }
      for (const { fd, to, owned } of res) {
        if (owned) opened.push(to);
        if (fd <= 2) map[fd] = to;
      }
    }
    return { io: { stdin: map[0], stdout: map[1], stderr: map[2] }, opened };
  }

  private *closeAll(fds: number[]): UserCode<void> {
    for (const fd of fds) yield* this.sys.close(fd);
  }

  /** `> file` with no command: creates/truncates the file, like bash. */
  private *redirectOnly(redirects: ExpandedRedirect[]): UserCode<number> {
    const r = yield* this.openRedirects(redirects);
    if (typeof r === 'number') return r;
    yield* this.closeAll(r.opened);
    return 0;
  }

  /**
   * Opens what a redirection points at. Returns the (fd → descriptor) assignments, or the
   * bash error message. `current` maps an fd to the descriptor currently standing for it.
   */
  private *redirectTarget(r: ExpandedRedirect, current: (fd: number) => number | undefined): UserCode<Array<{ fd: number; to: number; owned: boolean }> | string> {
    const sys = this.sys;
    const open = function* (flags: number): UserCode<number | string> {
      const fd = yield* sys.open(r.target, flags, 0o666);
      if (fd < 0) return `${r.target}: ${strerror(fd)}`;
      return fd;
    };
    switch (r.op) {
      case '<': {
        const fd = yield* open(O_RDONLY);
        return typeof fd === 'string' ? fd : [{ fd: r.fd, to: fd, owned: true }];
      }
      case '>':
      case '>|': {
        const fd = yield* open(O_WRONLY | O_CREAT | O_TRUNC);
        return typeof fd === 'string' ? fd : [{ fd: r.fd, to: fd, owned: true }];
      }
      case '>>': {
        const fd = yield* open(O_WRONLY | O_CREAT | O_APPEND);
        return typeof fd === 'string' ? fd : [{ fd: r.fd, to: fd, owned: true }];
      }
      case '&>':
      case '&>>': {
        const fd = yield* open(O_WRONLY | O_CREAT | (r.op === '&>' ? O_TRUNC : O_APPEND));
        return typeof fd === 'string' ? fd : [{ fd: 1, to: fd, owned: true }, { fd: 2, to: fd, owned: false }];
      }
      case '>&':
      case '<&': {
        if (r.target === '-') return [{ fd: r.fd, to: -1, owned: false }];
        if (/^\d+$/.test(r.target)) {
          const src = current(Number(r.target));
          if (src === undefined || src < 0) return `${r.target}: Bad file descriptor`;
          return [{ fd: r.fd, to: src, owned: false }];
        }
        if (r.op === '<&') return `${r.target}: ambiguous redirect`;
        const fd = yield* open(O_WRONLY | O_CREAT | O_TRUNC);
        return typeof fd === 'string' ? fd : [{ fd: 1, to: fd, owned: true }, { fd: 2, to: fd, owned: false }];
      }
    }
    return `${r.target}: ambiguous redirect`;
  }

  /** In a child: applies redirections with dup2, as bash's do_redirections. Returns false after a message. */
  private *applyRedirectsInChild(csys: Sys, redirects: ExpandedRedirect[]): UserCode<boolean> {
    for (const r of redirects) {
      const res = yield* this.redirectTarget(r, (fd) => fd);
      if (typeof res === 'string') {
        yield* writeAll(csys, 2, `${this.prefix()}${res}\n`);
        return false;
      }
      for (const { fd, to } of res) {
        if (to === -1) {
          yield* csys.close(fd);
        } else if (to !== fd) {
          const d = yield* csys.dup2(to, fd);
          if (d < 0) {
            yield* writeAll(csys, 2, `${this.prefix()}${fd}: ${strerror(d)}\n`);
            return false;
          }
        }
      }
      for (const e of res) if (e.owned && !res.some((x) => x.fd === e.to)) yield* csys.close(e.to);
    }
    return true;
  }

  /** Forks the processes of a pipeline; waits for a foreground one. */
  private *launch(cmds: ExpandedCommand[], negate: boolean, background: boolean, text: string): UserCode<number> {
    const sys = this.sys;
    const job = this.newJob(text);
    const jc = this.jobControl;
    const fg = !background;
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
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const self = this;
      const pid = yield* sys.fork(function* (csys) {
        yield* csys.signal(SIGPIPE, 'default');
        yield* csys.signal(SIGTERM, 'default');
        if (jc) {
          yield* csys.setpgid(0, pgid);
          yield* csys.signal(SIGINT, 'default');
          yield* csys.signal(SIGQUIT, 'default');
          yield* csys.signal(SIGTSTP, 'default');
        } else if (background) {
          yield* csys.signal(SIGINT, 'ignore');
          yield* csys.signal(SIGQUIT, 'ignore');
        }
        if (inRead >= 0) {
          yield* csys.dup2(inRead, 0);
          yield* csys.close(inRead);
        }
        if (pipeW >= 0) {
          yield* csys.dup2(pipeW, 1);
          yield* csys.close(pipeW);
          yield* csys.close(pipeR);
        }
        return yield* self.childRun(csys, cmd);
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
      job.procs.push({ pid, text: cmd.argv.join(' ') });
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

  /** What a forked child does: redirections, then a builtin or execve. Returns the exit status. */
  private *childRun(csys: Sys, cmd: ExpandedCommand): UserCode<number> {
    if (!(yield* this.applyRedirectsInChild(csys, cmd.redirects))) return 1;
    if (cmd.argv.length === 0) return 0;
    const builtin = BUILTINS[cmd.argv[0]];
    if (builtin) {
      const sub = this.clone();
      sub.pid = this.pid;
      const r = yield* builtin(sub, cmd.argv, { stdin: 0, stdout: 1, stderr: 2 });
      return r instanceof ExitShell ? r.status : r;
    }
    return yield* this.execCommand(csys, cmd.argv, this.environment(cmd.assigns));
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
    if (name.includes('/')) {
      const r = yield* csys.execve(name, argv, withPath(name));
      return yield* this.execFailed(csys, name, argv, r, fail);
    }
    let denied = 0;
    const searchPath = envp.find((e) => e.startsWith('PATH='))?.slice(5) ?? this.vars.get('PATH');
    if (searchPath === undefined) {
      // PATH unset: bash looks in the current directory only ("bash: ls: No such file or directory")
      const r = yield* csys.execve(name, argv, withPath(name));
      return yield* this.execFailed(csys, name, argv, r, fail);
    }
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
      // execve(2) refuses a file without execute permission before looking at its contents
      const st = yield* csys.stat(path);
      if (typeof st === 'object' && !(st.mode & 0o111)) return yield* fail(this, `${argv[0]}: Permission denied`, 126);
      // not a program: bash runs a text file as a shell script
      const text = yield* readFile(csys, path);
      if (typeof text === 'string' && !text.includes('\0')) {
        const sub = new Shell(csys, { interactive: false, argv0: argv[0], args: argv.slice(1) });
        for (const [k, v] of this.vars) if (this.exported.has(k)) sub.vars.set(k, v);
        yield* sub.init();
        return yield* sub.scriptLoop(linesOf(text.replace(/^#![^\n]*/, '')));
      }
      return yield* fail(this, `${argv[0]}: cannot execute binary file: Exec format error`, 126);
    }
    if (r === -E.ENOENT) return yield* fail(this, `${argv[0]}: No such file or directory`, 127);
    return yield* fail(this, `${argv[0]}: ${strerror(r)}`, 126);
  }

  /**
   * Waits until every process of a foreground job has ended, or (job control) the job has
   * stopped; takes the terminal back; reports a signal death, or puts a stopped job in the table.
   */
  private *waitForeground(job: Job, negate: boolean): UserCode<number> {
    const sys = this.sys;
    this.pendingForeground.push(job);
    yield* this.waitFor(() => job.procs.every((p) => p.status !== undefined) || (this.jobControl && job.stopped), job);
    this.pendingForeground = this.pendingForeground.filter((j) => j !== job);
    if (this.jobControl) {
      if (job.stopped) {
        // bash saves the job's terminal modes and gives them back on `fg`
        const t = yield* sys.ioctl(this.ttyFd, TCGETS);
        if (typeof t === 'object') job.termios = { ...(t as Termios) };
      }
      yield* sys.ioctl(this.ttyFd, TIOCSPGRP, this.pgid);
      if (this.shellTermios) yield* sys.ioctl(this.ttyFd, TCSETS, this.shellTermios);
    }
    if (job.stopped) {
      // "[1]+  Stopped                 sleep 100": the job joins the table as the current job
      this.jobs.push(job);
      this.jobs.sort((a, b) => a.id - b.id);
      this.jobOrder = this.jobOrder.filter((id) => id !== job.id);
      this.jobOrder.push(job.id);
      job.stopNotified = true;
      if (this.interactive) yield* writeAll(sys, 2, `${this.formatJob(job, false)}\n`);
      const sig = job.procs.find((p) => p.stopped !== undefined)?.stopped ?? SIGTSTP;
      this.status = 128 + sig;
      return this.status;
    }
    const last = job.procs[job.procs.length - 1].status ?? 0;
    let st = statusToCode(last);
    // bash reports a job killed by a signal (except SIGINT and SIGPIPE)
    const sigProc = job.procs.find((p) => p.status !== undefined && WIFSIGNALED(p.status) && WTERMSIG(p.status) !== SIGINT && WTERMSIG(p.status) !== 13);
    if (sigProc && sigProc.status !== undefined) {
      const desc = signalDescription(WTERMSIG(sigProc.status));
      if (this.interactive) yield* writeAll(sys, 2, `${desc}\n`);
      else yield* writeAll(sys, 2, `${this.prefix()}${String(sigProc.pid).padStart(5)} ${desc.padEnd(24)}${sigProc.text}\n`);
    }
    if (negate) st = st === 0 ? 1 : 0;
    this.status = st;
    return st;
  }

  /**
   * Blocks in wait4 until `done()`; records every status reaped on the way (background jobs too).
   * With job control, stops are reported too (WUNTRACED), so a ^Z'd job does not hang the shell.
   */
  *waitFor(done: () => boolean, _job?: Job): UserCode<void> {
    while (!done()) {
      const r = yield* this.sys.wait4(-1, this.jobControl ? WUNTRACED : 0);
      if (r.pid === -E.EINTR) continue;
      if (r.pid <= 0) {
        // no children left: mark what we waited for as gone
        if (_job) for (const p of _job.procs) p.status ??= 0;
        return;
      }
      this.record(r.pid, r.status);
    }
  }

  /** Stores what wait4 said of a child in its job: its end, or that it stopped or continued. */
  record(pid: number, status: number): void {
    // a foreground job is not in this.jobs: find it through the pending waits
    for (const j of [...this.jobs, ...this.pendingForeground]) {
      const p = j.procs.find((x) => x.pid === pid);
      if (!p) continue;
      if (WIFSTOPPED(status)) p.stopped = WSTOPSIG(status);
      else if (WIFCONTINUED(status)) p.stopped = undefined;
      else {
        p.status = status;
        p.stopped = undefined;
      }
      const wasStopped = j.stopped;
      j.stopped = j.procs.some((x) => x.stopped !== undefined) && j.procs.every((x) => x.stopped !== undefined || x.status !== undefined);
      if (!j.stopped || !wasStopped) j.stopNotified = false;
      if (j.procs.every((x) => x.status !== undefined)) j.done = true;
      return;
    }
    if (!WIFSTOPPED(status) && !WIFCONTINUED(status)) this.orphanStatus.set(pid, status);
  }


  /** Reaps finished background children, and notes stopped and continued ones, without blocking (bash's SIGCHLD handler). */
  *reapNonBlocking(): UserCode<void> {
    for (;;) {
      const r = yield* this.sys.wait4(-1, this.jobControl ? WNOHANG | WUNTRACED | WCONTINUED : WNOHANG);
      if (r.pid <= 0) return;
      this.record(r.pid, r.status);
    }
  }

  /** Before a prompt: "[1]+  Done                    sleep 1" for each finished job. */
  *notifyJobs(): UserCode<void> {
    yield* this.reapNonBlocking();
    for (const j of this.jobs) {
      if (!j.stopped || j.stopNotified) continue;
      // a background job stopped by a signal: "[1]+  Stopped (signal)        sleep 100"
      if (this.interactive) yield* writeAll(this.sys, 2, `${this.formatJob(j, false)}\n`);
      j.stopNotified = true;
    }
    const finished = this.jobs.filter((j) => j.done && !j.notified);
    for (const j of finished) {
      if (this.interactive) yield* writeAll(this.sys, 2, `${this.formatJob(j, false)}\n`);
      j.notified = true;
    }
    for (const j of finished) this.dropJob(j);
  }

  /** The current (+) and previous (-) job ids. */
  currentJobs(): { plus?: number; minus?: number } {
    const live = this.jobOrder.filter((id) => this.jobs.some((j) => j.id === id));
    return { plus: live[live.length - 1], minus: live[live.length - 2] };
  }

  /** A line of `jobs` / a notification: "[1]+  Running                 sleep 100 &". */
  formatJob(j: Job, withPid: boolean): string {
    const { plus, minus } = this.currentJobs();
    const mark = j.id === plus ? '+' : j.id === minus ? '-' : ' ';
    let state = 'Running';
    let suffix = ' &';
    if (j.done) {
      const st = j.procs[j.procs.length - 1].status ?? 0;
      suffix = '';
      if (WIFSIGNALED(st)) state = signalDescription(WTERMSIG(st));
      else if (WEXITSTATUS(st) === 0) state = 'Done';
      else state = `Exit ${WEXITSTATUS(st)}`;
    } else if (j.stopped) {
      // strsignal: "Stopped" (SIGTSTP), "Stopped (signal)" (SIGSTOP), "Stopped (tty input)" …
      state = signalDescription(j.procs.find((p) => p.stopped !== undefined)?.stopped ?? SIGTSTP);
      suffix = '';
    }
    const pid = withPid ? `${j.procs[0].pid} ` : ' ';
    return `[${j.id}]${mark} ${pid}${state.padEnd(24)}${j.text}${suffix}`;
  }

  /** Resolves a job spec: %1, %%, %+, %-, %name. */
  findJob(spec: string): Job | undefined {
    const { plus, minus } = this.currentJobs();
    const s = spec.startsWith('%') ? spec.slice(1) : spec;
    if (s === '' || s === '%' || s === '+') return this.jobs.find((j) => j.id === plus);
    if (s === '-') return this.jobs.find((j) => j.id === minus);
    if (/^\d+$/.test(s)) return this.jobs.find((j) => j.id === Number(s));
    return this.jobs.find((j) => j.text.startsWith(s));
  }

  /** Brings a job to the foreground (fg), continuing it if it is stopped, and waits for it. */
  *foreground(job: Job): UserCode<number> {
    this.dropJob(job);
    if (this.jobControl) {
      yield* this.sys.ioctl(this.ttyFd, TIOCSPGRP, job.pgid);
      if (job.stopped && job.termios) yield* this.sys.ioctl(this.ttyFd, TCSETS, job.termios);
    }
    if (job.stopped) yield* this.continueJob(job);
    return yield* this.waitForeground(job, false);
  }

  /** Continues a stopped job in the background (bg). */
  *background(job: Job): UserCode<void> {
    yield* this.continueJob(job);
    this.jobOrder = this.jobOrder.filter((id) => id !== job.id);
    this.jobOrder.push(job.id);
  }

  /** SIGCONT to the job's process group; the job counts as running again at once (bash's start_job). */
  *continueJob(job: Job): UserCode<void> {
    let r = this.jobControl ? yield* this.sys.kill(-job.pgid, SIGCONT) : -E.ESRCH;
    if (r < 0) for (const p of job.procs) if (p.status === undefined) r = yield* this.sys.kill(p.pid, SIGCONT);
    for (const p of job.procs) p.stopped = undefined;
    job.stopped = false;
    job.stopNotified = false;
  }

  /**
   * exit (or ^D) with stopped jobs: bash says "There are stopped jobs." and stays; an exit right
   * after that (the next command line) leaves. Returns whether the exit is held back.
   */
  *stoppedJobsHoldExit(): UserCode<boolean> {
    if (!this.interactive || !this.jobs.some((j) => j.stopped && !j.done)) return false;
    if (this.stoppedJobsWarnedAt === this.commandNumber - 1) return false;
    this.stoppedJobsWarnedAt = this.commandNumber;
    yield* writeAll(this.sys, 2, 'There are stopped jobs.\n');
    return true;
  }

  /**
   * The shell is leaving: stopped jobs would stay stopped forever with nobody to continue them,
   * so they get SIGTERM and SIGCONT (bash's terminate_stopped_jobs).
   */
  *terminateStoppedJobs(): UserCode<void> {
    for (const j of this.jobs) {
      if (!j.stopped || j.done) continue;
      yield* this.sys.kill(-j.pgid, SIGTERM);
      yield* this.sys.kill(-j.pgid, SIGCONT);
    }
  }

  /** `wait`: all background jobs; `wait pid`/`wait %n`: one. Returns the status bash would. */
  *waitJobs(target?: Job | number): UserCode<number> {
    if (target === undefined) {
      // stopped jobs would never end by themselves: bash does not wait for them
      yield* this.waitFor(() => this.jobs.every((j) => j.done || j.stopped));
      return 0;
    }
    if (typeof target === 'number') {
      const orphan = this.orphanStatus.get(target);
      if (orphan !== undefined) {
        this.orphanStatus.delete(target);
        return statusToCode(orphan);
      }
      const job = this.jobs.find((j) => j.procs.some((p) => p.pid === target));
      if (!job) return -1;
      const proc = job.procs.find((p) => p.pid === target)!;
      yield* this.waitFor(() => proc.status !== undefined || proc.stopped !== undefined);
      return proc.stopped !== undefined ? 128 + proc.stopped : statusToCode(proc.status ?? 0);
    }
    yield* this.waitFor(() => target.done || target.stopped);
    if (!target.done) return 128 + (target.procs.find((p) => p.stopped !== undefined)?.stopped ?? SIGTSTP);
    return statusToCode(target.procs[target.procs.length - 1].status ?? 0);
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
    const pid = yield* sys.fork(function* (csys) {
      yield* csys.dup2(w, 1);
      yield* csys.close(w);
      yield* csys.close(r);
      const res = yield* sub.runList(list);
      return res instanceof ExitShell ? res.status : sub.status;
    });
    yield* sys.close(w);
    if (pid < 0) {
      yield* sys.close(r);
      yield* this.errmsg(`fork: ${strerror(pid)}`);
      return '';
    }
    const data = yield* readAllFd(sys, r);
    yield* sys.close(r);
    // reap it (recording anything else that ends meanwhile)
    for (;;) {
      const wr = yield* sys.wait4(pid, 0);
      if (wr.pid === -E.EINTR) continue;
      if (wr.pid === pid) this.status = statusToCode(wr.status);
      break;
    }
    const text = typeof data === 'number' ? '' : new TextDecoder().decode(data);
    return text.replace(/\n+$/, '');
  }

  /** `exit`: remembered, and the loop ends after the current builtin. */
  requestExit(code: number): void {
    this.exitRequested = code;
  }
}

/** Wait status → shell status: the exit code, or 128 + the signal. */
export function statusToCode(status: number): number {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
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
