// "Kernel Memory Lab: Grade Module": grades the module folder of the workspace (the folder
// with the Makefile and mp3.c; asked for when there are several) in the Grade Module panel.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from '../ids';
import { registerGradePanel, type GradeHost } from './panel';

type Log = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;

function isModuleFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'Makefile')) || fs.existsSync(path.join(dir, 'mp3.c'));
}

export async function pickModuleFolder(): Promise<vscode.Uri | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri).filter((u) => u.scheme === 'file' && isModuleFolder(u.fsPath));
  if (folders.length === 1) return folders[0];
  if (folders.length > 1) {
    const pick = await vscode.window.showQuickPick(folders.map((u) => ({ label: path.basename(u.fsPath), description: u.fsPath, uri: u })), { title: 'Grade which module folder?' });
    return pick?.uri;
  }
  const open = 'New Module Project';
  const choice = await vscode.window.showWarningMessage('No module to grade: open the folder with your Makefile and mp3.c, or start one with "New Module Project".', open);
  if (choice === open) void vscode.commands.executeCommand('kernelMemoryLab.newModuleProject');
  return undefined;
}

export function registerGradeCommand(context: vscode.ExtensionContext, log: Log): GradeHost {
  const host = registerGradePanel(context, log, vscode.Uri.joinPath(context.extensionUri, 'dist', 'gradeWorker.js').fsPath);
  context.subscriptions.push(vscode.commands.registerCommand(Command.gradeModule, async (folder?: vscode.Uri) => {
    const dir = folder instanceof vscode.Uri ? folder : await pickModuleFolder();
    if (!dir) return undefined;
    return host.grade(dir);
  }));
  return host;
}
