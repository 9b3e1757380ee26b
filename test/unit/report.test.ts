import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASE2_CANVAS_ID, REPORT_DATA_ID, buildReport, runCanvasId, type ReportData } from '../../src/lab/report';
import { summarizeRun } from '../../src/lab/analysis';
import type { Case2Point, MachineInfo } from '../../src/shared/protocol';
import { fromSampleObjects } from '../../src/shared/samples';
import { dashboardCsp, dashboardHtml } from '../../src/extension/dashboard/html';

const MACHINE: MachineInfo = { hz: 1000, cpus: 2, ramMiB: 4096, swapMiB: 2048, policy: 'linux', kernel: 'Linux 5.15 (simulated)' };
const J = 2 ** 32 - 300_000;
const run = (k: number) =>
  fromSampleObjects(Array.from({ length: 40 }, (_, i) => ({ jiffies: J + i * 51, minor: i % 20 === 0 ? 40_000 * k : 3, major: 0, cpu: (i % 20 === 0 ? 40 : 0) * 1e6 })));
const POINTS: Case2Point[] = [
  { n: 1, utilization: 0.022, majorFaults: 0, wallSeconds: 20.6 },
  { n: 5, utilization: 0.109, majorFaults: 0 },
  { n: 11, utilization: 0.239, majorFaults: 0 },
  { n: 16, utilization: 0.346, majorFaults: 0 },
  { n: 20, utilization: 0.21, majorFaults: 187_340 },
  { n: 22, utilization: 0.118, majorFaults: 412_960 },
];

function report(extra: Partial<Parameters<typeof buildReport>[0]> = {}): string {
  return buildReport({
    machine: MACHINE,
    runs: [
      { name: 'profile1', commands: ['nice ./work 1024 R 50000 &', 'nice ./work 1024 R 10000 &'], samples: run(2) },
      { name: 'profile2', commands: ['nice ./work 1024 R 50000 &', 'nice ./work 1024 L 10000 &'], samples: run(1) },
    ],
    caseStudy2Points: POINTS,
    script: 'console.log("charts")',
    generatedAt: '2026-01-01',
    ...extra,
  });
}

test('the report has the three charts, the numbers and the analysis', () => {
  const html = report();
  for (const id of [runCanvasId('profile1'), runCanvasId('profile2'), CASE2_CANVAS_ID]) {
    assert.match(html, new RegExp(`<canvas id="${id}" role="img" aria-label="`), id);
  }
  assert.equal(html.match(/<canvas /g)?.length, 3);
  const s1 = summarizeRun(run(2), 1000);
  assert.equal(s1.totalMinor, 2 * 80_000 + 38 * 3);
  assert.ok(html.includes(s1.totalMinor.toLocaleString('en-US')));
  assert.ok(html.includes(`${(s1.utilization * 100).toFixed(1)} %`));
  assert.ok(html.includes('16 (thrashing point)'));
  assert.ok(html.includes('34.6 %'));
  assert.ok(html.includes('187,340'));
  assert.match(html, /No major faults|There are no major faults/);
  assert.match(html, /profile2 faulted 50 % less than profile1/);
  assert.match(html, /locality mode/);
  assert.ok(html.includes('Linux 5.15 (simulated)'));
  assert.ok(html.includes('<body class="vscode-light">'));
});

test('the embedded data round-trips and is what the script reads', () => {
  const html = report();
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">(.*?)</script>`, 's').exec(html);
  assert.ok(m);
  const data = JSON.parse(m[1]) as ReportData;
  assert.equal(data.hz, 1000);
  assert.deepEqual(data.runs.map((r) => r.canvasId), [runCanvasId('profile1'), runCanvasId('profile2')]);
  assert.deepEqual(data.runs[0].samples, Array.from(run(2)));
  assert.deepEqual(data.case2?.points, POINTS);
});

test('self-contained: no external resources, strict CSP, script inlined with its nonce', () => {
  const html = report({ nonce: 'abc' });
  assert.doesNotMatch(html, /\s(src|href)=/);
  assert.match(html, /content="default-src 'none'; script-src 'nonce-abc'; style-src 'nonce-abc'; img-src data:"/);
  assert.ok(html.includes('<script nonce="abc">console.log("charts")</script>'));
  assert.ok(html.includes('<style nonce="abc">'));
});

test('names, commands and the script cannot break out of their elements', () => {
  const evil = '</script><img src=x onerror=alert(1)>';
  const html = buildReport({
    machine: { ...MACHINE, policy: '<b>p</b>' },
    runs: [{ name: evil, commands: [evil], samples: run(1) }],
    caseStudy2Points: [],
    script: 'var s = "</script><b>";',
  });
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('<b>p'));
  assert.ok(html.includes('var s = "<\\/script><b>";'));
  assert.equal(html.match(/<\/script>/g)?.length, 2); // the JSON block and the script, nothing else
  assert.ok(html.includes('Case study 2 was not run.'));
});

test('runs with no case study 2 and no runs still produce a valid page', () => {
  const html = buildReport({ machine: MACHINE, runs: [], caseStudy2Points: [], script: '' });
  assert.ok(html.includes('Case study 1 was not run.'));
  assert.equal(html.match(/<canvas /g), null);
});

test('dashboard webview HTML: strict CSP with nonce, cspSource styles, no inline code', () => {
  const html = dashboardHtml({ cspSource: 'vscode-resource:', nonce: 'N0nce', scriptUri: 'vscode-resource:/d.js', styleUri: 'vscode-resource:/d.css' });
  const csp = dashboardCsp('vscode-resource:', 'N0nce');
  assert.equal(csp, "default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource:; font-src vscode-resource:; script-src 'nonce-N0nce'");
  assert.ok(html.includes(`content="${csp.replace(/'/g, "'")}"`));
  assert.match(html, /<script nonce="N0nce" src="vscode-resource:\/d.js"><\/script>/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.doesNotMatch(html, /style=/);
});
