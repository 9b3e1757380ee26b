// Derived series of a profile, from raw samples + HZ. Pure: used by the dashboard webview, the
// report page, the host (CSV export) and lab/analysis.
//
// Definitions (one place, so every chart, table, CSV and summary agrees):
// - time t_i = (jiffies_i − jiffies_0) / HZ, seconds since the first sample.
// - period_i, the wall time a sample's deltas cover: (jiffies_i − jiffies_{i−1}) / HZ for i > 0;
//   for the first sample, and for any sample whose jiffies do not advance, the profiler's nominal
//   period msecs_to_jiffies(50) + 1 jiffy (51 ms at HZ=1000). The first delay after the first
//   registration is the work item's full delay, so this is what really elapsed.
// - accumulated faults A_i = Σ_{k≤i} (minor_k + major_k): the lab's case-study-1 plot.
// - fault rates: minor_i / period_i and major_i / period_i, faults per second.
// - CPU utilization u_i = cpu_ns_i / period_ns_i (1.0 = one CPU busy for the whole period; can
//   exceed 1 with several CPUs).
import { F, SAMPLE_WIDTH, nominalPeriodJiffies, sampleCount, type SampleArray } from './samples';

/** The period of sample i in jiffies, per the definitions above. */
export function periodJiffies(samples: ArrayLike<number>, i: number, hz: number): number {
  if (i > 0) {
    const d = samples[i * SAMPLE_WIDTH + F.jiffies] - samples[(i - 1) * SAMPLE_WIDTH + F.jiffies];
    if (d > 0) return d;
  }
  return nominalPeriodJiffies(hz);
}

/** Seconds since the first sample, one per sample. */
export function timeAxis(samples: ArrayLike<number>, hz: number): Float64Array {
  const n = sampleCount(samples);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const j0 = samples[F.jiffies];
  for (let i = 0; i < n; i++) out[i] = (samples[i * SAMPLE_WIDTH] - j0) / hz;
  return out;
}

/** Σ (minor + major) since the first sample, inclusive. */
export function accumulatedFaults(samples: ArrayLike<number>): Float64Array {
  const n = sampleCount(samples);
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const o = i * SAMPLE_WIDTH;
    sum += samples[o + F.minor] + samples[o + F.major];
    out[i] = sum;
  }
  return out;
}

export interface FaultRates {
  /** Minor faults per second over each sample's period. */
  minor: Float64Array;
  /** Major faults per second over each sample's period. */
  major: Float64Array;
}

export function faultRates(samples: ArrayLike<number>, hz: number): FaultRates {
  const n = sampleCount(samples);
  const minor = new Float64Array(n);
  const major = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const seconds = periodJiffies(samples, i, hz) / hz;
    const o = i * SAMPLE_WIDTH;
    minor[i] = samples[o + F.minor] / seconds;
    major[i] = samples[o + F.major] / seconds;
  }
  return { minor, major };
}

/** cpu_ns / period_ns per sample. */
export function cpuUtilization(samples: ArrayLike<number>, hz: number): Float64Array {
  const n = sampleCount(samples);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const periodNs = (periodJiffies(samples, i, hz) * 1e9) / hz;
    out[i] = samples[i * SAMPLE_WIDTH + F.cpu] / periodNs;
  }
  return out;
}

/** Wall time the samples cover: (j_last − j_first)/HZ + the first sample's (nominal) period. */
export function spanSeconds(samples: ArrayLike<number>, hz: number): number {
  const n = sampleCount(samples);
  if (n === 0) return 0;
  const first = samples[F.jiffies];
  const last = samples[(n - 1) * SAMPLE_WIDTH + F.jiffies];
  return Math.max(0, last - first) / hz + nominalPeriodJiffies(hz) / hz;
}

/** One row of the per-second aggregation (the screen-reader table, the report's tables). */
export interface SecondBin {
  /** Whole second since the first sample: the bin holds samples with t in [second, second+1). */
  second: number;
  samples: number;
  minor: number;
  major: number;
  cpuNs: number;
  /** Accumulated faults at the end of the bin. */
  accumulated: number;
}

/** Sums samples into one-second bins (empty seconds are omitted). */
export function perSecondBins(samples: ArrayLike<number>, hz: number): SecondBin[] {
  const n = sampleCount(samples);
  const bins: SecondBin[] = [];
  if (n === 0) return bins;
  const j0 = samples[F.jiffies];
  let acc = 0;
  let cur: SecondBin | undefined;
  for (let i = 0; i < n; i++) {
    const o = i * SAMPLE_WIDTH;
    const second = Math.floor(Math.max(0, samples[o] - j0) / hz);
    if (!cur || cur.second !== second) {
      cur = { second, samples: 0, minor: 0, major: 0, cpuNs: 0, accumulated: acc };
      bins.push(cur);
    }
    acc += samples[o + F.minor] + samples[o + F.major];
    cur.samples++;
    cur.minor += samples[o + F.minor];
    cur.major += samples[o + F.major];
    cur.cpuNs += samples[o + F.cpu];
    cur.accumulated = acc;
  }
  return bins;
}

/** A chart point; chart.js reads `{x, y}` directly when `parsing: false`. */
export interface Point {
  x: number;
  y: number;
}

/**
 * The derived series as chart-ready point arrays, built incrementally: `append` costs O(new
 * samples) and never rebuilds older points, so a live dashboard with a long history only pays
 * for what arrived. Values equal the batch functions above (tested).
 *
 * `trimTo(maxSamples)` drops the oldest points (amortised: callers trim with some slack). Times
 * stay relative to the first sample ever appended since the last `reset`, and the accumulated
 * curve keeps counting, so a trimmed window still lines up with what was drawn before.
 */
export class SeriesBuilder {
  readonly accumulated: Point[] = [];
  readonly minorRate: Point[] = [];
  readonly majorRate: Point[] = [];
  readonly cpuUtil: Point[] = [];
  private j0 = NaN;
  private lastJiffies = NaN;
  private acc = 0;
  /** Totals over every sample appended since reset (not reduced by trimming). */
  totalMinor = 0;
  totalMajor = 0;
  totalCpuNs = 0;
  /** Samples appended since reset (not reduced by trimming). */
  appended = 0;

  constructor(private hz: number) {}

  get length(): number {
    return this.accumulated.length;
  }

  /** Time of the last point, or 0. */
  get endTime(): number {
    const n = this.accumulated.length;
    return n ? this.accumulated[n - 1].x : 0;
  }

  /** Wall time covered since reset, as `spanSeconds` defines it. */
  get spanSeconds(): number {
    if (this.appended === 0) return 0;
    return (this.lastJiffies - this.j0) / this.hz + nominalPeriodJiffies(this.hz) / this.hz;
  }

  reset(hz = this.hz): void {
    this.hz = hz;
    this.accumulated.length = 0;
    this.minorRate.length = 0;
    this.majorRate.length = 0;
    this.cpuUtil.length = 0;
    this.j0 = NaN;
    this.lastJiffies = NaN;
    this.acc = 0;
    this.totalMinor = this.totalMajor = this.totalCpuNs = 0;
    this.appended = 0;
  }

  append(samples: SampleArray | ArrayLike<number>): void {
    const n = sampleCount(samples);
    const hz = this.hz;
    const nominal = nominalPeriodJiffies(hz);
    for (let i = 0; i < n; i++) {
      const o = i * SAMPLE_WIDTH;
      const j = samples[o];
      const minor = samples[o + 1];
      const major = samples[o + 2];
      const cpu = samples[o + 3];
      if (this.appended === 0) {
        this.j0 = j;
        this.lastJiffies = j;
      }
      const d = this.appended > 0 ? j - this.lastJiffies : 0;
      const period = d > 0 ? d : nominal;
      const seconds = period / hz;
      const x = (j - this.j0) / hz;
      this.acc += minor + major;
      this.accumulated.push({ x, y: this.acc });
      this.minorRate.push({ x, y: minor / seconds });
      this.majorRate.push({ x, y: major / seconds });
      this.cpuUtil.push({ x, y: cpu / (seconds * 1e9) });
      this.totalMinor += minor;
      this.totalMajor += major;
      this.totalCpuNs += cpu;
      this.lastJiffies = j;
      this.appended++;
    }
  }

  /** Keeps the newest `max` points of every series. */
  trimTo(max: number): void {
    const extra = this.accumulated.length - max;
    if (extra <= 0) return;
    this.accumulated.splice(0, extra);
    this.minorRate.splice(0, extra);
    this.majorRate.splice(0, extra);
    this.cpuUtil.splice(0, extra);
  }
}
