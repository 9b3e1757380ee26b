// Synthetic profiler data shaped like the lab's known outcomes (mp3-facts.md §6), for the
// screenshot harness and the dashboard benchmark until real runs of the simulated kernel are
// available (the harness also accepts a real monitor data file).
//
// Case 1: each `work 1024 <mode> <k>` process does 20 iterations of a burst of k accesses then
// sleep(1). A random write faults when it lands on an untouched page, so iteration i faults
// about P·(1 − e^(−k/P))·e^(−k·i/P) times (P = 262144 pages): steps once per second, concave.
// No major faults (4 GiB RAM). Sampled like the profiler: every msecs_to_jiffies(50)+1 jiffies.
// Case 2: utilization linear in N while N × 200 MB fits in RAM, then falling with major faults.
import type { Case2Point, MachineInfo, ProcessRow } from '../../src/shared/protocol';
import { initialJiffies, nominalPeriodJiffies, SAMPLE_WIDTH, type SampleArray } from '../../src/shared/samples';

export const MACHINE: MachineInfo = {
  hz: 1000,
  cpus: 2,
  ramMiB: 4096,
  swapMiB: 2048,
  policy: 'linux',
  kernel: 'Linux 5.15 (simulated)',
  diskLatencyMs: 8,
  seed: 42,
};

/** mulberry32: small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorkSpec {
  memMiB: number;
  mode: 'R' | 'L';
  accesses: number;
  /** Start offset after the first registration, ms. */
  startMs?: number;
}

interface Burst {
  start: number; // ms since profiler start
  end: number;
  faults: number;
  cpuMs: number;
}

const PAGE = 4096;
const ACCESS_NS = 200; // memory access (slides)
const MINOR_FAULT_NS = 1500; // zero a page + map it

function bursts(w: WorkSpec, rnd: () => number, iterations: number): Burst[] {
  const pages = (w.memMiB * 1024 * 1024) / PAGE;
  // Locality mode as given: only 20 % of accesses write to a random page.
  const writes = w.mode === 'R' ? w.accesses : Math.round(w.accesses * 0.2);
  const out: Burst[] = [];
  let t = w.startMs ?? 0;
  // malloc: one fault per 1 MiB block (its header).
  out.push({ start: t, end: t + 2, faults: w.memMiB, cpuMs: 2 });
  t += 2;
  let untouched = pages;
  for (let i = 0; i < iterations; i++) {
    const expected = untouched * (1 - Math.exp(-writes / pages));
    const faults = Math.max(0, Math.round(expected * (0.97 + 0.06 * rnd())));
    untouched -= faults;
    const cpuMs = (w.accesses * ACCESS_NS + faults * MINOR_FAULT_NS) / 1e6;
    out.push({ start: t, end: t + cpuMs, faults, cpuMs });
    t += cpuMs + 1000 + rnd() * 2; // sleep(1) plus wake-up latency
  }
  return out;
}

/** Profile samples for work processes started together, sampled like the MP3 profiler. */
export function case1Profile(works: WorkSpec[], seed = 1, iterations = 20): SampleArray {
  const rnd = prng(seed);
  const hz = MACHINE.hz;
  const all = works.flatMap((w) => bursts(w, rnd, iterations));
  const endMs = Math.max(...all.map((b) => b.end));
  const period = nominalPeriodJiffies(hz);
  const j0 = initialJiffies(hz) + 41_237; // some time after boot
  const out: number[] = [];
  // First sample msecs_to_jiffies(50) after registration, then every 50 ms + 1 jiffy.
  let prevMs = 0;
  for (let j = Math.ceil((50 * hz) / 1000); (j - period) * (1000 / hz) <= endMs + 50; j += period) {
    const nowMs = (j * 1000) / hz;
    let faults = 0;
    let cpuMs = 0;
    for (const b of all) {
      const lo = Math.max(prevMs, b.start);
      const hi = Math.min(nowMs, b.end);
      if (hi <= lo) continue;
      const frac = (hi - lo) / (b.end - b.start);
      faults += b.faults * frac;
      cpuMs += b.cpuMs * frac;
    }
    // CPU time is charged per tick (TICK_NSEC = 1 ms at HZ=1000).
    const ticks = Math.round(cpuMs);
    out.push(j0 + j, Math.round(faults), 0, ticks * 1_000_000);
    prevMs = nowMs;
  }
  return Float64Array.from(out);
}

export const PROFILE1: WorkSpec[] = [
  { memMiB: 1024, mode: 'R', accesses: 50000 },
  { memMiB: 1024, mode: 'R', accesses: 10000, startMs: 4 },
];
export const PROFILE2: WorkSpec[] = [
  { memMiB: 1024, mode: 'R', accesses: 50000 },
  { memMiB: 1024, mode: 'L', accesses: 10000, startMs: 4 },
];
export const PROFILE1_COMMANDS = ['nice ./work 1024 R 50000 &', 'nice ./work 1024 R 10000 &'];
export const PROFILE2_COMMANDS = ['nice ./work 1024 R 50000 &', 'nice ./work 1024 L 10000 &'];

/** Per-process rows matching a case-1 run (cumulative, like /proc/<pid>/stat). */
export function case1Processes(samples: SampleArray, running: boolean): ProcessRow[] {
  let faults = 0;
  let cpu = 0;
  for (let i = 0; i < samples.length; i += SAMPLE_WIDTH) {
    faults += samples[i + 1];
    cpu += samples[i + 3];
  }
  // The 50000-access process does ~5/6 of the work of the pair.
  return [
    { pid: 1, comm: 'init', state: 'sleeping', registered: false, minFlt: 412, majFlt: 0, cpuNs: 12_000_000 },
    { pid: 1187, comm: 'bash', state: 'sleeping', registered: false, minFlt: 2_318, majFlt: 0, cpuNs: 41_000_000 },
    { pid: 1203, comm: 'work', state: running ? 'running' : 'exited', registered: running, minFlt: Math.round(faults * 0.83), majFlt: 0, cpuNs: Math.round(cpu * 0.83) },
    { pid: 1204, comm: 'work', state: running ? 'sleeping' : 'exited', registered: running, minFlt: Math.round(faults * 0.17), majFlt: 0, cpuNs: Math.round(cpu * 0.17) },
  ];
}

export const CASE2_POINTS: Case2Point[] = [
  { n: 1, utilization: 0.0218, majorFaults: 0, minorFaults: 51_420, wallSeconds: 20.6 },
  { n: 5, utilization: 0.1094, majorFaults: 0, minorFaults: 257_100, wallSeconds: 20.7 },
  { n: 11, utilization: 0.2391, majorFaults: 0, minorFaults: 565_620, wallSeconds: 20.9 },
  { n: 16, utilization: 0.3462, majorFaults: 0, minorFaults: 822_720, wallSeconds: 21.3 },
  { n: 20, utilization: 0.2105, majorFaults: 187_340, minorFaults: 1_061_870, wallSeconds: 41.8 },
  { n: 22, utilization: 0.1176, majorFaults: 412_960, minorFaults: 1_214_300, wallSeconds: 76.5 },
];

/** A long run (for the benchmark): `count` samples of a busy, bursty workload. */
export function longProfile(count: number, seed = 7): SampleArray {
  const rnd = prng(seed);
  const hz = MACHINE.hz;
  const period = nominalPeriodJiffies(hz);
  const out = new Float64Array(count * SAMPLE_WIDTH);
  let j = initialJiffies(hz) + 50_000;
  for (let i = 0; i < count; i++) {
    j += period + (rnd() < 0.1 ? 1 : 0);
    const burst = i % 21 < 2;
    const minor = burst ? Math.round(20000 * Math.exp(-i / 4000) * (0.5 + rnd())) : Math.round(rnd() * 30);
    const major = i > count / 2 && burst ? Math.round(rnd() * 400) : 0;
    const o = i * SAMPLE_WIDTH;
    out[o] = j;
    out[o + 1] = minor;
    out[o + 2] = major;
    out[o + 3] = Math.round((burst ? 40 + rnd() * 40 : rnd() * 3)) * 1_000_000;
  }
  return out;
}
