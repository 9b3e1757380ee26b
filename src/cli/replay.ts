// `kmlab replay`: the textbook page-replacement exercise on the command line. A reference string
// (page numbers) is replayed through one of the policies the simulated kernel uses, with a given
// number of frames; the output is the table students draw by hand (one row per access: hit or
// fault, the page evicted, the frames after it) or, with --json, the figures for a grader.
//
//   kmlab replay --policy lru --frames 3 --trace 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1
//   kmlab replay --policy clock --frames 1000 --trace-file trace.txt --json

import { readFileSync } from 'node:fs';
import { POLICY_NAMES, isPolicyName, replay } from '../kernel/mm/policy';
import type { PolicyName } from '../kernel/mm/policy';
import type { Io } from './main';
import { UsageError, optionValue } from './machineOptions';

/** Frame columns are drawn only up to this many frames. */
const TABLE_MAX_FRAMES = 32;
const MAX_PAGE = 0x7fffffff;
const MAX_FRAMES = 1 << 24;

export const REPLAY_USAGE = `usage: kmlab replay --policy <${POLICY_NAMES.join('|')}> --frames <N>
                    (--trace <p,p,...> | --trace-file <file>) [--seed <S>] [--json]

Replays a reference string of page numbers through a page-replacement policy with N frames and
prints one row per access (H = hit, M = miss/page fault, the page evicted, the frames after it),
then the totals and the hit ratio. Free frames fill in order 0, 1, 2, ... before any eviction.

  --policy      linux (Linux 5.15 active/inactive lists), fifo, lru, clock (second chance),
                opt (Belady's optimal), random (seeded)
  --frames      number of physical frames, 1..${MAX_FRAMES}
  --trace       page numbers separated by commas or spaces
  --trace-file  a file of page numbers separated by commas, spaces or newlines; '#' starts a comment
  --seed        seed of the random policy's generator (default 1)
  --json        print {"policy","frames","accesses","hits","misses","pattern","victims",
                "elapsedMs","accessesPerSecond"} instead of the table
`;

interface Args {
  policy: PolicyName;
  frames: number;
  trace: Int32Array;
  seed: number;
  json: boolean;
}

/** Run `kmlab replay` with the arguments after `replay`; returns the exit code (2 = bad input). */
export function replayCommand(argv: string[], io: Io): number {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`kmlab replay: ${err.message} (see 'kmlab replay --help')\n`);
      return 2;
    }
    throw err;
  }
  if (args === 'help') {
    io.out(REPLAY_USAGE);
    return 0;
  }
  const result = replay(args.trace, args.frames, args.policy, args.seed);
  if (args.json) {
    let pattern = '';
    for (let i = 0; i < result.pattern.length; i++) pattern += result.pattern[i] ? 'H' : 'M';
    const accesses = args.trace.length;
    const json = {
      policy: args.policy,
      frames: args.frames,
      accesses,
      hits: result.hits,
      misses: result.misses,
      pattern,
      victims: Array.from(result.victims),
      elapsedMs: Math.round(result.elapsedMs * 1e6) / 1e6,
      accessesPerSecond: result.elapsedMs > 0 ? Math.round((accesses / result.elapsedMs) * 1000) : null,
    };
    io.out(`${JSON.stringify(json)}\n`);
    return 0;
  }
  printTable(args, result.pattern, result.victims, io);
  return 0;
}

/** The textbook table, streamed: frame contents are rebuilt from the hits and victims. */
function printTable(args: Args, pattern: Uint8Array, victims: Int32Array, io: Io): void {
  const { trace, frames, policy } = args;
  const n = trace.length;
  const showFrames = frames <= TABLE_MAX_FRAMES;
  let maxPage = 0;
  for (let i = 0; i < n; i++) if (trace[i] > maxPage) maxPage = trace[i];
  const w = Math.max(String(maxPage).length, 4);
  const stepW = Math.max(String(n).length, 4);
  const cell = (v: number | string, width: number): string => String(v).padStart(width);

  const seedNote = policy === 'random' ? `, seed ${args.seed}` : '';
  let out = `policy ${policy}, ${frames} frame${frames === 1 ? '' : 's'}, ${n} access${n === 1 ? '' : 'es'}${seedNote}\n\n`;
  let header = `${cell('step', stepW)}  ${cell('page', w)}  H/M  ${cell('victim', Math.max(w, 6))}`;
  if (showFrames) for (let f = 0; f < frames; f++) header += `  ${cell(`f${f}`, w)}`;
  out += `${header}\n`;
  if (!showFrames) out += `(frame columns are shown for at most ${TABLE_MAX_FRAMES} frames)\n`;

  const contents = new Int32Array(showFrames ? frames : 0).fill(-1);
  const frameOf = new Map<number, number>();
  let used = 0;
  for (let i = 0; i < n; i++) {
    const page = trace[i];
    const hit = pattern[i] === 1;
    const victim = victims[i];
    if (showFrames && !hit) {
      // same rule as the replay: a free frame in order, else the frame the victim held
      const frame = victim >= 0 ? (frameOf.get(victim) as number) : used++;
      if (victim >= 0) frameOf.delete(victim);
      contents[frame] = page;
      frameOf.set(page, frame);
    }
    let row = `${cell(i + 1, stepW)}  ${cell(page, w)}   ${hit ? 'H' : 'M'}   ${cell(victim >= 0 ? victim : '-', Math.max(w, 6))}`;
    if (showFrames) for (let f = 0; f < frames; f++) row += `  ${cell(contents[f] >= 0 ? contents[f] : '-', w)}`;
    out += `${row}\n`;
    if (out.length > 1 << 16) {
      io.out(out);
      out = '';
    }
  }
  let hits = 0;
  for (let i = 0; i < n; i++) hits += pattern[i];
  const misses = n - hits;
  out += `\nhits ${hits}, misses (page faults) ${misses}, accesses ${n}\n`;
  out += `hit ratio ${((100 * hits) / n).toFixed(2)} %, fault ratio ${((100 * misses) / n).toFixed(2)} %\n`;
  io.out(out);
}

function parseArgs(argv: string[]): Args | 'help' {
  let policy: string | undefined;
  let frames: string | undefined;
  let traceText: string | undefined;
  let traceFile: string | undefined;
  let seed: string | undefined;
  let json = false;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (flag === '--json') throw new UsageError('--json takes no value');
    if (!['--policy', '--frames', '--trace', '--trace-file', '--seed'].includes(flag)) {
      throw new UsageError(`unknown option '${flag}'`);
    }
    const [value, taken] = optionValue(flag, eq >= 0 ? arg.slice(eq + 1) : undefined, argv[i + 1]);
    i += taken - 1;
    if (seen.has(flag)) throw new UsageError(`${flag} is given more than once`);
    seen.add(flag);
    if (flag === '--policy') policy = value;
    else if (flag === '--frames') frames = value;
    else if (flag === '--trace') traceText = value;
    else if (flag === '--trace-file') traceFile = value;
    else seed = value;
  }

  if (policy === undefined) throw new UsageError(`--policy is required (${POLICY_NAMES.join(', ')})`);
  if (!isPolicyName(policy)) {
    throw new UsageError(`unknown policy '${policy}' (expected one of ${POLICY_NAMES.join(', ')})`);
  }
  if (frames === undefined) throw new UsageError('--frames is required');
  const nFrames = parseUint(frames);
  if (nFrames === undefined || nFrames < 1 || nFrames > MAX_FRAMES) {
    throw new UsageError(`--frames must be an integer from 1 to ${MAX_FRAMES}, got '${frames}'`);
  }
  let nSeed = 1;
  if (seed !== undefined) {
    const s = parseUint(seed);
    if (s === undefined || s > 0xffffffff) throw new UsageError(`--seed must be an integer from 0 to 4294967295, got '${seed}'`);
    nSeed = s;
  }
  if (traceText !== undefined && traceFile !== undefined) throw new UsageError('give either --trace or --trace-file, not both');
  let trace: Int32Array;
  if (traceText !== undefined) {
    trace = parseTrace(traceText, '--trace');
  } else if (traceFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(traceFile, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? String(err));
      throw new UsageError(`cannot read trace file '${traceFile}': ${why}`);
    }
    trace = parseTrace(text, traceFile);
  } else {
    throw new UsageError('a reference string is required: --trace <p,p,...> or --trace-file <file>');
  }
  return { policy, frames: nFrames, trace, seed: nSeed, json };
}

function parseUint(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Page numbers separated by commas and/or white space; '#' comments run to the end of the line.
 * Exported for tests.
 */
export function parseTrace(text: string, source: string): Int32Array {
  const pages: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let l = 0; l < lines.length; l++) {
    const hash = lines[l].indexOf('#');
    const body = hash >= 0 ? lines[l].slice(0, hash) : lines[l];
    for (const token of body.split(/[\s,]+/)) {
      if (token === '') continue;
      const where = lines.length > 1 ? `${source} line ${l + 1}` : source;
      if (!/^\d+$/.test(token)) {
        throw new UsageError(`${where}: '${token}' is not a page number (pages are non-negative integers)`);
      }
      const page = Number(token);
      if (page > MAX_PAGE) throw new UsageError(`${where}: page ${token} is larger than ${MAX_PAGE}`);
      pages.push(page);
    }
  }
  if (pages.length === 0) throw new UsageError(`the trace (${source}) is empty`);
  return Int32Array.from(pages);
}
