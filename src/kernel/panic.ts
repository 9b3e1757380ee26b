// Taint flags and panic() (kernel/panic.c, Linux 5.15). The taint mask is what
// /proc/sys/kernel/tainted shows as a number and what print_tainted() spells as letters in
// every Oops and WARNING header ("Tainted: G    D      O      "). A panic stops the machine.

/** Bit numbers of include/linux/panic.h (5.15 has 18 flags). */
export const TAINT_PROPRIETARY_MODULE = 0;
export const TAINT_FORCED_RMMOD = 3;
export const TAINT_BAD_PAGE = 5;
export const TAINT_DIE = 7;
export const TAINT_WARN = 9;
export const TAINT_OOT_MODULE = 12;
export const TAINT_UNSIGNED_MODULE = 13;
export const TAINT_SOFTLOCKUP = 14;

/** taint_flags[]: the letter when set and when clear, in bit order (kernel/panic.c). */
const TAINT_FLAGS: readonly (readonly [string, string])[] = [
  ['P', 'G'], ['F', ' '], ['S', ' '], ['R', ' '], ['M', ' '], ['B', ' '], ['U', ' '], ['D', ' '], ['A', ' '],
  ['W', ' '], ['C', ' '], ['I', ' '], ['O', ' '], ['E', ' '], ['L', ' '], ['K', ' '], ['X', ' '], ['T', ' '],
];

export class Taints {
  /** tainted_mask */
  mask = 0;

  add(bit: number): void {
    this.mask |= 1 << bit;
  }

  has(bit: number): boolean {
    return (this.mask & (1 << bit)) !== 0;
  }

  /** print_tainted(): "Not tainted" or "Tainted: " and one column per flag. */
  print(): string {
    if (this.mask === 0) return 'Not tainted';
    return `Tainted: ${TAINT_FLAGS.map(([set, clear], i) => (this.has(i) ? set : clear)).join('')}`;
  }
}

/** The lines panic() prints before the machine stops (panic_timeout = 0: it stays stopped). */
export function panicLines(reason: string): string[] {
  return [
    `<0>Kernel panic - not syncing: ${reason}`,
    '<0>Kernel Offset: disabled',
    `<0>---[ end Kernel panic - not syncing: ${reason} ]---`,
  ];
}
