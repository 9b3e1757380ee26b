// Time-range arithmetic for the dashboard's zoom and follow-live (pure, unit-tested).
import type { TimeRange } from './protocol';

/** Narrowest zoom: a few sample periods. */
export const MIN_ZOOM_WIDTH = 0.25;

/**
 * The range to draw. With follow-live on, a zoomed window slides so its right edge is the newest
 * sample (keeping its width); without zoom everything is shown (null = fit the data).
 */
export function effectiveRange(zoom: TimeRange | null, followLive: boolean, end: number): TimeRange | null {
  if (!zoom) return null;
  if (!followLive || zoom.to >= end) return zoom;
  const width = zoom.to - zoom.from;
  const to = end;
  return { from: Math.max(0, to - width), to: Math.max(to, width) };
}

/** Clamps a range into [0, end] keeping its width where possible; null when it covers it all. */
export function clampRange(r: TimeRange, end: number): TimeRange | null {
  const total = Math.max(end, MIN_ZOOM_WIDTH);
  let width = Math.max(MIN_ZOOM_WIDTH, r.to - r.from);
  if (width >= total) return null;
  let from = r.from;
  if (from < 0) from = 0;
  if (from + width > total) from = total - width;
  width = Math.min(width, total - from);
  return { from, to: from + width };
}

/** Zooms by `factor` (< 1 = in) around time `center` of the current range (or of [0, end]). */
export function zoomAround(current: TimeRange | null, center: number, factor: number, end: number): TimeRange | null {
  const base = current ?? { from: 0, to: Math.max(end, MIN_ZOOM_WIDTH) };
  const c = Math.min(Math.max(center, base.from), base.to);
  const from = c - (c - base.from) * factor;
  const to = c + (base.to - c) * factor;
  return clampRange({ from, to }, end);
}

/** Moves the range by `delta` seconds. */
export function panRange(current: TimeRange | null, delta: number, end: number): TimeRange | null {
  if (!current) return null;
  return clampRange({ from: current.from + delta, to: current.to + delta }, end);
}

/** The range between two times in any order (e.g. a drag), or null when too narrow to mean zoom. */
export function rangeBetween(a: number, b: number, end: number): TimeRange | null {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  if (to - from < MIN_ZOOM_WIDTH / 2) return null;
  return clampRange({ from, to }, end);
}
