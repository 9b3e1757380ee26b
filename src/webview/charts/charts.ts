// Chart code shared by the dashboard webview and the HTML report: the lab's charts built on
// chart.js 4, registering only the parts they use (tree-shaken by esbuild).
//
// Performance rules (chart.js "performance" docs): data is `{x, y}` points with `parsing: false`
// and `normalized: true` (sorted, unique x), no animation, no point markers on long series, and
// decimation: time charts draw a min-max decimation of their series for the visible range, at
// most ~2 points per pixel (shared/decimate.ts; cheaper than chart.js's decimation plugin, which
// re-scans the whole series through its option proxies on every update). Callers mutate the
// point arrays they passed in and then call `update()`.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
  type Scale,
  type TooltipItem,
} from 'chart.js';
import { decimateMinMax } from '../../shared/decimate';
import type { Case2Point, ProcessRow } from '../../shared/protocol';
import type { Point } from '../../shared/series';
import type { ThrashingPoint } from '../../shared/thrashing';
import { withAlpha, type ChartTheme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, BarController, BarElement, Tooltip, Legend, Filler);

export type ColorKey = 'blue' | 'red' | 'green' | 'orange' | 'yellow' | 'purple';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export type ValueFormat = 'count' | 'rate' | 'percent' | 'seconds';

export function formatValue(v: number, format: ValueFormat, precise = false): string {
  switch (format) {
    case 'percent':
      return `${(v * 100).toFixed(precise ? 1 : 0)} %`;
    case 'seconds':
      return `${v.toFixed(precise ? 2 : 1)} s`;
    case 'rate':
      return `${precise ? whole.format(v) : compact.format(v)}/s`;
    default:
      return precise ? whole.format(v) : compact.format(v);
  }
}

function font(theme: ChartTheme, delta = 0) {
  return { family: theme.fontFamily, size: theme.fontSize + delta };
}

function axisCommon(theme: ChartTheme, title: string) {
  return {
    title: { display: true, text: title, color: theme.foreground, font: font(theme) },
    ticks: { color: theme.foreground, font: font(theme, -1) },
    grid: { color: theme.grid, lineWidth: theme.highContrast ? 0.5 : 1 },
    border: { color: theme.grid },
  };
}

function legendAndTooltip(theme: ChartTheme, showLegend: boolean, lines = true) {
  return {
    legend: {
      display: showLegend,
      labels: { color: theme.foreground, font: font(theme, -1), boxWidth: 14, boxHeight: lines ? 2 : 10, usePointStyle: false },
    },
    tooltip: {
      animation: false as const,
      backgroundColor: theme.background,
      titleColor: theme.foreground,
      bodyColor: theme.foreground,
      borderColor: theme.highContrast ? theme.foreground : theme.grid,
      borderWidth: 1,
      titleFont: font(theme, -1),
      bodyFont: font(theme, -1),
    },
  };
}

// ───────────────────────────── time series (accumulated, rates, CPU) ─────────────────────────────

export interface LineSeriesSpec {
  label: string;
  color: ColorKey;
  data: Point[];
  /** Dashed line (always dashed in high contrast when `dashInHighContrast`). */
  dash?: number[];
  /** Draw with dashes in high-contrast themes, where colour alone must not tell series apart. */
  dashInHighContrast?: number[];
  fill?: boolean;
}

export interface TimeChartSpec {
  yTitle: string;
  xTitle?: string;
  yFormat: ValueFormat;
  series: LineSeriesSpec[];
  /** Decimate to ~2 points per pixel (default true). */
  decimation?: boolean;
  /** Fixed y maximum (to put two runs on the same scale). */
  yMax?: number;
}

/** A line chart of one or more series against time (s). */
export class TimeChart {
  readonly chart: Chart<'line', Point[]>;
  /** The full series (drawn decimated). */
  private readonly sources: Point[][];
  private range: { min: number | undefined; max: number | undefined } = { min: undefined, max: undefined };

  constructor(
    canvas: HTMLCanvasElement,
    private theme: ChartTheme,
    private readonly spec: TimeChartSpec,
  ) {
    this.sources = spec.series.map((s) => s.data);
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: spec.series.map((s) => this.dataset({ ...s, data: [] })) },
      options: this.options(),
    });
  }

  private dataset(s: LineSeriesSpec): ChartDataset<'line', Point[]> {
    const t = this.theme;
    const color = t[s.color];
    return {
      label: s.label,
      data: s.data,
      borderColor: color,
      backgroundColor: s.fill ? withAlpha(color, t.highContrast ? 0.0 : 0.12) : color,
      borderWidth: t.lineWidth,
      borderDash: t.highContrast && s.dashInHighContrast ? s.dashInHighContrast : s.dash ?? [],
      fill: s.fill ? 'origin' : false,
      pointRadius: 0,
      pointHoverRadius: t.reducedMotion ? 0 : 3,
      pointHitRadius: 4,
      tension: 0,
      spanGaps: true,
      normalized: true,
    } as ChartDataset<'line', Point[]>;
  }

  private options() {
    const t = this.theme;
    const spec = this.spec;
    return {
      animation: false as const,
      parsing: false as const,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest' as const, axis: 'x' as const, intersect: false },
      events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'] as ('mousemove' | 'mouseout' | 'click' | 'touchstart' | 'touchmove')[],
      scales: {
        x: {
          type: 'linear' as const,
          bounds: 'data' as const, // end at the newest sample, not at the next round tick
          ...axisCommon(t, spec.xTitle ?? 'time since first sample (s)'),
          // includeBounds off: the newest sample's time is not forced in as a tick of its own, which
          // collided with the last round one ("450 477").
          ticks: { color: t.foreground, font: font(t, -1), maxRotation: 0, includeBounds: false, callback: (v: number | string) => `${+v}` },
        },
        y: {
          type: 'linear' as const,
          beginAtZero: true,
          max: spec.yMax,
          ...axisCommon(t, spec.yTitle),
          ticks: { color: t.foreground, font: font(t, -1), callback: (v: number | string) => formatValue(+v, spec.yFormat) },
        },
      },
      plugins: {
        ...legendAndTooltip(t, spec.series.length > 1),
        tooltip: {
          ...legendAndTooltip(t, false).tooltip,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items.length ? `t = ${(items[0].parsed.x ?? 0).toFixed(2)} s` : ''),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${formatValue(item.parsed.y ?? 0, spec.yFormat, true)}`,
          },
        },
      },
    };
  }

  /** Replaces series i's point array (the same array may be passed again after mutation). */
  setData(i: number, data: Point[]): void {
    this.sources[i] = data;
  }

  /** Visible time range; undefined = fit the data. */
  setXRange(min: number | undefined, max: number | undefined): void {
    this.range = { min, max };
    const x = this.chart.options.scales!.x!;
    x.min = min;
    x.max = max;
  }

  get xScale(): Scale {
    return this.chart.scales.x;
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    const x = this.chart.options.scales!.x!;
    const keepMin = x.min;
    const keepMax = x.max;
    this.chart.options = this.options();
    this.chart.options.scales!.x!.min = keepMin;
    this.chart.options.scales!.x!.max = keepMax;
    this.spec.series.forEach((s, i) => {
      const data = this.chart.data.datasets[i].data;
      this.chart.data.datasets[i] = this.dataset({ ...s, data });
    });
  }

  /** Redraws from the current series and range. */
  update(): void {
    const c = this.chart;
    const width = c.chartArea ? c.chartArea.right - c.chartArea.left : c.width;
    const buckets = Math.max(16, Math.round((width || 300) / 2));
    const { min, max } = this.range;
    this.sources.forEach((src, i) => {
      c.data.datasets[i].data = (this.spec.decimation === false ? src : decimateMinMax(src, buckets, min, max)) as Point[];
    });
    c.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}

// ───────────────────────────── per-process breakdown ─────────────────────────────

function processLabel(r: ProcessRow): string {
  return `${r.pid} ${r.comm}${r.registered ? ' *' : ''}`;
}

/** Bars per process: minor + major faults (stacked, left axis) and CPU time (right axis). */
export class ProcessChart {
  readonly chart: Chart<'bar', number[], string>;
  private rows: ProcessRow[] = [];

  constructor(
    canvas: HTMLCanvasElement,
    private theme: ChartTheme,
  ) {
    this.chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: this.datasets() },
      options: this.options(),
    });
  }

  private datasets(): ChartDataset<'bar', number[]>[] {
    const t = this.theme;
    const border = t.highContrast ? t.foreground : undefined;
    const bw = t.highContrast ? 1 : 0;
    return [
      { label: 'minor faults', data: [], backgroundColor: t.blue, borderColor: border, borderWidth: bw, stack: 'faults', yAxisID: 'y' },
      { label: 'major faults', data: [], backgroundColor: t.red, borderColor: border, borderWidth: bw, stack: 'faults', yAxisID: 'y' },
      { label: 'CPU time (s)', data: [], backgroundColor: t.green, borderColor: border, borderWidth: bw, stack: 'cpu', yAxisID: 'y1' },
    ];
  }

  private options() {
    const t = this.theme;
    return {
      animation: false as const,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index' as const, intersect: false },
      scales: {
        x: { type: 'category' as const, stacked: true, ...axisCommon(t, 'process (pid comm, * = registered)') },
        y: {
          type: 'linear' as const,
          stacked: true,
          beginAtZero: true,
          ...axisCommon(t, 'page faults'),
          ticks: { color: t.foreground, font: font(t, -1), callback: (v: number | string) => formatValue(+v, 'count') },
        },
        y1: {
          type: 'linear' as const,
          position: 'right' as const,
          beginAtZero: true,
          ...axisCommon(t, 'CPU time (s)'),
          grid: { drawOnChartArea: false, color: t.grid },
        },
      },
      plugins: {
        ...legendAndTooltip(t, true, false),
        tooltip: {
          ...legendAndTooltip(t, true).tooltip,
          callbacks: {
            label: (item: TooltipItem<'bar'>) =>
              item.datasetIndex === 2
                ? `CPU time: ${(item.parsed.y ?? 0).toFixed(3)} s`
                : `${item.dataset.label}: ${formatValue(item.parsed.y ?? 0, 'count', true)}`,
          },
        },
      },
    };
  }

  setRows(rows: readonly ProcessRow[]): void {
    this.rows = [...rows].sort((a, b) => a.pid - b.pid);
    const d = this.chart.data;
    d.labels = this.rows.map(processLabel);
    d.datasets[0].data = this.rows.map((r) => r.minFlt);
    d.datasets[1].data = this.rows.map((r) => r.majFlt);
    d.datasets[2].data = this.rows.map((r) => r.cpuNs / 1e9);
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.chart.options = this.options();
    const fresh = this.datasets();
    fresh.forEach((ds, i) => (ds.data = this.chart.data.datasets[i].data));
    this.chart.data.datasets = fresh;
  }

  update(): void {
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}

// ───────────────────────────── case study 2 ─────────────────────────────

interface ThrashMarkerOptions {
  thrash: ThrashingPoint | null;
  color: string;
  background: string;
  fontFamily: string;
  fontSize: number;
}

/** Draws a dashed vertical line at the thrashing point's N with a label. */
const thrashMarker: Plugin<'line'> = {
  id: 'kmlabThrashMarker',
  afterDatasetsDraw(chart, _args, opts) {
    const o = opts as unknown as ThrashMarkerOptions;
    if (!o.thrash) return;
    const x = chart.scales.x.getPixelForValue(o.thrash.n);
    const { top, bottom, left, right } = chart.chartArea;
    if (!(x >= left && x <= right)) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = o.color;
    ctx.fillStyle = o.color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `600 ${o.fontSize}px ${o.fontFamily}`;
    const text = `${o.thrash.cause === 'thrashing' ? 'thrashing point' : 'saturation'}: N = ${o.thrash.n}`;
    const w = ctx.measureText(text).width;
    const pad = 4;
    // Left of the line when there is room (the curve falls to the right of a thrashing point).
    const tx = x - 8 - w >= left ? x - 8 - w : x + 8;
    const ty = top + (bottom - top) * 0.55;
    ctx.fillStyle = o.background;
    ctx.fillRect(tx - pad, ty - o.fontSize / 2 - pad, w + 2 * pad, o.fontSize + 2 * pad);
    ctx.fillStyle = o.color;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, tx, ty);
    ctx.restore();
  },
};

/** Utilization vs N (left axis) and major faults vs N (right axis), thrashing point marked. */
export class Case2Chart {
  readonly chart: Chart<'line', Point[]>;
  private thrash: ThrashingPoint | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    private theme: ChartTheme,
  ) {
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: this.datasets([], []) },
      options: this.options(),
      plugins: [thrashMarker],
    });
  }

  private datasets(util: Point[], major: Point[]): ChartDataset<'line', Point[]>[] {
    const t = this.theme;
    const idx = () => this.thrash?.index ?? -1;
    return [
      {
        label: 'CPU utilization (Σcpu / wall time)',
        data: util,
        yAxisID: 'y',
        borderColor: t.blue,
        backgroundColor: t.blue,
        borderWidth: t.lineWidth + 0.5,
        pointRadius: (ctx) => (ctx.dataIndex === idx() ? 8 : 4),
        pointHoverRadius: (ctx) => (ctx.dataIndex === idx() ? 9 : 5),
        pointBackgroundColor: (ctx) => (ctx.dataIndex === idx() ? t.alert : t.blue),
        pointBorderColor: (ctx) => (ctx.dataIndex === idx() ? t.alert : t.blue),
        pointStyle: (ctx) => (ctx.dataIndex === idx() ? 'rectRot' : 'circle'),
        tension: 0,
      },
      {
        label: 'major faults',
        data: major,
        yAxisID: 'y1',
        borderColor: t.purple,
        backgroundColor: t.purple,
        borderWidth: t.lineWidth,
        borderDash: [6, 4],
        pointRadius: 3,
        pointStyle: 'triangle',
        tension: 0,
      },
    ];
  }

  private options() {
    const t = this.theme;
    return {
      animation: false as const,
      parsing: false as const,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest' as const, axis: 'x' as const, intersect: false },
      scales: {
        x: {
          type: 'linear' as const,
          ...axisCommon(t, 'N (copies of work 200 R 10000)'),
          ticks: { color: t.foreground, font: font(t, -1), precision: 0 },
        },
        y: {
          type: 'linear' as const,
          beginAtZero: true,
          ...axisCommon(t, 'CPU utilization (% of one CPU)'),
          ticks: { color: t.foreground, font: font(t, -1), callback: (v: number | string) => formatValue(+v, 'percent') },
        },
        y1: {
          type: 'linear' as const,
          position: 'right' as const,
          beginAtZero: true,
          ...axisCommon(t, 'major faults'),
          grid: { drawOnChartArea: false, color: t.grid },
          ticks: { color: t.foreground, font: font(t, -1), callback: (v: number | string) => formatValue(+v, 'count') },
        },
      },
      plugins: {
        ...legendAndTooltip(t, true),
        tooltip: {
          ...legendAndTooltip(t, true).tooltip,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items.length ? `N = ${items[0].parsed.x}` : ''),
            label: (item: TooltipItem<'line'>) =>
              item.datasetIndex === 0
                ? `utilization: ${formatValue(item.parsed.y ?? 0, 'percent', true)}`
                : `major faults: ${formatValue(item.parsed.y ?? 0, 'count', true)}`,
          },
        },
        kmlabThrashMarker: this.markerOptions(),
      },
    };
  }

  setPoints(points: readonly Case2Point[], thrash: ThrashingPoint | null): void {
    const sorted = [...points].sort((a, b) => a.n - b.n);
    this.thrash = thrash;
    const ds = this.chart.data.datasets;
    ds[0].data = sorted.map((p) => ({ x: p.n, y: p.utilization }));
    ds[1].data = sorted.map((p) => ({ x: p.n, y: p.majorFaults }));
    const plugins = this.chart.options.plugins as Record<string, unknown>;
    plugins.kmlabThrashMarker = this.markerOptions();
  }

  private markerOptions(): ThrashMarkerOptions {
    const t = this.theme;
    return { thrash: this.thrash, color: t.alert, background: t.background, fontFamily: t.fontFamily, fontSize: t.fontSize - 1 };
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    const d = this.chart.data.datasets;
    this.chart.data.datasets = this.datasets(d[0].data, d[1].data);
    this.chart.options = this.options();
  }

  update(): void {
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}

// ───────────────────────────── PNG export ─────────────────────────────

/**
 * The chart as a PNG data URL on an opaque background (a transparent PNG with light text is
 * unreadable in most image viewers), with the title drawn above it.
 */
export function chartToPng(chart: Chart, title: string, theme: ChartTheme): string {
  const src = chart.canvas;
  const ratio = src.width / Math.max(1, src.clientWidth || src.width);
  const band = Math.round((theme.fontSize + 16) * ratio);
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height + band;
  const ctx = out.getContext('2d');
  if (!ctx) return src.toDataURL('image/png');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = theme.foreground;
  ctx.font = `600 ${Math.round((theme.fontSize + 1) * ratio)}px ${theme.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, Math.round(8 * ratio), band / 2);
  ctx.drawImage(src, 0, band);
  return out.toDataURL('image/png');
}
