// The extension's commands. Each one does what a student would do at the lab VM's shell — most
// literally run the handout's command line through the lab shell — and reports the outcome in
// the kernel's words (errno names and texts, the shell's own error output).
//
// Handlers return a small result object (for the lab guide, walkthrough links and the tests)
// and never throw for an expected failure: they show it instead.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseCsv, parseMonitorData, ProfileParseError } from '../lab/formats';
import { DEFAULT_CASE2_N } from '../lab/caseStudy';
import type { Case2Point } from '../shared/protocol';
import { sampleCount } from '../shared/samples';
import { renderProfile, saveExport, type DashboardHandle } from './dashboard/index';
import type { GuideHost } from './guide/index';
import { Command } from './ids';
import { SIGCONT, SIGSTOP, SIGTERM } from '../lab/kernelFacts';
import { HOME } from '../lab/machine';
import { SessionClosedError } from '../lab/sessionClient';
import { errnoText, type LabHost, type LabLog } from './lab';
import { presetWorkload, parseCustom, startedMessage, validateN, workloadFromArg, type Workload } from './presets';
import { pidFromArg, ProcNode, STATE_WORDS } from './trees';
import type { LabTerminals } from './terminal';
import type { LabDashboardSource } from './dashboardSource';
import { procUri } from './procFs';
import { caseStudyDataFiles, planCaseStudyFolder, runCaseStudy, CaseStudyCancelled } from './caseStudyRunner';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  lab: LabHost;
  log: LabLog & { show(preserveFocus?: boolean): void };
  terminals: LabTerminals;
  dashboard: DashboardHandle;
  dashboardSource: LabDashboardSource;
  guide: GuideHost;
  showDmesg(): void;
  /** The workspace folder the simulated home directory is, if any. */
  homeFolder(): vscode.Uri | undefined;
}

export const CASE2_STATE_KEY = 'kernelMemoryLab.caseStudy2';

type Result = Record<string, unknown> & { ok: boolean };

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const { lab, log } = d;
  const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof SessionClosedError) {
          // The machine was reset or restarted under the command: LabHost has said so already.
          log.warn(`${id}: ${e.message}`);
          return { ok: false, error: e.message };
        }
        log.error(`${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        void vscode.window.showErrorMessage(`Kernel Memory Lab: ${errorText(e)}`);
        return { ok: false, error: errorText(e) };
      }
    });

  const fail = (message: string, ...actions: string[]): Result => {
    log.warn(message);
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
      if (choice === 'Load Module') void vscode.commands.executeCommand(Command.loadModule);
      else if (choice === 'Open Terminal') void vscode.commands.executeCommand(Command.openTerminal);
      else if (choice === 'Start Workload') void vscode.commands.executeCommand(Command.startWorkload);
      else if (choice === 'Show Log') log.show(true);
    });
    return { ok: false, error: message };
  };

  /** insmod mp3.ko; returns an error message or undefined. */
  const insmod = async (): Promise<string | undefined> => {
    const r = await lab.exec('insmod mp3.ko');
    if (r.status !== 0) return r.output.trim() || `insmod mp3.ko failed (status ${r.status >> 8})`;
    d.dashboardSource.showLive();
    return undefined;
  };

  const workPids = (): Set<number> => new Set(lab.session.workProcesses().map((p) => p.pid));

  // ───────────── workloads ─────────────

  async function pickWorkload(): Promise<Workload | undefined> {
    type Item = vscode.QuickPickItem & { id: 'p1' | 'p2' | 'c2' | 'custom' };
    const p1 = presetWorkload('case1-pair1') as Workload;
    const p2 = presetWorkload('case1-pair2') as Workload;
    const items: Item[] = [
      { id: 'p1', label: '$(beaker) Case study 1, pair 1', description: 'two random-access processes', detail: p1.line },
      { id: 'p2', label: '$(beaker) Case study 1, pair 2', description: 'random access and "locality"', detail: p2.line },
      { id: 'c2', label: '$(layers) Case study 2: N processes…', description: 'N × work 200 R 10000', detail: 'Multiprogramming: for i in {1..N}; do ./work 200 R 10000 & done (the handout uses N = 5, 11, 16, 20, 22)' },
      { id: 'custom', label: '$(edit) Custom…', description: 'MB R|L accesses', detail: 'One work process with your own arguments, e.g. 512 L 20000' },
    ];
    const choice = await vscode.window.showQuickPick(items, { title: 'Start Workload', placeHolder: 'Which work processes to start in the simulated machine', matchOnDetail: true });
    if (!choice) return undefined;
    if (choice.id === 'p1') return p1;
    if (choice.id === 'p2') return p2;
    if (choice.id === 'c2') return askN();
    const text = await vscode.window.showInputBox({
      title: 'Start Workload: custom',
      prompt: 'Arguments of ./work: memory in MB (1–1024), R (random) or L (locality), accesses per iteration',
      placeHolder: '1024 R 50000',
      value: '1024 R 50000',
      validateInput: (v) => {
        const w = parseCustom(v);
        return typeof w === 'string' ? w : undefined;
      },
    });
    if (text === undefined) return undefined;
    const w = parseCustom(text);
    return typeof w === 'string' ? undefined : w;
  }

  async function askN(): Promise<Workload | undefined> {
    const text = await vscode.window.showInputBox({
      title: 'Start Workload: case study 2',
      prompt: 'N, the number of work 200 R 10000 processes to run at once',
      value: '5',
      validateInput: (v) => validateN(v),
    });
    if (text === undefined) return undefined;
    const w = presetWorkload('case2', Number(text.trim()));
    return typeof w === 'string' ? undefined : w;
  }

  async function startWorkload(arg?: unknown): Promise<Result> {
    const req = workloadFromArg(arg instanceof ProcNode ? undefined : arg);
    let workload: Workload | undefined;
    if (req.kind === 'error') return fail(`Start Workload: ${req.message}`);
    if (req.kind === 'ok') workload = req.workload;
    else {
      workload = req.kind === 'askN' ? await askN() : await pickWorkload();
      if (!workload) return { ok: false, cancelled: true };
      if (workPids().size > 0) {
        const go = await vscode.window.showWarningMessage(
          `${workPids().size} work process(es) are still running. Start ${workload.label} alongside them?`,
          { modal: true, detail: 'The handout runs one workload at a time and waits for it (wait) before running the monitor.' },
          'Start Anyway',
        );
        if (go !== 'Start Anyway') return { ok: false, cancelled: true };
      }
    }
    const s = await lab.ensureBooted();
    let loaded = '';
    if (!s.moduleLoaded) {
      const err = await insmod();
      if (err) return fail(`Could not load the profiler module: ${err}`, 'Show Log');
      loaded = ' (loaded mp3.ko first)';
    }
    d.dashboardSource.showLive();
    log.info(`$ ${workload.line}`);
    // The machine runs the line and lets the jobs get as far as exec'ing work, so we can name them.
    const r = await s.startWorkload(workload.line, workload.processes);
    lab.afterCommand();
    if (r.status !== 0) return fail(`${workload.line}: ${r.output.trim() || `exit status ${r.status >> 8}`}`, 'Show Log');
    const pids = r.pids;
    log.info(`started ${workload.label}: PIDs ${pids.join(', ')}${loaded}`);
    void vscode.window.showInformationMessage(startedMessage(workload, pids, loaded), 'Open Dashboard').then((c) => {
      if (c) d.dashboard.open();
    });
    return { ok: true, pids, line: workload.line };
  }

  async function stopWorkload(): Promise<Result> {
    const s = lab.peek();
    if (!s) return { ok: true, stopped: 0 };
    const n = await s.stopWorkload();
    lab.afterCommand();
    void vscode.window.showInformationMessage(n ? `Sent SIGTERM to ${n} work process${n === 1 ? '' : 'es'}.` : 'No work process is running.');
    return { ok: true, stopped: n };
  }

  // ───────────── registration ─────────────

  async function pickPid(op: 'R' | 'U'): Promise<number | undefined> {
    const s = await lab.ensureBooted();
    const registered = new Set(s.registeredPids());
    const procs = s.processes().filter((p) => (op === 'R' ? !p.registered : p.registered) && p.state !== 'Z' && p.state !== 'X');
    type Item = vscode.QuickPickItem & { pid?: number };
    const items: Item[] = procs.map((p) => ({
      pid: p.pid,
      label: `${p.pid}`,
      description: `${p.comm} · ${STATE_WORDS[p.state]}`,
      detail: p.cmdline,
    }));
    if (op === 'U') for (const pid of registered) if (!procs.some((p) => p.pid === pid)) items.push({ pid, label: `${pid}`, description: 'no longer running' });
    // Typing a PID that is not in the list would filter every row away and leave Enter with
    // nothing to accept: the typed number is offered as a row of its own, always shown.
    const typed = (value: string): Item[] => {
      const v = value.trim();
      if (!/^\d+$/.test(v) || items.some((i) => i.label === v)) return [];
      const pid = Number(v);
      if (pid <= 0 || pid >= 2 ** 31) return [];
      return [{ pid, label: v, description: op === 'R' ? `echo R ${v} > /proc/mp3/status (see what the module answers)` : `echo U ${v} > /proc/mp3/status`, alwaysShow: true }];
    };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = op === 'R' ? 'Register Process (echo R <pid> > /proc/mp3/status)' : 'Unregister Process (echo U <pid> > /proc/mp3/status)';
    qp.placeholder = items.length ? 'Pick a process, or type any PID' : op === 'R' ? 'No unregistered process is running: start a workload, or type a PID' : 'No process is registered: type a PID';
    qp.items = items;
    return new Promise<number | undefined>((resolve) => {
      let done = false;
      const finish = (pid: number | undefined) => {
        if (done) return;
        done = true;
        resolve(pid);
        qp.dispose();
      };
      qp.onDidChangeValue((v) => {
        qp.items = [...typed(v), ...items];
      });
      qp.onDidAccept(() => finish(qp.selectedItems[0]?.pid ?? typed(qp.value)[0]?.pid));
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
  }

  async function register(op: 'R' | 'U', arg?: unknown): Promise<Result> {
    const s = await lab.ensureBooted();
    const pid = pidFromArg(arg) ?? (await pickPid(op));
    if (pid === undefined) return { ok: false, cancelled: true };
    const r = await s.register(pid, op);
    lab.afterCommand();
    const verb = op === 'R' ? 'register' : 'unregister';
    if (r < 0) {
      const hint = !s.moduleLoaded ? ' (/proc/mp3/status exists only while the mp3 module is loaded)' : '';
      const msg = `Could not ${verb} PID ${pid}: ${errnoText(r)}${hint}`;
      return { ...fail(msg, ...(s.moduleLoaded ? [] : ['Load Module'])), errno: r };
    }
    log.info(`${verb}ed PID ${pid} (echo ${op} ${pid} > /proc/mp3/status)`);
    return { ok: true, pid, errno: 0 };
  }

  // ───────────── module ─────────────

  async function loadModule(): Promise<Result> {
    const r = await lab.exec('insmod mp3.ko');
    if (r.status !== 0) return fail(r.output.trim() || 'insmod mp3.ko failed', 'Show Log');
    d.dashboardSource.showLive();
    void vscode.window.showInformationMessage('Loaded the profiler module (insmod mp3.ko): /proc/mp3/status and the character device 423 exist now.');
    return { ok: true };
  }

  async function unloadModule(): Promise<Result> {
    const s = await lab.ensureBooted();
    if (s.moduleLoaded && s.registeredPids().length) {
      const go = await vscode.window.showWarningMessage(
        `${s.registeredPids().length} process(es) are registered with the profiler. Unload mp3 anyway?`,
        { modal: true, detail: 'rmmod frees the process list and the buffer; the processes keep running unprofiled.' },
        'Unload',
      );
      if (go !== 'Unload') return { ok: false, cancelled: true };
    }
    const r = await lab.exec('rmmod mp3');
    if (r.status !== 0) return fail(r.output.trim() || 'rmmod mp3 failed', 'Show Log');
    void vscode.window.showInformationMessage('Unloaded the profiler module (rmmod mp3).');
    return { ok: true };
  }

  // ───────────── monitor ─────────────

  /** profile<N+1>.data after the highest profile<N>.data in the home directory. */
  async function nextProfileName(): Promise<string> {
    const dir = await lab.session.readdir(HOME);
    let max = 0;
    for (const [name] of 'entries' in dir ? dir.entries : []) {
      const m = /^profile(\d+)\.data$/.exec(name);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return `profile${max + 1}.data`;
  }

  async function runMonitor(arg?: unknown): Promise<Result> {
    const s = await lab.ensureBooted();
    const opts = (arg && typeof arg === 'object' ? arg : {}) as { file?: unknown; force?: unknown; replace?: unknown };
    if (!s.moduleLoaded) return fail('The profiler module is not loaded, so there is no buffer for the monitor to read.', 'Load Module');
    const running = workPids().size;
    if (running && opts.force !== true) {
      const go = await vscode.window.showWarningMessage(
        `${running} work process${running === 1 ? ' is' : 'es are'} still running.`,
        { modal: true, detail: 'The handout waits for them (wait) before running ./monitor; run it now and the file holds only the samples written so far (the monitor consumes what it reads).' },
        'Run Now',
      );
      if (go !== 'Run Now') return { ok: false, cancelled: true };
    }
    let name = typeof opts.file === 'string' ? opts.file : await nextProfileName();
    if (!/^[\w.-]+$/.test(name) || name === '.' || name === '..') return fail(`Run Monitor: ${JSON.stringify(name)} is not a plain file name`);
    // `./monitor > name` truncates: never over a file the student has (without a name of our
    // own choosing, nextProfileName never picks one that exists).
    if (opts.replace !== true && typeof (await s.readFile(`${HOME}/${name}`)) === 'string') {
      const message = `Run Monitor: ${name} already exists; it was kept. Choose another name, or replace it.`;
      log.warn(message);
      void vscode.window.showWarningMessage(message, 'Replace').then((c) => {
        if (c === 'Replace') void vscode.commands.executeCommand(Command.runMonitor, { ...opts, replace: true });
      });
      return { ok: false, error: message, exists: true };
    }
    if ('errno' in (await s.stat(`${HOME}/node`))) {
      const r = await lab.exec('mknod node c 423 0');
      if (r.status !== 0) return fail(`mknod node c 423 0: ${r.output.trim()}`);
    }
    const line = `./monitor > ${name}`;
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `$ ${line}` },
      () => lab.execAsync(line),
    );
    if (!r.finished) return fail(`${line} did not finish (the machine was reset)`);
    if (r.status !== 0) return fail(`${line}: ${r.output.trim() || `exit status ${r.status >> 8}`}`, 'Show Log');
    const text = await s.readFile(`${HOME}/${name}`);
    if (typeof text === 'number') return fail(`${line} wrote no file (${errnoText(text)})`);
    const bytes = new TextEncoder().encode(text);
    const parsed = parseMonitorData(text, name);
    const count = sampleCount(parsed.samples);
    let uri: vscode.Uri | undefined;
    const folder = d.homeFolder();
    if (folder) {
      uri = vscode.Uri.joinPath(folder, name);
    } else {
      // No workspace folder backs the home directory: ask where to keep the file.
      uri = await vscode.window.showSaveDialog({ title: 'Save the monitor output', saveLabel: 'Save', filters: { 'Profile data': ['data', 'txt'] } });
      if (uri) {
        await vscode.workspace.fs.writeFile(uri, bytes);
        name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      }
    }
    log.info(`${line}: ${count} samples${uri ? ` → ${uri.fsPath || uri.toString()}` : ''}`);
    void vscode.window.showInformationMessage(`The monitor read ${count} sample${count === 1 ? '' : 's'} into ${name}.`, ...(uri ? ['Open File'] : []), 'Show in Dashboard').then((c) => {
      if (c === 'Open File' && uri) void vscode.window.showTextDocument(uri);
      if (c === 'Show in Dashboard') {
        d.dashboardSource.showFile(name, parsed.samples, uri);
        d.dashboard.open();
      }
    });
    return { ok: true, file: uri?.toString(), name, samples: count };
  }

  // ───────────── case studies ─────────────

  /**
   * The folder a case study writes into: case-study-<which>/ under `root`, never the root itself
   * (the student's profile1.data lives there). If an earlier run's files are in it, ask — keeping
   * them (a new folder) is the default; `ifExists` answers for a caller that cannot be asked.
   */
  async function caseStudyFolder(root: string, which: 1 | 2, files: string[], ifExists: unknown): Promise<string | undefined> {
    const first = planCaseStudyFolder(root, which, files);
    if (!first.existing.length || ifExists === 'replace') return first.dir;
    const fresh = planCaseStudyFolder(root, which, files, true);
    if (ifExists === 'newFolder') return fresh.dir;
    const rel = (dir: string) => `${path.relative(root, dir)}/`;
    const keep = `Keep Them (write to ${rel(fresh.dir)})`;
    const choice = await vscode.window.showWarningMessage(
      `${rel(first.dir)} already holds ${first.existing.join(', ')} from an earlier run.`,
      { modal: true, detail: `Keep them and write this run to ${rel(fresh.dir)}, or replace them.` },
      keep, 'Replace',
    );
    if (choice === keep) return fresh.dir;
    if (choice === 'Replace') return first.dir;
    return undefined;
  }

  async function runCase(which: 1 | 2, arg?: unknown): Promise<Result> {
    const folder = d.homeFolder();
    let root = folder?.fsPath;
    if (!root) {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: `Write case-study-${which}/ here`, title: `Run Case Study ${which}` });
      if (!picked?.length) return { ok: false, cancelled: true };
      root = picked[0].fsPath;
    }
    const o = (arg && typeof arg === 'object' ? arg : {}) as { n?: unknown; ifExists?: unknown };
    if (o.ifExists !== undefined && o.ifExists !== 'replace' && o.ifExists !== 'newFolder') return fail(`Run Case Study ${which}: ifExists must be "replace" or "newFolder"`);
    let n: number[] | undefined;
    if (which === 2) {
      if (Array.isArray(o.n) && o.n.every((x) => typeof x === 'number' && validateN(String(x)) === undefined)) n = o.n as number[];
      else if (o.n !== undefined) return fail(`Run Case Study 2: n must be a list of whole numbers from 1 to 64`);
      else {
        const text = await vscode.window.showInputBox({
          title: 'Run Case Study 2',
          prompt: 'The values of N (comma-separated): each is a run of N × work 200 R 10000 on a fresh machine',
          value: DEFAULT_CASE2_N.join(', '),
          validateInput: (v) => {
            const parts = v.split(',').map((x) => x.trim()).filter(Boolean);
            if (!parts.length) return 'At least one N';
            for (const p of parts) {
              const e = validateN(p);
              if (e) return e;
            }
            return undefined;
          },
        });
        if (text === undefined) return { ok: false, cancelled: true };
        n = text.split(',').map((x) => Number(x.trim())).filter((x) => x > 0);
      }
    }
    const outDir = await caseStudyFolder(root, which, caseStudyDataFiles(which, n), o.ifExists);
    if (!outDir) return { ok: false, cancelled: true };
    lab.setCaseStudyRunning(true);
    const started = Date.now();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Case study ${which}`, cancellable: true },
        (progress, token) => {
          let last = 0;
          const listeners: (() => void)[] = [];
          token.onCancellationRequested(() => listeners.forEach((l) => l()));
          return runCaseStudy({
            which,
            config: lab.settings.machine,
            outDir,
            ...(n ? { n } : {}),
            signal: { get cancelled() { return token.isCancellationRequested; }, onCancel: (l) => listeners.push(l) },
            onProgress: (message, done, total) => {
              const pct = (done / total) * 100;
              progress.report({ message: `${message} (${done}/${total})`, increment: pct - last });
              last = pct;
              log.info(`case study ${which}: ${message}`);
            },
            log: (m) => log.warn(m),
          });
        },
      );
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const where = `${path.relative(root, outDir)}/`;
      const files = result.runs.map((r) => `${where}${r.dataFile}`);
      log.info(`case study ${which} finished in ${secs} s: ${files.join(', ')}`);
      if (which === 2) {
        const points: Case2Point[] = result.case2Points;
        d.dashboardSource.setCaseStudy2(points);
        await d.context.workspaceState.update(CASE2_STATE_KEY, points);
        d.dashboard.open();
        void vscode.window.showInformationMessage(`Case study 2 finished in ${secs} s: utilization for N = ${points.map((p) => p.n).join(', ')} is on the dashboard; data files ${files.join(', ')}.`);
      } else {
        const fileUri = (name: string) => vscode.Uri.file(`${outDir}/${name}`);
        const first = result.runs[0];
        d.dashboardSource.showFile(`${first.dataFile} (case study 1)`, first.samples, fileUri(first.dataFile));
        d.dashboard.open();
        void vscode.window.showInformationMessage(`Case study 1 finished in ${secs} s: ${files.join(' and ')} written.`, ...result.runs.map((r) => `Show ${r.dataFile}`)).then((c) => {
          const run = result.runs.find((r) => `Show ${r.dataFile}` === c);
          if (run) {
            d.dashboardSource.showFile(`${run.dataFile} (case study 1)`, run.samples, fileUri(run.dataFile));
            d.dashboard.open();
          }
        });
      }
      return {
        ok: true,
        outDir,
        runs: result.runs.map((r) => ({ name: r.name, dataFile: r.dataFile, samples: sampleCount(r.samples), minor: r.summary.totalMinor, major: r.summary.totalMajor })),
        case2Points: result.case2Points,
      };
    } catch (e) {
      if (e instanceof CaseStudyCancelled) {
        log.info(`case study ${which} cancelled`);
        void vscode.window.showInformationMessage(`Case study ${which} cancelled.`);
        return { ok: false, cancelled: true };
      }
      return fail(`Case study ${which} failed: ${errorText(e)}`, 'Show Log');
    } finally {
      lab.setCaseStudyRunning(false);
    }
  }

  // ───────────── profile files ─────────────

  async function importProfile(arg?: unknown): Promise<Result> {
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Import Profile Data', canSelectMany: false, openLabel: 'Show in Dashboard',
        defaultUri: d.homeFolder(),
        filters: { 'Profile data (monitor output)': ['data', 'txt'], CSV: ['csv'], 'All files': ['*'] },
      });
      if (!picked?.length) return { ok: false, cancelled: true };
      uri = picked[0];
    }
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    let samples: Float64Array;
    const warnings: string[] = [];
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      samples = parseProfile(text, name, warnings);
    } catch (e) {
      if (e instanceof ProfileParseError) return fail(`Not a profile: ${e.message}`);
      return fail(`Could not read ${name}: ${errorText(e)}`);
    }
    d.dashboardSource.showFile(name, samples, uri);
    d.dashboard.open();
    const count = sampleCount(samples);
    log.info(`imported ${name}: ${count} samples${warnings.length ? `; ${warnings.join('; ')}` : ''}`);
    if (warnings.length) void vscode.window.showWarningMessage(`${name}: ${warnings.join(' ')}`);
    return { ok: true, name, samples: count };
  }

  async function exportProfile(arg?: unknown): Promise<Result> {
    const o = (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {}) as { format?: unknown; uri?: unknown };
    let format: 'data' | 'csv' | undefined = o.format === 'csv' || o.format === 'data' ? o.format : undefined;
    if (!format) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Profile data', description: 'the monitor\'s format: jiffies minor major cpu per line', format: 'data' as const },
          { label: 'CSV', description: 'time, faults, accumulated faults, utilization per sample', format: 'csv' as const },
        ],
        { title: 'Export Profile Data', placeHolder: `Export what the dashboard shows (${d.dashboardSource.source().label})` },
      );
      if (!pick) return { ok: false, cancelled: true };
      format = pick.format;
    }
    if (o.uri instanceof vscode.Uri || typeof o.uri === 'string') {
      const uri = typeof o.uri === 'string' ? vscode.Uri.parse(o.uri) : o.uri;
      const r = renderProfile(format, d.dashboardSource);
      if (r.count === 0) return fail('Nothing to export: no samples yet.');
      await vscode.workspace.fs.writeFile(uri, r.bytes);
      return { ok: true, samples: r.count, file: uri.toString() };
    }
    const r = await saveExport(format, d.dashboardSource, log);
    if (r.ok) void vscode.window.showInformationMessage(r.detail);
    else if (!/cancelled/i.test(r.detail)) void vscode.window.showWarningMessage(r.detail);
    return { ok: r.ok, detail: r.detail };
  }

  // ───────────── machine ─────────────

  async function resetKernel(arg?: unknown): Promise<Result> {
    const o = (arg && typeof arg === 'object' ? arg : {}) as { confirm?: unknown };
    const s = lab.peek();
    if (s && o.confirm !== false) {
      const work = s.processes().filter((p) => p.comm !== 'sh' && p.comm !== 'bash').length;
      const go = await vscode.window.showWarningMessage(
        'Reset the simulated machine?',
        { modal: true, detail: `It reboots with the current settings (${lab.settings.machine.ramMiB} MiB RAM, ${lab.settings.machine.cpus} CPUs…). ${work ? `${work} running process(es), ` : ''}the loaded module and its buffer are lost; files in the workspace stay.` },
        'Reset',
      );
      if (go !== 'Reset') return { ok: false, cancelled: true };
    }
    lab.reset();
    log.info('kernel reset');
    return { ok: true, epoch: lab.epoch };
  }

  async function openProcFile(arg?: unknown): Promise<Result> {
    let path: string | undefined;
    const pid = pidFromArg(arg);
    if (typeof arg === 'string' && arg.startsWith('/proc')) path = arg;
    else if (pid !== undefined) path = `/proc/${pid}/status`;
    else {
      const s = await lab.ensureBooted();
      const items: (vscode.QuickPickItem & { path: string })[] = [
        { label: '/proc/mp3/status', description: 'the registered PIDs (writable: R <pid>, U <pid>)', path: '/proc/mp3/status' },
        { label: '/proc/meminfo', description: 'memory and swap', path: '/proc/meminfo' },
        { label: '/proc/vmstat', description: 'fault and swap counters', path: '/proc/vmstat' },
        { label: '/proc/devices', description: 'character devices (mp3 is 423)', path: '/proc/devices' },
        { label: '/proc/modules', description: 'loaded modules', path: '/proc/modules' },
        ...s.processes().filter((p) => p.comm === 'work').flatMap((p) => [
          { label: `/proc/${p.pid}/stat`, description: `${p.comm}: min_flt, maj_flt, utime, stime…`, path: `/proc/${p.pid}/stat` },
          { label: `/proc/${p.pid}/status`, description: `${p.comm}: VmRSS, VmSwap…`, path: `/proc/${p.pid}/status` },
        ]),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: 'Open a /proc file of the simulated machine' });
      if (!pick) return { ok: false, cancelled: true };
      path = pick.path;
    }
    const doc = await vscode.workspace.openTextDocument(procUri(path));
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
    return { ok: true, uri: doc.uri.toString() };
  }

  /** kill(pid, sig) from the Processes view: SIGTERM (Kill), SIGSTOP (Pause), SIGCONT (Continue). */
  async function signalProcess(sig: number, name: string, arg?: unknown): Promise<Result> {
    const pid = pidFromArg(arg);
    const s = lab.peek();
    if (pid === undefined || !s) return { ok: false };
    // kill(2)'s own answer: ESRCH for no such process, EPERM for a kernel thread.
    const errno = await s.signal(pid, sig);
    lab.afterCommand();
    if (errno < 0) return fail(`kill -${name} ${pid}: ${errnoText(errno)}`);
    log.info(`kill -${name} ${pid}`);
    return { ok: true, pid };
  }

  return [
    reg(Command.startWorkload, startWorkload),
    reg(Command.stopWorkload, stopWorkload),
    reg(Command.registerProcess, (a) => register('R', a)),
    reg(Command.unregisterProcess, (a) => register('U', a)),
    reg(Command.loadModule, loadModule),
    reg(Command.unloadModule, unloadModule),
    reg(Command.runMonitor, runMonitor),
    reg(Command.runCaseStudy1, (a) => runCase(1, a)),
    reg(Command.runCaseStudy2, (a) => runCase(2, a)),
    reg(Command.openDashboard, () => {
      d.dashboard.open();
      return { ok: true };
    }),
    reg(Command.openGuide, (stepId) => {
      d.guide.open(typeof stepId === 'string' ? stepId : undefined);
      return { ok: true };
    }),
    reg(Command.openTerminal, (arg) => {
      const run = arg && typeof arg === 'object' && typeof (arg as { run?: unknown }).run === 'string' ? (arg as { run: string }).run : undefined;
      d.terminals.open(run);
      return { ok: true };
    }),
    reg(Command.importProfile, importProfile),
    reg(Command.exportProfile, exportProfile),
    reg(Command.resetKernel, resetKernel),
    reg(Command.showLog, () => {
      log.show();
      return { ok: true };
    }),
    reg(Command.showDmesg, () => {
      d.showDmesg();
      return { ok: true };
    }),
    reg(Command.openProcFile, openProcFile),
    reg(Command.killProcess, (a) => signalProcess(SIGTERM, 'TERM', a)),
    reg(Command.pauseProcess, (a) => signalProcess(SIGSTOP, 'STOP', a)),
    reg(Command.continueProcess, (a) => signalProcess(SIGCONT, 'CONT', a)),
  ];
}

/** A profile file's samples: CSV by its extension, else the monitor's format. Throws ProfileParseError. */
export function parseProfile(text: string, name: string, warnings: string[] = []): Float64Array {
  if (/\.csv$/i.test(name)) return parseCsv(text, name);
  const p = parseMonitorData(text, name);
  warnings.push(...p.warnings);
  return p.samples;
}

/** Case-2 points remembered from an earlier run in this workspace (validated). */
export function restoredCase2(context: vscode.ExtensionContext): Case2Point[] {
  const raw = context.workspaceState.get<unknown>(CASE2_STATE_KEY);
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is Case2Point =>
    !!p && typeof p === 'object' && Number.isInteger((p as Case2Point).n) && typeof (p as Case2Point).utilization === 'number' && typeof (p as Case2Point).majorFaults === 'number');
}

