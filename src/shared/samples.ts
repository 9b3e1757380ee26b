// The in-memory representation of profiler samples, shared by the host, the CLI, the report
// and the webviews.
//
// A sample is what the MP3 profiler's work function appends to its buffer: four 64-bit unsigned
// longs `jiffies, minor faults, major faults, CPU time` (the last three are deltas for the
// 50 ms period, summed over the registered processes; CPU time is utime + stime in ns on 5.15).
//
// Representation: ONE `Float64Array`, interleaved exactly like the kernel buffer —
//   [j0, min0, maj0, cpu0, j1, min1, maj1, cpu1, …]      length = 4 × sampleCount
// Why: it is the buffer's own layout (the host copies the mmapped longs with one loop), it costs
// one allocation for any number of samples, it crosses `postMessage` as a single structured-clone
// copy (VS Code ≥ 1.57 transfers typed arrays), and every value we meet is an integer < 2^53, so a
// float64 holds it exactly. Read sample i's fields at `4*i + F.jiffies` etc.
//
// Nothing here allocates per sample; helpers take `ArrayLike<number>` where reading is enough.

/** Longs per sample in the profiler buffer. */
export const SAMPLE_WIDTH = 4;

/** Field offsets inside one sample. */
export const F = {
  jiffies: 0,
  minor: 1,
  major: 2,
  cpu: 3,
} as const;

/** Interleaved samples; see the file comment. Length is always a multiple of SAMPLE_WIDTH. */
export type SampleArray = Float64Array;

/** One sample as an object — convenient in tests and hand-written data; not used on hot paths. */
export interface Sample {
  jiffies: number;
  minor: number;
  major: number;
  /** utime + stime for the period, in nanoseconds (5.15). */
  cpu: number;
}

/** The monitor's BUFD_MAX: the profiler ring holds 12000 samples (48000 longs). */
export const RING_SAMPLES = 12000;

/** `INITIAL_JIFFIES` of Linux: 2^32 − 300·HZ, so jiffies wrap 5 minutes after boot on 32-bit. */
export function initialJiffies(hz: number): number {
  return 2 ** 32 - 300 * hz;
}

/** msecs_to_jiffies(50) + 1: the real spacing of two profiler samples, in jiffies. */
export function nominalPeriodJiffies(hz: number): number {
  return Math.ceil((50 * hz) / 1000) + 1;
}

export function sampleCount(samples: ArrayLike<number>): number {
  return Math.floor(samples.length / SAMPLE_WIDTH);
}

export function emptySamples(): SampleArray {
  return new Float64Array(0);
}

/** Builds the interleaved array from objects. */
export function fromSampleObjects(rows: readonly Sample[]): SampleArray {
  const out = new Float64Array(rows.length * SAMPLE_WIDTH);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const o = i * SAMPLE_WIDTH;
    out[o] = r.jiffies;
    out[o + 1] = r.minor;
    out[o + 2] = r.major;
    out[o + 3] = r.cpu;
  }
  return out;
}

export function toSampleObjects(samples: ArrayLike<number>): Sample[] {
  const n = sampleCount(samples);
  const out: Sample[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * SAMPLE_WIDTH;
    out[i] = { jiffies: samples[o], minor: samples[o + 1], major: samples[o + 2], cpu: samples[o + 3] };
  }
  return out;
}

/** Concatenates interleaved arrays (one allocation). */
export function concatSamples(a: SampleArray, b: SampleArray): SampleArray {
  const out = new Float64Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Samples [from, to) as a new array (own buffer, safe to post). */
export function sliceSamples(samples: SampleArray, from: number, to = sampleCount(samples)): SampleArray {
  return samples.slice(from * SAMPLE_WIDTH, to * SAMPLE_WIDTH);
}

/** True when every value is a non-negative safe integer and the length is a multiple of 4. */
export function isValidSampleArray(samples: ArrayLike<number>): boolean {
  if (samples.length % SAMPLE_WIDTH !== 0) return false;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER) || Math.floor(v) !== v) return false;
  }
  return true;
}

/**
 * Converts 64-bit longs read from the profiler buffer (e.g. a `BigUint64Array` view of the
 * mmapped bytes) to the representation above, stopping at the first -1 (all-ones) sentinel the
 * way the monitor does. Values ≥ 2^53 cannot occur in a well-behaved run; they are rejected.
 */
export function fromLongs(longs: ArrayLike<bigint>, start = 0, maxSamples = Infinity): SampleArray {
  const SENTINEL = 0xffff_ffff_ffff_ffffn;
  const limit = Math.min(Math.floor((longs.length - start) / SAMPLE_WIDTH), maxSamples);
  let n = 0;
  while (n < limit && longs[start + n * SAMPLE_WIDTH] !== SENTINEL) n++;
  const out = new Float64Array(n * SAMPLE_WIDTH);
  for (let i = 0; i < out.length; i++) {
    const v = longs[start + i];
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`profiler long ${v} at ${start + i} exceeds 2^53`);
    out[i] = Number(v);
  }
  return out;
}

/**
 * A growable window of samples (amortised O(1) append, O(kept) trim), for code that receives
 * samples in deltas and keeps the newest `cap`. `view()` is a zero-copy subarray.
 */
export class SampleBuffer {
  private buf: Float64Array;
  private start = 0; // in longs
  private end = 0; // in longs

  constructor(initialSamples = 1024) {
    this.buf = new Float64Array(Math.max(1, initialSamples) * SAMPLE_WIDTH);
  }

  get length(): number {
    return (this.end - this.start) / SAMPLE_WIDTH;
  }

  clear(): void {
    this.start = this.end = 0;
  }

  append(samples: ArrayLike<number>): void {
    const add = sampleCount(samples) * SAMPLE_WIDTH;
    if (add === 0) return;
    if (this.end + add > this.buf.length) {
      const live = this.end - this.start;
      const need = live + add;
      const next = need * 2 <= this.buf.length ? this.buf : new Float64Array(Math.max(need * 2, 1024 * SAMPLE_WIDTH));
      if (next === this.buf) this.buf.copyWithin(0, this.start, this.end);
      else next.set(this.buf.subarray(this.start, this.end), 0);
      this.buf = next;
      this.start = 0;
      this.end = live;
    }
    if (samples instanceof Float64Array) this.buf.set(samples.subarray(0, add), this.end);
    else for (let i = 0; i < add; i++) this.buf[this.end + i] = samples[i];
    this.end += add;
  }

  /** Keeps the newest `max` samples. */
  trimTo(max: number): void {
    const excess = this.length - max;
    if (excess > 0) this.start += excess * SAMPLE_WIDTH;
  }

  view(): SampleArray {
    return this.buf.subarray(this.start, this.end);
  }
}
