// Min-max decimation of a time series for drawing: per horizontal pixel bucket keep the lowest
// and the highest point (in time order), so every burst's peak and every step of the
// accumulated curve survives while the chart draws at most ~2 points per pixel. Cheaper than
// chart.js's decimation plugin (no per-update proxy/option work, binary search of the visible
// range), and it references the input points instead of copying them.
import type { Point } from './series';

/** Index of the first point with x ≥ v (points sorted by x). */
export function lowerBound(points: readonly Point[], v: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid].x < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points to draw for the x range [from, to] (undefined = the whole series) on `buckets`
 * pixels. Includes one point beyond each edge so lines run to the chart border. Returns the
 * input itself when it is already small enough. Assumes x is non-decreasing.
 */
export function decimateMinMax(points: readonly Point[], buckets: number, from?: number, to?: number): readonly Point[] {
  const n = points.length;
  if (n === 0) return points;
  let start = from === undefined ? 0 : Math.max(0, lowerBound(points, from) - 1);
  let end = to === undefined ? n : Math.min(n, lowerBound(points, to) + 1); // exclusive
  if (end <= start) {
    start = Math.max(0, Math.min(start, n - 1));
    end = Math.min(n, start + 1);
  }
  const count = end - start;
  const b = Math.max(1, Math.floor(buckets));
  if (count <= 2 * b) return start === 0 && end === n ? points : points.slice(start, end);
  const x0 = points[start].x;
  const span = points[end - 1].x - x0 || 1;
  const out: Point[] = [points[start]];
  let bucket = -1;
  let min: Point | undefined;
  let max: Point | undefined;
  let minI = 0;
  let maxI = 0;
  const flush = () => {
    if (!min || !max) return;
    if (min === max) out.push(min);
    else if (minI < maxI) out.push(min, max);
    else out.push(max, min);
  };
  for (let i = start + 1; i < end - 1; i++) {
    const p = points[i];
    const k = Math.min(b - 1, Math.floor(((p.x - x0) / span) * b));
    if (k !== bucket) {
      flush();
      bucket = k;
      min = max = p;
      minI = maxI = i;
    } else {
      if (p.y < min!.y) {
        min = p;
        minI = i;
      }
      if (p.y > max!.y) {
        max = p;
        maxI = i;
      }
    }
  }
  flush();
  out.push(points[end - 1]);
  return out;
}
