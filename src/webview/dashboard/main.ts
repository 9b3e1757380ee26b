// The dashboard webview: says `ready`, is hydrated by the host, then applies deltas. Renders at
// most once per animation frame, and not at all while the document is hidden. Persists only
// its view state (tab, zoom, follow-live) with setState; data always comes from the host.
import {
  DEFAULT_VIEW_STATE,
  PROTOCOL_VERSION,
  parseHostMessage,
  validateViewState,
  type ChartTab,
  type HostMessage,
  type TimeRange,
  type ViewState,
  type WebviewMessage,
} from '../../shared/protocol';
import { effectiveRange, panRange, rangeBetween, zoomAround } from '../../shared/range';
import { perSecondBins } from '../../shared/series';
import { case2Sentence, formatInt, formatPercent, machineLine, processSentence, profileSentence } from '../../shared/summaryText';
import { Case2Chart, ProcessChart, TimeChart, chartToPng } from '../charts/charts';
import { fillTable } from '../charts/dom';
import { readTheme, watchTheme, type ChartTheme } from '../charts/theme';
import { DashboardModel } from './model';
import { CHART_INFO, buildView, type ChartId, type DashboardView } from './view';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const TIME_CHARTS: ChartId[] = ['accumulated', 'rates', 'cpu'];
const SUMMARY_INTERVAL_MS = 3000;
const TABLE_INTERVAL_MS = 1000;
const TABLE_MAX_ROWS = 600;
/** Chart work per animation frame, ms (see render). */
const FRAME_BUDGET_MS = 4;

interface PersistedState {
  v: 1;
  view: ViewState;
}

class Dashboard {
  private readonly model = new DashboardModel();
  private readonly view: DashboardView;
  private theme: ChartTheme;
  private readonly timeCharts = new Map<ChartId, TimeChart>();
  private readonly processChart: ProcessChart;
  private readonly case2Chart: Case2Chart;
  private viewState: ViewState;
  private hadOwnState: boolean;
  /** Charts whose data or range changed since they were last drawn. */
  private readonly stale = new Set<ChartId>(['accumulated', 'rates', 'cpu', 'processes', 'case2']);
  private headerStale = true;
  private summaryStale = true;
  private tablesStale = true;
  private lastSummaryAt = 0;
  private lastTablesAt = 0;
  private frame = 0;
  private frameNo = 0;
  private readonly drawnAt = new Map<ChartId, number>();
  /** Moving average of one chart update, ms (for the frame budget). */
  private chartCostMs = 2;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private resyncRequested = false;
  private viewStateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    const restored = this.restoreState();
    this.viewState = restored ?? { ...DEFAULT_VIEW_STATE };
    this.hadOwnState = restored !== null;
    this.view = buildView(root);
    this.theme = readTheme();
    const s = this.model.series;
    const canvas = (id: ChartId) => this.view.cards.get(id)!.canvas;
    this.timeCharts.set('accumulated', new TimeChart(canvas('accumulated'), this.theme, {
      yTitle: 'accumulated page faults', yFormat: 'count',
      series: [{ label: 'minor + major faults', color: 'blue', data: s.accumulated, fill: true }],
    }));
    this.timeCharts.set('rates', new TimeChart(canvas('rates'), this.theme, {
      yTitle: 'page faults per second', yFormat: 'rate',
      series: [
        { label: 'minor faults/s', color: 'blue', data: s.minorRate },
        { label: 'major faults/s', color: 'red', data: s.majorRate, dashInHighContrast: [6, 3] },
      ],
    }));
    this.timeCharts.set('cpu', new TimeChart(canvas('cpu'), this.theme, {
      yTitle: 'CPU utilization (% of one CPU)', yFormat: 'percent',
      series: [{ label: 'CPU utilization', color: 'green', data: s.cpuUtil, fill: true }],
    }));
    this.processChart = new ProcessChart(canvas('processes'), this.theme);
    this.case2Chart = new Case2Chart(canvas('case2'), this.theme);

    this.wireToolbar();
    this.wireTabs();
    for (const id of TIME_CHARTS) this.wireZoom(id);
    watchTheme(() => this.onThemeChange());
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.schedule();
    });
    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data));
    // Decimation depends on the chart's pixel width: redraw time charts after a resize.
    window.addEventListener('resize', () => this.rangeChanged());
    this.applyTab();
    this.schedule();
    this.post({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  // ───────────── state ─────────────

  private restoreState(): ViewState | null {
    const raw = this.vscode.getState() as Partial<PersistedState> | undefined;
    if (!raw || raw.v !== 1) return null;
    try {
      return validateViewState(raw.view);
    } catch {
      return null;
    }
  }

  private setViewState(next: Partial<ViewState>): void {
    this.viewState = { ...this.viewState, ...next };
    this.hadOwnState = true;
    const persisted: PersistedState = { v: 1, view: this.viewState };
    this.vscode.setState(persisted);
    clearTimeout(this.viewStateTimer);
    this.viewStateTimer = setTimeout(() => this.post({ type: 'viewState', state: this.viewState }), 300);
    this.headerStale = true;
  }

  private post(message: WebviewMessage): void {
    this.vscode.postMessage(message);
  }

  // ───────────── messages ─────────────

  private onMessage(data: unknown): void {
    const parsed = parseHostMessage(data);
    if (!parsed.ok) {
      this.post({ type: 'error', message: `dashboard ignored a host message: ${parsed.error}` });
      return;
    }
    this.apply(parsed.message);
  }

  private apply(m: HostMessage): void {
    switch (m.type) {
      case 'hydrate':
        if (m.protocol !== PROTOCOL_VERSION) {
          const msg = `protocol mismatch: host speaks ${m.protocol}, dashboard ${PROTOCOL_VERSION}. Reload the window.`;
          this.view.status.textContent = msg;
          this.post({ type: 'error', message: msg });
          return;
        }
        this.model.hydrate(m);
        this.resyncRequested = false;
        if (!this.hadOwnState && m.viewState) {
          this.viewState = m.viewState;
          this.applyTab();
        }
        this.markAll();
        this.lastSummaryAt = -Infinity;
        break;
      case 'samples': {
        const r = this.model.applySamples(m);
        if (r === 'gap') {
          if (!this.resyncRequested) {
            this.resyncRequested = true;
            this.post({ type: 'ready', protocol: PROTOCOL_VERSION });
          }
          return;
        }
        if (r === 'ignored') return;
        for (const id of TIME_CHARTS) this.stale.add(id);
        this.summaryStale = this.tablesStale = this.headerStale = true;
        break;
      }
      case 'processes':
        this.model.setProcesses(m.rows);
        this.stale.add('processes');
        this.summaryStale = this.tablesStale = this.headerStale = true;
        break;
      case 'caseStudy2':
        this.model.setCase2(m.points);
        this.stale.add('case2');
        this.summaryStale = this.tablesStale = this.headerStale = true;
        break;
      case 'machine':
        this.model.setMachine(m.machine, m.source);
        this.markAll();
        break;
      case 'exportResult':
        this.view.status.textContent = m.detail;
        this.view.status.classList.toggle('error', !m.ok);
        return;
    }
    this.schedule();
  }

  private markAll(): void {
    for (const id of this.view.cards.keys()) this.stale.add(id);
    this.headerStale = this.summaryStale = this.tablesStale = true;
  }

  // ───────────── rendering ─────────────

  /** Requests a render in the next animation frame (at most one pending). */
  private schedule(): void {
    if (this.frame || document.hidden) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private visibleCharts(): ChartId[] {
    const tab = this.viewState.tab;
    return tab === 'overview' ? [...this.view.cards.keys()] : [tab];
  }

  private currentRange(): TimeRange | null {
    return effectiveRange(this.viewState.zoom, this.viewState.followLive, this.model.series.endTime);
  }

  private render(): void {
    performance.mark('kmlab-render-start');
    const start = performance.now();
    this.frameNo++;
    if (this.headerStale) this.renderHeader();
    // Frame budget: draw the stale visible charts least recently drawn first, and stop when
    // the next one would overrun the budget (always at least one). The rest follow in the next
    // frames, so with all five charts visible each still refreshes several times per second
    // while a frame never carries more than about one chart's cost.
    const due = this.visibleCharts()
      .filter((id) => this.stale.has(id))
      .sort((a, b) => (this.drawnAt.get(a) ?? -1) - (this.drawnAt.get(b) ?? -1));
    for (let k = 0; k < due.length; k++) {
      if (k > 0 && performance.now() - start + this.chartCostMs > FRAME_BUDGET_MS) {
        this.schedule();
        break;
      }
      const t0 = performance.now();
      this.drawChart(due[k]);
      const cost = performance.now() - t0;
      this.chartCostMs = this.chartCostMs * 0.8 + cost * 0.2;
      performance.measure('kmlab-chart', { start: t0, duration: cost });
    }
    const now = performance.now();
    if (this.summaryStale) {
      const wait = this.lastSummaryAt + SUMMARY_INTERVAL_MS - now;
      if (wait <= 0 || !this.model.source.live) this.renderSummary(now);
      else this.later(wait);
    }
    if (this.tablesStale && this.view.details.open) {
      const wait = this.lastTablesAt + TABLE_INTERVAL_MS - now;
      if (wait <= 0) this.renderTables(now);
      else this.later(wait);
    }
    performance.measure('kmlab-render', 'kmlab-render-start');
  }

  private drawChart(id: ChartId): void {
    this.stale.delete(id);
    this.drawnAt.set(id, this.frameNo);
    const tc = this.timeCharts.get(id);
    if (tc) {
      const range = this.currentRange();
      this.setEmpty(id, this.model.series.length === 0);
      tc.setXRange(range?.from, range?.to);
      tc.update();
    } else if (id === 'processes') {
      this.setEmpty(id, this.model.processes.length === 0);
      this.processChart.setRows(this.model.processes);
      this.processChart.update();
    } else if (id === 'case2') {
      this.setEmpty(id, this.model.case2.length === 0);
      this.case2Chart.setPoints(this.model.case2, this.model.thrash);
      this.case2Chart.update();
    }
  }

  private setEmpty(id: ChartId, empty: boolean): void {
    const card = this.view.cards.get(id)!;
    card.empty.hidden = !empty;
    card.wrap.classList.toggle('is-empty', empty);
  }

  private later(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, ms);
  }

  private renderHeader(): void {
    this.headerStale = false;
    const v = this.view;
    const m = this.model;
    v.source.textContent = m.source.label;
    v.liveBadge.hidden = !m.source.live;
    v.machine.textContent = m.machine ? machineLine(m.machine) : '';
    // Following only means something while samples arrive; a loaded file is not live.
    v.follow.setAttribute('aria-pressed', String(this.viewState.followLive && m.source.live));
    const range = this.currentRange();
    v.rangeLabel.textContent = range ? `Showing ${range.from.toFixed(1)}–${range.to.toFixed(1)} s` : 'Showing all';
    const hasSamples = m.series.length > 0;
    const tab = this.viewState.tab;
    const isTime = tab === 'overview' || TIME_CHARTS.includes(tab as ChartId);
    v.zoomIn.disabled = v.zoomOut.disabled = !isTime || !hasSamples;
    v.follow.disabled = !isTime || !m.source.live;
    v.zoomReset.disabled = !isTime || this.viewState.zoom === null;
    v.rangeLabel.hidden = !isTime;
    v.exportCsv.disabled = v.exportData.disabled = !hasSamples;
    v.exportPng.disabled = tab === 'processes' ? m.processes.length === 0 : tab === 'case2' ? m.case2.length === 0 : !hasSamples;
  }

  private renderSummary(now: number): void {
    this.summaryStale = false;
    this.lastSummaryAt = now;
    const m = this.model;
    const s = m.series;
    const parts = [
      m.source.live ? `${m.source.label} (live).` : `${m.source.label}.`,
      profileSentence({ samples: s.length, spanSeconds: s.spanSeconds, minor: s.totalMinor, major: s.totalMajor, cpuNs: s.totalCpuNs, hz: m.hz }),
      processSentence(m.processes),
      case2Sentence(m.case2, m.thrash),
    ];
    this.view.summary.textContent = parts.filter(Boolean).join(' ');
  }

  private renderTables(now: number): void {
    this.tablesStale = false;
    this.lastTablesAt = now;
    const m = this.model;
    const bins = perSecondBins(m.raw.view(), m.hz);
    const shown = bins.slice(-TABLE_MAX_ROWS);
    const period = 1e9;
    fillTable(
      this.view.secondsTable,
      bins.length > shown.length ? `Per-second totals (last ${shown.length} of ${bins.length} seconds)` : 'Per-second totals',
      ['second', 'samples', 'minor faults', 'major faults', 'accumulated faults', 'CPU utilization'],
      shown.map((b) => [String(b.second), String(b.samples), formatInt(b.minor), formatInt(b.major), formatInt(b.accumulated), formatPercent(b.cpuNs / period)]),
    );
    fillTable(
      this.view.processTable,
      'Processes',
      ['pid', 'command', 'state', 'registered', 'minor faults', 'major faults', 'CPU time (s)'],
      [...m.processes].sort((a, b) => a.pid - b.pid).map((r) => [
        String(r.pid), r.comm, r.state, r.registered ? 'yes' : 'no', formatInt(r.minFlt), formatInt(r.majFlt), (r.cpuNs / 1e9).toFixed(3),
      ]),
      4,
    );
    fillTable(
      this.view.case2Table,
      'Case study 2 runs',
      ['N', 'CPU utilization', 'major faults', 'minor faults', 'wall time (s)', 'thrashing point'],
      m.case2.map((p) => [
        String(p.n), formatPercent(p.utilization), formatInt(p.majorFaults), p.minorFaults === undefined ? '' : formatInt(p.minorFaults),
        p.wallSeconds === undefined ? '' : p.wallSeconds.toFixed(1), m.thrash?.n === p.n ? 'yes' : '',
      ]),
    );
  }

  private onThemeChange(): void {
    this.theme = readTheme();
    for (const c of this.timeCharts.values()) c.applyTheme(this.theme);
    this.processChart.applyTheme(this.theme);
    this.case2Chart.applyTheme(this.theme);
    this.markAll();
    this.schedule();
  }

  // ───────────── tabs ─────────────

  private wireTabs(): void {
    const order = [...this.view.tabs.keys()];
    for (const [tab, btn] of this.view.tabs) {
      btn.addEventListener('click', () => {
        this.setViewState({ tab });
        this.applyTab();
        this.schedule();
      });
      btn.addEventListener('keydown', (e) => {
        const i = order.indexOf(tab);
        let next: ChartTab | undefined;
        if (e.key === 'ArrowRight') next = order[(i + 1) % order.length];
        else if (e.key === 'ArrowLeft') next = order[(i - 1 + order.length) % order.length];
        else if (e.key === 'Home') next = order[0];
        else if (e.key === 'End') next = order[order.length - 1];
        if (!next) return;
        e.preventDefault();
        this.setViewState({ tab: next });
        this.applyTab();
        this.view.tabs.get(next)!.focus();
        this.schedule();
      });
    }
  }

  private applyTab(): void {
    const tab = this.viewState.tab;
    for (const [t, btn] of this.view.tabs) {
      btn.setAttribute('aria-selected', String(t === tab));
      btn.tabIndex = t === tab ? 0 : -1;
    }
    this.view.panels.className = `panels ${tab === 'overview' ? 'overview' : 'single'}`;
    for (const [id, card] of this.view.cards) {
      card.section.hidden = tab !== 'overview' && tab !== id;
      if (tab !== 'overview') card.section.setAttribute('role', 'tabpanel');
      else card.section.removeAttribute('role');
    }
    // A chart that was hidden was not updated; draw it now that it is visible.
    for (const id of this.visibleCharts()) this.stale.add(id);
    this.headerStale = true;
  }

  // ───────────── toolbar, zoom ─────────────

  private wireToolbar(): void {
    const v = this.view;
    v.follow.addEventListener('click', () => {
      this.setViewState({ followLive: !this.viewState.followLive });
      this.rangeChanged();
    });
    v.zoomIn.addEventListener('click', () => this.zoomBy(0.5));
    v.zoomOut.addEventListener('click', () => this.zoomBy(2));
    v.zoomReset.addEventListener('click', () => this.setZoom(null));
    v.exportPng.addEventListener('click', () => this.exportPng());
    v.exportCsv.addEventListener('click', () => this.post({ type: 'export', format: 'csv' }));
    v.exportData.addEventListener('click', () => this.post({ type: 'export', format: 'data' }));
    v.details.addEventListener('toggle', () => {
      if (v.details.open) {
        this.tablesStale = true;
        this.lastTablesAt = -Infinity;
        this.schedule();
      }
    });
  }

  private rangeChanged(): void {
    for (const id of TIME_CHARTS) this.stale.add(id);
    this.headerStale = true;
    this.schedule();
  }

  private setZoom(range: TimeRange | null): void {
    const end = this.model.series.endTime;
    // Zooming into the past stops following; zooming to the newest data keeps it.
    const followLive = this.viewState.followLive && (range === null || range.to >= end - 1e-9);
    this.setViewState({ zoom: range, followLive });
    this.rangeChanged();
  }

  private zoomBy(factor: number, center?: number): void {
    const end = this.model.series.endTime;
    const cur = this.currentRange();
    const c = center ?? (cur ? (cur.from + cur.to) / 2 : end / 2);
    this.setZoom(zoomAround(cur, c, factor, end));
  }

  private panBy(fraction: number): void {
    const cur = this.currentRange();
    if (!cur) return;
    this.setZoom(panRange(cur, (cur.to - cur.from) * fraction, this.model.series.endTime));
  }

  private wireZoom(id: ChartId): void {
    const card = this.view.cards.get(id)!;
    const chart = this.timeCharts.get(id)!;
    const canvas = card.canvas;
    const timeAt = (offsetX: number) => chart.xScale.getValueForPixel(offsetX) ?? 0;
    canvas.addEventListener('wheel', (e) => {
      if (this.model.series.length === 0) return;
      e.preventDefault();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        this.panBy(Math.sign(e.deltaX || e.deltaY) * 0.1);
      } else {
        this.zoomBy(e.deltaY < 0 ? 0.8 : 1.25, timeAt(e.offsetX));
      }
    }, { passive: false });
    let dragFrom: number | null = null;
    let dragPx = 0;
    const area = () => chart.chart.chartArea;
    canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || this.model.series.length === 0) return;
      const a = area();
      if (e.offsetX < a.left || e.offsetX > a.right) return;
      dragFrom = timeAt(e.offsetX);
      dragPx = e.offsetX;
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (dragFrom === null) return;
      const a = area();
      const x = Math.min(Math.max(e.offsetX, a.left), a.right);
      if (Math.abs(x - dragPx) < 4) return;
      const sel = card.selection;
      sel.hidden = false;
      sel.style.left = `${canvas.offsetLeft + Math.min(x, dragPx)}px`;
      sel.style.width = `${Math.abs(x - dragPx)}px`;
      sel.style.top = `${canvas.offsetTop + a.top}px`;
      sel.style.height = `${a.bottom - a.top}px`;
    });
    const finish = (e: PointerEvent, apply: boolean) => {
      if (dragFrom === null) return;
      const a = area();
      const x = Math.min(Math.max(e.offsetX, a.left), a.right);
      const from = dragFrom;
      dragFrom = null;
      card.selection.hidden = true;
      if (apply && Math.abs(x - dragPx) >= 4) {
        const r = rangeBetween(from, timeAt(x), this.model.series.endTime);
        if (r) this.setZoom(r);
      }
    };
    canvas.addEventListener('pointerup', (e) => finish(e, true));
    canvas.addEventListener('pointercancel', (e) => finish(e, false));
    canvas.addEventListener('dblclick', () => this.setZoom(null));
    canvas.addEventListener('keydown', (e) => {
      const k = e.key;
      if (k === '+' || k === '=') this.zoomBy(0.5);
      else if (k === '-' || k === '_') this.zoomBy(2);
      else if (k === '0' || k === 'Escape') this.setZoom(null);
      else if (k === 'ArrowLeft') this.panBy(-0.25);
      else if (k === 'ArrowRight') this.panBy(0.25);
      else return;
      e.preventDefault();
    });
  }

  private exportPng(): void {
    const tab = this.viewState.tab;
    const id: ChartId = tab === 'overview' ? 'accumulated' : tab;
    const chart = this.timeCharts.get(id)?.chart ?? (id === 'processes' ? this.processChart.chart : this.case2Chart.chart);
    const title = this.model.source.label ? `${CHART_INFO[id].title} — ${this.model.source.label}` : CHART_INFO[id].title;
    try {
      this.post({ type: 'export', format: 'png', pngDataUrl: chartToPng(chart, title, this.theme), chart: id });
    } catch (e) {
      this.view.status.textContent = `PNG export failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
}

function reportErrors(vscode: VsCodeApi): void {
  window.addEventListener('error', (e) => {
    vscode.postMessage({ type: 'error', message: String(e.message ?? e), stack: e.error instanceof Error ? (e.error.stack ?? '').slice(0, 8000) : undefined });
  });
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    vscode.postMessage({ type: 'error', message: r instanceof Error ? r.message : String(r), stack: r instanceof Error ? (r.stack ?? '').slice(0, 8000) : undefined });
  });
}

const api = acquireVsCodeApi();
reportErrors(api);
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new Dashboard(root, api);
