// The dashboard WebviewPanel. The host owns the data (the DashboardDataSource); the webview is a
// view of it: hydrated with a snapshot when it says `ready` (and whenever it becomes visible
// again — no retainContextWhenHidden, so a hidden webview is torn down and reloads), then sent
// coalesced deltas only while visible. Every message from the webview is validated.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  PROTOCOL_VERSION,
  parseWebviewMessage,
  validateViewState,
  type HostMessage,
  type ViewState,
  type WebviewMessage,
} from '../../shared/protocol';
import { RING_SAMPLES, sampleCount } from '../../shared/samples';
import type { DashboardChange, DashboardDataSource, DashboardLog } from './dataSource';
import { saveExport } from './exporter';
import { dashboardHtml } from './html';
import { WebviewStartWatchdog } from '../webviewStartWatchdog';

export const DASHBOARD_VIEW_TYPE = 'kernelMemoryLab.dashboard';
const TITLE = 'Profiler Dashboard';
/** Deltas are coalesced: at most one message of each kind per this many ms. */
const FLUSH_MS = 50;

export function dashboardWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;

  /** Opens the dashboard, or reveals the one already open. */
  static show(extensionUri: vscode.Uri, source: DashboardDataSource, log: DashboardLog): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal(undefined, false);
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, TITLE, vscode.ViewColumn.Beside, dashboardWebviewOptions(extensionUri));
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, source, log, null);
    return DashboardPanel.current;
  }

  /** Restores a panel VS Code kept across a reload (from the serializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, source: DashboardDataSource, log: DashboardLog, state: unknown): DashboardPanel {
    DashboardPanel.current?.dispose();
    let viewState: ViewState | null = null;
    const persisted = (state as { view?: unknown } | undefined)?.view;
    if (persisted !== undefined) {
      try {
        viewState = validateViewState(persisted, 'restored state');
      } catch (e) {
        log.warn(`Dashboard: ignoring the restored view state: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, source, log, viewState);
    return DashboardPanel.current;
  }

  static get instance(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private readonly disposables: vscode.Disposable[] = [];
  /** Absolute index one past the last sample sent to the webview. */
  private sentEnd = 0;
  private generation: number | null = null;
  private pending: DashboardChange = {};
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private wasVisible: boolean;
  private disposed = false;
  /** A document that does not start is reloaded, then the panel replaced (see webviewStartWatchdog.ts). */
  private readonly startWatchdog: WebviewStartWatchdog;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly source: DashboardDataSource,
    private readonly log: DashboardLog,
    private viewState: ViewState | null,
    replacementsSoFar = 0,
  ) {
    this.startWatchdog = new WebviewStartWatchdog({
      name: 'Dashboard',
      log,
      isVisible: () => panel.visible,
      reloadPage: () => this.setHtml(),
      replacePanel: (attempt) => this.replacePanel(attempt),
      replacementsSoFar,
    });
    const webview = panel.webview;
    webview.options = dashboardWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.setHtml();
    this.wasVisible = panel.visible;
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState(() => this.onVisibility()),
      panel.onDidDispose(() => this.dispose()),
      source.onDidChange((c) => this.onChange(c)),
    );
  }

  /** Sets the page (a fresh nonce each time, so setting it again reloads the document). */
  private setHtml(): void {
    const webview = this.panel.webview;
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'dashboard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'dashboard.css')).toString(),
    });
    this.startWatchdog.arm();
  }

  // ───────────── host → webview ─────────────

  private post(message: HostMessage): void {
    if (this.disposed) return;
    this.panel.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered && message.type !== 'samples') this.log.warn(`Dashboard: '${message.type}' not delivered (webview not ready)`);
      },
      (e: unknown) => this.log.error(`Dashboard: posting '${message.type}' failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  /** Sends the full snapshot; deltas continue from it. */
  hydrate(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = {};
    try {
      const slice = this.source.samples(0);
      this.sentEnd = slice.firstIndex + sampleCount(slice.samples);
      this.generation = slice.generation;
      this.post({
        type: 'hydrate',
        protocol: PROTOCOL_VERSION,
        machine: this.source.machine(),
        source: this.source.source(),
        samples: slice.samples,
        firstIndex: slice.firstIndex,
        historyCap: this.source.historyCap ?? RING_SAMPLES,
        processes: this.source.processes(),
        caseStudy2: this.source.caseStudy2(),
        viewState: this.viewState,
      });
    } catch (e) {
      this.log.error(`Dashboard: reading the data source failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  private onVisibility(): void {
    const visible = this.panel.visible;
    // Hidden → visible: a fresh snapshot (the webview may also reload and say `ready`, which
    // hydrates again; a duplicate snapshot is harmless).
    if (visible && !this.wasVisible) {
      this.hydrate();
      this.startWatchdog.arm(); // the document reloads when shown again (no retainContextWhenHidden)
    }
    if (!visible) this.startWatchdog.hidden();
    this.wasVisible = visible;
  }

  private onChange(c: DashboardChange): void {
    if (this.disposed) return;
    this.pending = {
      samples: this.pending.samples || c.samples,
      processes: this.pending.processes || c.processes,
      caseStudy2: this.pending.caseStudy2 || c.caseStudy2,
      machine: this.pending.machine || c.machine,
    };
    // Hidden: nothing is sent; becoming visible sends a snapshot instead.
    if (!this.panel.visible || this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.disposed || !this.panel.visible) return;
    const p = this.pending;
    this.pending = {};
    try {
      if (p.machine) this.post({ type: 'machine', machine: this.source.machine(), source: this.source.source() });
      if (p.samples || p.machine) this.sendSamples();
      if (p.processes) this.post({ type: 'processes', rows: this.source.processes() });
      if (p.caseStudy2) this.post({ type: 'caseStudy2', points: this.source.caseStudy2() });
    } catch (e) {
      this.log.error(`Dashboard: reading the data source failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  private sendSamples(): void {
    let slice = this.source.samples(this.sentEnd);
    let reset = false;
    if (slice.generation !== this.generation) {
      // The sequence started over: replace the webview's history.
      slice = this.source.samples(0);
      reset = true;
    } else if (slice.firstIndex > this.sentEnd) {
      // The ring overwrote samples we never sent (the view was slow or hidden): resend all.
      slice = this.source.samples(0);
      reset = true;
    }
    const n = sampleCount(slice.samples);
    if (!reset && n === 0) return;
    this.generation = slice.generation;
    this.sentEnd = slice.firstIndex + n;
    this.post({ type: 'samples', reset, firstIndex: slice.firstIndex, samples: slice.samples });
  }

  // ───────────── webview → host ─────────────

  private onMessage(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.error(`Dashboard: rejected a message from the webview: ${parsed.error}`);
      return;
    }
    void this.handle(parsed.message);
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.startWatchdog.started();
        if (m.protocol !== PROTOCOL_VERSION) {
          this.log.warn(`Dashboard: webview speaks protocol ${m.protocol}, host ${PROTOCOL_VERSION}; reload the window`);
        }
        this.hydrate();
        break;
      case 'viewState':
        this.viewState = m.state;
        break;
      case 'export': {
        const result = await saveExport(m.format, this.source, this.log, m.pngDataUrl ? { dataUrl: m.pngDataUrl, chart: m.chart } : undefined);
        this.post(result);
        break;
      }
      case 'error':
        this.log.error(`Dashboard webview: ${m.message}${m.stack ? `\n${m.stack}` : ''}`);
        break;
    }
  }

  /** A new panel (a fresh webview frame) where this one is, with the same view state. */
  private replacePanel(attempt: number): void {
    const { extensionUri, source, log, viewState } = this;
    const column = this.panel.viewColumn ?? vscode.ViewColumn.Beside;
    this.dispose();
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, TITLE, { viewColumn: column, preserveFocus: true }, dashboardWebviewOptions(extensionUri));
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, source, log, viewState, attempt);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    clearTimeout(this.flushTimer);
    this.startWatchdog.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
