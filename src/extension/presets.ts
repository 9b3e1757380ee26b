// The workloads Start Workload offers: the handout's case-study command lines, and a custom
// `MB R|L accesses` entry. Pure (no `vscode`) so the parsing is unit-tested; the command lines
// are run through the lab shell exactly as a student would type them.
import { CASE1_RUNS, CASE2_COMMAND } from '../lab/caseStudy';

export type PresetId = 'case1-pair1' | 'case1-pair2' | 'case2';

/** What the Start Workload command accepts as its argument (from the guide, a walkthrough link, a test). */
export type WorkloadArg =
  | { preset: PresetId; n?: number }
  | { custom: string };

export interface Workload {
  /** Short name for messages: "case 1, pair 1". */
  label: string;
  /** The shell line that starts it (background jobs, as in the handout). */
  line: string;
  /** How many work processes it starts. */
  processes: number;
  /** What it starts, in a few words, when the line is long ("22 × work 200 R 10000"). */
  what?: string;
}

/** "PID 7", "PIDs 105, 106", "PIDs 105–126" (a run), "PIDs 3, 5, 8 … 40 (9 in all)". */
export function describePids(pids: readonly number[]): string {
  const sorted = [...pids].sort((a, b) => a - b);
  if (sorted.length === 0) return 'no PIDs';
  if (sorted.length === 1) return `PID ${sorted[0]}`;
  const run = sorted.every((p, i) => i === 0 || p === sorted[i - 1] + 1);
  if (run && sorted.length >= 3) return `PIDs ${sorted[0]}–${sorted[sorted.length - 1]}`;
  if (sorted.length <= 5) return `PIDs ${sorted.join(', ')}`;
  return `PIDs ${sorted.slice(0, 3).join(', ')} … ${sorted[sorted.length - 1]} (${sorted.length} in all)`;
}

/** The notification after Start Workload: one line, however many processes it started. */
export function startedMessage(w: Workload, pids: readonly number[], note = ''): string {
  return `Started ${w.label}${note}${w.what ? `: ${w.what}` : ''} (${describePids(pids)}).`;
}

export const CASE2_N_MIN = 1;
export const CASE2_N_MAX = 64;
export const CUSTOM_MB_MAX = 1024;
export const CUSTOM_ACCESSES_MAX = 100_000_000;

export function presetWorkload(preset: PresetId, n?: number): Workload | string {
  switch (preset) {
    case 'case1-pair1':
      return { label: 'case study 1, pair 1', line: CASE1_RUNS[0].commands.join(' '), processes: 2 };
    case 'case1-pair2':
      return { label: 'case study 1, pair 2', line: CASE1_RUNS[1].commands.join(' '), processes: 2 };
    case 'case2': {
      const err = validateN(n === undefined ? '' : String(n));
      if (err) return err;
      // The guide's loop (step 5.2), with the handout's command: N copies of `./work 200 R 10000`.
      return { label: `case study 2, N = ${n}`, line: `for i in {1..${n}}; do ${CASE2_COMMAND} done`, processes: n!, what: `${n} × ${CASE2_COMMAND.replace(/^\.\/| &$/g, '')}` };
    }
  }
}

/** undefined when the text is a valid N for case study 2, else what is wrong. */
export function validateN(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `N must be a whole number from ${CASE2_N_MIN} to ${CASE2_N_MAX}`;
  const n = Number(t);
  if (n < CASE2_N_MIN || n > CASE2_N_MAX) return `N must be from ${CASE2_N_MIN} to ${CASE2_N_MAX} (got ${n})`;
  return undefined;
}

/**
 * Parses a custom workload "MB R|L accesses" (the work program's own arguments), e.g.
 * "1024 R 50000". Returns the workload, or a message saying what is wrong.
 */
export function parseCustom(text: string): Workload | string {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 3) return 'Expected three values: memory in MB, R or L, accesses per iteration (e.g. 1024 R 50000)';
  const [mbText, modeText, accText] = parts;
  if (!/^\d+$/.test(mbText) || Number(mbText) < 1 || Number(mbText) > CUSTOM_MB_MAX) {
    return `Memory must be a whole number of MB from 1 to ${CUSTOM_MB_MAX} (got ${JSON.stringify(mbText)})`;
  }
  const mode = modeText.toUpperCase();
  if (mode !== 'R' && mode !== 'L') return `The access pattern must be R (random) or L (locality), got ${JSON.stringify(modeText)}`;
  if (!/^\d+$/.test(accText) || Number(accText) < 1 || Number(accText) > CUSTOM_ACCESSES_MAX) {
    return `Accesses per iteration must be a whole number from 1 to ${CUSTOM_ACCESSES_MAX.toLocaleString('en-US')} (got ${JSON.stringify(accText)})`;
  }
  const args = `${Number(mbText)} ${mode} ${Number(accText)}`;
  return { label: `work ${args}`, line: `nice ./work ${args} &`, processes: 1 };
}

export type WorkloadRequest =
  | { kind: 'pick' }
  | { kind: 'askN' }
  | { kind: 'ok'; workload: Workload }
  | { kind: 'error'; message: string };

function result(w: Workload | string): WorkloadRequest {
  return typeof w === 'string' ? { kind: 'error', message: w } : { kind: 'ok', workload: w };
}

/**
 * Checks the Start Workload argument (it may come from anywhere: a link, the guide, a tree item,
 * a test). No argument (or a tree item) → the quick pick; case 2 without n → ask for N.
 */
export function workloadFromArg(arg: unknown): WorkloadRequest {
  if (arg === undefined || arg === null) return { kind: 'pick' };
  if (typeof arg !== 'object' || Array.isArray(arg)) return { kind: 'error', message: 'Start Workload takes { preset, n? } or { custom: "MB R|L accesses" }' };
  const o = arg as Record<string, unknown>;
  if (typeof o.custom === 'string') return result(parseCustom(o.custom));
  if (o.preset === undefined && o.custom === undefined) return { kind: 'pick' };
  if (o.preset === 'case1-pair1' || o.preset === 'case1-pair2') return result(presetWorkload(o.preset));
  if (o.preset === 'case2') {
    if (o.n === undefined) return { kind: 'askN' };
    if (typeof o.n !== 'number') return { kind: 'error', message: `N must be a number, got ${JSON.stringify(o.n)}` };
    return result(presetWorkload('case2', o.n));
  }
  return { kind: 'error', message: `Unknown workload preset ${JSON.stringify(o.preset)} (case1-pair1, case1-pair2, case2)` };
}
