// RANDOM: evict a resident frame chosen uniformly, from the kernel's seeded generator (so a run is
// reproducible from its seed). The baseline every other policy should beat.

import type { Prng } from '../../prng';
import type { ReplacementPolicy } from './types';
import { PolicyError } from './types';
import { invalidFrame } from './lists';

/** RANDOM: a dense array of the tracked frames plus each frame's index in it (O(1) remove). */
export class RandomPolicy implements ReplacementPolicy {
  readonly name = 'random' as const;
  readonly needsTouch = false;
  private readonly frames: number;
  private readonly random: Prng;
  /** members[0 .. count) are the tracked frames, in no particular order. */
  private readonly members: Int32Array;
  /** index[f] = position of f in members, or -1 when f is not tracked. */
  private readonly index: Int32Array;
  private count = 0;

  constructor(frames: number, random: Prng) {
    this.frames = frames;
    this.random = random;
    this.members = new Int32Array(frames);
    this.index = new Int32Array(frames).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  insert(frame: number, _now: number): void {
    if (frame >>> 0 !== frame || frame >= this.frames) throw invalidFrame(frame, this.frames);
    if (this.index[frame] >= 0) throw new PolicyError(`policy: frame ${frame} is already tracked`);
    this.index[frame] = this.count;
    this.members[this.count++] = frame;
  }

  touch(_frame: number, _now: number): void {
    // Hits do not matter to RANDOM.
  }

  remove(frame: number): void {
    if (!(this.index[frame] >= 0)) throw new PolicyError(`policy: frame ${frame} is not tracked`);
    this.take(this.index[frame]);
  }

  victim(): number {
    if (this.count === 0) return -1;
    return this.take(this.random.below(this.count));
  }

  /** Remove members[i] by moving the last member into its place; returns the removed frame. */
  private take(i: number): number {
    const members = this.members;
    const frame = members[i];
    const last = members[--this.count];
    members[i] = last;
    this.index[last] = i;
    this.index[frame] = -1;
    return frame;
  }
}
