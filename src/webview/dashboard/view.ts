// The dashboard's DOM: header with machine info and toolbar, tabs, chart cards, the live text
// summary and the data tables. Built once with createElement/textContent.
import type { ChartTab } from '../../shared/protocol';
import { h } from '../charts/dom';

export type ChartId = Exclude<ChartTab, 'overview'>;

export interface ChartCard {
  id: ChartId;
  section: HTMLElement;
  canvas: HTMLCanvasElement;
  wrap: HTMLElement;
  empty: HTMLElement;
  selection: HTMLElement;
}

export interface DashboardView {
  root: HTMLElement;
  source: HTMLElement;
  liveBadge: HTMLElement;
  machine: HTMLElement;
  follow: HTMLButtonElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  zoomReset: HTMLButtonElement;
  rangeLabel: HTMLElement;
  exportPng: HTMLButtonElement;
  exportCsv: HTMLButtonElement;
  exportData: HTMLButtonElement;
  tabs: Map<ChartTab, HTMLButtonElement>;
  panels: HTMLElement;
  cards: Map<ChartId, ChartCard>;
  summary: HTMLElement;
  details: HTMLDetailsElement;
  secondsTable: HTMLTableElement;
  processTable: HTMLTableElement;
  case2Table: HTMLTableElement;
  status: HTMLElement;
}

export const CHART_INFO: Record<ChartId, { title: string; hint: string; empty: string; time: boolean }> = {
  accumulated: {
    title: 'Accumulated page faults',
    hint: 'Minor + major faults since the first sample: the case-study-1 plot. One step per work iteration.',
    empty: 'No samples yet. Register a process (echo "R <pid>" > /proc/mp3/status) and the profiler samples every 50 ms.',
    time: true,
  },
  rates: {
    title: 'Page-fault rate',
    hint: 'Minor and major faults per second over each 50 ms sample period.',
    empty: 'No samples yet.',
    time: true,
  },
  cpu: {
    title: 'CPU utilization',
    hint: '(utime + stime) of the registered processes / sample period. 100 % = one CPU busy.',
    empty: 'No samples yet.',
    time: true,
  },
  processes: {
    title: 'Per-process breakdown',
    hint: 'Faults and CPU time of each process, as the kernel counts them. * = registered.',
    empty: 'No processes.',
    time: false,
  },
  case2: {
    title: 'Case study 2: utilization vs N',
    hint: 'Total CPU utilization of N copies of work 200 R 10000. The marked point is where it stops growing.',
    empty: 'No case-study-2 runs yet. Run "Kernel Memory Lab: Run Case Study 2" to fill this chart.',
    time: false,
  },
};

const TAB_LABELS: Record<ChartTab, string> = {
  overview: 'Overview',
  accumulated: 'Accumulated',
  rates: 'Fault rate',
  cpu: 'CPU',
  processes: 'Processes',
  case2: 'Case study 2',
};

function button(label: string, attrs: Record<string, string | boolean | undefined> = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attrs }, label);
}

function card(id: ChartId): ChartCard {
  const info = CHART_INFO[id];
  const canvas = h('canvas', { role: 'img', 'aria-label': `${info.title} chart. The data is in the tables below.`, tabindex: info.time ? 0 : undefined });
  const empty = h('p', { class: 'empty' }, info.empty);
  const selection = h('div', { class: 'selection', hidden: true });
  const wrap = h('div', { class: `canvas-wrap${info.time ? ' zoomable' : ''}` }, canvas, selection, empty);
  const titleId = `title-${id}`;
  const section = h(
    'section',
    { class: 'card', id: `panel-${id}`, 'data-chart': id, 'aria-labelledby': titleId },
    h('h2', { id: titleId }, info.title),
    h('p', { class: 'hint' }, info.hint),
    wrap,
  );
  return { id, section, canvas, wrap, empty, selection };
}

export function buildView(root: HTMLElement): DashboardView {
  const source = h('span', { class: 'source' });
  const liveBadge = h('span', { class: 'badge', hidden: true }, 'live');
  const machine = h('p', { class: 'machine' });
  const follow = button('Follow live', { 'aria-pressed': 'true', title: 'Keep the newest samples in view' });
  const zoomIn = button('Zoom in', { title: 'Zoom in (or: mouse wheel / drag a range on a chart; + key)' });
  const zoomOut = button('Zoom out', { title: 'Zoom out (− key)' });
  const zoomReset = button('Show all', { title: 'Show the whole run (double-click a chart; 0 key)' });
  const rangeLabel = h('span', { class: 'range', 'aria-live': 'off' });
  const exportPng = button('PNG', { title: 'Save the chart shown as a PNG image' });
  const exportCsv = button('CSV', { title: 'Save the samples as CSV' });
  const exportData = button('Data', { title: 'Save the samples in the monitor format (profile.data)' });
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart controls' },
    follow,
    h('span', { class: 'group', role: 'group', 'aria-label': 'Zoom' }, zoomIn, zoomOut, zoomReset),
    rangeLabel,
    h('span', { class: 'group export', role: 'group', 'aria-label': 'Export' }, h('span', { class: 'label' }, 'Export'), exportPng, exportCsv, exportData),
  );
  const header = h('header', {}, h('div', { class: 'title-row' }, h('h1', {}, 'Profiler dashboard'), source, liveBadge), machine, toolbar);

  const tabs = new Map<ChartTab, HTMLButtonElement>();
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Charts' });
  for (const t of Object.keys(TAB_LABELS) as ChartTab[]) {
    const b = h('button', {
      type: 'button',
      role: 'tab',
      id: `tab-${t}`,
      'aria-selected': 'false',
      'aria-controls': t === 'overview' ? 'panels' : `panel-${t}`,
      tabindex: -1,
      'data-tab': t,
    }, TAB_LABELS[t]);
    tabs.set(t, b);
    tablist.append(b);
  }

  const cards = new Map<ChartId, ChartCard>();
  const panels = h('main', { id: 'panels', class: 'panels overview' });
  for (const id of ['accumulated', 'rates', 'cpu', 'processes', 'case2'] as ChartId[]) {
    const c = card(id);
    cards.set(id, c);
    panels.append(c.section);
  }

  const summary = h('p', { id: 'summary', class: 'summary', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const secondsTable = h('table', { class: 'data' });
  const processTable = h('table', { class: 'data' });
  const case2Table = h('table', { class: 'data' });
  const details = h(
    'details',
    { class: 'tables' },
    h('summary', {}, 'Data tables'),
    h('div', { class: 'table-scroll' }, secondsTable),
    h('div', { class: 'table-scroll' }, processTable),
    h('div', { class: 'table-scroll' }, case2Table),
  );
  const status = h('p', { class: 'status', role: 'status' });

  root.replaceChildren(header, tablist, panels, summary, details, status);
  return {
    root, source, liveBadge, machine, follow, zoomIn, zoomOut, zoomReset, rangeLabel, exportPng, exportCsv, exportData,
    tabs, panels, cards, summary, details, secondsTable, processTable, case2Table, status,
  };
}
