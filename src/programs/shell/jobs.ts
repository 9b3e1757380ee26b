// Jobs, as bash's jobs.c keeps them: the job table, waiting for children with wait4 (exits,
// and with job control stops and continues), foreground jobs that own the terminal, the
// "[1]+  Done" notices, fg/bg, and what exit does with stopped jobs. The interpreter (shell.ts)
// extends this class.
import * as E from '../../kernel/errno';
import {
  SIGCONT, SIGINT, SIGTERM, SIGTSTP, TCGETS, TCSETS, TIOCSPGRP, WCONTINUED, WEXITSTATUS, WIFCONTINUED, WIFSIGNALED,
  WIFSTOPPED, WNOHANG, WSTOPSIG, WTERMSIG, WUNTRACED, type Sys, type Termios, type UserCode,
} from '../../kernel/uapi';
import { writeAll } from '../coreutils/lib';
import { signalDescription } from '../coreutils/signals';
import { ShellAbort } from './exit';

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

/** Wait status → shell status: the exit code, or 128 + the signal. */
export function statusToCode(status: number): number {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

export abstract class JobControl {
  status = 0;
  lastBg = 0;
  pid = 0;
  pgid = 0;
  jobs: Job[] = [];
  /** ids of jobs in order of use, most recent last (for %+ and %-) */
  protected jobOrder: number[] = [];
  /** job control: own process group, foreground jobs get the terminal */
  jobControl: boolean;
  interactive: boolean;
  protected shellTermios: Termios | undefined;
  protected readonly ttyFd = 0;
  /** reaped statuses of processes that belonged to no job (e.g. command substitutions) */
  protected readonly orphanStatus = new Map<number, number>();
  /** foreground jobs being waited for (not in the job table) */
  protected pendingForeground: Job[] = [];
  /** Interactive command lines read so far (exit's stopped-jobs warning holds for the next one). */
  commandNumber = 0;
  /** commandNumber when exit last said "There are stopped jobs." */
  private stoppedJobsWarnedAt = -1;
  /** Set by the interactive shell's SIGINT handler: ^C reached the shell itself. */
  sigintPending = false;

  constructor(readonly sys: Sys, interactive: boolean) {
    this.interactive = interactive;
    this.jobControl = interactive;
  }

  /** "bash: " or, when not interactive, "bash: line 3: " (bash 5.1). */
  abstract prefix(): string;

  /** After ^C reached the shell: abandon the command line (bash's QUIT / throw_to_top_level). */
  checkInterrupt(): void {
    if (!this.sigintPending) return;
    this.sigintPending = false;
    this.status = 130;
    throw new ShellAbort(130, 'interrupt');
  }

  /** A copy of the job table for a forked subshell (the simulation shares one JS heap). */
  protected copyJobsTo(s: JobControl): void {
    s.status = this.status;
    s.lastBg = this.lastBg;
    s.pid = this.pid;
    s.jobs = this.jobs.map((j) => ({ ...j, procs: j.procs.map((p) => ({ ...p })) }));
    s.jobOrder = [...this.jobOrder];
  }

  protected newJob(text: string): Job {
    let id = 1;
    while (this.jobs.some((j) => j.id === id)) id++;
    const job: Job = { id, pgid: 0, procs: [], text, done: false, notified: false, stopped: false, stopNotified: false };
    return job;
  }

  protected startedBackground(job: Job, lastPid: number): void {
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

  protected dropJob(job: Job): void {
    this.jobs = this.jobs.filter((j) => j !== job);
    this.jobOrder = this.jobOrder.filter((id) => id !== job.id);
  }

  protected *announce(job: Job): UserCode<void> {
    if (this.interactive) yield* writeAll(this.sys, 2, `[${job.id}] ${job.procs[job.procs.length - 1].pid}\n`);
  }

  /**
   * Waits until every process of a foreground job has ended, or (job control) the job has
   * stopped; takes the terminal back; reports a signal death, or puts a stopped job in the table.
   */
  protected *waitForeground(job: Job, negate: boolean): UserCode<number> {
    const sys = this.sys;
    this.pendingForeground.push(job);
    try {
      yield* this.waitFor(() => job.procs.every((p) => p.status !== undefined) || (this.jobControl && job.stopped), job);
    } finally {
      this.pendingForeground = this.pendingForeground.filter((j) => j !== job);
    }
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
      const sig = stopSignal(job);
      this.status = 128 + sig;
      return this.status;
    }
    const last = job.procs[job.procs.length - 1].status ?? 0;
    let st = statusToCode(last);
    // bash's wait_for(): a foreground job that ^C killed stops the rest of the command line
    // (a loop, a list) as if the shell had received SIGINT itself
    if (this.jobControl && job.procs.some((p) => p.status !== undefined && WIFSIGNALED(p.status) && WTERMSIG(p.status) === SIGINT)) {
      this.status = st;
      throw new ShellAbort(st, 'interrupt');
    }
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
      if (r.pid === -E.EINTR) {
        // ^C reached the shell itself (`wait` for background jobs): give up waiting
        this.checkInterrupt();
        continue;
      }
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
      state = signalDescription(stopSignal(j));
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

  /**
   * kill() for a job: its process group, or, without job control (no group of its own), each of
   * its processes that has not ended. 0 when the signal reached one, else -errno.
   */
  *signalJob(job: Job, sig: number): UserCode<number> {
    const r = this.jobControl ? yield* this.sys.kill(-job.pgid, sig) : -E.ESRCH;
    if (r >= 0) return r;
    let any = -E.ESRCH;
    for (const p of job.procs) if (p.status === undefined && (yield* this.sys.kill(p.pid, sig)) === 0) any = 0;
    return any;
  }

  /** SIGCONT to the job's process group; the job counts as running again at once (bash's start_job). */
  *continueJob(job: Job): UserCode<void> {
    yield* this.signalJob(job, SIGCONT);
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
      yield* this.signalJob(j, SIGTERM);
      yield* this.signalJob(j, SIGCONT);
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
    if (!target.done) return 128 + stopSignal(target);
    return statusToCode(target.procs[target.procs.length - 1].status ?? 0);
  }
}

/** The signal that stopped a stopped job (the first stopped process's), SIGTSTP by default. */
function stopSignal(job: Job): number {
  return job.procs.find((p) => p.stopped !== undefined)?.stopped ?? SIGTSTP;
}
