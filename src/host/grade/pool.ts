// Grading submissions on worker threads: one simulated machine per submission, as many at once
// as the host has cores, each bounded in wall time (a worker that runs past it is terminated and
// its submission scored as unfinished, so one endless build or test never stalls a batch).
// Results come back in the order the folders were given.
import { Worker } from 'node:worker_threads';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GradeResult } from '../../shared/gradeReport';
import { unfinishedResult } from '../../lab/grader/result';
import type { GradeJob, GradeReply } from './protocol';

/** The worker bundle beside the bundle that loads this file (dist/). */
export const GRADE_WORKER_FILE = path.join(__dirname, 'gradeWorker.js');
/** One submission's bound: the bench's target is 30 s; twice that before giving up on it. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface PoolOptions {
  timeoutMs?: number;
  width?: number;
  workerFile?: string;
  onResult?(result: GradeResult, index: number): void;
}

export async function gradeInWorkers(dirs: readonly string[], opts: PoolOptions = {}): Promise<GradeResult[]> {
  const width = Math.max(1, Math.min(dirs.length, opts.width ?? os.availableParallelism?.() ?? os.cpus().length));
  const results: GradeResult[] = new Array(dirs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < dirs.length) {
      const i = next++;
      results[i] = await gradeOne({ dir: dirs[i] }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts.workerFile ?? GRADE_WORKER_FILE);
      opts.onResult?.(results[i], i);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

export function gradeOne(job: GradeJob, timeoutMs: number, workerFile = GRADE_WORKER_FILE): Promise<GradeResult> {
  return new Promise((resolve) => {
    const worker = new Worker(workerFile, { workerData: job });
    let settled = false;
    const finish = (r: GradeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish(unfinishedResult(job.dir, `grading stopped after ${Math.round(timeoutMs / 1000)} s of wall time`)), timeoutMs);
    worker.once('message', (reply: GradeReply) => finish(reply.ok ? reply.result : unfinishedResult(job.dir, reply.error)));
    worker.once('error', (e) => finish(unfinishedResult(job.dir, `the grader failed: ${e.message}`)));
    worker.once('exit', (code) => finish(unfinishedResult(job.dir, `the grading worker exited with code ${code}`)));
  });
}
