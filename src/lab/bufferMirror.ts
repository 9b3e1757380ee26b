// The renderer's view of the profiler buffer: the bytes of the module's pages as the machine
// handed them over (bufferPages.ts), and the samples read out of them. A slot (four longs:
// jiffies, minor, major, cpu — a page holds exactly 128) is a new sample when its bytes changed
// and its jiffies is not -1 (the module's memset, or the monitor consuming the slot). The module
// writes the ring in order with jiffies rising, so the new samples of one hand-over, sorted by
// jiffies, are in the order they were written (one hand-over covers far less than the ring's
// 12,000 samples, 10 simulated minutes). Every number comes from the buffer: no fault is
// counted here. It keeps a bounded history with absolute indices so a dashboard can hydrate and
// then take deltas (the API of ProfilerBufferView, which did this inside the kernel's thread).
import { PAGE_SIZE } from '../kernel/config';
import { BUFFER_PAGES, LONGS_PER_SAMPLE } from '../module/mp3_defs';
import { DEFAULT_HISTORY_CAP } from './profilerView';
import type { BufferPage } from './sessionProtocol';

const SLOT_BYTES = LONGS_PER_SAMPLE * 8;

export class BufferMirror {
  private readonly pages = new Uint8Array(BUFFER_PAGES * PAGE_SIZE).fill(0xff);
  private readonly longs = new DataView(this.pages.buffer);
  /** Interleaved [jiffies, minor, major, cpu] of the samples kept, oldest first. */
  private data: Float64Array;
  private count = 0;
  private first = 0;
  /** Bumped whenever the sequence starts over (module reloaded, machine reset, clear()). */
  generation = 0;
  private bufferGeneration = -1;
  attached = false;
  private readonly listeners = new Set<() => void>();

  constructor(readonly cap = DEFAULT_HISTORY_CAP) {
    this.data = new Float64Array(Math.min(cap, 4096) * LONGS_PER_SAMPLE);
  }

  get end(): number {
    return this.first + this.count;
  }

  get firstIndex(): number {
    return this.first;
  }

  /** Called after a hand-over that brought new samples. */
  onSample(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies one hand-over of pages; returns how many new samples it brought. */
  apply(generation: number, attached: boolean, pages: readonly BufferPage[]): number {
    if (generation !== this.bufferGeneration) {
      // A new buffer: its first hand-over has every page; nothing before it belongs to it.
      this.bufferGeneration = generation;
      this.pages.fill(0xff);
      this.clear();
    }
    this.attached = attached;
    const fresh: number[] = [];
    for (const { page, bytes } of pages) {
      const base = page * PAGE_SIZE;
      for (let off = 0; off < PAGE_SIZE; off += SLOT_BYTES) {
        if (!sameSlot(this.pages, base + off, bytes, off)) {
          this.pages.set(bytes.subarray(off, off + SLOT_BYTES), base + off);
          if (this.long(base + off) !== -1) fresh.push(base + off);
        }
      }
    }
    if (!fresh.length) return 0;
    fresh.sort((a, b) => this.long(a) - this.long(b));
    for (const at of fresh) this.append(this.long(at), this.long(at + 8), this.long(at + 16), this.long(at + 24));
    for (const l of this.listeners) l();
    return fresh.length;
  }

  /** Samples with absolute index ≥ from, oldest first, as a fresh array. */
  slice(from: number): { firstIndex: number; samples: Float64Array; generation: number } {
    const start = Math.max(from, this.first);
    const n = Math.max(0, this.end - start);
    const off = (start - this.first) * LONGS_PER_SAMPLE;
    return { firstIndex: start, samples: this.data.slice(off, off + n * LONGS_PER_SAMPLE), generation: this.generation };
  }

  /** Forgets the history (a new experiment). */
  clear(): void {
    this.first = this.end;
    this.count = 0;
    this.generation++;
  }

  private long(byte: number): number {
    return Number(this.longs.getBigInt64(byte, true));
  }

  private append(j: number, min: number, maj: number, cpu: number): void {
    if (this.count === this.cap) {
      // Drop the oldest tenth at once rather than shifting for every sample.
      const drop = Math.max(1, Math.floor(this.cap / 10));
      this.data.copyWithin(0, drop * LONGS_PER_SAMPLE, this.count * LONGS_PER_SAMPLE);
      this.count -= drop;
      this.first += drop;
    }
    if ((this.count + 1) * LONGS_PER_SAMPLE > this.data.length) {
      const grown = new Float64Array(Math.min(this.cap, this.count * 2 + 1) * LONGS_PER_SAMPLE);
      grown.set(this.data.subarray(0, this.count * LONGS_PER_SAMPLE));
      this.data = grown;
    }
    const o = this.count * LONGS_PER_SAMPLE;
    this.data[o] = j;
    this.data[o + 1] = min;
    this.data[o + 2] = maj;
    this.data[o + 3] = cpu;
    this.count++;
  }
}

function sameSlot(a: Uint8Array, ao: number, b: Uint8Array, bo: number): boolean {
  for (let i = 0; i < SLOT_BYTES; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}
