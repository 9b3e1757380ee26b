// The guide webview's HTML: set once per webview, strict CSP, nonce'd script, resources via
// asWebviewUri. The page itself contains no data; the script asks for it with `ready`.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { webviewPageHtml } from '../webviewPage';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** The folders the guide webview may load from (its bundle, and media/ for the stylesheet). */
export function guideResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function guideWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: guideResourceRoots(extensionUri),
    enableFindWidget: true,
  };
}

/** The guide's page: the shared shell with the strict CSP (its own script by nonce, styles). */
export function buildGuideHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPageHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'guide.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'guide.css')).toString(),
    title: 'Lab Guide',
    rootId: 'guide-root',
    loadingText: 'Loading the lab guide…',
  });
}
