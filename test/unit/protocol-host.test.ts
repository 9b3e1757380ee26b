// The dashboard panel host against a fake `vscode` module: hydrate on `ready`, deltas only while
// visible, a fresh snapshot when shown again, resets on a new generation or a ring overrun, and
// invalid webview messages rejected and logged without effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import type { DashboardChange, DashboardDataSource } from '../../src/extension/dashboard/dataSource';
import type { HostMessage } from '../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';

type Listener<T> = (e: T) => void;
function emitter<T>() {
  const ls = new Set<Listener<T>>();
  const event = (l: Listener<T>) => {
    ls.add(l);
    return { dispose: () => ls.delete(l) };
  };
  return { event, fire: (e: T) => ls.forEach((l) => l(e)) };
}

class FakeUri {
  constructor(readonly path: string) {}
  static joinPath(u: FakeUri, ...p: string[]) {
    return new FakeUri([u.path, ...p].join('/'));
  }
  static file(p: string) {
    return new FakeUri(p);
  }
  get fsPath() {
    return this.path;
  }
  toString() {
    return `file://${this.path}`;
  }
}

class FakePanel {
  visible = true;
  posted: HostMessage[] = [];
  disposed = false;
  iconPath: unknown;
  readonly viewState = emitter<void>();
  readonly disposeEvt = emitter<void>();
  readonly received = emitter<unknown>();
  readonly webview = {
    options: {} as Record<string, unknown>,
    html: '',
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (u: FakeUri) => `vscode-webview://fake${u.path}`,
    postMessage: async (m: HostMessage) => {
      this.posted.push(m);
      return true;
    },
    onDidReceiveMessage: this.received.event,
  };
  onDidChangeViewState = this.viewState.event;
  onDidDispose = this.disposeEvt.event;
  reveal() {}
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEvt.fire();
  }
  setVisible(v: boolean) {
    this.visible = v;
    this.viewState.fire();
  }
  types() {
    return this.posted.map((m) => m.type);
  }
}

const panels: FakePanel[] = [];
const saved: { uri: FakeUri; bytes: Uint8Array }[] = [];
const fakeVscode = {
  Uri: FakeUri,
  ViewColumn: { Beside: -2 },
  window: {
    createWebviewPanel: () => {
      const p = new FakePanel();
      panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer: () => ({ dispose() {} }),
    showSaveDialog: async (o: { defaultUri?: FakeUri }) => new FakeUri(`/save/${o.defaultUri?.path.split('/').pop() ?? 'x'}`),
    showErrorMessage: async () => undefined,
  },
  workspace: {
    workspaceFolders: [{ uri: new FakeUri('/ws') }],
    asRelativePath: (u: FakeUri) => u.path,
    fs: { writeFile: async (uri: FakeUri, bytes: Uint8Array) => void saved.push({ uri, bytes }) },
  },
};

// Serve the fake for require('vscode') (the bundle leaves it external).
const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (req: string, ...rest: unknown[]) {
  return req === 'vscode' ? fakeVscode : load.call(this, req, ...rest);
};

class Source implements DashboardDataSource {
  data: number[] = [];
  first = 0;
  generation = 1;
  readonly change = emitter<DashboardChange>();
  readonly onDidChange = this.change.event;
  machine() {
    return { hz: 1000, cpus: 2, ramMiB: 4096, swapMiB: 2048, policy: 'linux' };
  }
  source() {
    return { label: 'test', live: true };
  }
  samples(fromIndex: number) {
    const from = Math.max(fromIndex, this.first);
    const end = this.first + this.data.length / 4;
    const slice = this.data.slice((Math.min(from, end) - this.first) * 4);
    return { firstIndex: Math.min(from, end), samples: Float64Array.from(slice), generation: this.generation };
  }
  processes() {
    return [];
  }
  caseStudy2() {
    return [];
  }
  add(n: number) {
    for (let i = 0; i < n; i++) this.data.push(1000 + this.data.length, 1, 0, 0);
    this.change.fire({ samples: true });
  }
}

const log = { lines: [] as string[], info(m: string) { this.lines.push(`info ${m}`); }, warn(m: string) { this.lines.push(`warn ${m}`); }, error(m: string | Error) { this.lines.push(`error ${String(m)}`); } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const context = { extensionUri: new FakeUri('/ext'), subscriptions: [] as { dispose(): void }[] };

test('panel host: hydrate, visible-only deltas, snapshots, resets, validation', async () => {
  const { registerDashboard } = await import('../../src/extension/dashboard/index');
  const source = new Source();
  source.add(3);
  const handle = registerDashboard(context as never, source, log);
  handle.open();
  const panel = panels[0];
  assert.ok(handle.isOpen);

  // HTML set once, strict CSP, resources from the bundle and media only.
  assert.match(panel.webview.html, /default-src 'none'/);
  assert.match(panel.webview.html, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
  assert.ok(panel.webview.html.includes('vscode-webview://fake/ext/dist/webview/dashboard.js'));
  assert.deepEqual((panel.webview.options.localResourceRoots as FakeUri[]).map((u) => u.path), ['/ext/dist/webview', '/ext/media']);
  assert.equal(panel.webview.options.retainContextWhenHidden, undefined);

  // ready → hydrate with the whole history.
  panel.received.fire({ type: 'ready', protocol: PROTOCOL_VERSION });
  const h = panel.posted.at(-1)!;
  assert.equal(h.type, 'hydrate');
  assert.ok(h.type === 'hydrate' && h.samples.length === 12 && h.firstIndex === 0);

  // Deltas are coalesced and carry only new samples.
  source.add(1);
  source.add(2);
  await sleep(80);
  const d = panel.posted.at(-1)!;
  assert.ok(d.type === 'samples' && !d.reset && d.firstIndex === 3 && d.samples.length === 12, JSON.stringify(d));

  // Hidden: nothing is sent.
  panel.setVisible(false);
  const before = panel.posted.length;
  source.add(5);
  await sleep(80);
  assert.equal(panel.posted.length, before);

  // Visible again: a fresh snapshot with everything.
  panel.setVisible(true);
  const snap = panel.posted.at(-1)!;
  assert.ok(snap.type === 'hydrate' && snap.samples.length === 44);

  // New generation → reset with the whole history.
  source.generation = 2;
  source.data = [];
  source.add(2);
  await sleep(80);
  const r = panel.posted.at(-1)!;
  assert.ok(r.type === 'samples' && r.reset && r.samples.length === 8);

  // Ring overrun (older samples gone before they were sent) → reset.
  source.first = 100;
  source.add(1);
  await sleep(80);
  const o = panel.posted.at(-1)!;
  assert.ok(o.type === 'samples' && o.reset && o.firstIndex === 100);

  // Invalid messages: logged, nothing sent, nothing changed.
  const n = panel.posted.length;
  for (const bad of [null, { type: 'ready' }, { type: 'export', format: 'png', pngDataUrl: 'data:text/html,x' }, { type: 'nope' }]) {
    panel.received.fire(bad);
  }
  await sleep(10);
  assert.equal(panel.posted.length, n);
  assert.equal(log.lines.filter((l) => l.startsWith('error Dashboard: rejected a message from the webview')).length, 4);

  // Webview errors are logged.
  panel.received.fire({ type: 'error', message: 'kaboom' });
  assert.ok(log.lines.some((l) => l.includes('Dashboard webview: kaboom')));

  // Export of the monitor format writes the file and reports back.
  panel.received.fire({ type: 'export', format: 'data' });
  await sleep(20);
  const res = panel.posted.at(-1)!;
  assert.ok(res.type === 'exportResult' && res.ok, JSON.stringify(res));
  const text = new TextDecoder().decode(saved.at(-1)!.bytes);
  assert.match(text, /read \d+ profiled data\n$/);
  assert.equal(saved.at(-1)!.uri.path, '/save/profile.data');

  // PNG export checks the signature.
  panel.received.fire({ type: 'export', format: 'png', pngDataUrl: 'data:image/png;base64,AAAA' });
  await sleep(20);
  const bad = panel.posted.at(-1)!;
  assert.ok(bad.type === 'exportResult' && !bad.ok && /not a PNG/.test(bad.detail));

  handle.dispose();
  assert.ok(panel.disposed);
  assert.ok(!handle.isOpen);
});
