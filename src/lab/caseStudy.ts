// The lab's case studies, run headless exactly as the handout has students run them: on a fresh
// machine per run, `insmod mp3.ko`, `mknod node c 423 0`, the work processes in the background,
// `wait`, then `./monitor > <file>.data`. The numbers reported are read back from the data file
// the monitor wrote — the same file the student plots.
import type { MachineConfig } from '../kernel/config';
import type { HostFs } from '../kernel/fs/inode';
import type { Task } from '../kernel/sched/task';
import type { Case2Point, MachineInfo } from '../shared/protocol';
import { createLabMachine } from './machine';
import { parseMonitorData, unwrapRing } from './formats';
import { summarizeRun, type RunSummary } from './analysis';

export const CASE1_RUNS = [
  { name: 'profile1', description: 'two random-access processes', commands: ['nice ./work 1024 R 50000 & nice ./work 1024 R 10000 &'] },
  { name: 'profile2', description: 'a random-access and a "locality" process', commands: ['nice ./work 1024 R 50000 & nice ./work 1024 L 10000 &'] },
] as const;

export const DEFAULT_CASE2_N = [1, 5, 11, 16, 20, 22];
/** Case 2 as the handout gives it (mp3-facts §6): N copies of `work 200 R 10000`, no `nice` (that is case 1's). */
export const CASE2_COMMAND = './work 200 R 10000 &';

/** One run to do: its name, the workload command lines, and N for case 2. */
export interface ScenarioJob {
  name: string;
  description: string;
  workload: string[];
  n?: number;
}

/**
 * Runs jobs and returns their results in the same order. The default runs them one after the
 * other here; the CLI passes one that uses worker threads (the runs are independent machines).
 */
export type JobRunner = (jobs: ScenarioJob[], opts: CaseStudyOptions) => Promise<CaseStudyRun[]>;

export const runJobsInline: JobRunner = async (jobs, opts) => {
  const runs: CaseStudyRun[] = [];
  for (const j of jobs) {
    await opts.between?.();
    opts.onProgress?.(`${j.name}: ${j.description}`);
    runs.push(runScenario(j.name, j.description, j.workload, opts, j.n));
  }
  return runs;
};

export interface CaseStudyOptions {
  config?: Partial<MachineConfig>;
  /** Where the monitor's data files are written (the simulated home directory). */
  hostFs: HostFs;
  /** Case 2: the values of N (default 1, 5, 11, 16, 20, 22). */
  n?: readonly number[];
  onProgress?: (message: string) => void;
  /** Called between runs (e.g. to let an event loop breathe); may throw to cancel. */
  between?: () => Promise<void> | void;
  /** How the runs are executed (default: one after the other, here). */
  runJobs?: JobRunner;
}

export interface CaseStudyRun {
  name: string;
  description: string;
  /** The handout's command lines for this run, in order. */
  commands: string[];
  n?: number;
  dataFile: string;
  samples: Float64Array;
  summary: RunSummary;
  /** Each work process's run time (start to exit), in seconds of simulated time. */
  completionSeconds: number[];
}

export interface CaseStudyResult {
  machine: MachineInfo & { cpuUnit: 'ns'; diskLatencyMs: number; seed: number };
  runs: CaseStudyRun[];
  case2Points: Case2Point[];
}

/** How long a run may take in simulated time before it is abandoned (thrashing can be slow). */
const RUN_LIMIT_NS = 3600e9;

/** One run: a fresh machine, the setup commands, the workload, wait, then the monitor. */
export function runScenario(
  name: string,
  description: string,
  workload: string[],
  opts: CaseStudyOptions,
  n?: number,
): CaseStudyRun {
  const k = createLabMachine(opts.config ?? {}, { hostFs: opts.hostFs });
  const dataFile = `${name}.data`;
  const completion: number[] = [];
  k.sched.onExit.push((t: Task) => {
    if (t.comm === 'work') completion.push((k.now - t.start_time) / 1e9);
  });
  const script = ['insmod mp3.ko', 'mknod node c 423 0', ...workload, 'wait', `./monitor > ${dataFile}`].join('\n');
  let output = '';
  const tty = k.openTty((text) => (output += text));
  const pid = k.spawn('/bin/sh', ['sh', '-c', script], { tty });
  const shell = k.sched.tasks.get(pid)!;
  const done = k.runUntil(() => !shell.alive, RUN_LIMIT_NS, 50_000_000);
  if (!done) throw new Error(`${name}: the run did not finish within ${RUN_LIMIT_NS / 1e9} simulated seconds`);
  if (shell.exitStatus !== 0) throw new Error(`${name}: the lab shell failed (status ${shell.exitStatus}):\n${output.replace(/\r\n/g, '\n')}`);
  const bytes = opts.hostFs.readFile(dataFile);
  if (!bytes) throw new Error(`${name}: the monitor wrote no ${dataFile}`);
  const parsed = parseMonitorData(new TextDecoder().decode(bytes), dataFile);
  // A run longer than the ring (12000 samples, 10 minutes) wraps it; analyse it in time order.
  const { samples, rotated } = unwrapRing(parsed.samples);
  if (rotated) opts.onProgress?.(`${name}: the run outlasted the profiler's ring; ${dataFile} holds its last ${samples.length / 4} samples`);
  return {
    name,
    description,
    commands: [...workload, `./monitor > ${dataFile}`],
    ...(n !== undefined ? { n } : {}),
    dataFile,
    samples,
    summary: summarizeRun(samples, k.config.hz),
    completionSeconds: completion.sort((a, b) => a - b),
  };
}

export function machineInfo(config: Partial<MachineConfig> = {}): CaseStudyResult['machine'] {
  const k = createLabMachine(config);
  const c = k.config;
  return {
    ramMiB: c.ramMiB,
    swapMiB: c.swapMiB,
    cpus: c.cpus,
    hz: c.hz,
    cpuUnit: 'ns',
    policy: c.policy,
    seed: c.seed,
    diskLatencyMs: c.disk.latencyNs / 1e6,
    kernel: 'Linux 5.15 (simulated)',
  };
}

export function case1Jobs(): ScenarioJob[] {
  return CASE1_RUNS.map((r) => ({ name: r.name, description: r.description, workload: [...r.commands] }));
}

export function case2Jobs(ns: readonly number[] = DEFAULT_CASE2_N): ScenarioJob[] {
  return ns.map((n) => ({
    name: `profile_${n}`,
    description: `${n} × work 200 R 10000`,
    workload: [Array.from({ length: n }, () => CASE2_COMMAND).join(' ')],
    n,
  }));
}

export async function runCaseStudy1(opts: CaseStudyOptions): Promise<CaseStudyResult> {
  const runs = await (opts.runJobs ?? runJobsInline)(case1Jobs(), opts);
  return { machine: machineInfo(opts.config), runs, case2Points: [] };
}

export async function runCaseStudy2(opts: CaseStudyOptions): Promise<CaseStudyResult> {
  const runs = await (opts.runJobs ?? runJobsInline)(case2Jobs(opts.n), opts);
  const points: Case2Point[] = runs.map((run) => ({
    n: run.n!,
    utilization: run.summary.utilization,
    majorFaults: run.summary.totalMajor,
    minorFaults: run.summary.totalMinor,
    wallSeconds: run.summary.spanSeconds,
  }));
  return { machine: machineInfo(opts.config), runs, case2Points: points };
}
