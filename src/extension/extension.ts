// Extension entry point: activation wires the lab's surfaces to one simulated machine.
//
// Activation is cheap on purpose (the bench measures it): it creates the log, the views, the
// status bar item and the commands, but not the kernel — the machine boots the first time
// something needs it (a command, the terminal, a /proc document, the dashboard's live data).
import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { registerDashboard } from './dashboard/index';
import { registerGuide } from './guide/index';
import { registerGuideAutoProgress } from './guide/autoProgress';
import { Command, PROC_SCHEME, Setting, View } from './ids';
import { describeMachine, machineDiffers, readSettings, type LabSettings, type RawSettings } from './config';
import { LabHost } from './lab';
import { HOME } from '../lab/machine';
import { LabDashboardSource } from './dashboardSource';
import { LabTerminals } from './terminal';
import { ProcessTree, StatusTree, type LabTreeNode } from './trees';
import { ProcFileSystem } from './procFs';
import { LabStatusBar } from './statusBar';
import { DmesgChannel } from './dmesg';
import { parseProfile, registerCommands, restoredCase2 } from './commands';
import { ModuleBuildHost, registerModuleCommands } from './moduleBuild';
import { registerTestHooks } from './testHooks';
import { LagProbe } from './lagProbe';
import { registerGradeCommand } from './grade/command';

/** Reads the raw settings (getConfiguration) for config.ts to check. */
function rawSettings(): RawSettings {
  const c = vscode.workspace.getConfiguration();
  const raw: RawSettings = {};
  for (const [key, id] of Object.entries(Setting) as [keyof typeof Setting, string][]) {
    const inspected = c.inspect(id);
    // Only values somebody set: the defaults are config.ts's own.
    const v = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (v !== undefined) raw[key] = v;
  }
  return raw;
}

function reportSettingErrors(settings: LabSettings, log: vscode.LogOutputChannel): void {
  if (!settings.errors.length) return;
  for (const e of settings.errors) log.warn(`setting: ${e}`);
  const first = settings.errors[0];
  const more = settings.errors.length > 1 ? ` (and ${settings.errors.length - 1} more, see the log)` : '';
  void vscode.window.showErrorMessage(`Kernel Memory Lab: invalid setting ${first}${more}`, 'Open Settings').then((c) => {
    if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'kernelMemoryLab');
  });
}

/** The first workspace folder on disk: the simulated home directory (/home/student). */
function homeFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
}

export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  // The e2e run measures the host's longest tasks from here on (activation included).
  const lagProbe = new LagProbe(() => performance.now(), (prev) => performance.eventLoopUtilization(prev));
  if (process.env.KMLAB_LAG_PROBE) lagProbe.start();
  const log = vscode.window.createOutputChannel('Kernel Memory Lab', { log: true });
  context.subscriptions.push(log);

  const settings = readSettings(rawSettings());
  reportSettingErrors(settings, log);

  // The home directory of the machine: the workspace folder (so `./monitor > profile1.data`
  // writes a file the student sees), or memory when no folder is open (the worker opens it).
  const lab = new LabHost(settings, () => homeFolder()?.fsPath, log);
  context.subscriptions.push(lab);

  const dashboardSource = new LabDashboardSource(lab, restoredCase2(context), context.workspaceState);
  context.subscriptions.push(dashboardSource);
  // The file the dashboard showed before a reload (read asynchronously, after activation).
  void dashboardSource.restoreFile((text, name) => parseProfile(text, name)).then((ok) => ok && log.info('dashboard: showing the profile file it showed before the reload'));
  const dashboard = registerDashboard(context, dashboardSource, log);
  const guide = registerGuide(context, log);
  registerGradeCommand(context, log);

  const terminals = new LabTerminals(lab, log);
  context.subscriptions.push(terminals);

  const statusTree = new StatusTree(lab);
  const processTree = new ProcessTree(lab);
  statusTree.attach(vscode.window.createTreeView<LabTreeNode>(View.status, { treeDataProvider: statusTree, showCollapseAll: true }));
  processTree.attach(vscode.window.createTreeView<LabTreeNode>(View.processes, { treeDataProvider: processTree, showCollapseAll: true }));
  context.subscriptions.push(statusTree, processTree);

  const procFs = new ProcFileSystem(lab);
  context.subscriptions.push(procFs, vscode.workspace.registerFileSystemProvider(PROC_SCHEME, procFs, { isCaseSensitive: true }));

  const statusBar = new LabStatusBar(lab);
  const dmesg = new DmesgChannel(lab);
  context.subscriptions.push(statusBar, dmesg);

  context.subscriptions.push(...registerCommands({
    context, lab, log, terminals, dashboard, dashboardSource, guide,
    showDmesg: () => dmesg.show(),
    homeFolder,
  }));

  const moduleBuild = new ModuleBuildHost(lab, log, homeFolder);
  context.subscriptions.push(moduleBuild, ...registerModuleCommands(context, moduleBuild, homeFolder));

  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('kernelMemoryLab')) return;
    const next = readSettings(rawSettings());
    reportSettingErrors(next, log);
    const before = lab.settings;
    if (next.speed !== before.speed) {
      lab.setSpeed(next.speed);
      log.info(`speed: ${next.speed}`);
      statusBar.update();
    }
    if (next.homeQuotaMiB !== before.homeQuotaMiB) {
      lab.settings = { ...lab.settings, homeQuotaMiB: next.homeQuotaMiB };
      log.info(`home folder quota: ${next.homeQuotaMiB} MiB (from the next boot)`);
    }
    if (machineDiffers(next.machine, before.machine)) {
      lab.settings = { ...next };
      log.info(`machine settings: ${describeMachine(next)}`);
      if (lab.booted) {
        void vscode.window.showInformationMessage(
          `The machine settings changed (${describeMachine(next)}). They apply when the kernel is reset.`,
          'Reset Kernel',
        ).then((c) => {
          if (c) void vscode.commands.executeCommand(Command.resetKernel, { confirm: false });
        });
      }
      statusBar.update();
    }
  }));

  // Guide steps tick themselves when their command ran or their outcome shows (the home
  // folder's files are listed only once the machine has booted).
  context.subscriptions.push(registerGuideAutoProgress(lab, guide, async () => {
    const s = lab.peek();
    const dir = s ? await s.readdir(HOME) : undefined;
    return dir && 'entries' in dir ? dir.entries.map(([name]) => name) : [];
  }, log));

  const activationMs = performance.now() - t0;
  context.subscriptions.push(registerTestHooks({ lab, statusTree, processTree, terminals, dashboard, dashboardSource, statusBar, guide, activationMs, lagProbe }));
  lab.updateContext();
  log.info(`Kernel Memory Lab activated in ${activationMs.toFixed(1)} ms (machine: ${describeMachine(settings)}, speed ${settings.speed}; it boots on first use)`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions: VS Code disposes it (the LabHost terminates the
  // machine's worker).
}
