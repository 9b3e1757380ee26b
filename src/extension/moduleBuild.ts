// Students' C modules in VS Code: the Problems panel fed by every build (the Lab Shell's `make`
// and the Build Module command alike: both go through the machine's `make`, whose compiles
// reach the host toolchain), and New Module Project's starting files with editor include paths.
// The toolchain loads on the first build, in a worker thread; activation loads nothing of it.
import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from './ids';
import type { LabHost, LabLog } from './lab';
import type { SessionClient } from '../lab/sessionClient';
import type { BuildResult, Diagnostic } from '../programs/make/buildProtocol';
import { displayMessage } from '../programs/make/diagnostics';
import { locateToolchain } from '../host/toolchain/toolchain';
import { COURSE_MAKEFILE, MP3_C, MP3_GIVEN_H, README_MD, cCppProperties, clangdConfig } from '../lab/moduleProject/templates';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  'error': vscode.DiagnosticSeverity.Error,
  'fatal error': vscode.DiagnosticSeverity.Error,
  'warning': vscode.DiagnosticSeverity.Warning,
  'note': vscode.DiagnosticSeverity.Information,
};

/** gcc's diagnostics of one build as VS Code diagnostics, by file; notes attach to the diagnostic before them. */
export function toProblems(result: Pick<BuildResult, 'diagnostics'>, dir: string, folder: vscode.Uri): Map<string, vscode.Diagnostic[]> {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  let last: vscode.Diagnostic | undefined;
  for (const d of result.diagnostics) {
    if (!d.file.startsWith(`${dir}/`)) continue; // a kernel header: not the student's file
    const uri = vscode.Uri.joinPath(folder, d.file.slice(dir.length + 1));
    const pos = new vscode.Position(Math.max(0, d.line - 1), Math.max(0, d.column - 1));
    const range = new vscode.Range(pos, pos.translate(0, 1));
    if (d.severity === 'note' && last) {
      last.relatedInformation = [...(last.relatedInformation ?? []), new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, range), d.message)];
      continue;
    }
    const diag = new vscode.Diagnostic(range, displayMessage({ ...d, option: undefined }), SEVERITY[d.severity]);
    diag.source = 'gcc';
    if (d.option) diag.code = d.option;
    const list = byFile.get(uri.toString()) ?? [];
    list.push(diag);
    byFile.set(uri.toString(), list);
    last = diag;
  }
  return byFile;
}

export class ModuleBuildHost implements vscode.Disposable {
  readonly problems = vscode.languages.createDiagnosticCollection('kernelMemoryLab.gcc');
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly lab: LabHost, private readonly log: LabLog, private readonly homeFolder: () => vscode.Uri | undefined) {
    this.subs.push(lab.onDidBoot((s) => this.install(s)));
    const s = lab.peek();
    if (s) this.install(s);
  }

  /** The machine's worker offers `make` the toolchain; its builds' diagnostics come here. */
  private install(s: SessionClient): void {
    s.onBuild((b) => this.report({ module: b.module, dir: b.dir }, b));
  }

  /** Replaces the Problems of the last build with this one's. */
  report(req: { module: string; dir: string }, res: Pick<BuildResult, 'ok' | 'diagnostics' | 'hostError' | 'ms'>): void {
    this.problems.clear();
    const folder = this.homeFolder();
    if (res.hostError) this.log.error(`the C toolchain failed: ${res.hostError}`);
    if (!folder) return;
    for (const [uri, diags] of toProblems(res, req.dir.replace(/\/+$/, ''), folder)) this.problems.set(vscode.Uri.parse(uri), diags);
    this.log.info(`make: ${req.module}.ko ${res.ok ? 'built' : 'failed'} in ${res.ms ?? '?'} ms, ${res.diagnostics.length} diagnostics`);
  }

  /** Build Module: `make` in the machine's home (the workspace folder), through the pacing loop. */
  async build(): Promise<{ ok: boolean; status: number; output: string }> {
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'make' }, () => this.lab.execAsync('make'));
    const status = (r.status >> 8) & 0xff;
    if (status !== 0) {
      void vscode.window.showErrorMessage(`make failed (exit status ${status}): see the Problems panel.`, 'Show Problems').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    } else void vscode.window.setStatusBarMessage('make: module built', 4000);
    return { ok: status === 0, status, output: r.output };
  }

  dispose(): void {
    for (const d of this.subs) d.dispose();
    this.problems.dispose();
  }
}

/** Where the extension's kernel headers are (shipped in the .vsix under resources/). */
function headersDir(context: vscode.ExtensionContext): string {
  return locateToolchain(join(context.extensionPath, 'dist')).headersDir ?? join(context.extensionPath, 'resources', 'kernel-headers');
}

/**
 * New Module Project: the course's starting files in the workspace folder. An existing file is
 * never replaced silently: the user is asked, and keeping it is the default.
 */
export async function newModuleProject(context: vscode.ExtensionContext, folder: vscode.Uri | undefined, ask = true): Promise<{ ok: boolean; written: string[]; kept: string[] }> {
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: the module project is written into the workspace folder.');
    return { ok: false, written: [], kept: [] };
  }
  const headers = headersDir(context);
  const givenPath = join(headers, 'mp3_given.h');
  const given = existsSync(givenPath) ? readFileSync(givenPath, 'utf8') : MP3_GIVEN_H;
  const files: Array<[string, string]> = [
    ['mp3.c', MP3_C], ['mp3_given.h', given], ['Makefile', COURSE_MAKEFILE], ['README.md', README_MD],
    ['.vscode/c_cpp_properties.json', cCppProperties(headers)], ['.clangd', clangdConfig(headers)],
  ];
  const written: string[] = [];
  const kept: string[] = [];
  for (const [name, text] of files) {
    const uri = vscode.Uri.joinPath(folder, name);
    let exists = true;
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      exists = false;
    }
    if (exists) {
      const choice = ask ? await vscode.window.showWarningMessage(`${name} already exists. Replace it with the starting file?`, { modal: true }, 'Replace') : undefined;
      if (choice !== 'Replace') {
        kept.push(name);
        continue;
      }
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    written.push(name);
  }
  if (written.includes('mp3.c')) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'mp3.c'), { preview: false });
  return { ok: true, written, kept };
}

export function registerModuleCommands(context: vscode.ExtensionContext, host: ModuleBuildHost, homeFolder: () => vscode.Uri | undefined): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Command.buildModule, () => host.build()),
    vscode.commands.registerCommand(Command.newModuleProject, (opts?: { ask?: boolean }) => newModuleProject(context, homeFolder(), opts?.ask !== false)),
  ];
}
