// Headless Chromium (Debian's /usr/bin/chromium via playwright-core) showing the dashboard the
// way a VS Code webview does: the same HTML and CSP as the panel host, the bundle and CSS served
// from a fake webview origin, `acquireVsCodeApi` stubbed, the theme's `--vscode-*` variables on
// <html> and its class on <body>. No network: every other request is aborted.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dashboardHtml } from '../../src/extension/dashboard/html';
import type { HostMessage } from '../../src/shared/protocol';
import type { WebviewTheme } from './themes';

export const ORIGIN = 'https://webview.kmlab.test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumPath(): string | undefined {
  const candidates = [process.env.KMLAB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

type Playwright = typeof import('playwright-core');

/** Loaded at run time (not bundled by esbuild: it is a big package with native parts). */
function playwright(): Playwright {
  const req = createRequire(join(process.cwd(), 'package.json'));
  return req('playwright-core') as Playwright;
}

export async function launch(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found (install Debian chromium or set KMLAB_CHROMIUM)');
  return playwright().chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

export interface WebviewPage {
  context: BrowserContext;
  page: Page;
  /** Messages the page posted to the "host", in order. */
  sent(): Promise<{ type: string; [k: string]: unknown }[]>;
  /** Posts a host message (samples as Float64Array, like VS Code's structured clone). */
  post(message: HostMessage): Promise<void>;
  /** Resolves after n animation frames. */
  frames(n?: number): Promise<void>;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
}

export interface OpenOptions {
  root: string;
  theme: WebviewTheme;
  width?: number;
  height?: number;
  /** Extra pages served at ORIGIN/<name>. */
  pages?: Record<string, string>;
  /** Initial webview state (what getState returns). */
  state?: unknown;
  reducedMotion?: boolean;
}

function bodyWithTheme(html: string, theme: WebviewTheme): string {
  return html.replace(
    '<body>',
    `<body class="${theme.bodyClass}" data-vscode-theme-kind="${theme.bodyClass}" data-vscode-theme-id="${theme.themeId}">`,
  );
}

export function dashboardPageHtml(theme: WebviewTheme): string {
  return bodyWithTheme(
    dashboardHtml({
      cspSource: ORIGIN,
      nonce: 'aGFybmVzcy1ub25jZQ==',
      scriptUri: `${ORIGIN}/dist/webview/dashboard.js`,
      styleUri: `${ORIGIN}/media/dashboard.css`,
    }),
    theme,
  );
}

export async function openWebview(browser: Browser, o: OpenOptions): Promise<WebviewPage> {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1280, height: o.height ?? 900 },
    deviceScaleFactor: 1,
    reducedMotion: o.reducedMotion ? 'reduce' : 'no-preference',
    colorScheme: o.theme.name === 'light' || o.theme.name === 'hcLight' ? 'light' : 'dark',
  });
  const pages: Record<string, string> = { '/dashboard.html': dashboardPageHtml(o.theme), ...o.pages };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort('blockedbyclient');
    const page = pages[url.pathname];
    if (page !== undefined) return route.fulfill({ status: 200, contentType: 'text/html', body: page });
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    if (!/^(dist\/webview|media)\//.test(rel)) return route.fulfill({ status: 404, body: 'not found' });
    const file = join(o.root, rel);
    if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  const init = `(() => {
    const vars = ${JSON.stringify(o.theme.vars)};
    const applyVars = () => { const el = document.documentElement; if (!el || el.dataset.kmlabVars) return; el.dataset.kmlabVars = '1'; for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v); };
    window.__kmlab = { sent: [], state: ${JSON.stringify(o.state ?? null) ?? 'null'} };
    window.acquireVsCodeApi = () => { applyVars(); return {
      postMessage: (m) => window.__kmlab.sent.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__kmlab.state ?? undefined,
      setState: (s) => { window.__kmlab.state = s; },
    }; };
    document.addEventListener('DOMContentLoaded', applyVars);
    document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));
  })();`;
  await context.addInitScript({ content: init });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return {
    context,
    page,
    problems,
    sent: () => page.evaluate('window.__kmlab.sent') as Promise<{ type: string }[]>,
    post: async (message) => {
      const m = message as unknown as Record<string, unknown>;
      const samples = m.samples instanceof Float64Array ? Array.from(m.samples) : undefined;
      const plain = JSON.stringify(samples ? { ...m, samples: null } : m);
      await page.evaluate(`(() => {
        const m = ${plain};
        ${samples ? `m.samples = new Float64Array(${JSON.stringify(samples)});` : ''}
        window.postMessage(m, '*');
      })()`);
    },
    frames: async (n = 2) => {
      await page.evaluate(`new Promise((r) => { let k = ${n}; const f = () => (--k <= 0 ? r(undefined) : requestAnimationFrame(f)); requestAnimationFrame(f); })`);
    },
  };
}

/** Waits until the page has posted a message of this type. */
export async function waitForSent(w: WebviewPage, type: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await w.sent()).some((m) => m.type === type)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the webview did not post '${type}' within ${timeoutMs} ms${w.problems.length ? `; problems:\n${w.problems.join('\n')}` : ''}`);
}
