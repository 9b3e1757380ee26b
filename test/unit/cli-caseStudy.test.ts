// kmlab case-study: the files it writes and the exact --json shape, whose numbers must be those
// of the data file the simulated monitor wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { parseMonitorData } from '../../src/lab/formats';
import { summarizeRun } from '../../src/lab/analysis';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, out: () => out, err: () => err };
}

// The report inlines dist/webview/report.js; the test bundle lives elsewhere, so give it one.
function withReportScript(): void {
  const dir = path.join(__dirname, 'webview');
  fs.mkdirSync(dir, { recursive: true });
  const built = path.resolve('dist/webview/report.js');
  fs.writeFileSync(path.join(dir, 'report.js'), fs.existsSync(built) ? fs.readFileSync(built) : '/* report script */');
}

test('case-study 2 --json: the documented shape, numbers from the data files, files written', async () => {
  withReportScript();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kmlab-cs-'));
  const c = capture();
  const code = await main(['case-study', '2', '--n', '1,3', '--json', '--out', out, '--seed', '5'], c.io);
  assert.equal(code, 0, c.err());
  const json = JSON.parse(c.out());
  assert.deepEqual(Object.keys(json), ['machine', 'runs', 'wallMs']);
  for (const k of ['ramMiB', 'swapMiB', 'cpus', 'hz', 'cpuUnit', 'policy', 'seed']) assert.ok(k in json.machine, k);
  assert.equal(json.machine.cpuUnit, 'ns');
  assert.equal(json.machine.seed, 5);
  assert.equal(json.runs.length, 2);
  for (const [i, n] of [1, 3].entries()) {
    const run = json.runs[i];
    assert.deepEqual(Object.keys(run), ['name', 'commands', 'n', 'dataFile', 'samples', 'minorFaults', 'majorFaults', 'cpuNs', 'spanSeconds', 'utilization', 'completionSeconds']);
    assert.equal(run.n, n);
    assert.equal(run.dataFile, `profile_${n}.data`);
    assert.equal(run.completionSeconds.length, n);
    for (const s of run.completionSeconds) assert.ok(s > 20 && s < 22, `a work process takes about 20 s, got ${s}`);
    const parsed = parseMonitorData(fs.readFileSync(path.join(out, run.dataFile), 'utf8'));
    const summary = summarizeRun(parsed.samples, 1000);
    assert.equal(run.samples, summary.samples);
    assert.equal(run.minorFaults, summary.totalMinor);
    assert.equal(run.majorFaults, summary.totalMajor);
    assert.equal(run.cpuNs, summary.cpuNs);
    assert.equal(parsed.declaredCount, summary.samples, 'the monitor\'s own count matches');
    // One random-access process of 200 MiB: roughly one minor fault per distinct page written.
    const pages = 200 * 256;
    const expected = n * (pages * (1 - Math.exp(-200_000 / pages)) + 200);
    assert.ok(Math.abs(run.minorFaults - expected) / expected < 0.02, `minor ${run.minorFaults} vs ${expected}`);
  }
  for (const f of ['profile_1.csv', 'profile_3.csv', 'case2_utilization.csv', 'report.html']) assert.ok(fs.existsSync(path.join(out, f)), f);
  assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), /<canvas/);
});

test('case-study usage errors exit 2 with a clear message and write nothing', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kmlab-cs-'));
  for (const argv of [['case-study'], ['case-study', '3'], ['case-study', '2', '--n', 'x'], ['case-study', '1', '--ram-mib', 'lots'], ['case-study', '1', '--policy', 'opt'], ['case-study', '1', '--bogus']]) {
    const c = capture();
    assert.equal(await main([...argv, '--out', out], c.io), 2, argv.join(' '));
    assert.match(c.err(), /^kmlab: /);
  }
  assert.deepEqual(fs.readdirSync(out), []);
});
