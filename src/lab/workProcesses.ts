// "Is this a running work process?" — asked by Start/Stop Workload, the context keys, the status
// bar, the monitor's warning and the session's idle test. One answer, for kernel tasks and for the
// process rows the session interface carries alike.
import type { TaskState } from '../kernel/sched/task';

export interface ProcessLike {
  comm: string;
  state: TaskState;
  /** Kernel tasks only: a kernel thread is never a work process. */
  kthread?: boolean;
}

/** True for a live (not zombie, not reaped) user process running the lab's `work` program. */
export function isWorkProcess(p: ProcessLike): boolean {
  return p.comm === 'work' && !p.kthread && p.state !== 'Z' && p.state !== 'X';
}

/** The running work processes among rows (kernel tasks or ProcessInfo), in their order. */
export function workProcesses<T extends ProcessLike>(rows: Iterable<T>): T[] {
  const out: T[] = [];
  for (const p of rows) if (isWorkProcess(p)) out.push(p);
  return out;
}

/** True for a live user process other than a shell: the simulation has work to do. */
export function isBusyProcess(p: ProcessLike): boolean {
  return !p.kthread && p.state !== 'Z' && p.state !== 'X' && p.comm !== 'sh' && p.comm !== 'bash';
}
