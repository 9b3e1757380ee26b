// Advances a kernel's simulated time against the wall clock: speed × the wall time that passed
// (1 and 10 keep pace; a finite speed owes at most MAX_OWED_MS of wall time, so a stall is not
// made up in a burst), or at 'max' as fast as the thread can. It runs on the machine's own
// thread (a worker for the extension), in slices of at most SLICE_BUDGET_MS of real time with a
// turn of the event loop between, so requests and the heartbeat are answered between slices.
import type { Kernel } from '../kernel/kernel';
import type { SessionSpeed } from './sessionProtocol';

/** Real time one slice may take before the loop yields (ms). */
export const SLICE_BUDGET_MS = 20;
/** The pause between slices when the machine is ahead of the wall clock (ms). */
const IDLE_TICK_MS = 10;
/** Simulated time run between two looks at the clock (ns). */
const CHUNK_NS = 5_000_000;
const MAX_OWED_MS = 250;

export interface PacerHooks {
  /** True while something needs simulated time to pass (else the loop stops). */
  needsTime(): boolean;
  /** After every slice (post the events it produced). */
  afterSlice(): void;
  /** The simulation threw: the loop stops. */
  failed(error: unknown): void;
  clock(): number;
}

export class MachinePacer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastWall = 0;
  /** Simulated ns due but not run yet (finite speeds). */
  private owedNs = 0;
  /** (wall ms, simulated ns) at the start of the current measuring window. */
  private window = { wall: 0, sim: 0 };
  achievedSpeed = 0;
  readonly stats = { slices: 0, maxSliceMs: 0 };
  private stopped = false;

  constructor(
    private readonly k: Kernel,
    public speed: SessionSpeed,
    private readonly hooks: PacerHooks,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts the loop if it is not running (something may need time now). */
  kick(): void {
    if (this.timer || this.stopped) return;
    this.lastWall = this.hooks.clock();
    this.owedNs = 0;
    this.window = { wall: this.lastWall, sim: this.k.now };
    this.timer = setTimeout(() => this.slice(), 0);
  }

  dispose(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private slice(): void {
    this.timer = undefined;
    const { clock } = this.hooks;
    const t0 = clock();
    const k = this.k;
    const max = this.speed === 'max';
    if (!max) {
      const cap = MAX_OWED_MS * 1e6 * (this.speed as number);
      this.owedNs = Math.min(cap, this.owedNs + (t0 - this.lastWall) * 1e6 * (this.speed as number));
    }
    this.lastWall = t0;
    try {
      while (clock() - t0 < SLICE_BUDGET_MS) {
        if (!this.hooks.needsTime()) break;
        if (max) {
          k.runUntilTime(k.now + CHUNK_NS);
        } else {
          if (this.owedNs < 1) break;
          const step = Math.min(this.owedNs, CHUNK_NS);
          const before = k.now;
          k.runUntilTime(k.now + step);
          this.owedNs -= Math.max(step, k.now - before);
        }
      }
    } catch (e) {
      this.hooks.failed(e);
      this.hooks.afterSlice();
      return;
    }
    const spent = clock() - t0;
    this.stats.slices++;
    if (spent > this.stats.maxSliceMs) this.stats.maxSliceMs = spent;
    this.measure(clock());
    this.hooks.afterSlice();
    if (!this.hooks.needsTime()) {
      this.achievedSpeed = 0;
      return;
    }
    const ahead = !max && this.owedNs < 1;
    this.timer = setTimeout(() => this.slice(), ahead ? IDLE_TICK_MS : 0);
  }

  /** Simulated seconds per wall second over windows of about a second. */
  private measure(now: number): void {
    const dt = now - this.window.wall;
    if (dt < 1000) return;
    this.achievedSpeed = (this.k.now - this.window.sim) / 1e6 / dt;
    this.window = { wall: now, sim: this.k.now };
  }
}
