// Time as the kernel sees it: nanoseconds since boot, and jiffies derived from them.
// jiffies start at INITIAL_JIFFIES = 2^32 − 300·HZ (include/linux/jiffies.h), so a 32-bit
// jiffies wraps five minutes after boot and wrap bugs show early; unsigned long is 64-bit on
// x86-64, so the simulated jiffies simply keeps growing past 2^32.

export const NSEC_PER_SEC = 1_000_000_000;
export const NSEC_PER_MSEC = 1_000_000;

export function initialJiffies(hz: number): number {
  return 2 ** 32 - 300 * hz;
}

export class Clock {
  /**
   * Simulated nanoseconds since boot: always a whole number, like ktime_t (s64). Hosts advance
   * the clock by wall-clock deltas × speed, which are fractions; Scheduler.runUntil() and
   * EventQueue.schedule() round those up to whole ns, because a fraction here ends up in user
   * space (clock_gettime) and then in nanosleep(), which rejects a non-integer with EINVAL.
   */
  now = 0;
  readonly tickNs: number;
  readonly initialJiffies: number;

  constructor(readonly hz: number) {
    // TICK_NSEC (include/linux/jiffies.h): whole nanoseconds, 3333333 at HZ=300
    this.tickNs = Math.floor((NSEC_PER_SEC + Math.floor(hz / 2)) / hz);
    this.initialJiffies = initialJiffies(hz);
  }

  get jiffies(): number {
    return this.initialJiffies + Math.floor(this.now / this.tickNs);
  }

  /** Simulated time at which jiffies reaches `j`. */
  timeOfJiffies(j: number): number {
    return (j - this.initialJiffies) * this.tickNs;
  }

  /** msecs_to_jiffies(): rounds up, like the kernel's, so a timeout never expires early. */
  msecsToJiffies(ms: number): number {
    return Math.ceil((ms * this.hz) / 1000);
  }

  jiffiesToMsecs(j: number): number {
    return Math.floor((j * 1000) / this.hz);
  }
}
