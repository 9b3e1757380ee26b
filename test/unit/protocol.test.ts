import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CHART_TABS,
  EXPORT_FORMATS,
  PROTOCOL_VERSION,
  parseHostMessage,
  parseWebviewMessage,
  type HostMessage,
  type WebviewMessage,
} from '../../src/shared/protocol';
import { assertProperty } from './helpers/property';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const VALID_WEBVIEW: WebviewMessage[] = [
  { type: 'ready', protocol: PROTOCOL_VERSION },
  { type: 'export', format: 'png', pngDataUrl: PNG, chart: 'case2' },
  { type: 'export', format: 'csv' },
  { type: 'export', format: 'data' },
  { type: 'viewState', state: { followLive: false, zoom: { from: 1, to: 2.5 }, tab: 'rates' } },
  { type: 'viewState', state: { followLive: true, zoom: null, tab: 'overview' } },
  { type: 'error', message: 'boom', stack: 'at x' },
  { type: 'error', message: '' },
];

test('well-formed webview messages are accepted unchanged', () => {
  for (const m of VALID_WEBVIEW) {
    const r = parseWebviewMessage(structuredClone(m));
    assert.ok(r.ok, JSON.stringify(m) + (r.ok ? '' : r.error));
    assert.deepEqual(r.message, m);
  }
});

test('malformed webview messages are rejected with a clear error', () => {
  const cases: [unknown, RegExp][] = [
    [null, /expected an object, got null/],
    ['ready', /expected an object/],
    [[{ type: 'ready' }], /got an array/],
    [{}, /missing "type"/],
    [{ type: 'hydrate' }, /message.type: expected one of 'ready', 'export', 'viewState', 'error'/],
    [{ type: 'ready' }, /ready: missing "protocol"/],
    [{ type: 'ready', protocol: '1' }, /ready.protocol: expected a finite number/],
    [{ type: 'ready', protocol: 1, extra: true }, /unexpected property "extra"/],
    [{ type: 'export', format: 'svg' }, /export.format: expected one of 'png', 'csv', 'data'/],
    [{ type: 'export', format: 'png' }, /export.pngDataUrl: expected a string/],
    [{ type: 'export', format: 'png', pngDataUrl: 'data:text/html;base64,PGI+' }, /data:image\/png;base64 URL/],
    [{ type: 'export', format: 'png', pngDataUrl: 'javascript:alert(1)' }, /data:image\/png;base64 URL/],
    [{ type: 'export', format: 'csv', pngDataUrl: PNG }, /only allowed with format 'png'/],
    [{ type: 'export', format: 'csv', chart: 'pie' }, /export.chart/],
    [{ type: 'viewState', state: { followLive: 1, zoom: null, tab: 'cpu' } }, /followLive: expected a boolean/],
    [{ type: 'viewState', state: { followLive: true, zoom: { from: 3, to: 3 }, tab: 'cpu' } }, /"from" \(3\) must be less than "to" \(3\)/],
    [{ type: 'viewState', state: { followLive: true, zoom: { from: -1, to: 3 }, tab: 'cpu' } }, /zoom.from: must be ≥ 0/],
    [{ type: 'viewState', state: { followLive: true, zoom: { from: 0, to: Infinity }, tab: 'cpu' } }, /finite number/],
    [{ type: 'viewState', state: { followLive: true, zoom: null } }, /missing "tab"/],
    [{ type: 'error', message: 'x'.repeat(20_000) }, /longer than/],
    [{ type: 'error', message: 'x', stack: 5 }, /error.stack: expected a string/],
  ];
  for (const [value, re] of cases) {
    const r = parseWebviewMessage(value);
    assert.equal(r.ok, false, JSON.stringify(value)?.slice(0, 80));
    if (!r.ok) assert.match(r.error, re);
  }
});

/** An independent statement of what a well-formed webview message is. */
function wellFormed(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  switch (o.type) {
    case 'ready':
      return keys === 'protocol,type' && Number.isSafeInteger(o.protocol) && (o.protocol as number) >= 0;
    case 'export': {
      if (!(EXPORT_FORMATS as readonly unknown[]).includes(o.format)) return false;
      if (o.chart !== undefined && !(CHART_TABS as readonly unknown[]).includes(o.chart)) return false;
      const allowed = o.format === 'png' ? ['chart', 'format', 'pngDataUrl', 'type'] : ['chart', 'format', 'type'];
      if (!Object.keys(o).every((k) => allowed.includes(k))) return false;
      return o.format !== 'png' || (typeof o.pngDataUrl === 'string' && /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/.test(o.pngDataUrl));
    }
    case 'viewState': {
      if (keys !== 'state,type') return false;
      const s = o.state as Record<string, unknown>;
      if (typeof s !== 'object' || s === null || Array.isArray(s) || Object.keys(s).sort().join(',') !== 'followLive,tab,zoom') return false;
      if (typeof s.followLive !== 'boolean' || !(CHART_TABS as readonly unknown[]).includes(s.tab)) return false;
      if (s.zoom === null) return true;
      const z = s.zoom as Record<string, unknown>;
      return typeof z === 'object' && z !== null && !Array.isArray(z) && Object.keys(z).sort().join(',') === 'from,to' &&
        finite(z.from) && finite(z.to) && (z.from as number) >= 0 && (z.from as number) < (z.to as number);
    }
    case 'error':
      return Object.keys(o).every((k) => ['message', 'stack', 'type'].includes(k)) && typeof o.message === 'string' &&
        o.message.length <= 16384 && (o.stack === undefined || (typeof o.stack === 'string' && o.stack.length <= 16384));
    default:
      return false;
  }
}

test('the independent checker agrees on the hand-written cases', () => {
  for (const m of VALID_WEBVIEW) assert.ok(wellFormed(m), JSON.stringify(m));
});

/** Values shaped like messages, with every field possibly wrong. */
const near = fc.oneof(fc.anything(), fc.constantFrom(...CHART_TABS, ...EXPORT_FORMATS, PNG, true, false, null, 0, 1, -1, 2.5));
const messageish = fc.oneof(
  fc.anything(),
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('ready', 'export', 'viewState', 'error', 'hydrate'), fc.anything()),
      protocol: near,
      format: near,
      pngDataUrl: near,
      chart: near,
      message: near,
      stack: near,
      state: fc.oneof(
        near,
        fc.record({ followLive: near, tab: near, zoom: fc.oneof(near, fc.record({ from: near, to: near }, { requiredKeys: [] })) }, { requiredKeys: [] }),
      ),
    },
    { requiredKeys: [] },
  ),
);

test('fuzz: a random value is accepted only if it is well-formed, and then returned as is', () => {
  assertProperty(
    fc.property(messageish, (v) => {
      const r = parseWebviewMessage(v);
      assert.equal(r.ok, wellFormed(v), `${JSON.stringify(v)?.slice(0, 200)} → ${r.ok ? 'accepted' : r.error}`);
      if (r.ok) assert.deepEqual(r.message, v);
      else assert.ok(r.error.length > 0);
    }),
    { numRuns: 5000 },
  );
});

test('fuzz: mutating one field of a valid message is caught unless still well-formed', () => {
  assertProperty(
    fc.property(fc.constantFrom(...VALID_WEBVIEW), fc.string({ maxLength: 12 }), near, (m, key, value) => {
      const mutated = { ...structuredClone(m), [key]: value } as Record<string, unknown>;
      const r = parseWebviewMessage(mutated);
      assert.equal(r.ok, wellFormed(mutated));
    }),
    { numRuns: 3000 },
  );
});

test('host messages: samples arrive as Float64Array or plain arrays', () => {
  const hydrate: HostMessage = {
    type: 'hydrate',
    protocol: PROTOCOL_VERSION,
    machine: { hz: 1000, cpus: 2, ramMiB: 4096, swapMiB: 2048, policy: 'linux' },
    source: { label: 'Live', live: true },
    samples: Float64Array.from([1, 2, 3, 4]),
    firstIndex: 0,
    historyCap: 12000,
    processes: [{ pid: 5, comm: 'work', state: 'running', registered: true, minFlt: 1, majFlt: 0, cpuNs: 7 }],
    caseStudy2: [{ n: 5, utilization: 0.1, majorFaults: 0 }],
    viewState: null,
  };
  const r = parseHostMessage(structuredClone(hydrate));
  assert.ok(r.ok);
  assert.deepEqual(r.message, hydrate);
  const r2 = parseHostMessage({ type: 'samples', reset: false, firstIndex: 3, samples: [1, 2, 3, 4, 5, 6, 7, 8] });
  assert.ok(r2.ok && r2.message.type === 'samples' && r2.message.samples instanceof Float64Array);
  for (const bad of [
    { type: 'samples', reset: false, firstIndex: 0, samples: [1, 2, 3] },
    { type: 'samples', reset: false, firstIndex: 0, samples: [1, 2, 3, -4] },
    { type: 'samples', reset: false, firstIndex: 0, samples: [1, 2, 3, NaN] },
    { type: 'samples', reset: false, firstIndex: 0, samples: new Uint8Array(4) },
    { type: 'processes', rows: [{ pid: 1, comm: 'x', state: 'flying', registered: true, minFlt: 0, majFlt: 0, cpuNs: 0 }] },
    { type: 'machine', machine: { hz: 0, cpus: 1, ramMiB: 1, swapMiB: 0, policy: 'x' }, source: { label: '', live: false } },
    { type: 'caseStudy2', points: [{ n: 0, utilization: 1, majorFaults: 0 }] },
    { type: 'exportResult', format: 'png', ok: 'yes', detail: '' },
  ]) {
    assert.equal(parseHostMessage(bad).ok, false, JSON.stringify(bad));
  }
});

test('fuzz: parseHostMessage never throws', () => {
  assertProperty(
    fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom('hydrate', 'samples', 'processes', 'caseStudy2', 'machine', 'exportResult'), samples: fc.anything(), rows: fc.anything(), points: fc.anything() }, { requiredKeys: ['type'] })), (v) => {
      const r = parseHostMessage(v);
      assert.equal(typeof r.ok, 'boolean');
    }),
    { numRuns: 3000 },
  );
});
