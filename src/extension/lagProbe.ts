// A lag probe for the extension host's thread: a 10 ms interval timer whose late firings are
// the time something else held the thread (the longest task). The e2e suites read it through
// the test hooks to check that the simulated machine, now in its worker, leaves the host free.
// Started at activation only when KMLAB_LAG_PROBE is set in the environment (the e2e run does).
const PERIOD_MS = 10;
const KEEP = 100_000;
/** The lags of this long after start() are kept apart as "activation". */
const ACTIVATION_MS = 5000;

export interface LagFigures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** Share of wall time the host's event loop was busy since the last reset (0…1; not for activation). */
  busy?: number;
}

/** performance.eventLoopUtilization's shape (Node's perf_hooks; injected: this file is testable). */
export type EventLoopUtilization = (prev?: { idle: number; active: number; utilization: number }) => { idle: number; active: number; utilization: number };

export class LagProbe {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last = 0;
  private lags: number[] = [];
  private startedAt = 0;
  private readonly early: number[] = [];

  private eluAtReset: ReturnType<EventLoopUtilization> | undefined;

  constructor(
    private readonly clock: () => number,
    private readonly elu?: EventLoopUtilization,
  ) {}

  start(): void {
    if (this.timer) return;
    this.last = this.startedAt = this.clock();
    this.timer = setInterval(() => {
      const now = this.clock();
      // How much later than due this firing came: time the thread was busy with something else.
      const lag = Math.max(0, now - this.last - PERIOD_MS);
      this.lags.push(lag);
      if (now - this.startedAt < ACTIVATION_MS) this.early.push(lag);
      if (this.lags.length > KEEP) this.lags.splice(0, KEEP / 2);
      this.last = now;
    }, PERIOD_MS);
  }

  /** Forgets what was measured (the start of a scenario). */
  reset(): void {
    this.lags = [];
    this.last = this.clock();
    this.eluAtReset = this.elu?.();
  }

  /** Since the last reset(), or (activation) over the first 5 s after start(). */
  read(which: 'current' | 'activation' = 'current'): LagFigures {
    const s = [...(which === 'activation' ? this.early : this.lags)].sort((a, b) => a - b);
    const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0);
    const f: LagFigures = { samples: s.length, p50: q(0.5), p99: q(0.99), max: s.length ? s[s.length - 1] : 0 };
    if (this.elu && which === 'current') f.busy = this.elu(this.eluAtReset).utilization;
    return f;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
