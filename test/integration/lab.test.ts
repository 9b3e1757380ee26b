// The lab inside a real extension host: the flow end to end through the extension's
// own commands — Start Workload (a preset) → the /proc/mp3/status tree lists the new PIDs →
// the dashboard's data is the profiler buffer and matches the monitor's data file → the
// terminal runs the handout's commands → /proc as files with Linux's errno behaviour → the
// guide opens → Reset Kernel, case study 2 on worker threads, import of a bad file.
// State is read through the extension's internal test hooks (InternalCommand), which report
// what the views show.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Command, InternalCommand, Setting, View, PROC_SCHEME, EXTENSION_ID } from '../../src/extension/ids';
import type { LabStateSnapshot } from '../../src/extension/testHooks';

type Result = { ok: boolean; [k: string]: unknown };

const state = () => vscode.commands.executeCommand<LabStateSnapshot>(InternalCommand.state);
const terminalText = () => vscode.commands.executeCommand<string>(InternalCommand.terminalText);
const run = (id: string, ...args: unknown[]) => vscode.commands.executeCommand<Result>(id, ...args);
const proc = (path: string) => vscode.Uri.from({ scheme: PROC_SCHEME, path });
const enc = new TextEncoder();
const dec = new TextDecoder();

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function workspaceFolder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the tests run with a workspace folder open');
  return f.uri;
}

/** Sums of the monitor format's columns. */
function parseData(text: string): { samples: number; minor: number; major: number; cpu: number } {
  let samples = 0, minor = 0, major = 0, cpu = 0;
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+) (\d+) (\d+)$/.exec(line.trim());
    if (!m) continue;
    samples++;
    minor += Number(m[2]);
    major += Number(m[3]);
    cpu += Number(m[4]);
  }
  return { samples, minor, major, cpu };
}

describe('the lab in a real extension host', function () {
  this.timeout(60_000);
  let speedBefore: unknown;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    // Workspace target: it wins over a user setting, and the UI checks may have left one there.
    const cfg = vscode.workspace.getConfiguration();
    speedBefore = cfg.inspect(Setting.speed)?.workspaceValue;
    // 10, not max: in its worker the machine runs a 20 s workload at max in about a second,
    // before the views could be looked at.
    await cfg.update(Setting.speed, 10, vscode.ConfigurationTarget.Workspace);
    await waitFor('speed 10 applied', async () => (await state()).speed === 10);
  });

  after(async () => {
    await vscode.workspace.getConfiguration().update(Setting.speed, speedBefore, vscode.ConfigurationTarget.Workspace);
    for (const t of vscode.window.terminals) t.dispose();
  });

  it('activates in ≤ 100 ms without booting the machine', async () => {
    const s = await state();
    assert.ok(s.activationMs <= 100, `activate() took ${s.activationMs.toFixed(1)} ms`);
    assert.equal(s.booted, false, 'the kernel boots on first use, not at activation');
    assert.match(s.statusBar, /Lab: off/);
  });

  it('rejects a bad Start Workload argument without touching the machine', async () => {
    const r = await run(Command.startWorkload, { custom: '4096 R 10' });
    assert.equal(r.ok, false);
    assert.match(String(r.error), /Memory must be a whole number of MB from 1 to 1024/);
    assert.equal((await state()).booted, false);
  });

  it('Open Terminal as the first use boots the machine once: one prompt, no reset notice, one bash', async () => {
    assert.equal((await state()).booted, false, 'needs an unbooted machine');
    await run(Command.openTerminal);
    await waitFor('the prompt', async () => /[$#] $/.test(await terminalText()));
    await run(Command.openTerminal, { run: 'ps -e' });
    const text = await waitFor('ps output', async () => {
      const t = await terminalText();
      return /ps -e\r\n[\s\S]*[$#] $/.test(t) && t;
    });
    assert.doesNotMatch(text, /machine was reset/);
    const prompts = text.match(/\S+@\S+:\S+[$#] /g) ?? [];
    assert.equal(prompts.length, 2, `one prompt before ps, one after: ${JSON.stringify(text)}`);
    const shells = text.split('\r\n').filter((l) => / bash$/.test(l));
    assert.equal(shells.length, 1, `one bash on the machine: ${JSON.stringify(text)}`);
  });

  it('Start Workload (case 1, pair 1) → the /proc/mp3/status tree lists the new PIDs', async () => {
    await vscode.commands.executeCommand(`${View.status}.focus`);
    const r = await run(Command.startWorkload, { preset: 'case1-pair1' });
    assert.equal(r.ok, true, JSON.stringify(r));
    const pids = r.pids as number[];
    assert.equal(pids.length, 2);
    const s = await waitFor('the tree shows both PIDs', async () => {
      const st = await state();
      return pids.every((p) => st.statusTree.pids.includes(p)) && st;
    });
    assert.equal(s.moduleLoaded, true, 'Start Workload loads mp3.ko first');
    assert.deepEqual([...s.registered].sort(), [...pids].sort(), 'the tree is /proc/mp3/status');
    for (const pid of pids) {
      const p = s.processes.find((x) => x.pid === pid);
      assert.equal(p?.comm, 'work');
      assert.equal(p?.registered, true);
    }
  });

  it('the lab guide ticks steps by itself: 1.2 once mp3 is loaded, 1.3 once `ls /proc/mp3` was typed', async () => {
    const completed = () => vscode.commands.executeCommand<string[]>(InternalCommand.guideCompleted);
    await waitFor('1.2 "Load the module" ticked (the module is loaded)', async () => (await completed()).includes('load.insmod'));
    await run(Command.openTerminal, { run: 'ls /proc/mp3' });
    await waitFor('1.3 "Look at /proc/mp3/status" ticked (its command ran)', async () => (await completed()).includes('load.proc'));
  });

  it('/proc/mp3/status opens as a file and lists the registered PIDs', async () => {
    const st = await state();
    const text = dec.decode(await vscode.workspace.fs.readFile(proc('/proc/mp3/status')));
    for (const pid of st.registered) assert.match(text, new RegExp(`^(PID: )?${pid}$`, 'm'));
    const entries = await vscode.workspace.fs.readDirectory(proc('/proc/mp3'));
    assert.deepEqual(entries.map(([n]) => n), ['status']);
  });

  it('writing to /proc/mp3/status has the module\'s errno behaviour; state unchanged', async () => {
    const before = (await state()).registered;
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(proc('/proc/mp3/status'), enc.encode('R 99999\n'))),
      (e: Error) => /ESRCH: No such process/.test(e.message),
    );
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(proc('/proc/mp3/status'), enc.encode('hello\n'))),
      (e: Error) => /EINVAL: Invalid argument/.test(e.message),
    );
    assert.deepEqual((await state()).registered, before);
    const viaCommand = await run(Command.registerProcess, 99999);
    assert.equal(viaCommand.ok, false);
    assert.equal(viaCommand.errno, -3);
    assert.match(String(viaCommand.error), /ESRCH: No such process/);
  });

  it('read-only /proc files are read-only, as in Linux', async () => {
    const st = await vscode.workspace.fs.stat(proc('/proc/meminfo'));
    assert.equal(st.permissions, vscode.FilePermission.Readonly);
    assert.match(dec.decode(await vscode.workspace.fs.readFile(proc('/proc/meminfo'))), /^MemTotal:/m);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(proc('/proc/meminfo'), enc.encode('x'))),
      (e: vscode.FileSystemError) => e.code === 'NoPermissions',
    );
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(proc('/proc/nope'))), (e: vscode.FileSystemError) => e.code === 'FileNotFound');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(proc('/etc/passwd'))), (e: vscode.FileSystemError) => e.code === 'FileNotFound');
  });

  it('the tree refreshes changed items, not the whole tree, while the work runs', async () => {
    const s = await waitFor('item refreshes', async () => {
      const st = await state();
      return st.statusTree.refreshes.items > 0 && st;
    });
    assert.ok(s.statusTree.refreshes.items >= s.statusTree.refreshes.root - 1, JSON.stringify(s.statusTree.refreshes));
  });

  it('the workload finishes; the machine, in its worker, never held the extension host', async () => {
    const s = await waitFor('work processes exit and unregister', async () => {
      const st = await state();
      return st.registered.length === 0 && !st.processes.some((p) => p.comm === 'work') && st;
    }, 45_000);
    assert.ok(s.uptimeNs > 20e9, `a work run lasts 20 iterations of sleep(1): ${s.uptimeNs / 1e9} s`);
    assert.ok(s.loop.ticks > 0);
    // The worker's slices (20 ms budget, overrun by at most one chunk) delay only the worker's
    // own answers; the host's thread is measured by the lag probe.
    const lag = await vscode.commands.executeCommand<{ max: number; p99: number; samples: number }>(InternalCommand.hostLag);
    console.log(`      machine: ${s.loop.ticks} slices in the worker, longest ${s.loop.maxTickMs.toFixed(1)} ms; host lag since activation: p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms`);
    assert.ok(s.loop.maxTickMs < 1000, `a slice held the worker for ${s.loop.maxTickMs.toFixed(1)} ms (heartbeat timeout 5 s)`);
    // Loose: a shared CI machine deschedules the host now and then; a host running the machine
    // itself would show seconds. The 50 ms target is measured by the bench.
    assert.ok(lag.max < 1000, `the host's thread was blocked for ${lag.max.toFixed(1)} ms`);
    await waitFor('the tree empties', async () => (await state()).statusTree.pids.length === 0);
  });

  it('the dashboard\'s data is the profiler buffer and matches the monitor\'s data file', async () => {
    await run(Command.openDashboard);
    const dash = await waitFor('dashboard open with samples', async () => {
      const st = await state();
      return st.dashboard.open && st.dashboard.samples > 0 && st.dashboard;
    });
    assert.match(dash.source, /^Live/);
    const r = await run(Command.runMonitor, { file: 'ext-test-profile.data', force: true });
    assert.equal(r.ok, true, JSON.stringify(r));
    const file = vscode.Uri.joinPath(workspaceFolder(), 'ext-test-profile.data');
    const text = dec.decode(await vscode.workspace.fs.readFile(file));
    assert.match(text, /read \d+ profiled data\s*$/);
    const data = parseData(text);
    assert.equal(r.samples, data.samples);
    assert.equal(data.samples, dash.samples, 'as many samples as the dashboard has');
    assert.equal(data.minor, dash.minor, 'minor faults');
    assert.equal(data.major, dash.major, 'major faults');
    assert.equal(data.cpu, dash.cpuNs, 'CPU time');
    assert.ok(data.minor > 2 * 262144 * 0.5, `two 1 GiB processes touch most of their pages: ${data.minor}`);
  });

  it('Export Profile Data writes what the dashboard shows, in the monitor\'s format', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'ext-test-export.data');
    const r = await run(Command.exportProfile, { format: 'data', uri: uri.toString() });
    assert.equal(r.ok, true, JSON.stringify(r));
    const exported = parseData(dec.decode(await vscode.workspace.fs.readFile(uri)));
    const mon = parseData(dec.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), 'ext-test-profile.data'))));
    assert.deepEqual(exported, mon);
  });

  it('the lab terminal runs the handout\'s commands (cat /proc/mp3/status, a bad echo)', async () => {
    await run(Command.openTerminal, { run: 'sleep 100000 &' });
    const sleeper = await waitFor('sleep is running', async () => (await state()).processes.find((p) => p.comm === 'sleep' && p.state !== 'Z'));
    const reg = await run(Command.registerProcess, sleeper.pid);
    assert.equal(reg.ok, true, JSON.stringify(reg));
    await run(Command.openTerminal, { run: 'cat /proc/mp3/status' });
    await waitFor('cat output in the terminal', async () => new RegExp(`cat /proc/mp3/status\\r\\n(PID: )?${sleeper.pid}\\r\\n`).test(await terminalText()));
    await run(Command.openTerminal, { run: "echo 'R 99999' > /proc/mp3/status" });
    await waitFor('the shell reports ESRCH', async () => /No such process/.test(await terminalText()));
    assert.equal(vscode.window.terminals.filter((t) => t.name === 'Lab Shell').length, 1, 'one lab terminal, reused');
    const un = await run(Command.unregisterProcess, { pid: sleeper.pid });
    assert.equal(un.ok, true);
    await run(Command.openTerminal, { run: `kill ${sleeper.pid}` });
    // Killed: gone, or a zombie until the shell reaps it at its next prompt.
    await waitFor('sleep killed', async () => !(await state()).processes.some((p) => p.pid === sleeper.pid && p.state !== 'Z'));
  });

  it('Pause and Continue Process send SIGSTOP and SIGCONT; the shell notices the stopped job', async () => {
    await run(Command.openTerminal, { run: 'sleep 100000 &' });
    const sleeper = await waitFor('sleep is running', async () => (await state()).processes.find((p) => p.comm === 'sleep' && p.state !== 'Z'));
    const paused = await run(Command.pauseProcess, sleeper.pid);
    assert.equal(paused.ok, true, JSON.stringify(paused));
    await waitFor('the process is stopped (T)', async () => (await state()).processes.some((p) => p.pid === sleeper.pid && p.state === 'T'));
    await run(Command.openTerminal, { run: 'jobs' });
    await waitFor('jobs says Stopped (signal)', async () => /Stopped \(signal\) +sleep 100000/.test(await terminalText()));
    const resumed = await run(Command.continueProcess, { pid: sleeper.pid });
    assert.equal(resumed.ok, true, JSON.stringify(resumed));
    await waitFor('the process sleeps again (S)', async () => (await state()).processes.some((p) => p.pid === sleeper.pid && p.state === 'S'));
    const gone = await run(Command.pauseProcess, 99999);
    assert.equal(gone.ok, false);
    assert.match(String(gone.error), /ESRCH: No such process/);
    await run(Command.killProcess, sleeper.pid);
    await waitFor('sleep killed', async () => !(await state()).processes.some((p) => p.pid === sleeper.pid && p.state !== 'Z'));
  });

  it('a /proc document refreshes while it is open; saving "R <pid>" through it registers', async () => {
    const doc = await vscode.workspace.openTextDocument(proc('/proc/mp3/status'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.getText(), '');
    // A long sleep: at speed 'max' simulated time flies while everything sleeps.
    await run(Command.openTerminal, { run: 'sleep 100000 &' });
    const sleeper = await waitFor('sleep is running', async () => (await state()).processes.find((p) => p.comm === 'sleep' && p.state !== 'Z'));
    await vscode.workspace.fs.writeFile(proc('/proc/mp3/status'), enc.encode(`R ${sleeper.pid}\n`));
    assert.deepEqual((await state()).registered, [sleeper.pid]);
    await waitFor('the open document shows the PID', () => new RegExp(`^(PID: )?${sleeper.pid}$`, 'm').test(doc.getText()), 10_000);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(proc('/proc/mp3/status'), enc.encode(`R ${sleeper.pid}\n`))),
      (e: Error) => /EEXIST: File exists/.test(e.message),
    );
    await vscode.workspace.fs.writeFile(proc('/proc/mp3/status'), enc.encode(`U ${sleeper.pid}\n`));
    await waitFor('the document empties again', () => doc.getText() === '', 10_000);
    await run(Command.openTerminal, { run: `kill ${sleeper.pid}` });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Open Lab Guide opens the guide beside the dashboard', async () => {
    await run(Command.openGuide);
    await waitFor('a Lab Guide tab', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'Lab Guide')));
  });

  it('Import Profile Data: a malformed file is refused and the dashboard keeps its data', async () => {
    const before = (await state()).dashboard;
    const bad = vscode.Uri.joinPath(workspaceFolder(), 'ext-test-bad.data');
    await vscode.workspace.fs.writeFile(bad, enc.encode('4294667296 10 0 1000000\nnot a sample\n'));
    const r = await run(Command.importProfile, bad);
    assert.equal(r.ok, false);
    assert.match(String(r.error), /line 2/);
    const unchanged = (await state()).dashboard;
    assert.equal(unchanged.source, before.source, 'still the same source');
    assert.equal(unchanged.firstIndex, before.firstIndex);
    const file = vscode.Uri.joinPath(workspaceFolder(), 'ext-test-profile.data');
    const good = await run(Command.importProfile, file);
    assert.equal(good.ok, true);
    const after = (await state()).dashboard;
    const data = parseData(dec.decode(await vscode.workspace.fs.readFile(file)));
    assert.equal(after.source, 'ext-test-profile.data');
    assert.equal(after.live, false);
    assert.deepEqual({ samples: after.samples, minor: after.minor, major: after.major, cpu: after.cpuNs }, data);
  });

  it('Reset Kernel boots a new machine; the terminal gets a new shell', async () => {
    const before = await state();
    const r = await run(Command.resetKernel, { confirm: false });
    assert.equal(r.ok, true);
    const after = await state();
    assert.equal(after.epoch, before.epoch + 1);
    assert.equal(after.moduleLoaded, false);
    assert.ok(after.uptimeNs < before.uptimeNs);
    await waitFor('the terminal announces the reset', async () => /machine was reset/.test(await terminalText()));
    await run(Command.openTerminal, { run: 'lsmod' });
    await waitFor('a working shell on the new kernel', async () => /lsmod\r\n/.test(await terminalText()));
  });

  it('Run Monitor never writes over an existing file: it is kept byte for byte', async () => {
    const file = vscode.Uri.joinPath(workspaceFolder(), 'ext-test-keep.data');
    const mine = enc.encode('4294667296 1 0 1000000\nmy data from the real VM\n');
    await vscode.workspace.fs.writeFile(file, mine);
    if (!(await state()).moduleLoaded) assert.equal((await run(Command.loadModule)).ok, true);
    const r = await run(Command.runMonitor, { file: 'ext-test-keep.data', force: true });
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.exists, true);
    assert.equal(dec.decode(await vscode.workspace.fs.readFile(file)), dec.decode(mine));
  });

  /** Files the student already has in the workspace, with the names the case studies use. */
  async function studentFiles(names: string[]): Promise<Map<string, Uint8Array>> {
    const files = new Map<string, Uint8Array>();
    for (const name of names) {
      const bytes = enc.encode(`${name}: the student's own data, ${Math.random()}\n`);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceFolder(), name), bytes);
      files.set(name, bytes);
    }
    return files;
  }
  async function assertKept(files: Map<string, Uint8Array>): Promise<void> {
    for (const [name, bytes] of files) assert.equal(Buffer.compare(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), name)), bytes), 0, `${name} is unchanged, byte for byte`);
  }

  it('Run Case Study 1 writes into case-study-1/; the student\'s profile1.data and profile2.data survive', async function () {
    this.timeout(120_000);
    const mine = await studentFiles(['profile1.data', 'profile2.data']);
    const r = await run(Command.runCaseStudy1);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.outDir, vscode.Uri.joinPath(workspaceFolder(), 'case-study-1').fsPath);
    await assertKept(mine);
    for (const f of ['profile1.data', 'profile2.data']) {
      assert.match(dec.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder(), 'case-study-1', f))), /read \d+ profiled data\s*$/);
    }
  });

  it('Run Case Study 2 runs on worker threads and puts utilization vs N on the dashboard; it keeps existing files', async function () {
    this.timeout(120_000);
    const mine = await studentFiles(['profile_1.data', 'profile_2.data', 'case-study-2/profile_1.data']);
    const r = await run(Command.runCaseStudy2, { n: [1, 2], ifExists: 'newFolder' });
    assert.equal(r.ok, true, JSON.stringify(r));
    const points = r.case2Points as { n: number; utilization: number }[];
    assert.deepEqual(points.map((p) => p.n), [1, 2]);
    assert.ok(points[1].utilization > points[0].utilization, JSON.stringify(points));
    assert.equal(r.outDir, vscode.Uri.joinPath(workspaceFolder(), 'case-study-2-2').fsPath, 'case-study-2/ held a profile_1.data: a new folder');
    await assertKept(mine);
    for (const n of [1, 2]) await vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceFolder(), 'case-study-2-2', `profile_${n}.data`));
    assert.equal((await state()).dashboard.case2, 2);
  });
});
