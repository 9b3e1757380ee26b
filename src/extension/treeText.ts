// The one-line description of a process row in the side bar's trees. Pure (no `vscode`), so its
// width is unit-tested: the side bar is narrow, and VS Code cuts a long description at its end —
// which is where the CPU time was. CPU comes first now, counts are compact (262k), and the exact
// numbers stay in the row's tooltip and its detail children.
import type { ProcessInfo } from '../lab/session';

/** 950, 12.3k, 262k, 1.05M: three significant digits at most. */
export function compactCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  const [div, unit] = n < 1e6 ? [1e3, 'k'] : [1e6, 'M'];
  const v = n / div;
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)}${unit}`.replace(/\.0+(?=[kM])|(\.\d*?)0+(?=[kM])/, '$1');
}

/** CPU time of a row: 0.80 s, 12.3 s, 754 s. */
export function compactCpu(ns: number): string {
  const s = ns / 1e9;
  return `${s < 10 ? s.toFixed(2) : s < 100 ? s.toFixed(1) : s.toFixed(0)} s`;
}

/** "work · 1.20 s · 262k min · 0 maj" (a stopped process says so in words too; its icon is a pause sign). */
export function processDescription(p: Pick<ProcessInfo, 'comm' | 'state' | 'minFlt' | 'majFlt' | 'cpuNs'>): string {
  return `${p.comm}${p.state === 'T' ? ' (stopped)' : ''} · ${compactCpu(p.cpuNs)} · ${compactCount(p.minFlt)} min · ${compactCount(p.majFlt)} maj`;
}
