// The contract between the simulated kernel's memory manager (and the textbook replay) and a
// page-replacement policy. A policy tracks FRAMES (physical page frame numbers in [0, frames)),
// not pages: the caller owns the page table and the frame → page mapping; the policy only decides
// which resident frame to give up next, the way mm/vmscan.c decides which page on an LRU list to
// reclaim.

import type { Prng } from '../../prng';

/** The policies a machine can be configured with. `linux` is the default of the simulated kernel. */
export type PolicyName = 'linux' | 'fifo' | 'lru' | 'clock' | 'opt' | 'random';

/** Every policy name, in the order the CLI and the settings list them. */
export const POLICY_NAMES: readonly PolicyName[] = ['linux', 'fifo', 'lru', 'clock', 'opt', 'random'];

export function isPolicyName(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/**
 * A page-replacement policy. The caller's protocol:
 *  - a page becomes resident in a frame (first touch, swap-in, read-ahead)  → `insert(frame, now)`;
 *  - a memory access hits a resident frame → `touch(frame, now)` when `needsTouch`, otherwise just
 *    `referenced[frame] = 1` (the PTE accessed bit the MMU sets; the policy reads and clears it);
 *  - memory is needed → `victim()` picks a resident frame, forgets it and returns it; the caller
 *    unmaps the page that lived there (writing it to swap) and may then `insert` the frame again;
 *  - a frame is freed for another reason (munmap, exit, swap-cache drop) → `remove(frame)`.
 * Inserting a frame that is already tracked, or removing one that is not, is a caller bug and
 * throws. All operations are O(1) or amortised O(1) except OPT's (O(log frames), a heap).
 */
export interface ReplacementPolicy {
  readonly name: PolicyName;
  /** true: the caller must call touch() on every hit. false: on a hit the caller only sets referenced[frame] = 1 (the hardware accessed bit), which the policy reads and clears itself. */
  readonly needsTouch: boolean;
  /**
   * `frame` now holds a page (it just became resident); `now` = access index/time. Policies that
   * read `referenced` (clock, linux) set `referenced[frame] = 1`: the access that faulted the page
   * in sets the accessed bit when the instruction restarts. A caller inserting a page nobody
   * accessed (swap read-ahead) may clear `referenced[frame]` right after.
   */
  insert(frame: number, now: number): void;
  /** A hit on a resident frame (only called when `needsTouch`). */
  touch(frame: number, now: number): void;
  /** `frame` was freed by other means (munmap, exit); stop tracking it. O(1) or amortised O(1). */
  remove(frame: number): void;
  /** Choose a resident frame to evict, stop tracking it, return it; -1 if none is tracked. */
  victim(): number;
  /** Resident frames tracked. */
  readonly size: number;
}

export interface PolicyOptions {
  /** Capacity: frame ids are in [0, frames). */
  frames: number;
  /** Length `frames`, shared with the caller: the per-frame accessed ("young"/use) bit. */
  referenced: Uint8Array;
  /** The kernel's seeded generator (RANDOM draws its victims from it). */
  random: Prng;
  /** OPT only: the whole reference string (pages); `now` passed to insert/touch indexes it. */
  future?: Int32Array;
}

/** Thrown for a caller bug (double insert, removing an untracked frame, a frame out of range). */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

export function checkFrames(frames: number, referenced: Uint8Array): void {
  if (!Number.isInteger(frames) || frames < 1 || frames > 0x3fffffff) {
    throw new RangeError(`policy: frames must be an integer ≥ 1, got ${frames}`);
  }
  if (referenced.length < frames) {
    throw new RangeError(`policy: referenced has ${referenced.length} entries for ${frames} frames`);
  }
}
