// Doubly linked lists of frame ids kept in one typed array, the shape of the kernel's
// `struct list_head` threaded through `struct page` (page->lru): node f in [0, frames) is frame f,
// node frames + k is the head (sentinel) of list k; link[2 * node] is its prev, link[2 * node + 1]
// its next (interleaved, so a node's two pointers share a cache line). list_add puts a node right
// after the head (the "head" end, most recent); the tail is head->prev (the oldest, where reclaim
// scans). A frame on no list has prev = -1 (like list_del's LIST_POISON). No allocation after
// construction; every operation is O(1).

import { PolicyError } from './types';

/** prev of a frame that is on no list. */
const UNLINKED = -1;

export abstract class FrameListPolicy {
  protected readonly frames: number;
  /** link[2n] = prev of node n, link[2n + 1] = next of node n. */
  protected readonly link: Int32Array;

  constructor(frames: number, lists: number) {
    this.frames = frames;
    this.link = new Int32Array(2 * (frames + lists)).fill(UNLINKED);
    for (let k = 0; k < lists; k++) {
      const head = frames + k;
      this.link[2 * head] = head;
      this.link[2 * head + 1] = head;
    }
  }

  /** list_add(&page->lru, head): insert `frame` at the head of list `list`. */
  protected listAdd(list: number, frame: number): void {
    const link = this.link;
    const head = this.frames + list;
    const first = link[2 * head + 1];
    link[2 * head + 1] = frame;
    link[2 * frame] = head;
    link[2 * frame + 1] = first;
    link[2 * first] = frame;
  }

  /** list_del(&page->lru): unlink `frame` from whatever list it is on. */
  protected listDel(frame: number): void {
    const link = this.link;
    const p = link[2 * frame];
    const n = link[2 * frame + 1];
    link[2 * p + 1] = n;
    link[2 * n] = p;
    link[2 * frame] = UNLINKED;
  }

  /** list_move(&page->lru, head): unlink tracked `frame` and add it at the head of list `list`. */
  protected listMove(list: number, frame: number): void {
    const link = this.link;
    const head = this.frames + list;
    const first = link[2 * head + 1];
    if (first === frame) return;
    const p = link[2 * frame];
    const n = link[2 * frame + 1];
    link[2 * p + 1] = n;
    link[2 * n] = p;
    link[2 * head + 1] = frame;
    link[2 * frame] = head;
    link[2 * frame + 1] = first;
    link[2 * first] = frame;
  }

  /** lru_to_page(list): the frame at the tail of list `list`, or -1 if the list is empty. */
  protected listTail(list: number): number {
    const head = this.frames + list;
    const t = this.link[2 * head];
    return t === head ? -1 : t;
  }

  /** Whether `frame` is on one of the lists. */
  protected isLinked(frame: number): boolean {
    return frame >>> 0 === frame && frame < this.frames && this.link[2 * frame] !== UNLINKED;
  }

  /** Throws unless `frame` is a valid, untracked frame id (insert's precondition). */
  protected checkInsert(frame: number): void {
    if (frame >>> 0 !== frame || frame >= this.frames) throw invalidFrame(frame, this.frames);
    if (this.link[2 * frame] !== UNLINKED) throw new PolicyError(`policy: frame ${frame} is already tracked`);
  }

  /** Throws unless `frame` is tracked (the precondition of remove and touch). */
  protected checkTracked(frame: number): void {
    if (!this.isLinked(frame)) throw new PolicyError(`policy: frame ${frame} is not tracked`);
  }
}

export function invalidFrame(frame: number, frames: number): PolicyError {
  return new PolicyError(`policy: frame ${frame} is not a frame id in [0, ${frames})`);
}
