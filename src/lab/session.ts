// A lab session: one simulated machine (kernel, module, programs) as the session interface
// serves it (machineServer.ts, in a worker thread for the extension, in-process for `kmlab sh`).
// It owns the kernel and runs the handout's commands through the lab shell exactly as a student
// would type them; pacing against the wall clock is the server's (machinePacer.ts).
// Pure: no `vscode`, no Node built-ins, so it also runs in a worker.
import type { Kernel } from '../kernel/kernel';
import type { MachineConfig } from '../kernel/config';
import type { HostFs } from '../kernel/fs/inode';
import type { Tty } from '../kernel/fs/tty';
import type { Task } from '../kernel/sched/task';
import { createLabMachine, HOME } from './machine';
import type { ExecResult, ProcessInfo } from './sessionProtocol';
import { isBusyProcess, workProcesses } from './workProcesses';

export type { ExecResult, ProcessInfo };

/** How fast simulated time runs against wall time. */
export type Speed = 1 | 10 | 'max';

export interface SessionOptions {
  config?: Partial<MachineConfig>;
  hostFs?: HostFs;
}

/** A command started by startCommand(), still running. */
export interface RunningCommand {
  readonly task: Task;
  finish(finished: boolean): ExecResult;
}

export class LabSession {
  readonly kernel: Kernel;

  constructor(readonly options: SessionOptions = {}) {
    this.kernel = createLabMachine(options.config ?? {}, { hostFs: options.hostFs });
  }

  /** Nothing to release: the machine is garbage once unreferenced (kept for its owners' symmetry). */
  dispose(): void {}

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
    for (const t of this.kernel.tasks) if (isBusyProcess(t)) return true;
    return false;
  }

  /**
   * Starts `sh -c line` on a terminal of its own, as if typed; the caller runs the machine and
   * calls finish() when the shell exited or it stops waiting. Background jobs (`&`) keep
   * running afterwards.
   */
  startCommand(line: string): RunningCommand | ExecResult {
    const k = this.kernel;
    let output = '';
    const tty = k.openTty((text) => (output += text));
    const pid = k.spawn('/bin/sh', ['sh', '-c', line], { tty });
    if (pid < 0) {
      k.closeTty(tty);
      return { status: 127 << 8, output: `sh: cannot start: ${pid}\n`, finished: true };
    }
    const task = k.sched.tasks.get(pid)!;
    let status = 0;
    const capture = (t: Task) => {
      if (t === task) status = t.exitStatus;
    };
    k.sched.onExit.push(capture);
    return {
      task,
      finish(finished: boolean): ExecResult {
        const i = k.sched.onExit.indexOf(capture);
        if (i >= 0) k.sched.onExit.splice(i, 1);
        // Background jobs keep writing to it, but no one will type on it again.
        if (finished) k.closeTty(tty);
        return { status, output: output.replace(/\r\n/g, '\n'), finished };
      },
    };
  }

  /** Runs one command line and waits for it (up to maxSimNs of simulated time, at once). */
  exec(line: string, maxSimNs = 5e9): ExecResult {
    const c = this.startCommand(line);
    if (!('task' in c)) return c;
    return c.finish(this.kernel.runUntil(() => !c.task.alive, maxSimNs, 100_000));
  }

  /** An interactive lab shell on a new terminal. */
  openShell(onOutput: (text: string) => void, size?: { rows: number; cols: number }): { tty: Tty; pid: number } {
    const tty = this.kernel.openTty(onOutput, size);
    // a login terminal's shell is bash, as in a VS Code terminal on Linux (ps shows "bash")
    const pid = this.kernel.spawn('/bin/bash', ['bash', '-i'], { tty, cwd: HOME });
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
    return r < 0 ? r : 0;
  }

  /** User processes (no kernel threads), as ps shows them, with cumulative counters. */
  processes(registeredPids: readonly number[] = this.registeredPids()): ProcessInfo[] {
    const registered = new Set(registeredPids);
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
    const work = workProcesses(this.kernel.tasks);
    for (const t of work) this.kernel.sched.sendSignal(t, 15);
    this.kernel.runFor(1_000_000);
    return work.length;
  }
}
