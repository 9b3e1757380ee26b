// The scheduler (kernel/sched/core.c, fair.c) and the simulation's main loop.
//
// Time advances event to event (timers, I/O completions); between events the busy CPUs run
// their tasks in lock-step windows of at most PIECE_NS, each CPU with its own clock, so a wake-up
// from an I/O completion takes effect within microseconds and idle time costs nothing.
// Scheduling is CFS in miniature: the runnable task with the smallest weighted virtual runtime
// runs next, for a slice of sched_latency split by weight, preempted at a tick.
// CPU time is charged a whole tick at a time to the task running when the tick fires, in user
// or system mode according to what it was doing (account_process_tick) — which is why the
// profiler's CPU figures are multiples of TICK_NSEC.
import type { Kernel } from '../kernel';
import { Task } from './task';
import { WaitQueue, wakeUpAll, type Waker } from './wait';
import { SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH } from '../uapi';

const PIECE_NS = 50_000;
/** The signals whose default action is to stop the task (sig_kernel_stop). */
const STOP_MASK = (1 << SIGSTOP) | (1 << SIGTSTP) | (1 << SIGTTIN) | (1 << SIGTTOU);
export const isStopSignal = (sig: number): boolean => sig > 0 && sig < 32 && (STOP_MASK & (1 << sig)) !== 0;
const SCHED_LATENCY_NS = 6_000_000;
const MIN_GRANULARITY_NS = 750_000;

/** sched_prio_to_weight[]: nice -20..19 → load weight (nice 0 = 1024). */
const PRIO_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
  9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
  110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];
export const niceToWeight = (nice: number): number => PRIO_TO_WEIGHT[Math.max(-20, Math.min(19, nice)) + 20];

export class Cpu {
  curr: Task | undefined = undefined;
  /** This CPU's own clock: how far it has simulated. */
  now = 0;
  nextTick: number;
  busyNs = 0;
  constructor(readonly id: number, tickNs: number) {
    this.nextTick = tickNs;
  }
}

/** Runs one task's user code and system calls on a CPU until `limit`; provided by the kernel. */
export type TaskRunner = (cpu: Cpu, task: Task, limit: number) => void;

export class Scheduler implements Waker {
  readonly tasks = new Map<number, Task>();
  readonly cpus: Cpu[];
  private runqueue: Task[] = [];
  private nextPid = 1000;
  private minVruntime = 0;
  /** Per-task wait queue for wait4(): woken when a child changes state. */
  readonly childWait = new Map<Task, WaitQueue>();
  /** Context switches, for /proc/stat and vmstat's "cs". */
  nrSwitches = 0;
  runner: TaskRunner = () => {};
  onExit: ((t: Task) => void)[] = [];

  constructor(private readonly k: Kernel, ncpus: number) {
    this.cpus = Array.from({ length: ncpus }, (_, i) => new Cpu(i, k.clock.tickNs));
  }

  allocPid(): number {
    while (this.tasks.has(this.nextPid)) this.nextPid++;
    return this.nextPid++;
  }

  /** Registers a task and makes it runnable (wake_up_new_task). */
  addTask(task: Task, runnable: boolean): void {
    this.tasks.set(task.pid, task);
    this.childWait.set(task, new WaitQueue(`wait4:${task.pid}`));
    if (runnable) {
      task.state = 'S';
      task.vruntime = this.minVruntime;
      this.wakeUp(task);
    }
  }

  get nrRunning(): number {
    let n = this.runqueue.length;
    for (const c of this.cpus) if (c.curr) n++;
    return n;
  }

  /** try_to_wake_up(): S or D → R; onto an idle CPU at once if there is one. */
  wakeUp(task: Task): void {
    if (task.state !== 'S' && task.state !== 'D') return;
    task.waitingOn?.waiters.delete(task);
    task.waitingOn = undefined;
    task.wchan = '';
    task.state = 'R';
    // place_entity(): a sleeper gets at most half a latency of credit.
    task.vruntime = Math.max(task.vruntime, this.minVruntime - SCHED_LATENCY_NS / 2);
    const idle = this.cpus.find((c) => !c.curr);
    if (idle) this.switchTo(idle, task, Math.max(idle.now, this.k.clock.now));
    else this.runqueue.push(task);
  }

  /** Puts the task to sleep on wq (prepare_to_wait + schedule): S is interruptible by signals, D is not. */
  sleepOn(task: Task, wq: WaitQueue, state: 'S' | 'D', wchan: string): void {
    // signal_pending() before schedule(): a signal raised during the call itself (SIGTTIN from
    // the terminal, a kill of oneself) interrupts an interruptible sleep before it starts; the
    // task stays runnable, takes the signal, and the call is re-run or fails with EINTR.
    if (state === 'S' && this.takeSignal(task) !== 0) return;
    task.state = state;
    task.waitingOn = wq;
    task.wchan = wchan;
    wq.waiters.add(task);
  }

  /** Stops a task from running anywhere (exit): off its CPU and the runqueue. */
  deschedule(task: Task): void {
    task.waitingOn?.waiters.delete(task);
    task.waitingOn = undefined;
    const i = this.runqueue.indexOf(task);
    if (i >= 0) this.runqueue.splice(i, 1);
    for (const c of this.cpus) if (c.curr === task) c.curr = undefined;
  }

  /**
   * send_signal(): pending, and a task in interruptible sleep is woken to take it. As in
   * prepare_signal(), SIGCONT resumes a stopped task even when it is ignored and discards pending
   * stop signals; a stop signal discards nothing (SIGCONT is never left pending here). A stopped
   * task keeps other signals pending until it is continued; only SIGKILL wakes it.
   */
  sendSignal(task: Task, sig: number): void {
    if (!task.alive) return;
    if (sig === SIGCONT) this.continueStopped(task);
    if (sig !== SIGKILL && task.ignoredSignals & (1 << sig)) return;
    if ((sig === SIGCHLD || sig === SIGCONT || sig === SIGWINCH) && !task.sighand.has(sig)) return; // default action: ignore
    task.pendingSignals |= 1 << sig;
    if (task.state === 'S') this.wakeUp(task);
    else if (task.state === 'D' && sig === SIGKILL) task.killed = true;
    else if (task.state === 'T' && sig === SIGKILL) this.resume(task);
  }

  /**
   * do_signal_stop(): the running task takes a stop signal. It leaves the CPU in state T (not
   * runnable, on no wait queue; a system call it was in is re-run when it continues, like
   * -ERESTARTSYS), and its parent is told: wait4(WUNTRACED) reports it once, with SIGCHLD.
   */
  stopTask(task: Task, sig: number): void {
    task.pendingSignals &= ~(1 << sig);
    this.deschedule(task);
    task.state = 'T';
    task.wchan = 'do_signal_stop';
    task.stopCode = sig;
    task.continuedPending = false;
    this.notifyParent(task);
  }

  /**
   * will_become_orphaned_pgrp(): no member of the group has a parent in another group of the
   * same session (the parent that could continue it, normally the shell).
   */
  isPgrpOrphaned(pgid: number, sid: number): boolean {
    for (const t of this.tasks.values()) {
      if (t.pgid !== pgid || !t.alive) continue;
      const p = t.parent;
      if (p && p.pgid !== pgid && p.sid === sid) return false;
    }
    return true;
  }

  /** SIGCONT's side effect: pending stop signals are dropped, a stopped task runs again and its parent is told. */
  private continueStopped(task: Task): void {
    task.pendingSignals &= ~STOP_MASK;
    if (task.state !== 'T') return;
    task.stopCode = 0;
    task.continuedPending = true;
    this.resume(task);
    this.notifyParent(task);
  }

  /** T → runnable (wake_up_state(TASK_STOPPED)). */
  private resume(task: Task): void {
    task.state = 'S';
    this.wakeUp(task);
  }

  /** The first deliverable signal, or 0. */
  takeSignal(task: Task): number {
    const pending = task.pendingSignals & ~task.ignoredSignals;
    if (pending === 0 && !task.killed) return 0;
    if (task.killed || pending & (1 << SIGKILL)) return SIGKILL;
    for (let s = 1; s < 32; s++) if (pending & (1 << s)) return s;
    return 0;
  }

  private switchTo(cpu: Cpu, task: Task, at: number): void {
    if (cpu.now < at) {
      cpu.now = at;
      const tick = this.k.clock.tickNs;
      cpu.nextTick = Math.floor(at / tick) * tick + tick;
    }
    cpu.curr = task;
    task.cpu = cpu.id;
    task.sliceStart = task.sum_exec_runtime;
    this.nrSwitches++;
  }

  /** pick_next_task_fair(): smallest vruntime first; ties by queue order. */
  private pickNext(): Task | undefined {
    const rq = this.runqueue;
    if (rq.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < rq.length; i++) if (rq[i].vruntime < rq[best].vruntime) best = i;
    const t = rq[best];
    rq.splice(best, 1);
    return t;
  }

  private updateMinVruntime(): void {
    let min = Infinity;
    for (const c of this.cpus) if (c.curr) min = Math.min(min, c.curr.vruntime);
    for (const t of this.runqueue) min = Math.min(min, t.vruntime);
    if (min !== Infinity && min > this.minVruntime) this.minVruntime = min;
  }

  /** Advances the whole machine to simulated time tEnd (Infinity: until nothing can happen). */
  runUntil(tEnd: number): void {
    const k = this.k;
    // whole nanoseconds only (see Clock.now): a host's target is a wall-clock delta × speed;
    // rounded up, so that a host loop `while (now < target)` ends
    tEnd = Math.ceil(tEnd);
    for (;;) {
      const te = k.events.peekTime();
      let T = Infinity;
      for (const c of this.cpus) if (c.curr && c.now < T) T = c.now;
      if (te <= T) {
        if (te > tEnd) break;
        const ev = k.events.pop()!;
        if (ev.time > k.clock.now) k.clock.now = ev.time;
        ev.fn!();
        continue;
      }
      if (T >= tEnd) break;
      const windowEnd = Math.min(T + PIECE_NS, te, tEnd);
      for (const c of this.cpus) if (c.curr && c.now < windowEnd) this.runCpu(c, windowEnd);
    }
    if (tEnd !== Infinity && k.clock.now < tEnd) k.clock.now = tEnd;
  }

  private runCpu(cpu: Cpu, until: number): void {
    const k = this.k;
    while (cpu.now < until) {
      let task = cpu.curr;
      if (!task) {
        task = this.pickNext();
        if (!task) return;
        this.switchTo(cpu, task, cpu.now);
      }
      const start = cpu.now;
      if (start > k.clock.now) k.clock.now = start;
      this.runner(cpu, task, Math.min(until, cpu.nextTick));
      const ran = cpu.now - start;
      if (ran > 0) {
        task.sum_exec_runtime += ran;
        task.vruntime += (ran * 1024) / niceToWeight(task.nice);
        cpu.busyNs += ran;
      }
      if (cpu.now >= cpu.nextTick) this.tick(cpu, task);
      if (cpu.curr === task && task.state !== 'R') cpu.curr = undefined;
    }
    // Never leave a CPU idle while tasks wait: the main loop only advances busy CPUs.
    if (!cpu.curr) {
      const next = this.pickNext();
      if (next) this.switchTo(cpu, next, cpu.now);
    }
  }

  /** scheduler_tick() + account_process_tick(): charge the tick, maybe preempt. */
  private tick(cpu: Cpu, task: Task): void {
    const tickNs = this.k.clock.tickNs;
    const ticks = Math.floor((cpu.now - cpu.nextTick) / tickNs) + 1;
    cpu.nextTick += ticks * tickNs;
    task.chargeTick(ticks * tickNs, !task.inKernel);
    this.updateMinVruntime();
    if (cpu.curr !== task || task.state !== 'R' || this.runqueue.length === 0) return;
    let totalWeight = 0;
    for (const c of this.cpus) if (c.curr) totalWeight += niceToWeight(c.curr.nice);
    for (const t of this.runqueue) totalWeight += niceToWeight(t.nice);
    const slice = Math.max(MIN_GRANULARITY_NS, (SCHED_LATENCY_NS * niceToWeight(task.nice)) / totalWeight);
    if (task.sum_exec_runtime - task.sliceStart >= slice) {
      cpu.curr = undefined;
      this.runqueue.push(task);
    }
  }

  /** do_notify_parent(): a child died, stopped or continued; wake the parent's wait4 and signal it. */
  notifyParent(task: Task): void {
    const parent = task.parent;
    if (!parent) return;
    const wq = this.childWait.get(parent);
    if (wq) wakeUpAll(wq, this);
    this.sendSignal(parent, SIGCHLD);
  }

  /** release_task(): the zombie's pid is free again. */
  release(task: Task): void {
    task.state = 'X';
    task.parent?.children.delete(task);
    this.tasks.delete(task.pid);
    this.childWait.delete(task);
  }
}

