// Workqueues (kernel/workqueue.c): work items run later in a kworker's process context.
// A delayed work item is a timer that queues the work when it fires; the worker then runs it
// a few microseconds later. The handler's CPU time is negligible next to the lab's work
// processes, so kworkers run their items without occupying a simulated CPU.
import type { EventQueue } from './events';
import type { Clock } from './time';
import { TimerList, type Timers } from './timer';

/** How long after queueing a kworker gets to run the item (wake-up latency). */
const KWORKER_LATENCY_NS = 4_000;

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

  /** process_one_work() for everything queued. */
  runWorker(): void {
    this.scheduled = false;
    while (this.queue.length) {
      const work = this.queue.shift()!;
      work.pending = false;
      work.running = true;
      try {
        work.func(work);
        this.executed++;
      } finally {
        work.running = false;
      }
    }
  }
}

export class Workqueues {
  readonly all = new Set<WorkqueueStruct>();
  constructor(
    private readonly events: EventQueue,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly warn: (msg: string) => void,
  ) {}

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

  /** destroy_workqueue(): drains, then warns if delayed work is still armed (a classic bug). */
  destroy(wq: WorkqueueStruct): void {
    wq.runWorker();
    wq.destroyed = true;
    this.all.delete(wq);
  }

  ownedBy(owner: string): WorkqueueStruct[] {
    return [...this.all].filter((w) => w.owner === owner);
  }
}
