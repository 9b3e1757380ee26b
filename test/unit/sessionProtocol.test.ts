// The session interface's messages (src/lab/sessionProtocol.ts) are validated on arrival like
// the webview protocol: every well-formed request and event is accepted unchanged, anything
// else is refused with the path of the bad field, and no input makes a validator throw.
// Property tests print their seed on failure; FC_SEED=<seed> replays one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { assertProperty } from './helpers/property';
import {
  CALL_TYPES, SESSION_PROTOCOL_VERSION, parseCallResult, parseMachineEvent, parseSessionRequest,
  type MachineEvent, type SessionRequest,
} from '../../src/lab/sessionProtocol';
import { MachineWorker } from '../../src/host/machineWorkerHost';
import { SessionClosedError } from '../../src/lab/sessionClient';

const params = (numRuns: number) => ({ numRuns, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) });

const VALID_REQUESTS: SessionRequest[] = [
  { type: 'boot', id: 1, protocol: SESSION_PROTOCOL_VERSION, config: { ramMiB: 512, disk: { kind: 'ssd', latencyNs: 1 } }, speed: 10 },
  { type: 'boot', id: 2, protocol: SESSION_PROTOCOL_VERSION, config: {}, speed: 'max', home: '/tmp/home' },
  { type: 'setSpeed', id: 3, speed: 1 },
  { type: 'exec', id: 4, line: 'insmod mp3.ko', paced: false },
  { type: 'exec', id: 5, line: './monitor > p.data', paced: true, maxSimNs: 1e9 },
  { type: 'startWorkload', id: 6, line: 'nice ./work 200 R 10000 &', processes: 1 },
  { type: 'stopWorkload', id: 7 },
  { type: 'signal', id: 8, pid: 1003, sig: 19 },
  { type: 'register', id: 9, pid: 1003, op: 'U' },
  { type: 'readFile', id: 10, path: '/proc/mp3/status' },
  { type: 'writeFile', id: 11, path: '/proc/mp3/status', data: 'R 1003\n' },
  { type: 'stat', id: 12, path: '/proc' },
  { type: 'readdir', id: 13, path: '/proc/mp3' },
  { type: 'ttyOpen', id: 14, rows: 24, cols: 80 },
  { type: 'ttyOpen', id: 15, rows: 24, cols: 80, script: 'echo hi' },
  { type: 'ttyInput', id: 16, tty: 0, data: 'ls\r' },
  { type: 'ttyResize', id: 17, tty: 0, rows: 50, cols: 120 },
  { type: 'ttyHangup', id: 18, tty: 0 },
  { type: 'ping', id: 19 },
];

const proc = { pid: 1003, ppid: 1000, comm: 'work', cmdline: './work 200 R 10000', state: 'R', nice: 10, registered: true, minFlt: 5, majFlt: 1, cpuNs: 7, rssPages: 3, swapPages: 0 } as const;
const VALID_EVENTS: MachineEvent[] = [
  { type: 'reply', id: 1, ok: true, result: null },
  { type: 'reply', id: 2, ok: false, error: 'the machine has not booted' },
  {
    type: 'state',
    state: {
      uptimeNs: 1e9, jiffies: 4294668296, moduleLoaded: true, busy: true, running: true, achievedSpeed: 9.9,
      registered: [1003], processes: [{ ...proc }],
      machine: { hz: 1000, cpus: 2, ramMiB: 4096, swapMiB: 2048, policy: 'linux', diskLatencyNs: 100000, seed: 1 },
      loop: { slices: 3, maxSliceMs: 21 },
    },
  },
  { type: 'buffer', generation: 1, attached: true, pages: [{ page: 127, bytes: new Uint8Array(4096) }] },
  { type: 'buffer', generation: 2, attached: false, pages: [] },
  { type: 'dmesg', text: '[    1.000000] mp3: module loaded\n' },
  { type: 'ttyOutput', tty: 0, data: 'student@lab:~$ ' },
  { type: 'ttyClosed', tty: 0, status: 0x300 },
  { type: 'exit', pid: 1003, comm: 'work', cmdline: 'nice ./work 200 R 10000', status: 0 },
  { type: 'fatal', error: 'Error: boom' },
];

test('well-formed requests and events are accepted unchanged', () => {
  for (const m of VALID_REQUESTS) {
    const r = parseSessionRequest(structuredClone(m));
    assert.ok(r.ok, `${JSON.stringify(m)}: ${r.ok ? '' : r.error}`);
    assert.deepEqual(r.message, m);
  }
  for (const m of VALID_EVENTS) {
    const r = parseMachineEvent(structuredClone(m));
    assert.ok(r.ok, `${m.type}: ${r.ok ? '' : r.error}`);
    assert.deepEqual(r.message, m);
  }
  assert.deepEqual(new Set(VALID_REQUESTS.map((m) => m.type)), new Set(CALL_TYPES), 'every call type is covered');
});

test('malformed messages are refused with the path of the bad field', () => {
  const cases: [unknown, RegExp][] = [
    [null, /request: expected an object, got null/],
    [{ type: 'exec', id: 1, line: 'ls' }, /exec: missing "paced"/],
    [{ type: 'exec', id: 1, line: 7, paced: false }, /exec\.line: expected a string/],
    [{ type: 'boot', id: 1, protocol: 99, config: {}, speed: 1 }, /boot\.protocol: expected version 1, got 99/],
    [{ type: 'boot', id: 1, protocol: 1, config: { ramMiB: [1] }, speed: 1 }, /boot\.config\.ramMiB/],
    [{ type: 'setSpeed', id: 1, speed: 0 }, /speed: must be > 0 or 'max'/],
    [{ type: 'setSpeed', id: 1, speed: 1e6 }, /speed: must be ≤ 1000/],
    [{ type: 'readFile', id: 1, path: 'proc/x' }, /readFile\.path: expected an absolute path/],
    [{ type: 'signal', id: 1, pid: 1.5, sig: 9 }, /signal\.pid: expected an integer/],
    [{ type: 'register', id: 1, pid: 3, op: 'X' }, /register\.op: expected one of 'R', 'U'/],
    [{ type: 'ping', id: 1, extra: 1 }, /unexpected property "extra"/],
    [{ type: 'nope', id: 1 }, /request\.type: expected one of/],
  ];
  for (const [v, re] of cases) {
    const r = parseSessionRequest(v);
    assert.equal(r.ok, false, JSON.stringify(v));
    if (!r.ok) assert.match(r.error, re);
  }
  const badEvents: [unknown, RegExp][] = [
    [{ type: 'buffer', generation: 1, attached: true, pages: [{ page: 128, bytes: new Uint8Array(4096) }] }, /pages\[0\]\.page: must be ≤ 127/],
    [{ type: 'buffer', generation: 1, attached: true, pages: [{ page: 0, bytes: new Uint8Array(10) }] }, /expected 4096 bytes, got 10/],
    [{ type: 'state', state: { ...VALID_EVENTS[2].type === 'state' ? (VALID_EVENTS[2] as { state: object }).state : {}, processes: [{ ...proc, state: 'Q' }] } }, /state\.processes\[0\]\.state/],
    [{ type: 'reply', id: 1, ok: true }, /reply: missing "result"/],
  ];
  for (const [v, re] of badEvents) {
    const r = parseMachineEvent(v);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, re);
  }
  assert.equal(parseCallResult('exec', { status: 0, output: '', finished: 'yes' }).ok, false);
  assert.deepEqual(parseCallResult('readFile', { text: 'x' }), { ok: true, message: { text: 'x' } });
  assert.deepEqual(parseCallResult('stat', { errno: -2 }), { ok: true, message: { errno: -2 } });
});

const near = fc.oneof(fc.anything(), fc.constantFrom(...CALL_TYPES, 'R', 'U', 'max', '/proc', 0, 1, -1, 1.5, 1e9, true, false, null, ''));

test('fuzz: no input makes the validators throw; what they accept round-trips', () => {
  assertProperty(
    fc.property(fc.oneof(fc.anything(), fc.record({ type: near, id: near, line: near, paced: near, path: near, pid: near, sig: near, op: near, speed: near }, { requiredKeys: [] })), (v) => {
      const r = parseSessionRequest(v);
      if (r.ok) assert.deepEqual(parseSessionRequest(structuredClone(r.message)), r);
      else assert.ok(r.error.length > 0);
      const e = parseMachineEvent(v);
      if (!e.ok) assert.ok(e.error.length > 0);
    }),
    params(5000),
  );
});

test('fuzz: one field of a valid request replaced is refused unless the result is still valid for its type', () => {
  assertProperty(
    fc.property(fc.constantFrom(...VALID_REQUESTS), fc.constantFrom('type', 'id', 'line', 'paced', 'path', 'pid', 'sig', 'op', 'speed', 'rows', 'tty', 'x'), near, (m, key, value) => {
      const mutated = { ...structuredClone(m), [key]: value } as Record<string, unknown>;
      const r = parseSessionRequest(mutated);
      // Accepted only as exactly what was sent (nothing coerced, nothing dropped).
      if (r.ok) assert.deepEqual(r.message, mutated);
    }),
    params(5000),
  );
});

test('heartbeat: a worker that stops answering is terminated, and pending calls fail', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmlab-hang-'));
  const file = path.join(dir, 'hang.js');
  // A machine whose module code never returns: it takes the request and spins.
  fs.writeFileSync(file, "require('node:worker_threads').parentPort.on('message', () => { for (;;) {} });\n");
  let silentMs = 0;
  const w = new MachineWorker({ workerFile: file, heartbeatMs: 50, timeoutMs: 400, onUnresponsive: (ms) => (silentMs = ms), onCrash: () => undefined });
  const call = w.client.exec('true');
  await assert.rejects(call, (e: Error) => e instanceof SessionClosedError && /stopped answering for \d+\.\d s/.test(e.message));
  assert.ok(silentMs > 400, `declared stuck after ${silentMs} ms`);
  assert.equal(w.alive, false);
  await w.terminate();
  fs.rmSync(dir, { recursive: true, force: true });
});
