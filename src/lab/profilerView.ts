// The host's view of the profiler buffer: the same frames the monitor maps, reached through the
// driver's own mmap (Kernel.hostMapDevice), followed as the module writes them. It keeps a
// bounded history of the samples it saw, with absolute indices, so a dashboard can hydrate and
// then take deltas; it keeps no counts of its own — every number is read from the buffer.
//
// Unlike the monitor it does not consume: it never writes -1 back. It sees a sample when the
// module stores its fourth long, so a monitor run that consumes the ring later loses nothing here.
import type { Kernel } from '../kernel/kernel';
import { makedev } from '../kernel/uapi';
import { PAGE_SIZE } from '../kernel/config';
import { BUFFER_PAGES, BUFD_MAX, LONGS_PER_SAMPLE, MP3_MAJOR, MP3_MINOR } from '../module/mp3_defs';

export const DEFAULT_HISTORY_CAP = 200_000;

export class ProfilerBufferView {
  /** Interleaved [jiffies, minor, major, cpu] of the samples kept, oldest first. */
  private data: Float64Array;
  private count = 0;
  /** Absolute index of the oldest sample kept. */
  private first = 0;
  /** Bumped whenever the sequence starts over (module reloaded, reset). */
  generation = 0;
  private pfns: number[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly k: Kernel,
    readonly cap = DEFAULT_HISTORY_CAP,
  ) {
    this.data = new Float64Array(Math.min(cap, 4096) * LONGS_PER_SAMPLE);
    const onModule = (name: string, loaded: boolean) => {
      if (name !== 'mp3') return;
      this.detach();
      if (loaded) this.attach();
    };
    k.moduleListeners.push(onModule);
    this.unsubscribe = () => {
      const i = k.moduleListeners.indexOf(onModule);
      if (i >= 0) k.moduleListeners.splice(i, 1);
    };
    if (k.modules.has('mp3')) this.attach();
  }

  /** True while the module is loaded and its buffer mapped. */
  get attached(): boolean {
    return this.pfns.length > 0;
  }

  /** Absolute index one past the newest sample seen. */
  get end(): number {
    return this.first + this.count;
  }

  get firstIndex(): number {
    return this.first;
  }

  /** Called after each new sample (synchronously, inside the simulation: keep it cheap). */
  onSample(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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

  dispose(): void {
    this.detach();
    this.unsubscribe();
    this.listeners.clear();
  }

  private attach(): void {
    const r = this.k.hostMapDevice(makedev(MP3_MAJOR, MP3_MINOR), BUFFER_PAGES);
    if (typeof r === 'number') return;
    this.pfns = r;
    this.clear();
    r.forEach((pfn, page) => this.k.phys.watch(pfn, (_p, offset) => this.onWrite(page, offset)));
  }

  private detach(): void {
    for (const pfn of this.pfns) this.k.phys.watch(pfn, undefined);
    this.pfns = [];
  }

  private long(index: number): number {
    const byte = index * 8;
    return this.k.phys.load64(this.pfns[Math.floor(byte / PAGE_SIZE)], byte % PAGE_SIZE);
  }

  /** A store landed in the buffer: when it completes a sample (its 4th long), take the sample. */
  private onWrite(page: number, offset: number): void {
    if (offset < 0) return; // a whole-page fill (the module's memset at load)
    const longIndex = (page * PAGE_SIZE + offset) / 8;
    if (longIndex >= BUFD_MAX || longIndex % LONGS_PER_SAMPLE !== LONGS_PER_SAMPLE - 1) return;
    const base = longIndex - (LONGS_PER_SAMPLE - 1);
    const jiffies = this.long(base);
    if (jiffies === -1) return; // the monitor consuming a slot
    this.append(jiffies, this.long(base + 1), this.long(base + 2), this.long(base + 3));
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
    for (const l of this.listeners) l();
  }
}
