// A lab session: one simulated machine as the extension (or an interactive CLI) uses it.
// It owns the kernel, follows the profiler buffer, paces simulated time against wall time,
// and runs the handout's commands through the lab shell exactly as a student would type them.
// Pure: no `vscode`, no Node built-ins, so it also runs in a worker.
import type { Kernel } from '../kernel/kernel';
import type { MachineConfig } from '../kernel/config';
import type { HostFs } from '../kernel/fs/inode';
import type { Tty } from '../kernel/fs/tty';
import type { Task, TaskState } from '../kernel/sched/task';
import { createLabMachine, HOME } from './machine';
import { ProfilerBufferView } from './profilerView';

/** How fast simulated time runs against wall time. */
export type Speed = 1 | 10 | 'max';

export interface SessionOptions {
  config?: Partial<MachineConfig>;
  hostFs?: HostFs;
  speed?: Speed;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
  state: TaskState;
  nice: number;
  registered: boolean;
  /** Cumulative since the task started (not reset by the profiler's get_cpu_use). */
  minFlt: number;
  majFlt: number;
  cpuNs: number;
  rssPages: number;
  swapPages: number;
}

export interface ExecResult {
  /** wait status as the shell exits: 0 for success */
  status: number;
  output: string;
  /** false when the command was still running at the time limit */
  finished: boolean;
}

export class LabSession {
  readonly kernel: Kernel;
  readonly view: ProfilerBufferView;
  speed: Speed;
  private version = 0;
  private lastTaskSignature = '';
  private readonly listeners = new Set<() => void>();

  constructor(readonly options: SessionOptions = {}) {
    this.kernel = createLabMachine(options.config ?? {}, { hostFs: options.hostFs });
    this.view = new ProfilerBufferView(this.kernel);
    this.speed = options.speed ?? 10;
    this.kernel.sched.onExit.push(() => this.version++);
  }

  /** Called after the simulation advanced and something a view shows may have changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The machine panicked (an Oops with oops=panic, or one in interrupt context): it has
   * stopped, and the owner boots a fresh one, as the VM's host restarts it after `panic=`.
   * The listener gets the panic's reason and the kernel log up to it (the console's last lines).
   */
  onPanic(listener: (reason: string, log: string) => void): () => void {
    return this.kernel.onPanic((reason) => listener(reason, this.kernel.log.format()));
  }

  /** True while a user process other than shells is alive (the simulation has work to do). */
  get busy(): boolean {
    for (const t of this.kernel.tasks) if (!t.kthread && t.alive && t.comm !== 'sh' && t.comm !== 'bash') return true;
    return false;
  }

  /**
   * Advances simulated time by wallDeltaMs × speed (or, at 'max', as far as budgetMs of real
   * time allows), never spending more than budgetMs of real time. `clock()` gives real ms.
   * Returns the simulated ns advanced.
   */
  advance(wallDeltaMs: number, budgetMs: number, clock: () => number): number {
    const k = this.kernel;
    const start = k.now;
    const t0 = clock();
    const target = this.speed === 'max' ? Infinity : k.now + wallDeltaMs * 1e6 * this.speed;
    // Slices of 10 ms simulated keep the real-time budget honest without much overhead.
    while (k.now < target && clock() - t0 < budgetMs) {
      if (this.speed === 'max' && !this.busy) {
        // Only shells waiting for the student: do not race ahead through idle time.
        break;
      }
      k.runUntilTime(Math.min(target, k.now + 10_000_000));
    }
    this.notifyIfChanged();
    return k.now - start;
  }

  private notifyIfChanged(): void {
    let sig = '';
    for (const t of this.kernel.tasks) if (!t.kthread) sig += `${t.pid}${t.state}`;
    const end = this.view.end;
    sig += `|${end}|${this.version}|${[...this.kernel.modules.keys()].join()}`;
    if (sig !== this.lastTaskSignature) {
      this.lastTaskSignature = sig;
      for (const l of this.listeners) l();
    }
  }

  /**
   * Runs one command line through the lab shell (`sh -c`), as if typed, and waits for it (up to
   * maxSimNs of simulated time). Background jobs (`&`) keep running afterwards.
   */
  exec(line: string, maxSimNs = 5e9): ExecResult {
    let output = '';
    const tty = this.kernel.openTty((text) => (output += text));
    const pid = this.kernel.spawn('/bin/sh', ['sh', '-c', line], { tty });
    if (pid < 0) return { status: 127 << 8, output: `sh: cannot start: ${pid}\n`, finished: true };
    const task = this.kernel.sched.tasks.get(pid)!;
    let status = 0;
    this.kernel.sched.onExit.push(function capture(t: Task) {
      if (t === task) status = t.exitStatus;
    });
    const finished = this.kernel.runUntil(() => !task.alive, maxSimNs, 100_000);
    // Background jobs keep writing to it, but no one will type on it again.
    if (finished) this.kernel.closeTty(tty);
    this.notifyIfChanged();
    return { status, output: output.replace(/\r\n/g, '\n'), finished };
  }

  /** An interactive lab shell on a new terminal. */
  openShell(onOutput: (text: string) => void, size?: { rows: number; cols: number }): { tty: Tty; pid: number } {
    const tty = this.kernel.openTty(onOutput, size);
    // a login terminal's shell is bash, as in a VS Code terminal on Linux (ps shows "bash")
    const pid = this.kernel.spawn('/bin/bash', ['bash', '-i'], { tty, cwd: HOME });
    this.notifyIfChanged();
    return { tty, pid };
  }

  get moduleLoaded(): boolean {
    return this.kernel.modules.has('mp3');
  }

  /** The PIDs /proc/mp3/status lists (empty when the module is not loaded). */
  registeredPids(): number[] {
    const text = this.kernel.hostReadFile('/proc/mp3/status');
    if (typeof text === 'number') return [];
    return text.split('\n').map((l) => Number(l.replace(/^PID:\s*/, ''))).filter((n) => Number.isInteger(n) && n > 0);
  }

  /** Writes "R <pid>" / "U <pid>" to /proc/mp3/status; returns 0 or -errno (the module's answer). */
  register(pid: number, op: 'R' | 'U' = 'R'): number {
    const r = this.kernel.hostWriteFile('/proc/mp3/status', `${op} ${pid}\n`);
    this.notifyIfChanged();
    return r < 0 ? r : 0;
  }

  /** User processes (no kernel threads), as ps shows them, with cumulative counters. */
  processes(): ProcessInfo[] {
    const registered = new Set(this.registeredPids());
    const rows: ProcessInfo[] = [];
    for (const t of this.kernel.tasks) {
      if (t.kthread || t.state === 'X') continue;
      rows.push({
        pid: t.pid,
        ppid: t.parent?.pid ?? 0,
        comm: t.comm,
        cmdline: t.cmdline.join(' '),
        state: t.state,
        nice: t.nice,
        registered: registered.has(t.pid),
        minFlt: t.total_min_flt,
        majFlt: t.total_maj_flt,
        cpuNs: t.total_cpu,
        rssPages: t.mm?.rssAnon ?? 0,
        swapPages: t.mm?.swapEntries ?? 0,
      });
    }
    return rows.sort((a, b) => a.pid - b.pid);
  }

  /** Kills every work process (Stop Workload). Returns how many were signalled. */
  stopWorkload(): number {
    let n = 0;
    for (const t of this.kernel.tasks) {
      if (!t.kthread && t.alive && t.comm === 'work') {
        this.kernel.sched.sendSignal(t, 15);
        n++;
      }
    }
    this.kernel.runFor(1_000_000);
    this.notifyIfChanged();
    return n;
  }

  dispose(): void {
    this.view.dispose();
    this.listeners.clear();
  }
}
