// CLOCK (second chance), exactly as the textbooks run it:
//  - frames fill in order while free; the hand stays at frame 0;
//  - a hit sets the frame's use bit (referenced[frame] = 1; the caller does it, needsTouch = false);
//  - a newly loaded page has its use bit set (insert sets it);
//  - on a miss with no free frame, the hand clears use bits as it passes until it finds a frame
//    whose bit is clear; that frame is the victim, the new page takes it, and the hand stops one
//    past it.
// In the kernel, tracked frame ids are neither dense nor in load order: the hand walks frame ids in
// [0, frames) in increasing order (wrapping) and skips the frames that are not tracked. The
// tracked set is a bitmap of 32-bit words, so skipping a run of untracked frames costs one step per
// 32 frames, and when every frame is tracked (the replay's steady state) the step is just `+1`
// and the hand reads the use bits four at a time (sweepWords), with the same result and the same
// bits cleared as the one-frame loop.

import type { ReplacementPolicy } from './types';
import { PolicyError } from './types';
import { invalidFrame } from './lists';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** CLOCK: a hand sweeping the frames in id order, giving each referenced frame a second chance. */
export class ClockPolicy implements ReplacementPolicy {
  readonly name = 'clock' as const;
  readonly needsTouch = false;
  private readonly frames: number;
  private readonly referenced: Uint8Array;
  /** Bit f of word f >>> 5 is set while frame f is tracked. */
  private readonly tracked: Uint32Array;
  /** `referenced` viewed as 32-bit words (four use bits each), when it is aligned and little-endian. */
  private readonly words: Uint32Array | null;
  private count = 0;
  /** The frame the hand points at (it may be untracked; victim() skips forward from it). */
  private hand = 0;

  constructor(frames: number, referenced: Uint8Array) {
    this.frames = frames;
    this.referenced = referenced;
    this.tracked = new Uint32Array((frames + 31) >>> 5);
    this.words =
      LITTLE_ENDIAN && referenced.byteOffset % 4 === 0 && frames >= 4
        ? new Uint32Array(referenced.buffer, referenced.byteOffset, frames >>> 2)
        : null;
  }

  get size(): number {
    return this.count;
  }

  /** Where the hand points now (for the textbook table and tests). */
  get handPosition(): number {
    return this.hand;
  }

  insert(frame: number, _now: number): void {
    if (frame >>> 0 !== frame || frame >= this.frames) throw invalidFrame(frame, this.frames);
    const w = frame >>> 5;
    const bit = 1 << (frame & 31);
    if ((this.tracked[w] & bit) !== 0) throw new PolicyError(`policy: frame ${frame} is already tracked`);
    this.tracked[w] |= bit;
    this.count++;
    this.referenced[frame] = 1;
  }

  touch(frame: number, _now: number): void {
    // Not needed (needsTouch = false); kept equivalent to what the caller does on a hit.
    this.referenced[frame] = 1;
  }

  remove(frame: number): void {
    const w = frame >>> 5;
    const bit = 1 << (frame & 31);
    if (frame >>> 0 !== frame || frame >= this.frames || (this.tracked[w] & bit) === 0) {
      throw new PolicyError(`policy: frame ${frame} is not tracked`);
    }
    this.tracked[w] &= ~bit;
    this.count--;
  }

  victim(): number {
    if (this.count === 0) return -1;
    const referenced = this.referenced;
    const frames = this.frames;
    let h = this.hand;
    if (this.count === frames) {
      // Every frame tracked: the hand just steps.
      const words = this.words;
      if (words !== null) {
        h = this.sweepWords(words, h);
      } else {
        while (referenced[h] !== 0) {
          referenced[h] = 0;
          h = h + 1 === frames ? 0 : h + 1;
        }
      }
    } else {
      h = this.nextTracked(h);
      while (referenced[h] !== 0) {
        referenced[h] = 0;
        h = this.nextTracked(h + 1 === frames ? 0 : h + 1);
      }
    }
    this.tracked[h >>> 5] &= ~(1 << (h & 31));
    this.count--;
    this.hand = h + 1 === frames ? 0 : h + 1;
    return h;
  }

  /**
   * The hand's sweep when every frame is tracked, four use bits (bytes) at a time: the result and
   * the bits cleared are exactly those of the one-frame-at-a-time loop, with one branch per four
   * frames instead of one per frame. Bytes are read little-endian (checked at construction).
   */
  private sweepWords(words: Uint32Array, h: number): number {
    const referenced = this.referenced;
    const frames = this.frames;
    const fullWords = frames >>> 2;
    for (;;) {
      const w = h >>> 2;
      if (w >= fullWords) {
        // the last, partial word: byte by byte up to `frames`, then wrap
        if (referenced[h] === 0) return h;
        referenced[h] = 0;
        h = h + 1 === frames ? 0 : h + 1;
        continue;
      }
      const shift = (h & 3) << 3;
      const below = (1 << shift) - 1; // bits of the bytes before the hand (0 when shift = 0)
      const v = words[w];
      // Lowest zero byte at or after the hand: make the bytes before it non-zero, then the
      // classic "has a zero byte" test; its lowest flagged byte is exact.
      const u = v | below;
      const zero = (u - 0x01010101) & ~u & 0x80808080;
      if (zero !== 0) {
        const bit = 31 - Math.clz32(zero & -zero); // 8b + 7 for the zero byte b
        const start = bit - 7; // 8b: the first bit of byte b (≤ 24)
        // clear the bytes from the hand up to (not including) byte b
        words[w] = v & ~(((1 << start) - 1) & ~below);
        return (w << 2) + (start >>> 3);
      }
      // no clear bit in the rest of this word: clear them all and go on
      words[w] = v & below;
      h = (w + 1) << 2;
      if (h >= frames) h = 0;
    }
  }

  /** The first tracked frame at or after `from`, wrapping around; requires count > 0. */
  private nextTracked(from: number): number {
    const tracked = this.tracked;
    const words = tracked.length;
    let w = from >>> 5;
    // bits of the first word at or after `from`
    let bits = tracked[w] & (~0 << (from & 31));
    for (let steps = 0; steps <= words; steps++) {
      if (bits !== 0) {
        // lowest set bit: 31 - clz32(bits & -bits)
        return (w << 5) + (31 - Math.clz32(bits & -bits));
      }
      w = w + 1 === words ? 0 : w + 1;
      bits = tracked[w];
    }
    throw new PolicyError('policy: clock hand found no tracked frame'); // unreachable while count > 0
  }
}
