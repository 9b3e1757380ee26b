// FIFO: evict the frame whose page was loaded longest ago. Hits change nothing, which is why FIFO
// shows Belady's anomaly (more frames can mean more faults).

import { FrameListPolicy } from './lists';
import type { ReplacementPolicy } from './types';

const LOAD_ORDER = 0;

/** FIFO replacement: one list in load order, newest at the head, victims from the tail. */
export class FifoPolicy extends FrameListPolicy implements ReplacementPolicy {
  readonly name = 'fifo' as const;
  readonly needsTouch = false;
  private count = 0;

  constructor(frames: number) {
    super(frames, 1);
  }

  get size(): number {
    return this.count;
  }

  insert(frame: number, _now: number): void {
    this.checkInsert(frame);
    this.listAdd(LOAD_ORDER, frame);
    this.count++;
  }

  touch(_frame: number, _now: number): void {
    // Load order does not change on a hit.
  }

  remove(frame: number): void {
    this.checkTracked(frame);
    this.listDel(frame);
    this.count--;
  }

  victim(): number {
    const frame = this.listTail(LOAD_ORDER);
    if (frame < 0) return -1;
    this.listDel(frame);
    this.count--;
    return frame;
  }
}
