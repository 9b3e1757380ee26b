// `kmlab grade [DIR…] [--json] [--csv FILE] [--timeout SECONDS]`: grades module folders the way
// the course's autograder does (src/lab/grader), each on its own worker thread and simulated
// machine, bounded in wall time. Exit status 0 whenever grading ran, whatever the scores; 2 for
// a usage error. Submission folders are only read (a copy is built and graded in memory).
import * as fs from 'node:fs';
import type { Io } from './main';
import type { GradeResult } from '../shared/gradeReport';
import { gradeCsv } from '../lab/grader/result';
import { DEFAULT_TIMEOUT_MS, gradeInWorkers } from '../host/grade/pool';

export const GRADE_USAGE = `usage: kmlab grade [DIR…] [--json] [--csv FILE] [--timeout SECONDS]

Grades the module in each DIR (default .) as the course's autograder does: readme, comment,
fp ops, compile no warn, then read/write, char dev, buffer alloc/free, mmap and work queue,
each doing its own insmod … rmmod on one simulated machine (2 CPUs, 4 GiB, 2 GiB swap).
  --json           print the result as JSON (an array for several DIRs)
  --csv FILE       also write a CSV summary, one row per DIR
  --timeout S      wall-time bound per DIR (default ${DEFAULT_TIMEOUT_MS / 1000})
Several DIRs are graded in parallel; without --json a CSV summary is printed.
`;

interface GradeArgs {
  dirs: string[];
  json: boolean;
  csv?: string;
  timeoutMs: number;
}

function parseArgs(argv: readonly string[]): GradeArgs | string {
  const args: GradeArgs = { dirs: [], json: false, timeoutMs: DEFAULT_TIMEOUT_MS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v !== '-')) return undefined;
      i++;
      return v;
    };
    if (flag === '--json') args.json = true;
    else if (flag === '--csv') {
      const v = value();
      if (!v) return "option '--csv' requires an argument";
      args.csv = v;
    } else if (flag === '--timeout') {
      const v = value();
      if (!v) return "option '--timeout' requires an argument";
      if (!/^\d+$/.test(v) || Number(v) < 1) return `--timeout: not a whole number of seconds: ${v}`;
      args.timeoutMs = Number(v) * 1000;
    } else if (flag === '--help' || flag === '-h') return '';
    else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
    else args.dirs.push(a);
  }
  if (args.dirs.length === 0) args.dirs.push('.');
  return args;
}

/** The rubric as a text table (one DIR, no --json). */
export function formatGrade(r: GradeResult): string {
  const lines = [`${r.dir}: ${r.score} / ${r.max}`];
  lines.push(r.build.ok ? `build: ok, ${r.build.warnings} warning(s)` : `build: failed, ${r.build.errors} error(s)`);
  for (const d of r.build.diagnostics) lines.push(`  ${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
  for (const t of r.tests) {
    const first = t.details.split('\n').find((l) => l.trim()) ?? '';
    lines.push(`${t.passed ? 'PASS' : 'FAIL'}  ${t.name.padEnd(18)} ${String(t.points).padStart(4)} / ${String(t.max).padEnd(4)} ${first}`);
  }
  return lines.join('\n') + '\n';
}

export async function gradeCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args === '') {
      io.out(GRADE_USAGE);
      return 0;
    }
    io.err(`kmlab grade: ${args}\n${GRADE_USAGE}`);
    return 2;
  }
  for (const dir of args.dirs) {
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (!st?.isDirectory()) {
      io.err(`kmlab grade: ${dir}: ${st ? 'Not a directory' : 'No such file or directory'}\n`);
      return 2;
    }
  }
  const results = await gradeInWorkers(args.dirs, { timeoutMs: args.timeoutMs });
  if (args.json) io.out(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
  else if (results.length === 1) io.out(formatGrade(results[0]));
  else io.out(gradeCsv(results));
  if (args.csv) fs.writeFileSync(args.csv, gradeCsv(results));
  return 0;
}
