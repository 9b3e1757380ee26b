// The extension's one simulated machine, as a client of the session interface. The machine
// itself (kernel, module, programs, and the loop that paces simulated time against wall time)
// runs in a worker thread (dist/machineWorker.js, src/host/machineWorker.ts); this side only
// renders: it keeps the SessionClient's mirror (state, profiler buffer pages, dmesg) for the
// views and turns commands into calls. Nothing here touches a kernel object.
//
// The worker boots lazily (activation stays cheap). A heartbeat watches it: if it stops
// answering (a module's endless loop cannot be preempted inside the thread) it is terminated and
// a fresh machine boots, with a notification and a line in the log; the editor never waits.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ExecResult } from '../lab/sessionProtocol';
import { SessionClient, SessionClosedError } from '../lab/sessionClient';
import { MachineWorker } from '../host/machineWorkerHost';
import { errnoName, strerror } from '../lab/kernelFacts';
import { ContextKey } from './ids';
import type { LabSettings } from './config';

export type LabLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'debug' | 'trace'>;

/** The session as the views see it (a client of the machine in the worker). */
export type LabSessionClient = SessionClient;

/** "ESRCH: No such process" for -3. */
export function errnoText(ret: number): string {
  return `${errnoName(ret)}: ${strerror(ret)}`;
}

export interface LabHostOptions {
  /** The worker bundle (default: dist/machineWorker.js next to this bundle). */
  workerFile?: string;
  /** Silence after which the worker is declared stuck (ms). */
  heartbeatTimeoutMs?: number;
}

export class LabHost implements vscode.Disposable {
  private worker: MachineWorker | undefined;
  private current: SessionClient | undefined;
  private booting: Promise<void> | undefined;
  /** Bumped for every new machine (boot, reset, restart): lets views tell two kernels apart. */
  epoch = 0;
  private readonly contextValues = new Map<string, boolean>();
  private disposed = false;
  /** The worker's pacing figures as last reported (for the log and the tests). */
  readonly stats = { ticks: 0, maxTickMs: 0, over50: 0, slowest: [] as { ms: number; atSimS: number }[], restarts: 0 };

  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Something a view shows may have changed (a state from the machine, or after a command). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly bootEmitter = new vscode.EventEmitter<SessionClient>();
  /** A new machine booted (first use, Reset Kernel, or a restart after a hang). */
  readonly onDidBoot = this.bootEmitter.event;
  private readonly tickEmitter = new vscode.EventEmitter<void>();
  /** After every state the machine posts while it runs (cheap listeners only). */
  readonly onDidTick = this.tickEmitter.event;

  constructor(
    public settings: LabSettings,
    /** The folder behind /home/student (the workspace folder), or undefined for memory. */
    private readonly homeDir: () => string | undefined,
    private readonly log: LabLog,
    private readonly options: LabHostOptions = {},
  ) {}

  /** True once the machine has booted (or is booting). */
  get booted(): boolean {
    return this.current !== undefined;
  }

  /** The session, without booting one. */
  peek(): SessionClient | undefined {
    return this.current;
  }

  /** The session; boots the machine on first use (calls made meanwhile queue behind the boot). */
  get session(): SessionClient {
    if (this.disposed) throw new Error('Kernel Memory Lab has been shut down');
    if (!this.current) this.boot();
    return this.current!;
  }

  /** Boots the machine if it has not booted yet; resolves when it has. */
  async ensureBooted(): Promise<SessionClient> {
    const s = this.session;
    await this.booting;
    return s;
  }

  /** True while the machine advances simulated time (something needs it). */
  get running(): boolean {
    return this.current?.running ?? false;
  }

  private boot(why = 'booted'): void {
    const t0 = performance.now();
    const worker = new MachineWorker({
      workerFile: this.options.workerFile ?? path.join(__dirname, 'machineWorker.js'),
      timeoutMs: this.options.heartbeatTimeoutMs ?? 5000,
      onUnresponsive: (ms) => this.restart(worker, `the simulated machine stopped answering for ${(ms / 1000).toFixed(1)} s (module code in an endless loop?)`),
      onCrash: (message) => this.restart(worker, `the simulated machine's worker thread ended (${message})`),
    });
    const s = worker.client;
    this.worker = worker;
    this.current = s;
    this.epoch++;
    s.onState((st) => {
      this.stats.ticks = st.loop.slices;
      this.stats.maxTickMs = st.loop.maxSliceMs;
      this.updateContext();
      this.tickEmitter.fire();
      this.changeEmitter.fire();
    });
    s.onFatal((error) => {
      this.log.error(`the simulation failed and was paused: ${error}`);
      void vscode.window.showErrorMessage(`Kernel Memory Lab: the simulation failed (${error.split('\n')[0]}). Reset the kernel to continue.`, 'Reset Kernel', 'Show Log')
        .then((c) => c && vscode.commands.executeCommand(c === 'Reset Kernel' ? 'kernelMemoryLab.resetKernel' : 'kernelMemoryLab.showLog'));
    });
    s.onPanic((reason) => {
      this.epoch++;
      this.log.warn(`the simulated kernel panicked (Kernel panic - not syncing: ${reason}); it rebooted`);
      void vscode.window.showWarningMessage(`Kernel Memory Lab: the simulated kernel panicked ("Kernel panic - not syncing: ${reason}") and the machine rebooted (oops=panic). The Oops before it is in the kernel log.`, 'Show dmesg')
        .then((c) => c && vscode.commands.executeCommand('kernelMemoryLab.showDmesg'));
    });
    s.onInvalid((error) => this.log.warn(`the machine sent an invalid message (ignored): ${error}`));
    // The quota as set when the machine boots (a Reset applies a changed setting).
    const home = this.homeDir();
    this.booting = s.boot({ config: { ...this.settings.machine }, speed: this.settings.speed, ...(home ? { home, homeQuotaMiB: this.settings.homeQuotaMiB } : {}) }).then(
      (r) => this.log.info(`${why} the simulated machine in a worker thread in ${(performance.now() - t0).toFixed(1)} ms (kernel ${r.bootMs.toFixed(1)} ms)`),
      (e) => {
        if (!(e instanceof SessionClosedError)) this.log.error(`the simulated machine did not boot: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
    this.updateContext();
    this.bootEmitter.fire(s);
    this.changeEmitter.fire();
  }

  /** The worker hung or died: say so, and boot a fresh machine in a new worker. */
  private restart(worker: MachineWorker, why: string): void {
    if (this.disposed || worker !== this.worker) return;
    this.stats.restarts++;
    this.log.error(`${why}; the worker was terminated and a new machine boots (processes, the loaded module and its buffer are lost; files in the workspace stay)`);
    void vscode.window.showErrorMessage(`Kernel Memory Lab: ${why}. The worker was terminated and the machine restarted.`, 'Show Log', 'Show dmesg')
      .then((c) => c && vscode.commands.executeCommand(c === 'Show Log' ? 'kernelMemoryLab.showLog' : 'kernelMemoryLab.showDmesg'));
    this.current = undefined;
    this.worker = undefined;
    this.boot('restarted');
  }

  /** Throws the machine away and boots a new one from the current settings. */
  reset(): SessionClient {
    const old = this.worker;
    this.worker = undefined;
    this.current = undefined;
    void old?.terminate('the machine was reset');
    this.boot();
    return this.current!;
  }

  setSpeed(speed: LabSettings['speed']): void {
    this.settings = { ...this.settings, speed };
    void this.current?.setSpeed(speed).catch(() => undefined);
  }

  /** Runs a command line at once (`sh -c`, simulated time as fast as it goes, in the worker). */
  async exec(line: string): Promise<ExecResult> {
    const s = this.session;
    this.log.info(`$ ${line}`);
    const r = await s.exec(line);
    if (r.output.trim()) this.log.debug(r.output.trimEnd());
    this.afterCommand();
    return r;
  }

  /**
   * Runs a command line paced against the wall clock (for long commands such as the monitor);
   * resolves when the shell exits. A reset meanwhile resolves it unfinished.
   */
  async execAsync(line: string): Promise<ExecResult> {
    const s = this.session;
    this.log.info(`$ ${line}`);
    try {
      const r = await s.exec(line, { paced: true });
      if (r.output.trim()) this.log.debug(r.output.trimEnd());
      return r;
    } catch (e) {
      if (e instanceof SessionClosedError) return { status: 0, output: '', finished: false };
      throw e;
    } finally {
      this.afterCommand();
    }
  }

  /** Call after anything that changed the machine. */
  afterCommand(): void {
    this.updateContext();
    this.changeEmitter.fire();
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
    this.setContext(ContextKey.moduleLoaded, s?.moduleLoaded ?? false);
    this.setContext(ContextKey.workloadRunning, (s?.workProcesses().length ?? 0) > 0);
    this.setContext(ContextKey.hasRegistered, !!s && s.moduleLoaded && s.registeredPids().length > 0);
  }

  setCaseStudyRunning(running: boolean): void {
    this.setContext(ContextKey.caseStudyRunning, running);
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    this.current = undefined;
    this.changeEmitter.dispose();
    this.bootEmitter.dispose();
    this.tickEmitter.dispose();
  }
}
