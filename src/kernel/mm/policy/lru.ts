// LRU: evict the least recently used frame. Exact LRU needs to see every hit (needsTouch), which
// real hardware cannot afford; it is the textbook reference the approximations (CLOCK, Linux's
// active/inactive lists) are measured against. A stack algorithm: no Belady anomaly.

import { FrameListPolicy } from './lists';
import type { ReplacementPolicy } from './types';

const RECENCY = 0;

/** Exact LRU: one recency list (most recent at the head), O(1) per hit and per eviction. */
export class LruPolicy extends FrameListPolicy implements ReplacementPolicy {
  readonly name = 'lru' as const;
  readonly needsTouch = true;
  private count = 0;

  constructor(frames: number) {
    super(frames, 1);
  }

  get size(): number {
    return this.count;
  }

  insert(frame: number, _now: number): void {
    this.checkInsert(frame);
    this.listAdd(RECENCY, frame);
    this.count++;
  }

  /** Move `frame` to the most-recent end (list_move to the head). */
  touch(frame: number, _now: number): void {
    if (!this.touchIfTracked(frame)) this.checkTracked(frame); // throws
  }

  /**
   * touch() for a caller that has no residency table of its own: if `frame` is on the list, move
   * it to the most-recent end and return true; otherwise change nothing and return false. The
   * replay uses it with page numbers as ids (see loopLruByPage in replay.ts): LRU's choice depends
   * only on the order of accesses, never on which frame holds a page, so the list itself can
   * answer "is this page resident?" and a hit costs three cache lines instead of four.
   */
  touchIfTracked(frame: number): boolean {
    const link = this.link;
    const p = link[2 * frame];
    // Not on a list (-1), out of range (undefined), a head node or not an integer: not tracked.
    if (!(p >= 0) || frame >= this.frames || frame >>> 0 !== frame) return false;
    const head = this.frames; // the RECENCY list's head node
    const first = link[2 * head + 1];
    if (first === frame) return true;
    const n = link[2 * frame + 1];
    link[2 * p + 1] = n;
    link[2 * n] = p;
    link[2 * head + 1] = frame;
    link[2 * frame] = head;
    link[2 * frame + 1] = first;
    link[2 * first] = frame;
    return true;
  }

  remove(frame: number): void {
    this.checkTracked(frame);
    this.listDel(frame);
    this.count--;
  }

  victim(): number {
    const frame = this.listTail(RECENCY);
    if (frame < 0) return -1;
    this.listDel(frame);
    this.count--;
    return frame;
  }
}
