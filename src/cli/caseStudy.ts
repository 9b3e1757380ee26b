// kmlab case-study 1|2 [--out DIR] [--n 1,5,11,16,20,22] [--json] [machine options]
// kmlab demo [--out DIR] [machine options]   (both case studies, a summary table and the report)
//
// Writes into DIR: the monitor's data files (profile1.data, profile2.data, profile_<N>.data),
// the series as CSV, and report.html (self-contained, the dashboard's chart code inlined).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Io } from './main';
import { HostFolderError, NodeHostFs } from '../host/nodeHostFs';
import { EIO, errnoOfHostError, strerror } from '../kernel/errno';
import { MACHINE_OPTIONS_HELP, UsageError, optionValue, takeMachineOptions } from './machineOptions';
import { runCaseStudy1, runCaseStudy2, runJobsInline, DEFAULT_CASE2_N, CASE2_COMMAND, type CaseStudyResult, type CaseStudyRun } from '../lab/caseStudy';
import { workerJobRunner } from '../host/workerPool';
import { formatCsv } from '../lab/formats';
import { buildReport } from '../lab/report';

export const CASE_STUDY_USAGE = `usage: kmlab case-study 1|2 [--out DIR] [--n 1,5,11,16,20,22] [--json] [machine options]
       kmlab demo [--out DIR] [machine options]
${MACHINE_OPTIONS_HELP}`;

interface Parsed {
  which: 1 | 2 | 'both';
  out: string;
  n: number[];
  json: boolean;
  config: ReturnType<typeof takeMachineOptions>;
}

function parse(argv: string[], demo: boolean): Parsed {
  const args = [...argv];
  const config = takeMachineOptions(args);
  let which: Parsed['which'] = 'both';
  let out = demo ? 'lab-output' : '.';
  let n = DEFAULT_CASE2_N;
  let json = false;
  if (!demo) {
    const w = args.shift();
    if (w !== '1' && w !== '2') throw new UsageError(w === undefined ? 'which case study? 1 or 2' : `unknown case study '${w}' (1 or 2)`);
    which = w === '1' ? 1 : 2;
  }
  while (args.length) {
    const a = args.shift()!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const [v, taken] = optionValue(flag, inline, args[0]);
      if (taken === 2) args.shift();
      return v;
    };
    if (flag === '--out') out = value();
    else if (flag === '--json' && inline === undefined) json = true;
    else if (flag === '--n' && !demo) {
      const text = value();
      if (!/^\d+(,\d+)*$/.test(text)) throw new UsageError(`--n: expected a comma-separated list of counts, got ${text}`);
      n = text.split(',').map(Number);
      if (n.some((x) => x < 1 || x > 64)) throw new UsageError('--n: each N must be in 1..64');
    } else throw new UsageError(`unknown option ${a}`);
  }
  return { which, out, n, json, config };
}

function reportScript(): string {
  const file = path.join(__dirname, 'webview', 'report.js');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing; run \`npm run build\` first`);
  }
}

export async function caseStudyCommand(argv: string[], io: Io, demo = false): Promise<number> {
  let p: Parsed;
  try {
    p = parse(argv, demo);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`kmlab: ${err.message}\n${CASE_STUDY_USAGE}`);
      return 2;
    }
    throw err;
  }
  let hostFs: NodeHostFs;
  try {
    hostFs = new NodeHostFs(p.out);
  } catch (err) {
    if (!(err instanceof HostFolderError)) throw err;
    io.err(`kmlab: --out ${err.message}\n`);
    return 1;
  }
  const t0 = Date.now();
  const progress = (m: string) => {
    if (!p.json) io.err(`${m}\n`);
  };
  const results: CaseStudyResult[] = [];
  try {
    const runJobs = workerJobRunner(p.out, runJobsInline);
    if (p.which !== 2) results.push(await runCaseStudy1({ config: p.config, hostFs, onProgress: progress, runJobs }));
    if (p.which !== 1) results.push(await runCaseStudy2({ config: p.config, hostFs, n: p.n, onProgress: progress, runJobs }));
  } catch (err) {
    io.err(`kmlab: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const wallMs = Date.now() - t0;
  const machine = results[0].machine;
  const runs = results.flatMap((r) => r.runs);
  const case2 = results.flatMap((r) => r.case2Points);

  // through the folder's HostFs, like the data files: a link in --out is never written through
  const write = (name: string, text: string): boolean => {
    try {
      hostFs.writeFile(name, new TextEncoder().encode(text), false);
      return true;
    } catch (err) {
      io.err(`kmlab: cannot write ${path.join(p.out, name)}: ${strerror(errnoOfHostError(err, EIO))}\n`);
      return false;
    }
  };
  for (const run of runs) if (!write(`${run.name}.csv`, formatCsv(run.samples, machine.hz))) return 1;
  if (case2.length) {
    const rows = ['n,utilization,major_faults,minor_faults,wall_seconds', ...case2.map((c) => `${c.n},${c.utilization},${c.majorFaults},${c.minorFaults ?? ''},${c.wallSeconds ?? ''}`)];
    if (!write('case2_utilization.csv', rows.join('\n') + '\n')) return 1;
  }
  const reportPath = path.join(p.out, 'report.html');
  let report: string;
  try {
    report = buildReport({
      machine,
      runs: runs.filter((r) => r.n === undefined).map((r) => ({ name: r.name, commands: r.commands, samples: r.samples, summary: r.summary, description: r.description })),
      caseStudy2Points: case2,
      case2Command: CASE2_COMMAND.replace(/ &$/, ''),
      script: reportScript(),
    });
  } catch (err) {
    io.err(`kmlab: report not written: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (!write('report.html', report)) return 1;

  if (p.json) {
    io.out(JSON.stringify({ machine, runs: runs.map(jsonRun), wallMs }) + '\n');
    return 0;
  }
  io.out(summaryTable(runs));
  io.out(`\ndata files, CSV and the report are in ${path.resolve(p.out)}\nreport: ${path.resolve(reportPath)}\n(${(wallMs / 1000).toFixed(2)} s of wall time for ${runs.length} simulated runs)\n`);
  return 0;
}

function jsonRun(r: CaseStudyRun) {
  return {
    name: r.name,
    commands: r.commands,
    ...(r.n !== undefined ? { n: r.n } : {}),
    dataFile: r.dataFile,
    samples: r.summary.samples,
    minorFaults: r.summary.totalMinor,
    majorFaults: r.summary.totalMajor,
    cpuNs: r.summary.cpuNs,
    spanSeconds: r.summary.spanSeconds,
    utilization: r.summary.utilization,
    completionSeconds: r.completionSeconds,
  };
}

function summaryTable(runs: CaseStudyRun[]): string {
  const head = ['run', 'samples', 'minor', 'major', 'cpu s', 'span s', 'util', 'completion s'];
  const rows = runs.map((r) => [
    r.name, String(r.summary.samples), String(r.summary.totalMinor), String(r.summary.totalMajor),
    (r.summary.cpuNs / 1e9).toFixed(2), r.summary.spanSeconds.toFixed(2), r.summary.utilization.toFixed(3),
    r.completionSeconds.length > 4 ? `${r.completionSeconds[0].toFixed(1)}..${r.completionSeconds[r.completionSeconds.length - 1].toFixed(1)}` : r.completionSeconds.map((s) => s.toFixed(1)).join(' '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ') + '\n';
  return line(head) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}
