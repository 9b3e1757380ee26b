// The report page's script: draws the lab's three plots from the JSON the page embeds, with the
// dashboard's chart code. Case-1 plots share one y scale so the two runs compare at a glance.
import { REPORT_DATA_ID, type ReportData } from '../../shared/reportData';
import { SeriesBuilder } from '../../shared/series';
import { findThrashingPoint } from '../../shared/thrashing';
import { Case2Chart, TimeChart } from '../charts/charts';
import { readTheme } from '../charts/theme';

const COLORS = ['blue', 'orange', 'green', 'purple'] as const;

function main(): void {
  const el = document.getElementById(REPORT_DATA_ID);
  if (!el?.textContent) return;
  const data = JSON.parse(el.textContent) as ReportData;
  const theme = readTheme();
  const charts: (TimeChart | Case2Chart)[] = [];

  const series = data.runs.map((r) => {
    const b = new SeriesBuilder(data.hz);
    b.append(r.samples);
    return b;
  });
  const yMax = Math.max(1, ...series.map((s) => (s.length ? s.accumulated[s.length - 1].y : 0)));
  data.runs.forEach((run, i) => {
    const canvas = document.getElementById(run.canvasId);
    if (!(canvas instanceof HTMLCanvasElement)) return;
    const chart = new TimeChart(canvas, theme, {
      yTitle: 'accumulated page faults',
      yFormat: 'count',
      yMax: niceCeil(yMax),
      series: [{ label: `${run.name}: minor + major faults`, color: COLORS[i % COLORS.length], data: series[i].accumulated, fill: true }],
    });
    chart.update();
    charts.push(chart);
  });

  if (data.case2) {
    const canvas = document.getElementById(data.case2.canvasId);
    if (canvas instanceof HTMLCanvasElement) {
      const c = new Case2Chart(canvas, theme);
      c.setPoints(data.case2.points, findThrashingPoint(data.case2.points));
      c.update();
      charts.push(c);
    }
  }
  // Print layout has other widths: redraw at the printed size.
  window.addEventListener('beforeprint', () => charts.forEach((c) => c.chart.resize()));
  window.addEventListener('resize', () => charts.forEach((c) => c instanceof TimeChart && c.update()));
  document.body.dataset.chartsReady = String(charts.length);
}

/** 1234 → 1500, 98000 → 100000: a round axis maximum just above v. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

main();
