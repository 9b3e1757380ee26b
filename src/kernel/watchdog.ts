// The soft-lockup detector (kernel/watchdog.c, Linux 5.15), reduced to its arithmetic.
//
// JavaScript cannot be preempted, so module code reports the CPU time it burns: a TypeScript
// module calls the KernelApi's cpu_relax() in its busy loops, and the C runtime calls
// charge() from binaryen's log-execution hook at every loop and function entry. While module
// code runs inside a guard (Kernel.callModule), the charged time accumulates; once it reaches
// the moment the real detector would fire, charge() throws SoftLockup and the guard reports it.
//
// When the real detector fires: its hrtimer ticks every sample_period = 2 × watchdog_thresh / 5
// seconds; the per-CPU watchdog thread touches a timestamp (running_clock() >> 30, units of
// 2^30 ns) after each tick; a tick that finds now > touch + 2 × watchdog_thresh reports
// "stuck for (now - touch)s". With the default thresh of 10 that is 20–24 s after the CPU got
// stuck, reported as 22s, as in the logs students see.
//
// Departure from Linux (stated): Linux leaves the CPU stuck and only reports; here the stuck
// call is ended and its task killed, so that the simulation (and the editor) go on. The
// simulated clock is not advanced by the stuck time: the report carries it instead.

/** Thrown by charge() when module code has been stuck past the detector's threshold. */
export class SoftLockup extends Error {
  constructor(
    /** The seconds the report says ("stuck for 22s!"). */
    readonly seconds: number,
    /** Simulated ns the module code ran without returning. */
    readonly stuckNs: number,
  ) {
    super(`soft lockup: stuck for ${seconds}s`);
    this.name = 'SoftLockup';
  }
}

/**
 * The time one cpu_relax() iteration of a busy loop is charged: the loop's loads, its
 * condition's calls and the PAUSE, rounded up so that a stuck loop reaches the detector's
 * 20 s in about two million iterations (a fraction of a second of real time).
 */
export const CPU_RELAX_NS = 10_000;

const UNIT = 2 ** 30;

export class Watchdog {
  /** Seconds (the watchdog_thresh sysctl); 0 disables the detector, as in Linux. */
  thresh: number;
  private spent = 0;
  private limit = Infinity;
  private reportSeconds = 0;
  private depth = 0;

  constructor(thresh = 10) {
    this.thresh = thresh;
  }

  /** A guarded entry into module code begins at simulated time `now` (nested entries share the budget). */
  enter(now: number): void {
    if (this.depth++ > 0) return;
    this.spent = 0;
    const when = this.detection(now);
    this.limit = when ? when.afterNs : Infinity;
    this.reportSeconds = when ? when.seconds : 0;
  }

  leave(): void {
    if (--this.depth > 0) return;
    this.depth = 0;
    this.spent = 0;
    this.limit = Infinity;
  }

  /** True while module code runs (charge() counts only then). */
  get active(): boolean {
    return this.depth > 0;
  }

  /** Simulated ns module code has run in the current entry. */
  get spentNs(): number {
    return this.spent;
  }

  /** Module code ran `ns` of CPU without returning; throws SoftLockup past the threshold. */
  charge(ns: number): void {
    if (this.depth === 0 || !(ns > 0)) return;
    this.spent += ns;
    if (this.spent >= this.limit) throw new SoftLockup(this.reportSeconds, this.spent);
  }

  /** When a CPU stuck from `start` (ns) is reported, and the seconds the report says. */
  detection(start: number): { afterNs: number; seconds: number } | undefined {
    if (!(this.thresh > 0)) return undefined;
    const period = ((2 * this.thresh) / 5) * 1e9;
    const lastTick = Math.floor(start / period) * period;
    const touch = Math.floor(lastTick / UNIT);
    for (let tick = lastTick + period; ; tick += period) {
      const now = Math.floor(tick / UNIT);
      if (tick > start && now > touch + 2 * this.thresh) return { afterNs: tick - start, seconds: now - touch };
    }
  }
}
