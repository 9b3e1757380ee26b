// The HTML shell every webview of the extension uses, set once per webview. Pure (no `vscode`
// import) so the screenshot harness and the benchmark load exactly the page the extension shows.
//
// Content-Security-Policy, as VS Code's webview guide recommends: nothing by default; scripts only
// with this page's nonce; styles, fonts and images only from the extension's own webview
// resources (`cspSource`). No network, no inline styles or scripts.

export interface WebviewPageOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce, one per HTML. */
  nonce: string;
  /** `asWebviewUri` of the webview's bundle in dist/webview/. */
  scriptUri: string;
  /** `asWebviewUri` of its stylesheet in media/. */
  styleUri: string;
  title: string;
  /** id of the element the script renders into */
  rootId: string;
  /** Shown until the script has rendered (also what a screen reader hears first). */
  loadingText: string;
  /** Also allow data: images (the dashboard's PNG export draws through one). */
  dataImages?: boolean;
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webviewCsp(cspSource: string, nonce: string, dataImages = false): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}${dataImages ? ' data:' : ''}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function webviewPageHtml(o: WebviewPageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(webviewCsp(o.cspSource, o.nonce, o.dataImages))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>${attr(o.title)}</title>
</head>
<body>
<div id="${attr(o.rootId)}"><p>${attr(o.loadingText)}</p></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
