// Kernel timers (kernel/time/timer.c). What matters for the lab is the timer wheel's rounding:
// a timer never fires early, so calc_wheel_index() rounds the expiry UP to the granularity of
// its wheel level. At level 0 (delays under 64 jiffies) that adds exactly one jiffy, which is
// why the profiler's samples, re-armed with msecs_to_jiffies(50), come 51 jiffies apart.
import type { EventQueue, SimEvent } from './events';
import type { Clock } from './time';

const LVL_CLK_SHIFT = 3;
const LVL_BITS = 6;
const LVL_SIZE = 1 << LVL_BITS;
const LVL_DEPTH = 9;

/** The jiffy at which a timer armed at `now` for `expires` really fires (calc_wheel_index). */
export function wheelExpiry(nowJiffies: number, expires: number): number {
  const delta = expires - nowJiffies;
  if (delta < 0) return nowJiffies;
  for (let lvl = 0; lvl < LVL_DEPTH; lvl++) {
    const startOfNext = LVL_SIZE << (lvl * LVL_CLK_SHIFT);
    if (delta < startOfNext || lvl === LVL_DEPTH - 1) {
      const shift = lvl * LVL_CLK_SHIFT;
      return (Math.floor(expires / 2 ** shift) + 1) * 2 ** shift;
    }
  }
  return expires;
}

export class TimerList {
  expires = 0;
  pending: SimEvent | undefined = undefined;
  constructor(public fn: () => void) {}
}

export class Timers {
  constructor(
    private readonly clock: Clock,
    private readonly events: EventQueue,
  ) {}

  /** mod_timer(): (re)arms for `expires` (in jiffies). Returns 1 if it was pending. */
  mod(timer: TimerList, expires: number): number {
    const was = this.del(timer);
    timer.expires = expires;
    const fireAt = this.clock.timeOfJiffies(wheelExpiry(this.clock.jiffies, expires));
    timer.pending = this.events.schedule(Math.max(fireAt, this.clock.now), () => {
      timer.pending = undefined;
      timer.fn();
    });
    return was;
  }

  /** del_timer(): 1 if it was pending. */
  del(timer: TimerList): number {
    if (!timer.pending) return 0;
    this.events.cancel(timer.pending);
    timer.pending = undefined;
    return 1;
  }
}
