// Worker-thread entry: runs one case-study run (see workerPool.ts) and posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { runScenario } from '../lab/caseStudy';
import { NodeHostFs } from './nodeHostFs';
import type { WorkerJob, WorkerReply } from './workerPool';

const { job, config, outDir } = workerData as WorkerJob;
let reply: WorkerReply;
try {
  reply = { ok: true, run: runScenario(job.name, job.description, job.workload, { config, hostFs: new NodeHostFs(outDir) }, job.n) };
} catch (err) {
  reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(reply, reply.ok ? [reply.run.samples.buffer as ArrayBuffer] : []);
