// The textbook replay: run a reference string (a trace of page numbers) through one policy with a
// fixed number of frames, the exercise of every OS course ("7, 0, 1, 2, 0, 3, … with 3 frames").
// It drives the very policy classes the simulated kernel uses, through the same protocol
// (insert / touch or referenced[] / victim), so the figures it prints are the kernel's policies'.

import { Prng } from '../../prng';
import { createPolicy } from './create';
import type { ClockPolicy } from './clock';
import type { FifoPolicy } from './fifo';
import type { LinuxPolicy } from './linux';
import type { LruPolicy } from './lru';
import type { OptPolicy } from './opt';
import type { RandomPolicy } from './random';
import type { PolicyName, ReplacementPolicy } from './types';

export interface ReplayOptions {
  /** Also return the page held by each frame after every access (memory: accesses × frames). */
  recordFrames?: boolean;
}

export interface ReplayResult {
  hits: number;
  misses: number;
  /** Per access: 1 = hit, 0 = miss (page fault). */
  pattern: Uint8Array;
  /** Per access: the PAGE evicted to make room, or -1 (hit, or a free frame was used). */
  victims: Int32Array;
  /** With recordFrames: per access, the page in each frame after it (-1 = empty frame). */
  frameContents?: Int32Array[];
  /** Wall time of the simulation loop only (not the setup), in milliseconds. */
  elapsedMs: number;
}

/**
 * Replay `trace` (non-negative page numbers) through `policy` with `frames` frames. Free frames
 * are used in order 0, 1, 2, … before any eviction (the textbook convention; CLOCK's hand stays
 * at 0 meanwhile). `seed` seeds RANDOM's generator. Throws RangeError on bad arguments.
 */
export function replay(
  trace: Int32Array,
  frames: number,
  policy: PolicyName,
  seed: number,
  options: ReplayOptions = {},
): ReplayResult {
  if (!Number.isInteger(frames) || frames < 1 || frames > 0x3fffffff) {
    throw new RangeError(`replay: frames must be an integer ≥ 1, got ${frames}`);
  }
  const n = trace.length;
  let maxPage = -1;
  for (let i = 0; i < n; i++) {
    const p = trace[i];
    if (p < 0) throw new RangeError(`replay: page ${p} at position ${i} is negative`);
    if (p > maxPage) maxPage = p;
  }
  // Page numbers index a typed array; sparse huge ones are renumbered densely first.
  let pages = trace;
  let original: Int32Array | undefined;
  if (maxPage + 1 > Math.max(1 << 20, 4 * n)) {
    ({ dense: pages, original } = renumber(trace));
    maxPage = original.length - 1;
  }

  // More frames than pages can never fill up, so nothing beyond maxPage + 1 frames is ever used:
  // simulate only those (the results are the same; `--frames 16777216` stays cheap).
  const simFrames = options.recordFrames ? frames : Math.max(1, Math.min(frames, maxPage + 1));
  const pattern = new Uint8Array(n);
  const victims = new Int32Array(n).fill(-1);
  const random = new Prng(seed);

  let hits: number;
  let frameContents: Int32Array[] | undefined;
  let elapsedMs: number;
  if (policy === 'lru' && !options.recordFrames) {
    // LRU without the frame table: the policy tracks pages (ids 0..maxPage) and its list answers
    // residency; see loopLruByPage.
    const ids = maxPage + 1;
    const p = createPolicy('lru', { frames: ids, referenced: new Uint8Array(ids), random }) as LruPolicy;
    const t0 = performance.now();
    hits = loopLruByPage(p, pages, simFrames, pattern, victims);
    elapsedMs = performance.now() - t0;
  } else {
    const referenced = new Uint8Array(simFrames);
    const p = createPolicy(policy, { frames: simFrames, referenced, random, future: pages });
    const frameOfPage = new Int32Array(maxPage + 1).fill(-1);
    const pageOfFrame = new Int32Array(simFrames).fill(-1);
    const t0 = performance.now();
    if (options.recordFrames) {
      frameContents = [];
      hits = loopRecording(p, pages, simFrames, referenced, frameOfPage, pageOfFrame, pattern, victims, frameContents);
    } else {
      hits = runLoop(p, pages, simFrames, referenced, frameOfPage, pageOfFrame, pattern, victims);
    }
    elapsedMs = performance.now() - t0;
  }

  if (original) {
    for (let i = 0; i < n; i++) if (victims[i] >= 0) victims[i] = original[victims[i]];
    if (frameContents) {
      for (const row of frameContents) for (let f = 0; f < frames; f++) if (row[f] >= 0) row[f] = original[row[f]];
    }
  }
  const out: ReplayResult = { hits, misses: n - hits, pattern, victims, elapsedMs };
  if (frameContents) out.frameContents = frameContents;
  return out;
}

// The replay's hot loop, once per policy class, on purpose: V8 keeps type feedback per function,
// so a single loop driving all six classes has megamorphic call sites (no inlining; 1.5-2x slower
// once several policies have run in one process, as in the bench). Each copy below sees one class
// and V8 inlines that class's insert/touch/victim into it. The copies differ only in their
// parameter's type and the hit line (touch() or the accessed bit; LRU's copy is indexed by page); they call the policies' own
// methods, so there is no second implementation of any policy. replay.test.ts checks every copy
// against loopRecording, the generic loop.

/** linux: a hit sets the accessed bit. */
function loopLinux(
  p: LinuxPolicy,
  trace: Int32Array,
  frames: number,
  referenced: Uint8Array,
  frameOfPage: Int32Array,
  pageOfFrame: Int32Array,
  pattern: Uint8Array,
  victims: Int32Array,
): number {
  let hits = 0;
  let used = 0;
  for (let i = 0, n = trace.length; i < n; i++) {
    const page = trace[i];
    const f = frameOfPage[page];
    if (f >= 0) {
      hits++;
      pattern[i] = 1;
      referenced[f] = 1; // the accessed bit, as the MMU sets it
      continue;
    }
    let frame = used;
    if (used < frames) used++;
    else {
      frame = p.victim();
      const old = pageOfFrame[frame];
      frameOfPage[old] = -1;
      victims[i] = old;
    }
    pageOfFrame[frame] = page;
    frameOfPage[page] = frame;
    p.insert(frame, i);
  }
  return hits;
}

/** fifo: a hit sets the accessed bit (FIFO ignores it). */
function loopFifo(
  p: FifoPolicy,
  trace: Int32Array,
  frames: number,
  referenced: Uint8Array,
  frameOfPage: Int32Array,
  pageOfFrame: Int32Array,
  pattern: Uint8Array,
  victims: Int32Array,
): number {
  let hits = 0;
  let used = 0;
  for (let i = 0, n = trace.length; i < n; i++) {
    const page = trace[i];
    const f = frameOfPage[page];
    if (f >= 0) {
      hits++;
      pattern[i] = 1;
      referenced[f] = 1; // the accessed bit, as the MMU sets it
      continue;
    }
    let frame = used;
    if (used < frames) used++;
    else {
      frame = p.victim();
      const old = pageOfFrame[frame];
      frameOfPage[old] = -1;
      victims[i] = old;
    }
    pageOfFrame[frame] = page;
    frameOfPage[page] = frame;
    p.insert(frame, i);
  }
  return hits;
}

/**
 * lru, indexed by page: the policy's ids are the page numbers themselves, not frames. Exact LRU
 * evicts by recency alone, so which frame a page sits in never changes what is evicted, and the
 * frame table (frameOfPage / pageOfFrame) is not needed: touchIfTracked() is both the residency
 * test and the list_move, and victim() returns the evicted page directly. A hit then reads one
 * random node and writes its two neighbours (three cache lines; the frame table added a fourth,
 * and at 1e5 frames none of them fit in L2). The textbook table (recordFrames) still goes
 * through loopRecording with real frame numbers; the tests check both give the same answers.
 */
function loopLruByPage(p: LruPolicy, trace: Int32Array, frames: number, pattern: Uint8Array, victims: Int32Array): number {
  let hits = 0;
  let used = 0;
  for (let i = 0, n = trace.length; i < n; i++) {
    const page = trace[i];
    if (p.touchIfTracked(page)) {
      hits++;
      pattern[i] = 1;
      continue;
    }
    if (used < frames) used++;
    else victims[i] = p.victim();
    p.insert(page, i);
  }
  return hits;
}

/** clock: a hit sets the use bit. */
function loopClock(
  p: ClockPolicy,
  trace: Int32Array,
  frames: number,
  referenced: Uint8Array,
  frameOfPage: Int32Array,
  pageOfFrame: Int32Array,
  pattern: Uint8Array,
  victims: Int32Array,
): number {
  let hits = 0;
  let used = 0;
  for (let i = 0, n = trace.length; i < n; i++) {
    const page = trace[i];
    const f = frameOfPage[page];
    if (f >= 0) {
      hits++;
      pattern[i] = 1;
      referenced[f] = 1; // the accessed bit, as the MMU sets it
      continue;
    }
    let frame = used;
    if (used < frames) used++;
    else {
      frame = p.victim();
      const old = pageOfFrame[frame];
      frameOfPage[old] = -1;
      victims[i] = old;
    }
    pageOfFrame[frame] = page;
    frameOfPage[page] = frame;
    p.insert(frame, i);
  }
  return hits;
}

/** opt: a hit moves the frame's key to its page's next use. */
function loopOpt(
  p: OptPolicy,
  trace: Int32Array,
  frames: number,
  _referenced: Uint8Array,
  frameOfPage: Int32Array,
  pageOfFrame: Int32Array,
  pattern: Uint8Array,
  victims: Int32Array,
): number {
  let hits = 0;
  let used = 0;
  for (let i = 0, n = trace.length; i < n; i++) {
    const page = trace[i];
    const f = frameOfPage[page];
    if (f >= 0) {
      hits++;
      pattern[i] = 1;
      p.touch(f, i);
      continue;
    }
    let frame = used;
    if (used < frames) used++;
    else {
      frame = p.victim();
      const old = pageOfFrame[frame];
      frameOfPage[old] = -1;
      victims[i] = old;
    }
    pageOfFrame[frame] = page;
    frameOfPage[page] = frame;
    p.insert(frame, i);
  }
  return hits;
}

/** random: a hit sets the accessed bit (RANDOM ignores it). */
function loopRandom(
  p: RandomPolicy,
  trace: Int32Array,
  frames: number,
  referenced: Uint8Array,
  frameOfPage: Int32Array,
  pageOfFrame: Int32Array,
  pattern: Uint8Array,
  victims: Int32Array,
): number {
  let hits = 0;
  let used = 0;
  for (let i = 0, n = trace.length; i < n; i++) {
    const page = trace[i];
    const f = frameOfPage[page];
    if (f >= 0) {
      hits++;
      pattern[i] = 1;
      referenced[f] = 1; // the accessed bit, as the MMU sets it
      continue;
    }
    let frame = used;
    if (used < frames) used++;
    else {
      frame = p.victim();
      const old = pageOfFrame[frame];
      frameOfPage[old] = -1;
      victims[i] = old;
    }
    pageOfFrame[frame] = page;
    frameOfPage[page] = frame;
    p.insert(frame, i);
  }
  return hits;
}

/** Run the loop specialised for `p`'s class. */
function runLoop(
  p: ReplacementPolicy,
  trace: Int32Array,
  frames: number,
  referenced: Uint8Array,
  frameOfPage: Int32Array,
  pageOfFrame: Int32Array,
  pattern: Uint8Array,
  victims: Int32Array,
): number {
  const args = [trace, frames, referenced, frameOfPage, pageOfFrame, pattern, victims] as const;
  switch (p.name) {
    case 'linux':
      return loopLinux(p as LinuxPolicy, ...args);
    case 'fifo':
      return loopFifo(p as FifoPolicy, ...args);
    case 'lru': // replay() runs LRU through loopLruByPage, never here
      throw new Error('replay: LRU runs indexed by page (loopLruByPage)');
    case 'clock':
      return loopClock(p as ClockPolicy, ...args);
    case 'opt':
      return loopOpt(p as OptPolicy, ...args);
    case 'random':
      return loopRandom(p as RandomPolicy, ...args);
  }
}

/** The generic loop (any policy, through the interface), which also records the frames. */
function loopRecording(
  p: ReplacementPolicy,
  trace: Int32Array,
  frames: number,
  referenced: Uint8Array,
  frameOfPage: Int32Array,
  pageOfFrame: Int32Array,
  pattern: Uint8Array,
  victims: Int32Array,
  frameContents: Int32Array[],
): number {
  const n = trace.length;
  let hits = 0;
  let used = 0;
  for (let i = 0; i < n; i++) {
    const page = trace[i];
    const f = frameOfPage[page];
    if (f >= 0) {
      hits++;
      pattern[i] = 1;
      if (p.needsTouch) p.touch(f, i);
      else referenced[f] = 1;
    } else {
      let frame: number;
      if (used < frames) {
        frame = used++;
      } else {
        frame = p.victim();
        const old = pageOfFrame[frame];
        frameOfPage[old] = -1;
        victims[i] = old;
      }
      pageOfFrame[frame] = page;
      frameOfPage[page] = frame;
      p.insert(frame, i);
    }
    frameContents.push(pageOfFrame.slice());
  }
  return hits;
}

/** Dense ids 0, 1, 2, … in first-seen order, and the page each id stands for. */
function renumber(trace: Int32Array): { dense: Int32Array; original: Int32Array } {
  const ids = new Map<number, number>();
  const dense = new Int32Array(trace.length);
  const original: number[] = [];
  for (let i = 0; i < trace.length; i++) {
    const page = trace[i];
    let id = ids.get(page);
    if (id === undefined) {
      id = original.length;
      ids.set(page, id);
      original.push(page);
    }
    dense[i] = id;
  }
  return { dense, original: Int32Array.from(original) };
}
