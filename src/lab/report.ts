// The lab report: ONE self-contained HTML page (no network, no external files) with the lab's
// three plots — case 1 accumulated faults vs time for each profile, case 2 utilization vs N with
// the thrashing point — drawn by the same chart code as the dashboard (src/webview/charts/,
// bundled as dist/webview/report.js), the analysis numbers in tables, and a short plain-language
// analysis. Light theme, print-friendly.
//
// Pure: the caller reads the bundle and passes its text in, e.g.
//   const script = readFileSync(join(extensionRoot, 'dist', 'webview', 'report.js'), 'utf8');
//   writeFileSync('report.html', buildReport({ machine, runs, caseStudy2Points, script }));
import { formatBytes } from '../shared/format';
import type { Case2Point, MachineInfo } from '../shared/protocol';
import type { SampleArray } from '../shared/samples';
import { findThrashingPoint, type ThrashingPoint } from '../shared/thrashing';
import { REPORT_DATA_ID, type ReportData } from '../shared/reportData';
import { summarizeRun, type RunSummary } from './analysis';

export { REPORT_DATA_ID, type ReportData } from '../shared/reportData';

export interface ReportRun {
  /** Short id, e.g. "profile1" (also the data file's base name). */
  name: string;
  /** Shell commands of the run, e.g. ["nice ./work 1024 R 50000 &", "nice ./work 1024 R 10000 &"]. */
  commands: string[];
  samples: SampleArray;
  /** Computed from the samples when absent. */
  summary?: RunSummary;
  /** One-line description, e.g. "two random-access processes". */
  description?: string;
}

export interface ReportInput {
  machine: MachineInfo;
  /** Case-study-1 runs (profile1, profile2); each gets its own plot. */
  runs: ReportRun[];
  caseStudy2Points: Case2Point[];
  /** Command of one case-2 copy (default "./work 200 R 10000"). */
  case2Command?: string;
  /** The text of dist/webview/report.js. */
  script: string;
  title?: string;
  /** Shown in the footer; pass a fixed string for reproducible output. */
  generatedAt?: string;
  /** Extra CSS appended after the built-in styles. */
  css?: string;
  /** CSP nonce of the inline script and style (default: fixed; the page has no untrusted markup). */
  nonce?: string;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const int = (v: number): string => Math.round(v).toLocaleString('en-US');
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
const secs = (v: number): string => `${v.toFixed(2)} s`;

/** A canvas id from a run name ("profile1" → "chart-case1-profile1"). */
export function runCanvasId(name: string): string {
  return `chart-case1-${name.replace(/[^A-Za-z0-9_-]+/g, '-') || 'run'}`;
}
export const CASE2_CANVAS_ID = 'chart-case2';

/** JSON that is safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** JavaScript that is safe inside a <script> element. */
function scriptText(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const REPORT_CSS = `
:root { color-scheme: light; }
body.vscode-light {
  --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #5f5f5f; --vscode-editor-background: #ffffff;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif; --vscode-font-size: 13px;
  --vscode-charts-foreground: #3b3b3b; --vscode-charts-lines: rgba(97, 97, 97, 0.22);
  --vscode-charts-blue: #1a85ff; --vscode-charts-red: #e51400; --vscode-charts-green: #388a34;
  --vscode-charts-orange: #d18616; --vscode-charts-yellow: #bf8803; --vscode-charts-purple: #652d90;
  --vscode-errorForeground: #e51400; --vscode-panel-border: #e5e5e5;
}
body { margin: 0 auto; max-width: 980px; padding: 24px 28px 40px; color: var(--vscode-foreground);
  background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: 14px; line-height: 1.5; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; margin: 28px 0 6px; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 3px; }
h3 { font-size: 1.05em; margin: 18px 0 4px; }
.sub, .note, figcaption { color: var(--vscode-descriptionForeground); }
pre { background: #f5f5f5; padding: 6px 10px; margin: 4px 0 8px; border-radius: 3px; font-size: 12.5px; overflow-x: auto; }
figure { margin: 8px 0 12px; }
.chart { position: relative; height: 300px; }
.chart canvas { display: block; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); gap: 16px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 6px 0 10px; }
caption { text-align: left; font-weight: 600; padding: 2px 0 4px; }
th, td { padding: 3px 14px 3px 0; border-bottom: 1px solid var(--vscode-panel-border); text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
tr.mark td, tr.mark th { font-weight: 600; color: var(--vscode-errorForeground); }
.analysis p { margin: 6px 0; }
footer { margin-top: 32px; font-size: 12px; color: var(--vscode-descriptionForeground); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .pair { grid-template-columns: 1fr 1fr; }
  figure, table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;

function table(caption: string, header: string[], rows: string[][], opts: { numericFrom?: number; markRow?: number } = {}): string {
  const nf = opts.numericFrom ?? 1;
  const th = header.map((c, i) => `<th scope="col"${i >= nf ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = rows
    .map((r, ri) => {
      const cells = r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td${i >= nf ? ' class="num"' : ''}>${esc(c)}</td>`)).join('');
      return `<tr${ri === opts.markRow ? ' class="mark"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function machineTable(m: MachineInfo): string {
  const rows: string[][] = [];
  if (m.kernel) rows.push(['Kernel', m.kernel]);
  rows.push(['HZ', String(m.hz)], ['CPUs', String(m.cpus)], ['RAM', formatBytes(m.ramMiB * 1024 * 1024)], ['Swap', formatBytes(m.swapMiB * 1024 * 1024)], ['Replacement policy', m.policy]);
  if (m.diskLatencyMs !== undefined) rows.push(['Swap device latency', `${m.diskLatencyMs} ms per page`]);
  if (m.seed !== undefined) rows.push(['Seed', String(m.seed)]);
  return table('Simulated machine', ['', 'value'], rows, { numericFrom: 99 });
}

function summaryRows(runs: { run: ReportRun; s: RunSummary }[]): string[][] {
  const row = (label: string, f: (s: RunSummary) => string) => [label, ...runs.map((r) => f(r.s))];
  return [
    row('samples', (s) => int(s.samples)),
    row('run time (wall)', (s) => secs(s.spanSeconds)),
    row('minor faults', (s) => int(s.totalMinor)),
    row('major faults', (s) => int(s.totalMajor)),
    row('total faults', (s) => int(s.totalMinor + s.totalMajor)),
    row('faults per second (average)', (s) => int(s.faultsPerSecond)),
    row('largest burst (one 50 ms period)', (s) => `${int(s.peakFaults)} at ${s.peakFaultsAt.toFixed(2)} s`),
    row('half of all faults reached at', (s) => (s.halfFaultsSeconds === null ? '—' : secs(s.halfFaultsSeconds))),
    row('CPU time (utime + stime)', (s) => secs(s.cpuNs / 1e9)),
    row('CPU utilization (Σcpu / wall time)', (s) => pct(s.utilization)),
  ];
}

/** The plain-language analysis of case study 1 (from the numbers, not canned). */
export function case1Analysis(runs: { run: ReportRun; s: RunSummary }[]): string[] {
  const out: string[] = [];
  if (runs.length === 0) return out;
  const majors = runs.reduce((a, r) => a + r.s.totalMajor, 0);
  out.push(
    'Each curve climbs in steps about one second apart: every work process does its accesses for one iteration in a burst ' +
      'and then sleeps for a second, and the profiler adds up the faults of each 50 ms period. The steps shrink over time — ' +
      'the curve is concave — because a random write faults only when it lands on a page that has not been touched yet, ' +
      'and fewer untouched pages remain with every iteration.',
  );
  out.push(
    majors === 0
      ? 'There are no major faults: all the memory the processes touched fitted in RAM, so every fault was a first-touch minor ' +
          'fault (a zeroed frame mapped in), and the number of minor faults is about the number of distinct pages written.'
      : `There are ${int(majors)} major faults: memory ran short, pages were written to swap and had to be read back from ` +
          'the swap device, each read stalling the faulting process.',
  );
  if (runs.length >= 2) {
    const [a, b] = runs;
    const fa = a.s.totalMinor + a.s.totalMajor;
    const fb = b.s.totalMinor + b.s.totalMajor;
    const less = fa > 0 ? (1 - fb / fa) * 100 : 0;
    const cmp =
      Math.abs(less) < 1
        ? `${b.run.name} faulted about as often as ${a.run.name} (${int(fb)} vs ${int(fa)} faults)`
        : less > 0
          ? `${b.run.name} faulted ${less.toFixed(0)} % less than ${a.run.name} (${int(fb)} vs ${int(fa)} faults)`
          : `${b.run.name} faulted ${(-less).toFixed(0)} % more than ${a.run.name} (${int(fb)} vs ${int(fa)} faults)`;
    const time =
      `and finished in ${secs(b.s.spanSeconds)} against ${secs(a.s.spanSeconds)}; ` +
      `fault rates averaged ${int(b.s.faultsPerSecond)}/s and ${int(a.s.faultsPerSecond)}/s.`;
    const locality = b.run.commands.some((c) => /\bwork\s+\d+\s+[^R\s]\b/.test(c))
      ? ' In the given work program, locality mode makes only 20 % of its accesses real random writes (the other 80 % touch ' +
        'no memory), so the locality process touches far fewer distinct pages per iteration.'
      : '';
    out.push(`${cmp}, ${time}${locality}`);
  }
  return out;
}

export function case2Analysis(points: readonly Case2Point[], thrash: ThrashingPoint | null, cpus: number): string[] {
  if (points.length === 0) return [];
  const out = [
    'With few processes, total CPU utilization grows about linearly with N: each copy adds its own share of CPU work, and all ' +
      `their memory fits in RAM. (Utilization is Σ(utime + stime) / wall time; ${cpus} CPU${cpus === 1 ? '' : 's'} bound it at ${cpus * 100} %.)`,
  ];
  if (thrash) {
    out.push(thrash.explanation);
    if (thrash.cause === 'thrashing') {
      out.push(
        'Past this point adding processes makes things worse: each new copy steals frames from the others, pages are evicted ' +
          'before they are used again, and the CPUs sit idle while processes wait for the swap device. That collapse is thrashing; ' +
          'the degree of multiprogramming just before it is the best one for this machine.',
      );
    }
  } else {
    out.push('Utilization kept growing over the measured range: no thrashing point was reached.');
  }
  return out;
}

export function buildReport(input: ReportInput): string {
  const { machine } = input;
  const nonce = input.nonce ?? 'kmlab-report';
  const title = input.title ?? 'Virtual memory page fault profiler — lab report';
  const runs = input.runs.map((run) => ({ run, s: run.summary ?? summarizeRun(run.samples, machine.hz) }));
  const points = [...input.caseStudy2Points].sort((a, b) => a.n - b.n);
  const thrash = findThrashingPoint(points);
  const data: ReportData = {
    hz: machine.hz,
    runs: runs.map(({ run }) => ({ id: run.name, name: run.name, canvasId: runCanvasId(run.name), samples: Array.from(run.samples) })),
    case2: points.length ? { canvasId: CASE2_CANVAS_ID, points } : null,
  };

  const parts: string[] = [];
  parts.push(`<header><h1>${esc(title)}</h1><p class="sub">MP3 page-fault profiler on the Kernel Memory Lab simulated Linux kernel.</p></header>`);
  parts.push(`<section><h2>Setup</h2>${machineTable(machine)}</section>`);

  // Case study 1
  parts.push('<section><h2>Case study 1: thrashing and locality</h2>');
  if (runs.length === 0) {
    parts.push('<p class="note">Case study 1 was not run.</p>');
  } else {
    parts.push('<p class="note">Accumulated page faults (minor + major) since the first sample, against time. One plot per profile.</p><div class="pair">');
    for (const { run, s } of runs) {
      const id = runCanvasId(run.name);
      parts.push(
        `<figure><h3>${esc(run.name)}${run.description ? ` — ${esc(run.description)}` : ''}</h3>` +
          `<pre>${run.commands.map(esc).join('\n')}\n./monitor &gt; ${esc(run.name)}.data</pre>` +
          `<div class="chart"><canvas id="${id}" role="img" aria-label="Accumulated page faults of ${esc(run.name)} against time: ` +
          `${int(s.totalMinor + s.totalMajor)} faults over ${s.spanSeconds.toFixed(1)} s."></canvas></div>` +
          `<figcaption>${esc(run.name)}: ${int(s.totalMinor + s.totalMajor)} faults in ${secs(s.spanSeconds)}.</figcaption></figure>`,
      );
    }
    parts.push('</div>');
    parts.push(table('Case study 1 results', ['', ...runs.map((r) => r.run.name)], summaryRows(runs)));
    parts.push(`<div class="analysis">${case1Analysis(runs).map((p) => `<p>${esc(p)}</p>`).join('')}</div>`);
  }
  parts.push('</section>');

  // Case study 2
  parts.push('<section><h2>Case study 2: multiprogramming</h2>');
  if (points.length === 0) {
    parts.push('<p class="note">Case study 2 was not run.</p>');
  } else {
    const cmd = input.case2Command ?? './work 200 R 10000';
    parts.push(
      `<p class="note">N copies of <code>${esc(cmd)}</code> for N = ${points.map((p) => p.n).join(', ')}; total CPU utilization of the N copies against N.</p>` +
        `<figure><div class="chart"><canvas id="${CASE2_CANVAS_ID}" role="img" aria-label="CPU utilization against N. ` +
        `${esc(thrash ? `Thrashing point at N = ${thrash.n}.` : 'No thrashing point.')}"></canvas></div></figure>`,
    );
    const markRow = thrash ? thrash.index : undefined;
    parts.push(
      table(
        'Case study 2 results',
        ['N', 'CPU utilization', 'major faults', 'minor faults', 'wall time'],
        points.map((p) => [
          `${p.n}${thrash && p.n === thrash.n ? ' (thrashing point)' : ''}`,
          pct(p.utilization),
          int(p.majorFaults),
          p.minorFaults === undefined ? '—' : int(p.minorFaults),
          p.wallSeconds === undefined ? '—' : secs(p.wallSeconds),
        ]),
        { markRow },
      ),
    );
    parts.push(`<div class="analysis">${case2Analysis(points, thrash, machine.cpus).map((p) => `<p>${esc(p)}</p>`).join('')}</div>`);
  }
  parts.push('</section>');
  parts.push(
    `<footer>Generated by Kernel Memory Lab${input.generatedAt ? ` on ${esc(input.generatedAt)}` : ''}. ` +
      'Utilization = Σ(utime + stime) / wall time; wall time = last − first sample + one sample period.</footer>',
  );

  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(title)}</title>
<style nonce="${esc(nonce)}">${REPORT_CSS}${input.css ? `\n${input.css.replace(/<\/(style)/gi, '<\\/$1')}` : ''}</style>
</head>
<body class="vscode-light">
<noscript><p>The charts need JavaScript; the numbers are in the tables.</p></noscript>
${parts.join('\n')}
<script type="application/json" id="${REPORT_DATA_ID}">${scriptJson(data)}</script>
<script nonce="${esc(nonce)}">${scriptText(input.script)}</script>
</body>
</html>
`;
}
