// Asynchronous host operations a task waits on (the C toolchain that `make` uses: clang runs on
// the host, in a worker thread, not in the simulated machine).
//
// A program calls host_call(service, request): the kernel starts the host's async function and
// puts the task to sleep, interruptibly ('S', wchan "host_call"), on a wait queue of its own. When
// the promise settles the task is woken and the call returns the value. A signal still works
// while it waits: ^C's SIGINT kills the task as it would any sleeper; the host's result is then
// dropped.
//
// Time: the kernel does not stop its clock for a host call. A driver that paces the simulation
// against the wall clock (the Lab Shell, `kmlab sh` interactive) keeps running it, so simulated
// time advances by the measured time × speed and other processes go on; a driver that runs as
// fast as it can (`kmlab sh -c`, the tests) waits for `settled()` first, so simulated time stands
// still during the build instead of racing ahead by hours.
import { WaitQueue } from './sched/wait';

/** An async function the host offers to programs, by name. Its result must be structured-cloneable data. */
export type HostService = (request: unknown) => Promise<unknown>;

/** The state of one call, kept in the task's sysState while it sleeps. */
export interface HostCallState {
  readonly wq: WaitQueue;
  done: boolean;
  value: unknown;
}

export class HostCalls {
  readonly services = new Map<string, HostService>();
  private count = 0;
  private waiters: Array<() => void> = [];
  /** Called (outside the simulation loop) whenever a call completes: a driver may run the kernel again. */
  readonly onComplete: Array<() => void> = [];

  /** Calls in flight. */
  get pending(): number {
    return this.count;
  }

  /** Resolves when no call is in flight (at once if none is). */
  settled(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Starts the service; `wake` runs when its result is there. Returns the state, or undefined for an unknown service. */
  start(service: string, request: unknown, wake: (state: HostCallState) => void): HostCallState | undefined {
    const fn = this.services.get(service);
    if (!fn) return undefined;
    const state: HostCallState = { wq: new WaitQueue('host_call'), done: false, value: undefined };
    this.count++;
    const finish = (value: unknown): void => {
      state.done = true;
      state.value = value;
      this.count--;
      wake(state);
      for (const l of this.onComplete) l();
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    };
    let p: Promise<unknown>;
    try {
      p = fn(request);
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(finish, (err: unknown) => finish({ hostError: err instanceof Error ? err.message : String(err) }));
    return state;
  }
}
