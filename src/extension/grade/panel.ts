// Host of the Grade Module panel: runs the course grader on the workspace's module folder on a
// worker thread (the editor never waits on it), shows the rubric table, and opens the source
// lines the results name. The host owns the result; the webview says `ready` and is hydrated,
// every message from it is validated (src/shared/gradeProtocol.ts) before anything is opened.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GRADE_PROTOCOL_VERSION, parseGradeToHost, type GradeStatus, type HostToGrade } from '../../shared/gradeProtocol';
import type { GradeResult } from '../../shared/gradeReport';
import { RUBRIC } from '../../lab/grader/rubric';
import { DEFAULT_TIMEOUT_MS, gradeOne } from '../../host/grade/pool';
import { makeNonce } from '../guide/html';
import { webviewPageHtml } from '../webviewPage';

export const GRADE_VIEW_TYPE = 'kernelMemoryLab.grade';

type GradeLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;

export interface GradeHost {
  /** Grades `folder` (shows the panel, returns the result when done). */
  grade(folder: vscode.Uri): Promise<GradeResult>;
  /** The last result, for the tests. */
  last(): GradeResult | undefined;
}

/** Where a C function is defined in the folder's sources: `mp3_write` → mp3.c line 57. */
export function findDefinition(sources: ReadonlyMap<string, string>, name: string): { file: string; line: number; column: number } | undefined {
  const def = new RegExp(`^[A-Za-z_][\\w\\s\\*]*\\b(${name})\\s*\\([^;]*$`);
  for (const [file, text] of sources) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = def.exec(lines[i]);
      if (m) return { file, line: i + 1, column: lines[i].indexOf(name) + 1 };
    }
  }
  return undefined;
}

export function registerGradePanel(context: vscode.ExtensionContext, log: GradeLog, workerFile: string): GradeHost {
  let panel: vscode.WebviewPanel | undefined;
  let ready = false;
  let folder: vscode.Uri | undefined;
  let result: GradeResult | undefined;
  let status: GradeStatus = { running: false, message: '' };

  const post = (msg: HostToGrade): void => {
    if (panel && ready) void panel.webview.postMessage(msg);
  };
  const hydrate = (): void => post({ type: 'hydrate', version: GRADE_PROTOCOL_VERSION, rubric: RUBRIC.map((r) => ({ ...r })), status, result: result ?? null });
  const setStatus = (s: GradeStatus): void => {
    status = s;
    post({ type: 'status', status });
  };

  /** A regular file of the graded folder, never through a link (the name is already a plain one). */
  const openLocation = async (file: string, line: number, column: number): Promise<void> => {
    if (!folder) return;
    const full = path.join(folder.fsPath, file);
    const st = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!st?.isFile()) {
      void vscode.window.showWarningMessage(`${file} is not a file of ${folder.fsPath}.`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(full));
    const pos = new vscode.Position(line - 1, column - 1);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
  };

  const sourcesOf = (dir: string): Map<string, string> => {
    const out = new Map<string, string>();
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isFile() && /\.[ch]$/.test(e.name)) out.set(e.name, fs.readFileSync(path.join(dir, e.name), 'utf8'));
    }
    return out;
  };

  const onMessage = async (raw: unknown): Promise<void> => {
    const msg = parseGradeToHost(raw);
    if (!msg) {
      log.warn(`grade: ignored a malformed message from the webview`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        ready = true;
        hydrate();
        return;
      case 'grade':
        if (folder && !status.running) await host.grade(folder);
        return;
      case 'openSource':
        await openLocation(msg.file, msg.line, msg.column);
        return;
      case 'openSymbol': {
        if (!folder) return;
        const at = findDefinition(sourcesOf(folder.fsPath), msg.name);
        if (at) await openLocation(at.file, at.line, at.column);
        else void vscode.window.showInformationMessage(`No definition of ${msg.name} in the module's sources.`);
        return;
      }
    }
  };

  const show = (): void => {
    if (panel) {
      panel.reveal(undefined, true);
      return;
    }
    ready = false;
    panel = vscode.window.createWebviewPanel(GRADE_VIEW_TYPE, 'Grade Module', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.svg');
    const w = panel.webview;
    w.html = webviewPageHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'grade.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'grade.css')).toString(),
      title: 'Grade Module',
      rootId: 'grade-root',
      loadingText: 'Loading the grade…',
    });
    const subs = [
      w.onDidReceiveMessage((raw: unknown) => void onMessage(raw)),
      panel.onDidChangeViewState(() => {
        if (!panel?.visible) ready = false; // the document reloads and says ready when shown again
      }),
    ];
    panel.onDidDispose(() => {
      for (const s of subs) s.dispose();
      panel = undefined;
      ready = false;
    });
  };

  const host: GradeHost = {
    async grade(dir) {
      folder = dir;
      show();
      setStatus({ running: true, message: `Building and grading ${dir.fsPath}…` });
      const started = Date.now();
      const r = await gradeOne({ dir: dir.fsPath }, DEFAULT_TIMEOUT_MS, workerFile);
      result = r;
      status = { running: false, message: `Graded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.score} / ${r.max} points.` };
      hydrate();
      log.info(`grade: ${dir.fsPath}: ${r.score} / ${r.max} (${r.tests.filter((t) => !t.passed).map((t) => t.name).join(', ') || 'every test passed'})`);
      return r;
    },
    last: () => result,
  };
  context.subscriptions.push({ dispose: () => panel?.dispose() });
  return host;
}
