// The machine in a worker (issue 10):
//
//   achieved simulation speed     the live machine as the extension runs it — dist/machineWorker.js
//       in a worker thread behind the session interface — with case study 2's N = 22 workload
//       (22 × nice ./work 200 R 10000 &) at the `10` setting and at `max`: simulated seconds per
//       wall second while the 22 processes run, measured by this (client) side.
//   longest task on the host      what the extension host's lag probe reported in the last e2e
//       run (test/integration/hostLag.test.ts prints "host lag: …" lines into ext-tests.log):
//       p50/p99/max of how late a 10 ms interval timer fired, per scenario.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MachineWorker } from '../src/host/machineWorkerHost';
import { presetWorkload, type Workload } from '../src/extension/presets';
import type { SessionSpeed } from '../src/lab/sessionProtocol';
import type { BenchReport } from './index';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER = path.join(ROOT, 'dist', 'machineWorker.js');

async function achievedSpeed(speed: SessionSpeed, wallMs: number): Promise<{ speed: number; maxSliceMs: number }> {
  const w = new MachineWorker({ workerFile: WORKER, onUnresponsive: () => undefined, onCrash: () => undefined });
  try {
    const c = w.client;
    await c.boot({ config: {}, speed });
    const workload = presetWorkload('case2', 22) as Workload;
    await c.exec('insmod mp3.ko');
    const r = await c.startWorkload(workload.line, 22);
    if (r.pids.length !== 22) throw new Error(`started ${r.pids.length} work processes: ${r.output}`);
    // Measure between states as they arrive (each carries the machine's uptime when it was
    // posted): from the first one after the start to the last one with all 22 still running.
    let first: { wall: number; sim: number } | undefined;
    let last: { wall: number; sim: number } | undefined;
    const stop = c.onState((st) => {
      if (st.processes.filter((p) => p.comm === 'work' && p.state !== 'Z').length < 22) return;
      const at = { wall: performance.now(), sim: st.uptimeNs };
      first ??= at;
      if (at.wall - first.wall <= wallMs) last = at;
    });
    const t0 = performance.now();
    while (performance.now() - t0 < wallMs + 200 && (c.workProcesses().length === 22 || !first)) await new Promise((res) => setTimeout(res, 50));
    stop();
    if (!first || !last || last.wall - first.wall < 500) throw new Error('the workload ended before it could be measured');
    return { speed: (last.sim - first.sim) / 1e6 / (last.wall - first.wall), maxSliceMs: c.state?.loop.maxSliceMs ?? 0 };
  } finally {
    await w.terminate();
  }
}

function hostLag(r: BenchReport): void {
  const out = process.env.E2E_OUT ?? path.join(ROOT, 'e2e-out');
  const log = path.join(out, 'ext-tests.log');
  const lines = fs.existsSync(log) ? [...fs.readFileSync(log, 'utf8').matchAll(/host lag: (.+?): p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms \((\d+) samples\)(?:, host thread busy ([\d.]+) %)?/g)] : [];
  if (!lines.length) {
    r.note(`longest task on the extension host: no figures in ${log} (run the e2e suites: bash test/e2e/run.sh, E2E_OUT to choose the folder)`);
    return;
  }
  r.note(`longest task on the extension host (lag probe in code-server's extension host, e2e run of ${fs.statSync(log).mtime.toISOString()}):`);
  for (const [, name, p50, p99, max, , busy] of lines) {
    r.figure(`${name}: p50 / p99`, Number(p50), `/ ${Number(p99).toFixed(1)} ms`);
    r.figure(`${name}: max`, Number(max), 'ms', '≤ 50 ms');
    if (busy !== undefined) r.figure(`${name}: host thread busy`, Number(busy), '%');
  }
}

export async function run(r: BenchReport): Promise<void> {
  if (!fs.existsSync(WORKER)) {
    r.note('dist/machineWorker.js is missing: run `node esbuild.mjs` first');
  } else {
    const at10 = await achievedSpeed(10, 10_000);
    r.figure('achieved speed at `10`, case 2 N = 22 (worker)', at10.speed, '× wall', '≥ 10×');
    const atMax = await achievedSpeed('max', 5_000);
    r.figure('achieved speed at `max`, case 2 N = 22 (worker)', atMax.speed, '× wall');
    r.figure('longest slice in the worker (max)', atMax.maxSliceMs, 'ms', '< 5000 ms heartbeat');
  }
  hostLag(r);
}
