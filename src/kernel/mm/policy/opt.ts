// OPT (Belady's MIN): evict the page whose next use lies farthest in the future; a page never used
// again is the farthest of all. It needs the whole reference string, so it exists for the textbook
// replay and for "how far from optimal is policy X" comparisons, not as something a kernel can do.
//
// The reference string is `future`; `now` (passed to insert and touch) is the index in it of the
// access that loads or hits the frame, so the frame's page is future[now]. nextUse[] is
// precomputed in one backward pass; the resident frames sit in an indexed binary max-heap keyed by
// their page's next use (O(log frames) per insert, touch, remove and victim, no garbage).
//
// Keys: the next-use index when the page is used again (< n); otherwise 2n - now (> n), which
// breaks ties between pages never used again by evicting the one last used longest ago. Keys of
// resident frames are therefore all distinct and the victim does not depend on the heap's shape.

import type { ReplacementPolicy } from './types';
import { PolicyError } from './types';
import { invalidFrame } from './lists';

/** Belady's optimal policy over a known reference string (needsTouch: each hit moves the key). */
export class OptPolicy implements ReplacementPolicy {
  readonly name = 'opt' as const;
  readonly needsTouch = true;
  private readonly frames: number;
  private readonly n: number;
  /** keyAt[i] = the key of the page accessed at i after that access (see the file comment). */
  private readonly keyAt: Int32Array;
  /** heap[0 .. count) of frames, max key at the root. */
  private readonly heap: Int32Array;
  /** pos[f] = f's index in heap, or -1 when f is not tracked. */
  private readonly pos: Int32Array;
  private readonly key: Int32Array;
  private count = 0;

  constructor(frames: number, future: Int32Array) {
    const n = future.length;
    if (n > 0x3fffffff) throw new RangeError('opt: reference string too long');
    this.frames = frames;
    this.n = n;
    this.heap = new Int32Array(frames);
    this.pos = new Int32Array(frames).fill(-1);
    this.key = new Int32Array(frames);
    this.keyAt = nextUseKeys(future);
  }

  get size(): number {
    return this.count;
  }

  insert(frame: number, now: number): void {
    if (frame >>> 0 !== frame || frame >= this.frames) throw invalidFrame(frame, this.frames);
    if (this.pos[frame] >= 0) throw new PolicyError(`policy: frame ${frame} is already tracked`);
    const i = this.count++;
    this.heap[i] = frame;
    this.pos[frame] = i;
    this.key[frame] = this.keyFor(now);
    this.siftUp(i);
  }

  touch(frame: number, now: number): void {
    const i = this.pos[frame];
    if (!(i >= 0)) throw new PolicyError(`policy: frame ${frame} is not tracked`);
    const old = this.key[frame];
    const k = this.keyFor(now);
    this.key[frame] = k;
    if (k > old) this.siftUp(i);
    else if (k < old) this.siftDown(i);
  }

  remove(frame: number): void {
    const i = this.pos[frame];
    if (!(i >= 0)) throw new PolicyError(`policy: frame ${frame} is not tracked`);
    this.take(i);
  }

  victim(): number {
    if (this.count === 0) return -1;
    return this.take(0);
  }

  private keyFor(now: number): number {
    if (now >>> 0 !== now || now >= this.n) {
      throw new PolicyError(`opt: now = ${now} is not an index into the reference string (length ${this.n})`);
    }
    return this.keyAt[now];
  }

  /** Remove heap[i]; returns its frame. */
  private take(i: number): number {
    const heap = this.heap;
    const frame = heap[i];
    const last = heap[--this.count];
    this.pos[frame] = -1;
    if (i < this.count) {
      heap[i] = last;
      this.pos[last] = i;
      this.siftDown(i);
      this.siftUp(this.pos[last]);
    }
    return frame;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const key = this.key;
    const frame = heap[i];
    const k = key[frame];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pf = heap[parent];
      if (key[pf] >= k) break;
      heap[i] = pf;
      pos[pf] = i;
      i = parent;
    }
    heap[i] = frame;
    pos[frame] = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const key = this.key;
    const count = this.count;
    const frame = heap[i];
    const k = key[frame];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= count) break;
      if (child + 1 < count && key[heap[child + 1]] > key[heap[child]]) child++;
      const cf = heap[child];
      if (key[cf] <= k) break;
      heap[i] = cf;
      pos[cf] = i;
      i = child;
    }
    heap[i] = frame;
    pos[frame] = i;
  }
}

/** keyAt[i] = index of the next access to future[i] after i, or 2n - i if there is none. */
function nextUseKeys(future: Int32Array): Int32Array {
  const n = future.length;
  const keyAt = new Int32Array(n);
  // Pages are non-negative; remember each page's most recent (going backwards) position.
  let maxPage = -1;
  for (let i = 0; i < n; i++) {
    const p = future[i];
    if (p < 0) throw new RangeError(`opt: page ${p} at ${i} is negative`);
    if (p > maxPage) maxPage = p;
  }
  if (maxPage + 1 <= Math.max(1 << 20, 4 * n)) {
    const seen = new Int32Array(maxPage + 1).fill(-1);
    for (let i = n - 1; i >= 0; i--) {
      const p = future[i];
      const next = seen[p];
      keyAt[i] = next >= 0 ? next : 2 * n - i;
      seen[p] = i;
    }
  } else {
    // Sparse page numbers: a Map instead of a huge array.
    const seen = new Map<number, number>();
    for (let i = n - 1; i >= 0; i--) {
      const p = future[i];
      const next = seen.get(p);
      keyAt[i] = next !== undefined ? next : 2 * n - i;
      seen.set(p, i);
    }
  }
  return keyAt;
}
