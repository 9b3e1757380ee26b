// Runs independent case-study runs on worker threads, one machine per run, as many at once as
// the host has cores (2 here): the simulated kernel is pure TypeScript, so a run needs nothing
// from the main thread but its job. Results come back in job order.
import { Worker } from 'node:worker_threads';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { CaseStudyOptions, CaseStudyRun, JobRunner, ScenarioJob } from '../lab/caseStudy';

export interface WorkerJob {
  job: ScenarioJob;
  config: CaseStudyOptions['config'];
  outDir: string;
}

export type WorkerReply = { ok: true; run: CaseStudyRun } | { ok: false; error: string };

/** The worker bundle next to the CLI bundle (dist/). */
export const DEFAULT_WORKER_FILE = path.join(__dirname, 'caseStudyWorker.js');

/** A JobRunner over worker threads writing into outDir; falls back to inline when the worker bundle is missing. */
export function workerJobRunner(outDir: string, inline: JobRunner, workerFile = DEFAULT_WORKER_FILE): JobRunner {
  return async (jobs, opts) => {
    if (!fs.existsSync(workerFile) || jobs.length < 2) return inline(jobs, opts);
    const width = Math.max(1, Math.min(jobs.length, os.availableParallelism?.() ?? os.cpus().length));
    const results: CaseStudyRun[] = new Array(jobs.length);
    // Longest first (more processes, more thrashing), so the pool finishes together.
    const order = jobs.map((_job, i) => i).sort((a, b) => (jobs[b].n ?? 0) - (jobs[a].n ?? 0));
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < order.length) {
        const i = order[next++];
        await opts.between?.();
        opts.onProgress?.(`${jobs[i].name}: ${jobs[i].description}`);
        results[i] = await runInWorker(workerFile, { job: jobs[i], config: opts.config, outDir });
      }
    };
    await Promise.all(Array.from({ length: width }, lane));
    return results;
  };
}

function runInWorker(file: string, data: WorkerJob): Promise<CaseStudyRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: data });
    worker.once('message', (reply: WorkerReply) => {
      void worker.terminate();
      if (reply.ok) resolve(reply.run);
      else reject(new Error(reply.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`case-study worker exited with code ${code}`));
    });
  });
}
