// Throughput of the textbook replay (src/kernel/mm/policy/replay.ts): 1e6 uniformly random
// accesses over 2 × frames pages (about half of them hit), at 1e3 and 1e5 frames, for every
// policy, next to a plain typed-array loop (a direct-mapped "cache" with the same hit/miss branch
// and the same page → frame / frame → page arrays, but no policy) run in the same process.
// Figures are the best of several runs (the machine is shared; the median is printed too).

import { Prng } from '../src/kernel/prng';
import { POLICY_NAMES, replay } from '../src/kernel/mm/policy';
import type { PolicyName } from '../src/kernel/mm/policy';
import type { BenchReport } from './index';

export const title = 'Page replacement: replay throughput (kmlab replay)';

const ACCESSES = 1_000_000;
const RUNS = 7;
const TARGET = '≥ 5e7/s';
const ORDER: PolicyName[] = ['lru', 'clock', ...POLICY_NAMES.filter((p) => p !== 'lru' && p !== 'clock')];

function randomTrace(frames: number, seed: number): Int32Array {
  const rng = new Prng(seed);
  const trace = new Int32Array(ACCESSES);
  for (let i = 0; i < ACCESSES; i++) trace[i] = rng.below(2 * frames);
  return trace;
}

/** The floor: same arrays and branch as the replay, victim = the next frame in turn. */
function baseline(trace: Int32Array, frames: number, maxPage: number): number {
  const frameOfPage = new Int32Array(maxPage + 1).fill(-1);
  const pageOfFrame = new Int32Array(frames).fill(-1);
  const pattern = new Uint8Array(trace.length);
  const victims = new Int32Array(trace.length).fill(-1);
  const t0 = performance.now();
  let hits = 0;
  let next = 0;
  for (let i = 0, n = trace.length; i < n; i++) {
    const page = trace[i];
    if (frameOfPage[page] >= 0) {
      hits++;
      pattern[i] = 1;
      continue;
    }
    const old = pageOfFrame[next];
    if (old >= 0) {
      frameOfPage[old] = -1;
      victims[i] = old;
    }
    pageOfFrame[next] = page;
    frameOfPage[page] = next;
    next = next + 1 === frames ? 0 : next + 1;
  }
  const ms = performance.now() - t0;
  if (hits < 0) throw new Error('unreachable'); // keeps `hits` alive
  return ms;
}

function stats(times: number[]): { best: number; median: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { best: sorted[0], median: sorted[sorted.length >> 1] };
}

export function run(report: BenchReport): void {
  report.note(`1e6 random accesses over 2 × frames pages; best of ${RUNS} runs (median in brackets)`);
  for (const frames of [1_000, 100_000]) {
    const trace = randomTrace(frames, 1);
    const base = stats(Array.from({ length: RUNS }, () => baseline(trace, frames, 2 * frames - 1)));
    report.figure(
      `plain typed-array loop, ${frames} frames (${perSecond(base.median)})`,
      ACCESSES / (base.best / 1000),
      'accesses/s',
    );
    for (const policy of ORDER) {
      const times: number[] = [];
      let misses = 0;
      for (let k = 0; k < RUNS; k++) {
        const r = replay(trace, frames, policy, 1);
        times.push(r.elapsedMs);
        misses = r.misses;
      }
      const s = stats(times);
      report.figure(
        `replay ${policy}, ${frames} frames, ${(misses / ACCESSES).toFixed(3)} faults/access (${perSecond(s.median)})`,
        ACCESSES / (s.best / 1000),
        'accesses/s',
        policy === 'lru' || policy === 'clock' ? TARGET : undefined,
      );
    }
  }
}

function perSecond(ms: number): string {
  return `${(ACCESSES / (ms / 1000)).toExponential(2)}`;
}
