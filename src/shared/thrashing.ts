// The case-study-2 thrashing point, from (N, utilization, major faults) points. Pure and in
// shared/ because the dashboard webview marks it on its chart; lab/analysis.ts re-exports it.
import type { Case2Point } from './protocol';

export interface ThrashingPoint {
  /** The degree of multiprogramming N at the knee: the last point where utilization was still
   * growing about linearly (and, for thrashing, the peak). Marked on the chart. */
  n: number;
  /** Index of that point in the N-sorted input. */
  index: number;
  utilization: number;
  /** The next measured N, where utilization stopped growing or fell; null if none. */
  nextN: number | null;
  /** The first N whose run had major faults; null if none did. */
  firstMajorN: number | null;
  /** 'thrashing': growth stalls and major faults appear; 'saturation': growth stalls with no major
   * faults (the CPUs are busy, not the disk). */
  cause: 'thrashing' | 'saturation';
  /** One sentence for the chart, the report and screen readers. */
  explanation: string;
}

/**
 * Finds where utilization stops growing with N. The per-process utilization of the first
 * point(s) gives the linear slope; walking up in N, the knee is the last point before the
 * marginal growth (ΔU/ΔN) drops below half that slope or turns negative. Returns null when there
 * are fewer than 2 points or utilization keeps growing linearly over the whole range.
 */
export function findThrashingPoint(points: readonly Case2Point[]): ThrashingPoint | null {
  const pts = [...points].filter((p) => p.n > 0 && Number.isFinite(p.utilization)).sort((a, b) => a.n - b.n);
  if (pts.length < 2) return null;
  const slope0 = pts[0].utilization / pts[0].n;
  const firstMajor = pts.find((p) => p.majorFaults > 0);
  const firstMajorN = firstMajor ? firstMajor.n : null;
  for (let i = 1; i < pts.length; i++) {
    const dn = pts[i].n - pts[i - 1].n;
    if (dn <= 0) continue; // repeated N: keep the first
    const marginal = (pts[i].utilization - pts[i - 1].utilization) / dn;
    if (marginal < 0.5 * slope0 || pts[i].utilization < pts[i - 1].utilization) {
      const knee = pts[i - 1];
      const next = pts[i];
      const thrashing = next.majorFaults > 0;
      const pct = (u: number) => `${(u * 100).toFixed(1)} %`;
      const explanation = thrashing
        ? `Utilization grows with N up to N = ${knee.n} (${pct(knee.utilization)}); at N = ${next.n} it ` +
          `${next.utilization < knee.utilization ? 'falls' : 'stops growing'} (${pct(next.utilization)}) and ` +
          (firstMajorN !== null && firstMajorN < next.n
            ? `major faults, present since N = ${firstMajorN}, reach ${next.majorFaults.toLocaleString('en-US')}`
            : `major faults appear (${next.majorFaults.toLocaleString('en-US')})`) +
          `: the working sets no longer fit in RAM, processes wait for the swap disk instead of running — thrashing.`
        : `Utilization stops growing after N = ${knee.n} (${pct(knee.utilization)}) without major faults: the CPUs, not ` +
          `memory, are the limit.`;
      return {
        n: knee.n,
        index: i - 1,
        utilization: knee.utilization,
        nextN: next.n,
        firstMajorN,
        cause: thrashing ? 'thrashing' : 'saturation',
        explanation,
      };
    }
  }
  return null;
}
