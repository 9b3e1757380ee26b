// The grading worker thread: reads one submission folder, builds it with `make` on a fresh
// grading machine and runs the course's tests (src/lab/grader), then posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { gradeSubmission } from '../../lab/grader/grade';
import { unfinishedResult } from '../../lab/grader/result';
import { readSubmission } from './submission';
import { kbuildBuilder } from './build';
import type { GradeJob, GradeReply } from './protocol';

async function run(job: GradeJob): Promise<GradeReply> {
  let submission;
  try {
    submission = readSubmission(job.dir);
  } catch (e) {
    return { ok: true, result: unfinishedResult(job.dir, `cannot read the submission: ${e instanceof Error ? e.message : String(e)}`) };
  }
  const result = await gradeSubmission({ dir: job.dir, files: submission.files, build: kbuildBuilder() });
  if (submission.skipped.length) result.tests[0].details += `\n\nnot read: ${submission.skipped.join('; ')}`;
  return { ok: true, result };
}

run(workerData as GradeJob).then(
  (reply) => {
    parentPort?.postMessage(reply);
    // the toolchain's own worker would keep this thread alive: the result is out, so end
    process.exit(0);
  },
  (e: unknown) => {
    parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies GradeReply);
    process.exit(0);
  },
);
