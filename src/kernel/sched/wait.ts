// Wait queues (include/linux/wait.h): tasks sleep on one, and wake_up() makes them runnable.
// A woken task re-runs the system call or fault it slept in and finds what it waited for.
import type { Task } from './task';

export class WaitQueue {
  readonly waiters = new Set<Task>();
  constructor(readonly name: string) {}
}

/** Implemented by the scheduler: the only way task state changes between sleep and run. */
export interface Waker {
  wakeUp(task: Task): void;
}

export function wakeUpAll(wq: WaitQueue, waker: Waker): void {
  if (wq.waiters.size === 0) return;
  const tasks = [...wq.waiters];
  wq.waiters.clear();
  for (const t of tasks) waker.wakeUp(t);
}
