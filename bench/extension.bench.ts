// The VS Code extension's own costs (activation ≤ 100 ms; the .vsix ≤ 40 MB since it carries the C toolchain, issue 11):
//
//   activate() in the real extension host   what the extension measured and logged itself
//       ("Kernel Memory Lab activated in N ms") in the last `npm run test:e2e` run: code-server's
//       extension host, the packaged production bundle. Read from e2e-out/vscode-logs.
//   require + activate(), shipped bundle    the production bundle (esbuild --minify, as
//       vscode:prepublish builds it) loaded cold in a fresh Node process with a stub `vscode`
//       module whose API calls cost nothing: the extension's own share of activation
//       (module evaluation + activate()), measured five times, each in a new process.
//   .vsix size                              `vsce package` of the working tree.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import type { BenchReport } from './index';

const ROOT = path.resolve(__dirname, '..', '..');

function findFiles(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findFiles(p, name);
    return e.name === name ? [p] : [];
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The figures the extension logged in the real extension host during the last e2e run. */
function realHostActivation(r: BenchReport): void {
  const logs = findFiles(path.join(ROOT, 'e2e-out', 'vscode-logs'), 'Kernel Memory Lab.log');
  const ms = logs.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/activated in ([\d.]+) ms/g)].map((m) => Number(m[1])));
  if (!ms.length) {
    r.note('activate() in the real extension host: no e2e logs (run `npm run test:e2e` first)');
    return;
  }
  const when = fs.statSync(logs[0]).mtime.toISOString();
  r.figure(`activate() in code-server's extension host (median of ${ms.length})`, median(ms), 'ms', '≤ 100 ms');
  r.figure('activate() in code-server\'s extension host (max)', Math.max(...ms), 'ms');
  r.note(`(logged by the extension itself in the e2e run of ${when})`);
}

/** Child script: stub `vscode`, require the bundle, call activate(), print the two timings. */
const CHILD = String.raw`
const Module = require('module');
const { performance } = require('perf_hooks');
const target = function () {};
const stub = new Proxy(target, {
  get(_t, prop) {
    if (prop === Symbol.toPrimitive) return () => 0;
    if (prop === 'prototype') return Object.prototype;
    return stub;
  },
  set() { return true; },
  defineProperty() { return true; },
  apply() { return stub; },
  construct() { return stub; },
});
const config = { inspect: () => undefined, get: (_k, d) => d, has: () => false, update: async () => undefined };
// A plain object (esbuild's import * copies own properties) with every namespace the extension uses.
const vscode = {};
for (const name of ['window', 'commands', 'languages', 'extensions', 'env', 'l10n', 'Uri', 'EventEmitter', 'Disposable',
  'ThemeIcon', 'ThemeColor', 'TreeItem', 'TreeItemCollapsibleState', 'MarkdownString', 'StatusBarAlignment', 'FileSystemError',
  'FileType', 'FilePermission', 'FileChangeType', 'ViewColumn', 'ProgressLocation', 'ConfigurationTarget', 'UIKind']) vscode[name] = stub;
vscode.workspace = new Proxy({}, { get: (_w, p) => (p === 'getConfiguration' ? () => config : p === 'workspaceFolders' ? undefined : stub) });
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()] }; };
const context = {
  subscriptions: [], extensionUri: stub, extensionPath: '/ext', globalState: memento(), workspaceState: memento(),
  asAbsolutePath: (p) => p, logUri: stub, storageUri: undefined, globalStorageUri: stub, extensionMode: 1,
};
const t0 = performance.now();
const ext = require(process.argv[2]);
const t1 = performance.now();
ext.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, subscriptions: context.subscriptions.length }));
`;

async function shippedBundleActivation(r: BenchReport): Promise<void> {
  // Loaded at run time from node_modules (the bench bundle must not try to bundle esbuild).
  const esbuild = createRequire(__filename)('esbuild') as typeof Esbuild;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kml-bench-ext-'));
  try {
    const bundle = path.join(dir, 'extension.js');
    // The same options as `node esbuild.mjs --production` for dist/extension.js.
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'src', 'extension', 'extension.ts')], outfile: bundle,
      bundle: true, minify: true, sourcemap: false, target: 'es2022', platform: 'node', format: 'cjs',
      external: ['vscode'], logLevel: 'warning',
    });
    const child = path.join(dir, 'child.js');
    fs.writeFileSync(child, CHILD);
    const runs: { requireMs: number; activateMs: number; subscriptions: number }[] = [];
    for (let i = 0; i < 5; i++) runs.push(JSON.parse(execFileSync(process.execPath, [child, bundle], { encoding: 'utf8' })));
    r.figure('production bundle size (dist/extension.js)', fs.statSync(bundle).size / 1024, 'KiB');
    r.figure('require() of the bundle, cold (median of 5 processes)', median(runs.map((x) => x.requireMs)), 'ms');
    r.figure('activate() with a no-cost vscode stub (median of 5)', median(runs.map((x) => x.activateMs)), 'ms');
    r.figure('require + activate (median of 5)', median(runs.map((x) => x.requireMs + x.activateMs)), 'ms', '≤ 100 ms');
    r.note(`(${runs[0].subscriptions} disposables registered by activate(); the kernel is not booted at activation)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function vsixSize(r: BenchReport): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kml-bench-vsix-'));
  const out = path.join(dir, 'kernel-memory-lab.vsix');
  try {
    const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
    // vsce runs vscode:prepublish (the production build into dist/) and packs what .vscodeignore keeps.
    execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '-o', out], { cwd: ROOT, stdio: 'pipe' });
    r.figure('.vsix size (vsce package)', fs.statSync(out).size / (1024 * 1024), 'MiB', '≤ 40 MB');
  } catch (e) {
    r.note(`.vsix size: vsce package failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(r: BenchReport): Promise<void> {
  realHostActivation(r);
  await shippedBundleActivation(r);
  vsixSize(r);
}
