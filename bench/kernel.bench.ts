// The simulated kernel's hot paths, against a plain typed-array loop in the same run:
//   hit path    a work process's accesses to resident pages (target ≥ 2e7 accesses/s)
//   minor fault first touches of anonymous pages (target ≥ 2e6 faults/s)
//   footprint   25 processes × 200 MiB simulated within 150 MiB of resident memory
import { spawnSync } from 'node:child_process';
import type { BenchReport } from './index';
import { Kernel } from '../src/kernel/kernel';
import { Prng } from '../src/kernel/prng';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, type Program } from '../src/kernel/uapi';

export const title = 'kernel (issue 3)';

const PAGE = 4096;
const MB = 1024 * 1024;

/** One process: maps `mib` MiB, touches every page, then does `accesses` random writes. */
function phaseTimes(mib: number, accesses: number): { faultsPerSec: number; hitsPerSec: number } {
  const k = new Kernel({ ramMiB: 8192 });
  const pages = (mib * MB) / PAGE;
  let base = 0;
  const program: Program = function* (sys) {
    base = yield* sys.mmap(0, mib * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    let i = 0;
    yield* sys.access(pages, () => base + (i++) * PAGE);
    const rng = new Prng(1);
    yield* sys.access(accesses, () => base + rng.below(mib * MB));
    return 0;
  };
  k.registerProgram('/bin/bench', program);
  const pid = k.spawn('/bin/bench', ['bench']);
  const task = k.sched.tasks.get(pid)!;
  const t0 = performance.now();
  k.runUntil(() => task.total_min_flt >= pages, 1e12, 10_000_000);
  const t1 = performance.now();
  k.runUntil(() => !task.alive, 1e12, 100_000_000);
  const t2 = performance.now();
  return { faultsPerSec: pages / ((t1 - t0) / 1000), hitsPerSec: accesses / ((t2 - t1) / 1000) };
}

/** The same random writes into a plain Uint8Array: what the hit path is measured against. */
function baseline(mib: number, accesses: number): number {
  const mem = new Uint8Array(mib * MB);
  const rng = new Prng(1);
  const t0 = performance.now();
  for (let i = 0; i < accesses; i++) mem[rng.below(mem.length)] = 1;
  return accesses / ((performance.now() - t0) / 1000);
}

/**
 * Resident memory of a fresh Node process that simulates 25 work processes of 200 MiB each, all
 * pages touched, minus that of a fresh Node process with the kernel code loaded but no machine.
 * Run in child processes so that nothing else this bench did is counted.
 */
export function footprintChild(mode: 'empty' | 'full'): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  let keep: Kernel | undefined;
  if (mode === 'full') {
    // 8 GiB of simulated RAM so that all 25 × 200 MiB stay resident (no swapping to wait for).
    const k = new Kernel({ ramMiB: 8192 });
    const program: Program = function* (sys) {
      const blocks: number[] = [];
      for (let i = 0; i < 200; i++) blocks.push(yield* sys.mmap(0, MB + PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
      for (const b of blocks) {
        let j = 0;
        yield* sys.access(257, () => b + (j++) * PAGE);
      }
      yield* sys.nanosleep(3600e9);
      return 0;
    };
    k.registerProgram('/bin/w', program);
    for (let i = 0; i < 25; i++) k.spawn('/bin/w', ['w']);
    k.runFor(30e9);
    let rss = 0;
    for (const t of k.tasks) rss += t.mm?.rssAnon ?? 0;
    if (rss !== 25 * 200 * 257) throw new Error(`expected every page resident, got ${rss}`);
    keep = k;
  }
  gc?.();
  process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, kept: keep !== undefined }));
}

function footprint(): number {
  const measure = (mode: string): number => {
    const r = spawnSync(process.execPath, ['--expose-gc', process.argv[1], '__footprint', mode], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`footprint child failed: ${r.stderr}`);
    return JSON.parse(r.stdout).rss;
  };
  return (measure('full') - measure('empty')) / MB;
}

export function run(report: BenchReport): void {
  // The hit path over a case-2 work process's 200 MiB; the fault path over 1 GiB (case 1's size,
  // and enough faults for a steady state).
  const base = baseline(200, 40_000_000);
  report.figure('plain typed-array loop, random writes to 200 MiB (baseline)', base, 'accesses/s');
  const { hitsPerSec } = phaseTimes(200, 40_000_000);
  const { faultsPerSec } = phaseTimes(1024, 1);
  report.figure('kernel hit path, random writes to 200 MiB', hitsPerSec, 'accesses/s', '≥ 2e7/s');
  report.figure('  … as a fraction of the plain loop', hitsPerSec / base, '×');
  report.figure('kernel minor-fault path (first touch)', faultsPerSec, 'faults/s', '≥ 2e6/s');
  report.figure('25 × 200 MiB work processes, all resident: RSS of the process', footprint(), 'MiB', '≤ 150 MiB');
}
