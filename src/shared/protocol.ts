// THE protocol between the dashboard panel host (src/extension/dashboard/) and the dashboard
// webview (src/webview/dashboard/). One file: types for both directions, the version, and the
// runtime validators. The host validates EVERY message from the webview with
// `parseWebviewMessage` (a bad one is logged and changes nothing); the webview checks what the
// host sends with `parseHostMessage` (cheap, defensive; it also accepts samples as a plain array).
//
// Conversation (the shape of vscode-js-profile-visualizer's realtime view):
//   webview → host  ready                      on load (and again to ask for a resync)
//   host → webview  hydrate                    full snapshot: machine, sample history, processes,
//                                              case-2 points, last known view state
//   host → webview  samples | processes | caseStudy2 | machine    deltas, only while visible
//   webview → host  viewState                  when the user changes tab / zoom / follow-live
//   webview → host  export                     PNG (with the data URL) / CSV / monitor data
//   host → webview  exportResult               outcome, for the status line
//   webview → host  error                      an exception in the webview, for the host's log
// Hidden views get nothing; when shown again the host sends a fresh `hydrate`.
import { SAMPLE_WIDTH, type SampleArray } from './samples';

/** Bumped whenever a message shape changes incompatibly. */
export const PROTOCOL_VERSION = 1;

// ───────────────────────────── data types ─────────────────────────────

/** The simulated machine, as configured (HZ is needed to turn jiffies into seconds). */
export interface MachineInfo {
  hz: number;
  cpus: number;
  ramMiB: number;
  swapMiB: number;
  /** Page replacement policy id, e.g. 'linux', 'fifo', 'lru', 'clock', 'opt', 'random'. */
  policy: string;
  /** Free text such as "Linux 5.15 (simulated)". */
  kernel?: string;
  diskLatencyMs?: number;
  seed?: number;
}

/** Where the samples come from: the live simulated kernel, or a loaded file. */
export interface SourceInfo {
  /** Short label shown in the header, e.g. "Live: simulated kernel" or "profile1.data". */
  label: string;
  /** True while samples may still arrive (a run is in progress). */
  live: boolean;
}

export const PROCESS_STATES = ['running', 'runnable', 'sleeping', 'disk-sleep', 'stopped', 'zombie', 'exited'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

/** One process as the kernel reports it (cumulative counters, like /proc/<pid>/stat). */
export interface ProcessRow {
  pid: number;
  comm: string;
  state: ProcessState;
  /** Registered with /proc/mp3/status. */
  registered: boolean;
  minFlt: number;
  majFlt: number;
  /** utime + stime, ns. */
  cpuNs: number;
}

/** One run of case study 2: N copies of `work 200 R 10000`. */
export interface Case2Point {
  n: number;
  /** Σcpu / wall time of the run (1.0 = one CPU). */
  utilization: number;
  majorFaults: number;
  minorFaults?: number;
  /** Wall time of the run, s. */
  wallSeconds?: number;
}

export const CHART_TABS = ['overview', 'accumulated', 'rates', 'cpu', 'processes', 'case2'] as const;
export type ChartTab = (typeof CHART_TABS)[number];

/** A time range in seconds since the first sample; from < to. */
export interface TimeRange {
  from: number;
  to: number;
}

/** What the webview persists (setState) and reports to the host. Never data. */
export interface ViewState {
  /** Keep the newest samples in view as they arrive. */
  followLive: boolean;
  /** Zoomed time range, or null for everything. */
  zoom: TimeRange | null;
  tab: ChartTab;
}

export const DEFAULT_VIEW_STATE: ViewState = { followLive: true, zoom: null, tab: 'overview' };

export const EXPORT_FORMATS = ['png', 'csv', 'data'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// ───────────────────────────── host → webview ─────────────────────────────

export interface HydrateMessage {
  type: 'hydrate';
  protocol: number;
  machine: MachineInfo;
  source: SourceInfo;
  /** The whole sample history the host has (interleaved, see shared/samples.ts). */
  samples: SampleArray;
  /** Absolute index (since the profiler started) of samples[0]; deltas continue from here. */
  firstIndex: number;
  /** The webview keeps at most this many samples (the profiler ring: 12000). */
  historyCap: number;
  processes: ProcessRow[];
  caseStudy2: Case2Point[];
  /** The host's last known view state (used when the webview has none of its own). */
  viewState: ViewState | null;
}

export interface SamplesMessage {
  type: 'samples';
  /** true: replace the history with `samples` (a new run, a new kernel). false: append. */
  reset: boolean;
  /** Absolute index of samples[0]. When appending it must equal the webview's end index; if it
   * does not, the webview sends `ready` to ask for a fresh snapshot. */
  firstIndex: number;
  samples: SampleArray;
}

export interface ProcessesMessage {
  type: 'processes';
  rows: ProcessRow[];
}

export interface CaseStudy2Message {
  type: 'caseStudy2';
  points: Case2Point[];
}

export interface MachineMessage {
  type: 'machine';
  machine: MachineInfo;
  source: SourceInfo;
}

export interface ExportResultMessage {
  type: 'exportResult';
  format: ExportFormat;
  ok: boolean;
  /** "Saved profile1.data", "Cancelled", or the error. */
  detail: string;
}

export type HostMessage =
  | HydrateMessage
  | SamplesMessage
  | ProcessesMessage
  | CaseStudy2Message
  | MachineMessage
  | ExportResultMessage;
export type HostMessageType = HostMessage['type'];

// ───────────────────────────── webview → host ─────────────────────────────

export interface ReadyMessage {
  type: 'ready';
  protocol: number;
}

export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
  /** Required for 'png' (a `data:image/png;base64,…` URL from canvas.toDataURL), absent otherwise. */
  pngDataUrl?: string;
  /** Which chart the PNG shows (for the default file name). */
  chart?: ChartTab;
}

export interface ViewStateMessage {
  type: 'viewState';
  state: ViewState;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
  stack?: string;
}

export type WebviewMessage = ReadyMessage | ExportMessage | ViewStateMessage | ErrorMessage;
export type WebviewMessageType = WebviewMessage['type'];

// ───────────────────────────── validation ─────────────────────────────

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

/** Largest PNG data URL accepted from the webview (a 4K canvas is ~2–8 MiB). */
export const MAX_PNG_DATA_URL = 32 * 1024 * 1024;
const MAX_TEXT = 16 * 1024;
const MAX_COMM = 256;
const MAX_ROWS = 100_000;

class Invalid extends Error {}

function fail(path: string, what: string): never {
  throw new Invalid(`${path}: ${what}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function obj(v: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) fail(path, `expected an object, got ${describe(v)}`);
  const o = v as Record<string, unknown>;
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(o, k)) fail(path, `missing "${k}"`);
  for (const k of Object.keys(o)) {
    if (!required.includes(k) && !optional.includes(k)) fail(path, `unexpected property "${k}"`);
  }
  return o;
}

function num(v: unknown, path: string, opts: { min?: number; max?: number; int?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `expected a finite number, got ${describe(v)}`);
  if (opts.int && !Number.isSafeInteger(v)) fail(path, `expected an integer, got ${v}`);
  if (opts.min !== undefined && v < opts.min) fail(path, `must be ≥ ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) fail(path, `must be ≤ ${opts.max}, got ${v}`);
  return v;
}

function str(v: unknown, path: string, max = MAX_TEXT): string {
  if (typeof v !== 'string') fail(path, `expected a string, got ${describe(v)}`);
  if (v.length > max) fail(path, `string longer than ${max} characters`);
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected a boolean, got ${describe(v)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, values: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    fail(path, `expected one of ${values.map((x) => `'${x}'`).join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

function arr(v: unknown, path: string, max = MAX_ROWS): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  if (v.length > max) fail(path, `more than ${max} items`);
  return v;
}

function timeRange(v: unknown, path: string): TimeRange {
  const o = obj(v, path, ['from', 'to']);
  const from = num(o.from, `${path}.from`, { min: 0 });
  const to = num(o.to, `${path}.to`, { min: 0 });
  if (!(from < to)) fail(path, `"from" (${from}) must be less than "to" (${to})`);
  return { from, to };
}

export function validateViewState(v: unknown, path = 'viewState'): ViewState {
  const o = obj(v, path, ['followLive', 'zoom', 'tab']);
  return {
    followLive: bool(o.followLive, `${path}.followLive`),
    zoom: o.zoom === null ? null : timeRange(o.zoom, `${path}.zoom`),
    tab: oneOf(o.tab, CHART_TABS, `${path}.tab`),
  };
}

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

function parseWebview(v: unknown): WebviewMessage {
  const head = obj(v, 'message', ['type'], ['protocol', 'format', 'pngDataUrl', 'chart', 'state', 'message', 'stack']);
  const type = oneOf(head.type, ['ready', 'export', 'viewState', 'error'] as const, 'message.type');
  switch (type) {
    case 'ready': {
      const o = obj(v, 'ready', ['type', 'protocol']);
      return { type, protocol: num(o.protocol, 'ready.protocol', { int: true, min: 0 }) };
    }
    case 'export': {
      const o = obj(v, 'export', ['type', 'format'], ['pngDataUrl', 'chart']);
      const format = oneOf(o.format, EXPORT_FORMATS, 'export.format');
      const out: ExportMessage = { type, format };
      if (format === 'png') {
        const url = str(o.pngDataUrl, 'export.pngDataUrl', MAX_PNG_DATA_URL);
        if (!PNG_DATA_URL.test(url)) fail('export.pngDataUrl', 'expected a data:image/png;base64 URL');
        out.pngDataUrl = url;
      } else if (o.pngDataUrl !== undefined) {
        fail('export.pngDataUrl', `only allowed with format 'png'`);
      }
      if (o.chart !== undefined) out.chart = oneOf(o.chart, CHART_TABS, 'export.chart');
      return out;
    }
    case 'viewState': {
      const o = obj(v, 'viewState message', ['type', 'state']);
      return { type, state: validateViewState(o.state, 'viewState.state') };
    }
    case 'error': {
      const o = obj(v, 'error', ['type', 'message'], ['stack']);
      const out: ErrorMessage = { type, message: str(o.message, 'error.message') };
      if (o.stack !== undefined) out.stack = str(o.stack, 'error.stack');
      return out;
    }
  }
}

/** Validates a message from the webview. Anything not exactly of a known shape is rejected. */
export function parseWebviewMessage(value: unknown): ParseResult<WebviewMessage> {
  try {
    return { ok: true, message: parseWebview(value) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

// Host → webview validation (defensive; the webview logs and ignores a bad message).

export function validateMachine(v: unknown, path = 'machine'): MachineInfo {
  const o = obj(v, path, ['hz', 'cpus', 'ramMiB', 'swapMiB', 'policy'], ['kernel', 'diskLatencyMs', 'seed']);
  const m: MachineInfo = {
    hz: num(o.hz, `${path}.hz`, { int: true, min: 1, max: 100_000 }),
    cpus: num(o.cpus, `${path}.cpus`, { int: true, min: 1, max: 4096 }),
    ramMiB: num(o.ramMiB, `${path}.ramMiB`, { min: 0 }),
    swapMiB: num(o.swapMiB, `${path}.swapMiB`, { min: 0 }),
    policy: str(o.policy, `${path}.policy`, 64),
  };
  if (o.kernel !== undefined) m.kernel = str(o.kernel, `${path}.kernel`, 256);
  if (o.diskLatencyMs !== undefined) m.diskLatencyMs = num(o.diskLatencyMs, `${path}.diskLatencyMs`, { min: 0 });
  if (o.seed !== undefined) m.seed = num(o.seed, `${path}.seed`);
  return m;
}

function validateSource(v: unknown, path = 'source'): SourceInfo {
  const o = obj(v, path, ['label', 'live']);
  return { label: str(o.label, `${path}.label`, 512), live: bool(o.live, `${path}.live`) };
}

/** Accepts a Float64Array or a plain number array (length a multiple of 4); returns a Float64Array. */
export function validateSamples(v: unknown, path = 'samples'): SampleArray {
  let out: Float64Array;
  if (v instanceof Float64Array) out = v;
  else if (Array.isArray(v)) {
    out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number') fail(`${path}[${i}]`, `expected a number, got ${describe(x)}`);
      out[i] = x;
    }
  } else fail(path, `expected a Float64Array or number[], got ${describe(v)}`);
  if (out.length % SAMPLE_WIDTH !== 0) fail(path, `length ${out.length} is not a multiple of ${SAMPLE_WIDTH}`);
  for (let i = 0; i < out.length; i++) {
    const x = out[i];
    if (!(x >= 0 && x <= Number.MAX_SAFE_INTEGER)) fail(`${path}[${i}]`, `expected a non-negative safe integer, got ${x}`);
  }
  return out;
}

export function validateProcessRow(v: unknown, path = 'process'): ProcessRow {
  const o = obj(v, path, ['pid', 'comm', 'state', 'registered', 'minFlt', 'majFlt', 'cpuNs']);
  return {
    pid: num(o.pid, `${path}.pid`, { int: true, min: 0 }),
    comm: str(o.comm, `${path}.comm`, MAX_COMM),
    state: oneOf(o.state, PROCESS_STATES, `${path}.state`),
    registered: bool(o.registered, `${path}.registered`),
    minFlt: num(o.minFlt, `${path}.minFlt`, { min: 0 }),
    majFlt: num(o.majFlt, `${path}.majFlt`, { min: 0 }),
    cpuNs: num(o.cpuNs, `${path}.cpuNs`, { min: 0 }),
  };
}

export function validateCase2Point(v: unknown, path = 'point'): Case2Point {
  const o = obj(v, path, ['n', 'utilization', 'majorFaults'], ['minorFaults', 'wallSeconds']);
  const p: Case2Point = {
    n: num(o.n, `${path}.n`, { int: true, min: 1 }),
    utilization: num(o.utilization, `${path}.utilization`, { min: 0 }),
    majorFaults: num(o.majorFaults, `${path}.majorFaults`, { min: 0 }),
  };
  if (o.minorFaults !== undefined) p.minorFaults = num(o.minorFaults, `${path}.minorFaults`, { min: 0 });
  if (o.wallSeconds !== undefined) p.wallSeconds = num(o.wallSeconds, `${path}.wallSeconds`, { min: 0 });
  return p;
}

function parseHost(v: unknown): HostMessage {
  const head = obj(v, 'message', ['type'], [
    'protocol', 'machine', 'source', 'samples', 'firstIndex', 'historyCap', 'processes', 'caseStudy2',
    'viewState', 'reset', 'rows', 'points', 'format', 'ok', 'detail',
  ]);
  const type = oneOf(head.type, ['hydrate', 'samples', 'processes', 'caseStudy2', 'machine', 'exportResult'] as const, 'message.type');
  switch (type) {
    case 'hydrate': {
      const o = obj(v, 'hydrate', ['type', 'protocol', 'machine', 'source', 'samples', 'firstIndex', 'historyCap', 'processes', 'caseStudy2', 'viewState']);
      return {
        type,
        protocol: num(o.protocol, 'hydrate.protocol', { int: true, min: 0 }),
        machine: validateMachine(o.machine, 'hydrate.machine'),
        source: validateSource(o.source, 'hydrate.source'),
        samples: validateSamples(o.samples, 'hydrate.samples'),
        firstIndex: num(o.firstIndex, 'hydrate.firstIndex', { int: true, min: 0 }),
        historyCap: num(o.historyCap, 'hydrate.historyCap', { int: true, min: 1 }),
        processes: arr(o.processes, 'hydrate.processes').map((r, i) => validateProcessRow(r, `hydrate.processes[${i}]`)),
        caseStudy2: arr(o.caseStudy2, 'hydrate.caseStudy2').map((p, i) => validateCase2Point(p, `hydrate.caseStudy2[${i}]`)),
        viewState: o.viewState === null ? null : validateViewState(o.viewState, 'hydrate.viewState'),
      };
    }
    case 'samples': {
      const o = obj(v, 'samples message', ['type', 'reset', 'firstIndex', 'samples']);
      return {
        type,
        reset: bool(o.reset, 'samples.reset'),
        firstIndex: num(o.firstIndex, 'samples.firstIndex', { int: true, min: 0 }),
        samples: validateSamples(o.samples, 'samples.samples'),
      };
    }
    case 'processes': {
      const o = obj(v, 'processes message', ['type', 'rows']);
      return { type, rows: arr(o.rows, 'processes.rows').map((r, i) => validateProcessRow(r, `processes.rows[${i}]`)) };
    }
    case 'caseStudy2': {
      const o = obj(v, 'caseStudy2 message', ['type', 'points']);
      return { type, points: arr(o.points, 'caseStudy2.points').map((p, i) => validateCase2Point(p, `caseStudy2.points[${i}]`)) };
    }
    case 'machine': {
      const o = obj(v, 'machine message', ['type', 'machine', 'source']);
      return { type, machine: validateMachine(o.machine, 'machine.machine'), source: validateSource(o.source, 'machine.source') };
    }
    case 'exportResult': {
      const o = obj(v, 'exportResult', ['type', 'format', 'ok', 'detail']);
      return {
        type,
        format: oneOf(o.format, EXPORT_FORMATS, 'exportResult.format'),
        ok: bool(o.ok, 'exportResult.ok'),
        detail: str(o.detail, 'exportResult.detail'),
      };
    }
  }
}

/** Validates a message from the host (in the webview). Samples may be a Float64Array or number[]. */
export function parseHostMessage(value: unknown): ParseResult<HostMessage> {
  try {
    return { ok: true, message: parseHost(value) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}
