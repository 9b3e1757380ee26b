// Workqueues (kernel/workqueue.c): work items run later in a kworker's process context.
// A delayed work item is a timer that queues the work when it fires; the worker then runs it
// a few microseconds later. The handler's CPU time is negligible next to the lab's work
// processes, so kworkers run their items without occupying a simulated CPU.
//
// A module's work functions are wrapped by the module API (api.ts guardWork): they run in the
// kworker's context behind the fault guard, and once the module is unloaded, calling one is
// the instruction-fetch Oops of freed code. That is what happens to a delayed work whose timer
// the module's exit left armed: destroy_workqueue() does not wait for timers (pwq_busy()
// counts only queued and running items), so the timer fires after rmmod and queues the work
// onto the freed workqueue; the kworker then jumps into the freed module text.
import type { EventQueue } from './events';
import type { Clock } from './time';
import { TimerList, type Timers } from './timer';

/** How long after queueing a kworker gets to run the item (wake-up latency). */
const KWORKER_LATENCY_NS = 4_000;
/** drain_workqueue() warns after this many flushes that did not empty the queue. */
const DRAIN_TRIES = 10;

/** The work item a kworker is executing (for the "Workqueue:" line of an Oops). */
let executing: { wq: string } | undefined;

export class WorkStruct {
  pending = false;
  running = false;
  wq: WorkqueueStruct | undefined = undefined;
  constructor(public func: (work: WorkStruct) => void) {}
}

export class DelayedWork extends WorkStruct {
  readonly timer: TimerList;
  constructor(func: (work: WorkStruct) => void) {
    super(func);
    this.timer = new TimerList(() => {
      if (this.wq) this.wq.enqueue(this);
    });
  }
}

export class WorkqueueStruct {
  destroyed = false;
  readonly queue: WorkStruct[] = [];
  private scheduled = false;
  /** Items executed, for /sys-style statistics and tests. */
  executed = 0;

  constructor(
    readonly name: string,
    readonly flags: number,
    readonly maxActive: number,
    private readonly events: EventQueue,
    private readonly clock: Clock,
    readonly owner?: string,
  ) {}

  enqueue(work: WorkStruct): void {
    this.queue.push(work);
    if (!this.scheduled) {
      this.scheduled = true;
      this.events.schedule(this.clock.now + KWORKER_LATENCY_NS, () => this.runWorker());
    }
  }

  /**
   * process_one_work() for what is queued now. Items queued meanwhile (a work that re-queues
   * itself with no delay) run in the next round, after the kworker's wake-up latency, so a
   * self-requeueing work cannot keep the simulation in one instant.
   */
  runWorker(): void {
    this.scheduled = false;
    for (let n = this.queue.length; n > 0 && this.queue.length; n--) {
      const work = this.queue.shift()!;
      work.pending = false;
      work.running = true;
      const outer = executing;
      executing = { wq: this.name };
      try {
        work.func(work);
        this.executed++;
      } finally {
        work.running = false;
        executing = outer;
      }
    }
  }

  /** A work item of this queue is running (destroy_workqueue from inside one is a busy pwq). */
  get busy(): boolean {
    return this.queue.length > 0 || executing?.wq === this.name;
  }
}

export class Workqueues {
  readonly all = new Set<WorkqueueStruct>();
  constructor(
    private readonly events: EventQueue,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly warn: (msg: string) => void,
    /** WARN_ON() with a trace: file:line and the function it fired in (oops.ts ModuleGuard.warn). */
    private readonly warnOn: (fileLine: string, fn: { fn: string; off: number; size: number }) => void = () => {},
  ) {}

  /** The work item being executed now, if any. */
  get current(): { wq: string } | undefined {
    return executing;
  }

  alloc(name: string, flags: number, maxActive: number, owner?: string): WorkqueueStruct {
    const wq = new WorkqueueStruct(name, flags, maxActive, this.events, this.clock, owner);
    this.all.add(wq);
    return wq;
  }

  /** queue_work(): false if the item is already pending. */
  queueWork(wq: WorkqueueStruct, work: WorkStruct): boolean {
    if (wq.destroyed) {
      this.warn(`<4>WARNING: queue_work on destroyed workqueue ${wq.name}`);
      return false;
    }
    if (work.pending) return false;
    work.pending = true;
    work.wq = wq;
    wq.enqueue(work);
    return true;
  }

  /** queue_delayed_work(): false if already pending; delay 0 queues at once. */
  queueDelayedWork(wq: WorkqueueStruct, dwork: DelayedWork, delay: number): boolean {
    if (wq.destroyed) {
      this.warn(`<4>WARNING: queue_delayed_work on destroyed workqueue ${wq.name}`);
      return false;
    }
    if (dwork.pending) return false;
    dwork.pending = true;
    dwork.wq = wq;
    if (delay <= 0) wq.enqueue(dwork);
    else this.timers.mod(dwork.timer, this.clock.jiffies + delay);
    return true;
  }

  /**
   * cancel_delayed_work_sync(): the timer is stopped and the item dequeued; returns true if it
   * was pending. (A running handler finishes first in Linux; here handlers run atomically.)
   */
  cancelDelayedWorkSync(dwork: DelayedWork): boolean {
    const was = dwork.pending;
    this.timers.del(dwork.timer);
    if (dwork.wq) {
      const i = dwork.wq.queue.indexOf(dwork);
      if (i >= 0) dwork.wq.queue.splice(i, 1);
    }
    dwork.pending = false;
    return was;
  }

  cancelWorkSync(work: WorkStruct): boolean {
    const was = work.pending;
    if (work.wq) {
      const i = work.wq.queue.indexOf(work);
      if (i >= 0) work.wq.queue.splice(i, 1);
    }
    work.pending = false;
    return was;
  }

  /** flush_workqueue(): runs what is queued now. Delayed items whose timer has not fired stay. */
  flush(wq: WorkqueueStruct): void {
    wq.runWorker();
  }

  /**
   * destroy_workqueue() (5.15): drain_workqueue() runs what is queued, including work queued
   * by that work; if the queue is still busy (a work that keeps re-queueing itself, or a
   * destroy called from the queue's own work), the sanity check WARNs, prints the busy pwq and
   * returns without destroying it, as Linux does (the workqueue leaks). A delayed work whose
   * timer is still armed does not count: pwq_busy() cannot see timers, and the timer fires
   * later onto the freed queue.
   */
  destroy(wq: WorkqueueStruct): void {
    for (let tries = 1; wq.queue.length && !(executing?.wq === wq.name); tries++) {
      wq.runWorker();
      if (tries === DRAIN_TRIES && wq.queue.length) {
        this.warn(`<4>workqueue ${wq.name}: drain_workqueue() isn't complete after ${tries} tries`);
        break;
      }
    }
    if (wq.busy) {
      this.warnOn('kernel/workqueue.c:4430', { fn: 'destroy_workqueue', off: 0x11a, size: 0x2f0 });
      this.warn(`<4>destroy_workqueue: ${wq.name} has the following busy pwq`);
      const active = (executing?.wq === wq.name ? 1 : 0) + wq.queue.length;
      this.warn(`<6>  pwq 8: cpus=0-1 flags=0x4 nice=0 active=${Math.min(active, wq.maxActive || 256)}/${wq.maxActive || 256} refcnt=${active + 1}`);
      if (executing?.wq === wq.name) this.warn(`<6>    in-flight: ${wq.name}`);
      if (wq.queue.length) this.warn(`<6>    pending: ${wq.queue.map((w) => `${w.func.name || 'work_fn'}${wq.owner ? ` [${wq.owner}]` : ''}`).join(', ')}`);
      this.warn('<6>Showing busy workqueues and worker pools:');
      this.warn(`<6>workqueue ${wq.name}: flags=0xa0002`);
      return;
    }
    wq.destroyed = true;
    this.all.delete(wq);
  }

  ownedBy(owner: string): WorkqueueStruct[] {
    return [...this.all].filter((w) => w.owner === owner);
  }
}
