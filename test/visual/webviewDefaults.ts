// The text rules of the stylesheet VS Code puts in front of every webview's own CSS (1.100,
// src/vs/workbench/contrib/webview/browser/pre/index.html, `_defaultStyles`). Screenshots that
// leave it out miss what it does to the page: it colours every <code> with
// textPreformat-foreground, meant for textPreformat-background — black in Dark High Contrast.
export const WEBVIEW_DEFAULT_CSS = `
body {
  overscroll-behavior-x: none;
  background-color: transparent;
  color: var(--vscode-editor-foreground);
  font-family: var(--vscode-font-family);
  font-weight: var(--vscode-font-weight);
  font-size: var(--vscode-font-size);
  margin: 0;
  padding: 0 20px;
}
a, a code { color: var(--vscode-textLink-foreground); }
a:hover { color: var(--vscode-textLink-activeForeground); }
code {
  font-family: var(--monaco-monospace-font);
  color: var(--vscode-textPreformat-foreground);
  background-color: var(--vscode-textPreformat-background);
  padding: 1px 3px;
  border-radius: 4px;
}
pre code { padding: 0; }
blockquote {
  background: var(--vscode-textBlockQuote-background);
  border-color: var(--vscode-textBlockQuote-border);
}
`;
