// Wall time of the lab's case studies as `kmlab case-study` runs them (the runs on worker
// threads when dist/caseStudyWorker.js is built, else one after the other), against the real
// lab's 20–30 s per run. Targets (issue 4): case 1 (two runs) ≤ 1 s, case 2 (six runs) ≤ 5 s.
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchReport } from './index';
import { runCaseStudy1, runCaseStudy2, runJobsInline } from '../src/lab/caseStudy';
import { workerJobRunner } from '../src/host/workerPool';
import { NodeHostFs } from '../src/host/nodeHostFs';

export async function run(report: BenchReport): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kmlab-bench-'));
  const hostFs = new NodeHostFs(out);
  // The bench bundle lives in out/bench; the worker bundle is built by `npm run build`.
  const runJobs = workerJobRunner(out, runJobsInline, path.resolve('dist/caseStudyWorker.js'));
  try {
    let t0 = performance.now();
    const c1 = await runCaseStudy1({ hostFs, runJobs });
    report.figure('case study 1 (2 runs of 2 × work 1024)', (performance.now() - t0) / 1000, 's wall', '≤ 1 s');
    t0 = performance.now();
    await runCaseStudy1({ hostFs, runJobs: runJobsInline });
    report.figure('  … one after the other on one thread', (performance.now() - t0) / 1000, 's wall');
    t0 = performance.now();
    const c2 = await runCaseStudy2({ hostFs, runJobs });
    report.figure('case study 2 (N = 1, 5, 11, 16, 20, 22)', (performance.now() - t0) / 1000, 's wall', '≤ 5 s');
    const simulated = [...c1.runs, ...c2.runs].reduce((s, r) => s + Math.max(...r.completionSeconds, 0), 0);
    report.note(`simulated lab time covered: ${simulated.toFixed(0)} s of work processes (the real lab: 20–30 s a run)`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
