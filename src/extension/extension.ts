// Extension entry point: activation wires the lab's surfaces to one simulated kernel.
import * as vscode from 'vscode';
import { Command } from './ids';

let log: vscode.LogOutputChannel | undefined;

export function activate(context: vscode.ExtensionContext): void {
  log = vscode.window.createOutputChannel('Kernel Memory Lab', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.showLog, () => log?.show()),
  );
  log.info('Kernel Memory Lab activated');
}

export function deactivate(): void {
  log = undefined;
}
