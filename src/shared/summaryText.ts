// Plain-language summaries of a profile, for the dashboard's aria-live text and the report.
import { formatBytes } from './format';
import type { Case2Point, MachineInfo, ProcessRow } from './protocol';
import type { ThrashingPoint } from './thrashing';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInt(v: number): string {
  return int.format(v);
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

export function machineLine(m: MachineInfo): string {
  const parts = [
    `HZ ${m.hz}`,
    `${m.cpus} CPU${m.cpus === 1 ? '' : 's'}`,
    `${formatBytes(m.ramMiB * 1024 * 1024)} RAM`,
    `${formatBytes(m.swapMiB * 1024 * 1024)} swap`,
    `policy ${m.policy}`,
  ];
  if (m.diskLatencyMs !== undefined) parts.push(`disk ${m.diskLatencyMs} ms`);
  if (m.kernel) parts.unshift(m.kernel);
  return parts.join(' · ');
}

export interface ProfileTotals {
  samples: number;
  spanSeconds: number;
  minor: number;
  major: number;
  cpuNs: number;
  hz: number;
}

export function profileSentence(t: ProfileTotals): string {
  if (t.samples === 0) return 'No samples yet.';
  const faults = t.minor + t.major;
  const util = t.spanSeconds > 0 ? t.cpuNs / (t.spanSeconds * 1e9) : 0;
  const rate = t.spanSeconds > 0 ? faults / t.spanSeconds : 0;
  return (
    `${formatInt(t.samples)} samples over ${t.spanSeconds.toFixed(1)} s (HZ ${t.hz}). ` +
    `${formatInt(faults)} page faults (${formatInt(t.minor)} minor, ${formatInt(t.major)} major), ` +
    `${formatInt(rate)} per second on average. ` +
    `CPU utilization ${formatPercent(util)} of one CPU.`
  );
}

export function processSentence(rows: readonly ProcessRow[]): string {
  if (rows.length === 0) return '';
  const reg = rows.filter((r) => r.registered).length;
  return `${rows.length} process${rows.length === 1 ? '' : 'es'}, ${reg} registered.`;
}

export function case2Sentence(points: readonly Case2Point[], thrash: ThrashingPoint | null): string {
  if (points.length === 0) return '';
  const head = `Case study 2: ${points.length} run${points.length === 1 ? '' : 's'} (N = ${points.map((p) => p.n).join(', ')}).`;
  if (!thrash) return `${head} Utilization keeps growing with N: no thrashing point in this range.`;
  return `${head} ${thrash.explanation}`;
}
