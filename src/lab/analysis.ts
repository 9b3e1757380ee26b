// What the lab asks students to compute from the profiler data (no floating point in the
// kernel: it is all done here, after the fact).
// - Per run: totals, wall time, U = Σ(utime + stime) / wall time (src/shared/series.ts defines
//   the wall time a set of samples covers).
// - Case study 2: the thrashing point of utilization vs the number N of `work` copies.
import type { Case2Point } from '../shared/protocol';
export { findThrashingPoint, type ThrashingPoint } from '../shared/thrashing';
import { F, SAMPLE_WIDTH, sampleCount } from '../shared/samples';
import { accumulatedFaults, spanSeconds, timeAxis } from '../shared/series';

export interface RunSummary {
  samples: number;
  totalMinor: number;
  totalMajor: number;
  /** Σ (utime + stime) over all samples, ns. */
  cpuNs: number;
  /** Wall time covered by the samples, s (see series.spanSeconds). */
  spanSeconds: number;
  /** cpuNs / span: 1.0 = one CPU fully used. 0 for an empty run. */
  utilization: number;
  /** Average faults per second over the span (minor + major). */
  faultsPerSecond: number;
  /** Time of the sample at which half of all faults had happened (s), or null when no fault. */
  halfFaultsSeconds: number | null;
  /** Largest number of faults in one sample period, and when (s). */
  peakFaults: number;
  peakFaultsAt: number;
}

export function summarizeRun(samples: ArrayLike<number>, hz: number): RunSummary {
  const n = sampleCount(samples);
  let minor = 0;
  let major = 0;
  let cpu = 0;
  let peak = 0;
  let peakIdx = 0;
  for (let i = 0; i < n; i++) {
    const o = i * SAMPLE_WIDTH;
    minor += samples[o + F.minor];
    major += samples[o + F.major];
    cpu += samples[o + F.cpu];
    const f = samples[o + F.minor] + samples[o + F.major];
    if (f > peak) {
      peak = f;
      peakIdx = i;
    }
  }
  const span = spanSeconds(samples, hz);
  const t = timeAxis(samples, hz);
  let half: number | null = null;
  const total = minor + major;
  if (total > 0) {
    const acc = accumulatedFaults(samples);
    for (let i = 0; i < n; i++) {
      if (acc[i] * 2 >= total) {
        half = t[i];
        break;
      }
    }
  }
  return {
    samples: n,
    totalMinor: minor,
    totalMajor: major,
    cpuNs: cpu,
    spanSeconds: span,
    utilization: span > 0 ? cpu / (span * 1e9) : 0,
    faultsPerSecond: span > 0 ? total / span : 0,
    halfFaultsSeconds: half,
    peakFaults: peak,
    peakFaultsAt: n ? t[peakIdx] : 0,
  };
}

/** Builds the case-2 point of one run. */
export function case2Point(n: number, samples: ArrayLike<number>, hz: number): Case2Point {
  const s = summarizeRun(samples, hz);
  return { n, utilization: s.utilization, majorFaults: s.totalMajor, minorFaults: s.totalMinor, wallSeconds: s.spanSeconds };
}
