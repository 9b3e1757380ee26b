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
    const link = this.link;
    const head = this.frames; // the RECENCY list's head node
    const first = link[2 * head + 1];
    if (first === frame) return;
    const p = link[2 * frame];
    if (!(p >= 0) || frame >= this.frames) this.checkTracked(frame); // throws
    const n = link[2 * frame + 1];
    link[2 * p + 1] = n;
    link[2 * n] = p;
    link[2 * head + 1] = frame;
    link[2 * frame] = head;
    link[2 * frame + 1] = first;
    link[2 * first] = frame;
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
