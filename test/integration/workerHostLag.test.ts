// The extension host stays free while the simulated machine works (issue 10): a lag probe in
// the host (a 10 ms interval timer, started at activation under KMLAB_LAG_PROBE) reports how
// late it fired — the longest tasks on the host's thread — over each of the issue's scenarios.
// Each figure is printed as "host lag: <scenario>: …" for `npm run bench` (bench/worker.bench.ts)
// to read from the e2e log; the assertion here is a loose bound (a shared, busy CI machine),
// the bench prints them against the 50 ms target.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Command, InternalCommand, Setting, EXTENSION_ID } from '../../src/extension/ids';
import type { LabStateSnapshot } from '../../src/extension/testHooks';
import type { LagFigures } from '../../src/extension/lagProbe';

const state = () => vscode.commands.executeCommand<LabStateSnapshot>(InternalCommand.state);
const lag = (reset = false, activation = false) => vscode.commands.executeCommand<LagFigures>(InternalCommand.hostLag, { reset, activation });
const run = (id: string, ...args: unknown[]) => vscode.commands.executeCommand<{ ok: boolean; [k: string]: unknown }>(id, ...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Loose on purpose: these machines are shared (2 cores, several test runs at once), so the host
 * process itself is descheduled now and then. A hung host (the machine looping on its thread)
 * shows here as seconds; the 50 ms target is the bench's, on an idle machine.
 */
const BOUND_MS = 1000;

function report(name: string, f: LagFigures): void {
  console.log(`      host lag: ${name}: p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms (${f.samples} samples)${f.busy === undefined ? '' : `, host thread busy ${(f.busy * 100).toFixed(1)} %`}`);
  assert.ok(f.samples > 0, 'the probe ran');
  assert.ok(f.max < BOUND_MS, `${name}: the host was blocked for ${f.max.toFixed(1)} ms`);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

describe('host responsiveness with the machine in a worker (issue 10)', function () {
  this.timeout(180_000);
  let speedBefore: unknown;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    speedBefore = vscode.workspace.getConfiguration().inspect(Setting.speed)?.workspaceValue;
  });

  after(async () => {
    await run(Command.stopWorkload);
    await vscode.workspace.getConfiguration().update(Setting.speed, speedBefore, vscode.ConfigurationTarget.Workspace);
  });

  it('activation (the first 5 s after activate())', async () => {
    report('activation (first 5 s)', await lag(true, true));
  });

  it('Start Workload: case study 2 with N = 22 at speed 10, keeping pace with the wall clock', async () => {
    await vscode.workspace.getConfiguration().update(Setting.speed, 10, vscode.ConfigurationTarget.Workspace);
    await waitFor('speed 10 applied', async () => (await state()).speed === 10);
    await run(Command.resetKernel, { confirm: false });
    await lag(true);
    const r = await run(Command.startWorkload, { preset: 'case2', n: 22 });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal((r.pids as number[]).length, 22);
    // The 22 processes live about 45 simulated seconds: measure within the first 3 s of wall.
    const s0 = await state();
    const t0 = Date.now();
    await sleep(3000);
    const s1 = await state();
    report('Start Workload (case 2, N = 22) and 3 s of it at speed 10', await lag(true));
    const speed = (s1.uptimeNs - s0.uptimeNs) / 1e6 / (Date.now() - t0);
    console.log(`      achieved speed at 10: ${speed.toFixed(2)}× wall (22 work processes; the machine reports ${s1.loop.achievedSpeed.toFixed(2)}×)`);
    // ≈ 10 on an idle machine (bench/worker.bench.ts prints it against the target); here only
    // that simulated time runs while the host stays free.
    assert.ok(speed > 1, `achieved ${speed.toFixed(2)}×`);
  });

  it('speed max with 22 work processes', async () => {
    await run(Command.stopWorkload);
    await vscode.workspace.getConfiguration().update(Setting.speed, 'max', vscode.ConfigurationTarget.Workspace);
    await waitFor('speed max applied', async () => (await state()).speed === 'max');
    await run(Command.resetKernel, { confirm: false });
    await lag(true);
    const r = await run(Command.startWorkload, { preset: 'case2', n: 22 });
    assert.equal((r.pids as number[]).length, 22, JSON.stringify(r));
    const s0 = await state();
    const t0 = Date.now();
    await sleep(2000);
    const s1 = await state();
    report('speed max with 22 work processes', await lag(true));
    console.log(`      achieved speed at max: ${((s1.uptimeNs - s0.uptimeNs) / 1e6 / (Date.now() - t0)).toFixed(2)}× wall`);
    await run(Command.stopWorkload);
  });

  it('Run Case Study 2 (N = 22, on worker threads)', async () => {
    await lag(true);
    const r = await run(Command.runCaseStudy2, { n: [22] });
    assert.equal(r.ok, true, JSON.stringify(r));
    report('Run Case Study 2 (N = 22)', await lag(true));
  });

  it('opening the dashboard with 12,000 samples', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'lag-12000.data');
    let text = '';
    for (let i = 0; i < 12_000; i++) text += `${4294667296 + i * 50} ${(i * 7) % 900} ${(i * 3) % 40} ${(i * 11) % 50}\n`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await lag(true);
    const r = await run(Command.importProfile, uri);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.samples, 12_000);
    await waitFor('the dashboard is open with the samples', async () => {
      const s = await state();
      return s.dashboard.open && s.dashboard.samples === 12_000;
    });
    await sleep(1500);
    report('opening the dashboard with 12,000 samples', await lag(true));
    await vscode.workspace.fs.delete(uri);
  });
});
