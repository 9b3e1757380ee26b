// The dashboard webview's HTML, set once per webview. Pure (no `vscode` import) so the
// screenshot harness and the benchmark load exactly the page the extension shows.
//
// Content-Security-Policy, as VS Code's webview guide recommends: nothing by default; scripts only
// with this page's nonce; styles and images only from the extension's own webview resources
// (`cspSource`), plus data: images (chart PNG export). No network, no inline styles.

export interface DashboardHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce (base64 or hex), one per HTML. */
  nonce: string;
  /** `asWebviewUri` of dist/webview/dashboard.js. */
  scriptUri: string;
  /** `asWebviewUri` of media/dashboard.css. */
  styleUri: string;
  title?: string;
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function dashboardHtml(o: DashboardHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(dashboardCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>${attr(o.title ?? 'Kernel Memory Lab: Dashboard')}</title>
</head>
<body>
<div id="app"><p>Loading the dashboard…</p></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
