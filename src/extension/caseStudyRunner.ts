// Run Case Study 1 / 2 from the extension: the lab layer's runCaseStudy1/2 (fresh machine per
// run, the handout's commands, `./monitor > <name>.data` into a folder of the case study's own,
// `case-study-<n>/` in the workspace, so that the student's own profile1.data — the name the
// handout gives the file they make by hand or bring from a real machine — is never replaced), with the runs
// on worker threads (dist/caseStudyWorker.js, the same worker the CLI uses) so the extension host
// is never blocked by a simulation. Cancelling terminates the workers at once.
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  case1Jobs, case2Jobs, runCaseStudy1, runCaseStudy2, runJobsInline,
  type CaseStudyOptions, type CaseStudyResult, type CaseStudyRun, type JobRunner, type ScenarioJob,
} from '../lab/caseStudy';
import { NodeHostFs } from '../host/nodeHostFs';
import type { WorkerJob, WorkerReply } from '../host/workerPool';

/** The data files a run of case study `which` writes (profile1.data, profile2.data / profile_<n>.data). */
export function caseStudyDataFiles(which: 1 | 2, n?: readonly number[]): string[] {
  return (which === 1 ? case1Jobs() : case2Jobs(n)).map((j) => `${j.name}.data`);
}

/** `case-study-1`, then `case-study-1-2`, `case-study-1-3`… */
export function caseStudyFolderName(which: 1 | 2, attempt = 1): string {
  return attempt <= 1 ? `case-study-${which}` : `case-study-${which}-${attempt}`;
}

export interface CaseStudyFolderPlan {
  /** The folder the run writes into (absolute). */
  dir: string;
  /** Files of `files` that already exist there (the run would replace them). */
  existing: string[];
}

/** Which of `files` exist in `dir` (as anything: a link or a folder of that name counts too). */
function present(dir: string, files: readonly string[]): string[] {
  return files.filter((f) => {
    try {
      fs.lstatSync(path.join(dir, f));
      return true;
    } catch {
      return false;
    }
  });
}

/** True if `dir` is missing or a real folder (not a file, not a symbolic link to elsewhere). */
function usableFolder(dir: string): boolean {
  try {
    return fs.lstatSync(dir).isDirectory();
  } catch {
    return true;
  }
}

/**
 * Where a case study writes under `root`. `attempt` picks the folder: case-study-<which> first;
 * `fresh: true` skips to the first folder where none of the files exist yet (keep what is there).
 */
export function planCaseStudyFolder(root: string, which: 1 | 2, files: readonly string[], fresh = false): CaseStudyFolderPlan {
  for (let attempt = 1; ; attempt++) {
    const dir = path.join(root, caseStudyFolderName(which, attempt));
    if (!usableFolder(dir)) continue;
    const existing = present(dir, files);
    if (!fresh || existing.length === 0) return { dir, existing };
  }
}

export class CaseStudyCancelled extends Error {
  constructor() {
    super('Case study cancelled');
    this.name = 'CaseStudyCancelled';
  }
}

export interface RunCaseStudyOptions {
  which: 1 | 2;
  config: CaseStudyOptions['config'];
  /** Folder the data files are written to. */
  outDir: string;
  n?: readonly number[];
  /** Called when a run starts and when one finishes. */
  onProgress(message: string, done: number, total: number): void;
  /** Resolves/aborts: the caller's cancellation. */
  signal: { readonly cancelled: boolean; onCancel(listener: () => void): void };
  /** The worker script (dist/caseStudyWorker.js next to dist/extension.js). */
  workerFile?: string;
  log?: (message: string) => void;
}

function workerRunner(o: RunCaseStudyOptions, workerFile: string): JobRunner {
  return (jobs, opts) => new Promise<CaseStudyRun[]>((resolve, reject) => {
    const results: CaseStudyRun[] = new Array(jobs.length);
    // Leave a core for the extension host and the UI.
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const width = Math.max(1, Math.min(jobs.length, cores - 1, 4));
    const order = jobs.map((_, i) => i).sort((a, b) => (jobs[b].n ?? 0) - (jobs[a].n ?? 0));
    const live = new Set<Worker>();
    let next = 0;
    let finished = 0;
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of live) void w.terminate();
      live.clear();
      reject(e);
    };
    o.signal.onCancel(() => fail(new CaseStudyCancelled()));
    const start = (): void => {
      if (failed || next >= order.length) return;
      const i = order[next++];
      const job: ScenarioJob = jobs[i];
      o.onProgress(`${job.name}: ${job.workload.join(' ')}`, finished, jobs.length);
      const data: WorkerJob = { job, config: opts.config, outDir: o.outDir };
      const w = new Worker(workerFile, { workerData: data });
      live.add(w);
      w.once('message', (reply: WorkerReply) => {
        live.delete(w);
        void w.terminate();
        if (!reply.ok) return fail(new Error(`${job.name}: ${reply.error}`));
        results[i] = reply.run;
        finished++;
        o.onProgress(`${job.name} done`, finished, jobs.length);
        if (finished === jobs.length) resolve(results);
        else start();
      });
      w.once('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
      w.once('exit', (code) => {
        if (live.has(w) && code !== 0) fail(new Error(`${job.name}: the case-study worker exited with code ${code}`));
      });
    };
    if (o.signal.cancelled) return fail(new CaseStudyCancelled());
    for (let k = 0; k < width; k++) start();
  });
}

/** Runs case study 1 or 2; the data files land in o.outDir. Rejects with CaseStudyCancelled on cancel. */
export async function runCaseStudy(o: RunCaseStudyOptions): Promise<CaseStudyResult> {
  const hostFs = new NodeHostFs(o.outDir);
  const workerFile = o.workerFile ?? path.join(__dirname, 'caseStudyWorker.js');
  let runJobs: JobRunner;
  if (fs.existsSync(workerFile)) {
    runJobs = workerRunner(o, workerFile);
  } else {
    // A development build without the worker bundle: run here, one run at a time (this blocks
    // the extension host while a run lasts; the packaged extension always has the worker).
    o.log?.(`${workerFile} is missing: running the case study on the extension host`);
    let total = 0;
    let done = 0;
    runJobs = (jobs, opts) => {
      total = jobs.length;
      return runJobsInline(jobs, {
        ...opts,
        onProgress: (m) => o.onProgress(m, done++, total),
        between: async () => {
          await new Promise((r) => setTimeout(r, 0));
          if (o.signal.cancelled) throw new CaseStudyCancelled();
        },
      });
    };
  }
  const opts: CaseStudyOptions = { config: o.config, hostFs, runJobs, ...(o.n ? { n: o.n } : {}) };
  return o.which === 1 ? runCaseStudy1(opts) : runCaseStudy2(opts);
}
