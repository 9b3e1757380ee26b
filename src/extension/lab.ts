// The extension's one simulated machine: a LabSession built from the settings, booted lazily
// (activation stays cheap), and a pacing loop that advances simulated time against wall time.
//
// Responsiveness: every 50 ms the loop advances the session by the simulated time due (wall time
// × speed), in small adaptive chunks, within a budget of 15 ms of real time; so the simulation
// holds the extension host for about 15 ms at a stretch (plus at most one chunk) and leaves it
// free the rest of the time. The loop runs only while something needs it —
// work processes, a registered PID (the profiler samples), a command being run for the UI, a
// terminal whose shell is busy — and stops when the machine is idle (simulated time then stands
// still, which nobody can observe).
import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { LabSession, type ExecResult } from '../lab/session';
import type { HostFs } from '../kernel/fs/inode';
import type { Task } from '../kernel/sched/task';
import { errnoName, strerror } from '../kernel/errno';
import { ContextKey } from './ids';
import type { LabSettings } from './config';

export const TICK_MS = 50;
export const BUDGET_MS = 15;
/** Bounds of a chunk of simulated time within a tick (ms). */
const MIN_CHUNK_MS = 0.25;
const MAX_CHUNK_MS = 10;
/** After a stall (a breakpoint, a sleeping laptop) do not try to catch up more than this. */
const MAX_CATCH_UP_MS = 250;

export type LabLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'debug' | 'trace'>;

/** "ESRCH: No such process" for -3. */
export function errnoText(ret: number): string {
  return `${errnoName(ret)}: ${strerror(ret)}`;
}

export class LabHost implements vscode.Disposable {
  private current: LabSession | undefined;
  /** Bumped for every new machine (boot, reset): lets views tell two kernels apart. */
  epoch = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Simulated ms per chunk of a tick (adapted to what a chunk costs). */
  private chunkMs = 1;
  private lastTick = 0;
  private readonly activity = new Set<() => boolean>();
  private readonly contextValues = new Map<string, boolean>();
  private disposed = false;
  /** Wall time spent inside advance() by the last ticks, for the log and the tests. */
  readonly stats = { ticks: 0, maxTickMs: 0, totalTickMs: 0, over50: 0, slowest: [] as { ms: number; atSimS: number }[] };

  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Something a view shows may have changed (fired at most once per tick, and after commands). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly bootEmitter = new vscode.EventEmitter<LabSession>();
  /** A new machine booted (first use or Reset Kernel). */
  readonly onDidBoot = this.bootEmitter.event;
  private readonly tickEmitter = new vscode.EventEmitter<void>();
  /** After every tick of the pacing loop (cheap listeners only). */
  readonly onDidTick = this.tickEmitter.event;

  constructor(
    public settings: LabSettings,
    private readonly homeFs: () => HostFs | undefined,
    private readonly log: LabLog,
  ) {}

  /** True once the machine has booted. */
  get booted(): boolean {
    return this.current !== undefined;
  }

  /** The session, without booting one. */
  peek(): LabSession | undefined {
    return this.current;
  }

  /** The session; boots the machine on first use. */
  get session(): LabSession {
    if (this.disposed) throw new Error('Kernel Memory Lab has been shut down');
    if (!this.current) this.boot();
    return this.current!;
  }

  /** Boots the machine if it has not booted yet. */
  ensureBooted(): LabSession {
    return this.session;
  }

  private boot(): void {
    const t0 = performance.now();
    // Speed 1: the loop below owns pacing and hands the session exact amounts of simulated time.
    const s = new LabSession({ config: this.settings.machine, hostFs: this.homeFs(), speed: 1 });
    this.current = s;
    this.epoch++;
    s.onChange(() => this.changeEmitter.fire());
    // A panic stops the machine; boot a fresh one once the kernel's call stack has unwound.
    s.onPanic((reason) => setTimeout(() => this.rebootAfterPanic(s, reason), 0));
    this.log.info(`booted the simulated machine in ${(performance.now() - t0).toFixed(1)} ms`);
    this.updateContext();
    this.bootEmitter.fire(s);
    this.changeEmitter.fire();
  }

  /** After a kernel panic: the machine reboots (a new kernel, same settings), and the user is told why. */
  private rebootAfterPanic(panicked: LabSession, reason: string): void {
    if (this.disposed || this.current !== panicked) return;
    this.log.warn(`the simulated kernel panicked (Kernel panic - not syncing: ${reason}); rebooting`);
    this.reset();
    void vscode.window.showWarningMessage(`Kernel Memory Lab: the simulated kernel panicked ("Kernel panic - not syncing: ${reason}") and the machine rebooted. The Oops before it is in the old kernel's dmesg.`, 'Show dmesg')
      .then((c) => c && vscode.commands.executeCommand('kernelMemoryLab.showDmesg'));
  }

  /** Throws the machine away and boots a new one from the current settings. */
  reset(): LabSession {
    this.stop();
    const old = this.current;
    this.current = undefined;
    old?.dispose();
    this.boot();
    return this.current!;
  }

  setSpeed(speed: LabSettings['speed']): void {
    this.settings = { ...this.settings, speed };
    this.kick();
  }

  /**
   * Keeps the loop running while `busy()` is true (checked after every tick). Returns a
   * disposable that removes the source.
   */
  addActivity(busy: () => boolean): vscode.Disposable {
    this.activity.add(busy);
    this.kick();
    return new vscode.Disposable(() => this.activity.delete(busy));
  }

  /** Starts the pacing loop if it is not running (something may have work to do). */
  kick(): void {
    if (this.disposed || this.timer || !this.current) return;
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const s = this.current;
    if (!s) return this.stop();
    const now = performance.now();
    const delta = Math.min(now - this.lastTick, MAX_CATCH_UP_MS);
    this.lastTick = now;
    try {
      this.advance(s, delta, now);
    } catch (e) {
      this.stop();
      this.log.error(`the simulation failed and was paused: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void vscode.window.showErrorMessage(`Kernel Memory Lab: the simulation failed (${e instanceof Error ? e.message : String(e)}). Reset the kernel to continue.`, 'Reset Kernel', 'Show Log')
        .then((c) => c && vscode.commands.executeCommand(c === 'Reset Kernel' ? 'kernelMemoryLab.resetKernel' : 'kernelMemoryLab.showLog'));
      return;
    }
    const spent = performance.now() - now;
    this.stats.ticks++;
    this.stats.totalTickMs += spent;
    if (spent > this.stats.maxTickMs) this.stats.maxTickMs = spent;
    if (spent > 50) {
      this.stats.over50++;
      this.stats.slowest.push({ ms: Math.round(spent * 10) / 10, atSimS: Math.round(s.kernel.now / 1e6) / 1e3 });
      this.stats.slowest.sort((a, b) => b.ms - a.ms).splice(5);
      this.log.debug(`a simulation tick took ${spent.toFixed(1)} ms (simulated time ${(s.kernel.now / 1e9).toFixed(3)} s)`);
    }
    this.updateContext();
    this.tickEmitter.fire();
    if (this.idle(s)) this.stop();
  }

  /**
   * Advances simulated time for one tick: wallDeltaMs × speed (or, at 'max', as much as the
   * budget allows), in chunks whose size adapts so that one chunk costs about 2 ms of real time.
   * The budget is checked between chunks, so a tick overruns it by at most one chunk — a cold
   * start (the JIT compiling the fault path) or a burst of faults cannot hold the host for long.
   * The session runs at speed 1 (a chunk of n ms is n ms of simulated time); the speed is ours.
   */
  private advance(s: LabSession, wallDeltaMs: number, t0: number): void {
    const speed = this.settings.speed;
    let leftMs = speed === 'max' ? Infinity : wallDeltaMs * speed;
    const clock = () => performance.now();
    while (leftMs > 0) {
      const elapsed = clock() - t0;
      if (elapsed >= BUDGET_MS) break;
      // At 'max', do not race through idle time: nothing would happen in it.
      if (speed === 'max' && this.idle(s)) break;
      const step = Math.min(leftMs, this.chunkMs);
      const c0 = clock();
      s.advance(step, BUDGET_MS - elapsed, clock);
      const cost = clock() - c0;
      if (cost < 1) this.chunkMs = Math.min(this.chunkMs * 2, MAX_CHUNK_MS);
      else if (cost > 4) this.chunkMs = Math.max(this.chunkMs / 2, MIN_CHUNK_MS);
      leftMs -= step;
    }
  }

  private idle(s: LabSession): boolean {
    if (s.busy) return false;
    for (const busy of this.activity) if (busy()) return false;
    // A registered PID keeps the profiler's work item sampling, even a sleeping shell's.
    return s.registeredPids().length === 0;
  }

  /** Runs a command line now (synchronously, as `sh -c`), then lets the loop carry on. */
  exec(line: string): ExecResult {
    const s = this.session;
    this.log.info(`$ ${line}`);
    const r = s.exec(line);
    if (r.output.trim()) this.log.debug(r.output.trimEnd());
    this.afterCommand();
    return r;
  }

  /**
   * Runs a command line through the pacing loop (for long commands such as the monitor): the
   * extension host is never blocked; resolves when the shell exits.
   */
  execAsync(line: string, token?: vscode.CancellationToken): Promise<ExecResult> {
    const s = this.session;
    const k = s.kernel;
    this.log.info(`$ ${line}`);
    let output = '';
    const tty = k.openTty((text) => (output += text));
    const pid = k.spawn('/bin/sh', ['sh', '-c', line], { tty });
    if (pid < 0) return Promise.resolve({ status: 127 << 8, output: `sh: cannot start: ${errnoText(pid)}\n`, finished: true });
    const task = k.sched.tasks.get(pid)!;
    return new Promise((resolve) => {
      let status = 0;
      const onExit = (t: Task) => {
        if (t === task) status = t.exitStatus;
      };
      k.sched.onExit.push(onExit);
      let done = false;
      const finish = (finished: boolean) => {
        if (done) return;
        done = true;
        activity.dispose();
        cancel?.dispose();
        bootSub.dispose();
        const i = k.sched.onExit.indexOf(onExit);
        if (i >= 0) k.sched.onExit.splice(i, 1);
        const text = output.replace(/\r\n/g, '\n');
        if (text.trim()) this.log.debug(text.trimEnd());
        this.afterCommand();
        resolve({ status, output: text, finished });
      };
      const activity = this.addActivity(() => {
        if (task.alive) return true;
        queueMicrotask(() => finish(true));
        return false;
      });
      const cancel = token?.onCancellationRequested(() => {
        if (task.alive) k.sched.sendSignal(task, 2 /* SIGINT */);
      });
      // A reset while the command runs: it died with its machine.
      const bootSub = this.onDidBoot(() => finish(false));
    });
  }

  /** Call after anything that changed the machine outside the loop. */
  afterCommand(): void {
    this.updateContext();
    this.changeEmitter.fire();
    this.kick();
  }

  private setContext(key: string, value: boolean): void {
    if (this.contextValues.get(key) === value) return;
    this.contextValues.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  /** Context keys for `when` clauses and enablement; set only when a value changes. */
  updateContext(): void {
    const s = this.current;
    this.setContext(ContextKey.booted, s !== undefined);
    if (!s) {
      this.setContext(ContextKey.moduleLoaded, false);
      this.setContext(ContextKey.workloadRunning, false);
      this.setContext(ContextKey.hasRegistered, false);
      return;
    }
    this.setContext(ContextKey.moduleLoaded, s.moduleLoaded);
    let work = false;
    for (const t of s.kernel.tasks) if (!t.kthread && t.alive && t.comm === 'work') work = true;
    this.setContext(ContextKey.workloadRunning, work);
    this.setContext(ContextKey.hasRegistered, s.moduleLoaded && s.registeredPids().length > 0);
  }

  setCaseStudyRunning(running: boolean): void {
    this.setContext(ContextKey.caseStudyRunning, running);
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.current?.dispose();
    this.current = undefined;
    this.activity.clear();
    this.changeEmitter.dispose();
    this.bootEmitter.dispose();
    this.tickEmitter.dispose();
  }
}
