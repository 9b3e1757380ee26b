// The guide webview protocol's validators: exact shapes in, everything else out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  GUIDE_PROTOCOL_VERSION,
  MAX_ACTIONS_PER_STEP,
  parseGuideToHost,
  parseHostToGuide,
  type GuideToHost,
} from '../../src/shared/guideProtocol';
import { assertProperty } from './helpers/property';

const stepIdArb = fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}$/);
const validToHost: fc.Arbitrary<GuideToHost> = fc.oneof(
  fc.integer({ min: 1, max: 9 }).map((version) => ({ type: 'ready' as const, version })),
  fc.record({ type: fc.constant('runAction' as const), stepId: stepIdArb, actionIndex: fc.integer({ min: 0, max: MAX_ACTIONS_PER_STEP - 1 }) }),
  fc.record({ type: fc.constant('setCompleted' as const), stepId: stepIdArb, done: fc.boolean() }),
);

test('valid webview messages are accepted and copied', () => {
  assertProperty(fc.property(validToHost, (msg) => {
    const wire: unknown = JSON.parse(JSON.stringify(msg));
    assert.deepEqual(parseGuideToHost(wire), wire);
  }));
  const m = { type: 'runAction', stepId: 'load.insmod', actionIndex: 0 };
  assert.notEqual(parseGuideToHost(m), m, 'a fresh object, not the input');
});

test('anything else is rejected (fuzz)', () => {
  assertProperty(fc.property(fc.anything(), (x) => {
    const parsed = parseGuideToHost(x);
    if (parsed === undefined) return;
    // If fast-check stumbled on a valid shape, it must really be one.
    assert.ok(['ready', 'runAction', 'setCompleted'].includes(parsed.type));
  }), { numRuns: 2000 });
});

test('wrong shapes are rejected: missing, extra and mistyped keys', () => {
  const bad: unknown[] = [
    null, undefined, 0, 'ready', [], [{ type: 'ready', version: 1 }],
    {}, { type: 'ready' }, { type: 'ready', version: 0 }, { type: 'ready', version: 1.5 }, { type: 'ready', version: '1' },
    { type: 'ready', version: 1, extra: true },
    { type: 'runAction', stepId: 'load.insmod' },
    { type: 'runAction', stepId: 'load.insmod', actionIndex: -1 },
    { type: 'runAction', stepId: 'load.insmod', actionIndex: 1.5 },
    { type: 'runAction', stepId: 'load.insmod', actionIndex: MAX_ACTIONS_PER_STEP },
    { type: 'runAction', stepId: 'load.insmod', actionIndex: '0' },
    { type: 'runAction', stepId: 'Load.Insmod', actionIndex: 0 },
    { type: 'runAction', stepId: '../etc', actionIndex: 0 },
    { type: 'runAction', stepId: '', actionIndex: 0 },
    { type: 'runAction', stepId: 'a'.repeat(200), actionIndex: 0 },
    { type: 'runAction', stepId: 'load.insmod', actionIndex: 0, command: 'workbench.action.terminal.sendSequence' },
    { type: 'setCompleted', stepId: 'load.insmod', done: 'true' },
    { type: 'setCompleted', stepId: 'load.insmod' },
    { type: 'setCompleted', stepId: 7, done: true },
    { type: 'hydrate', version: 1, sections: [], steps: [], completed: [] },
    { type: 'runCommand', command: 'kernelMemoryLab.loadModule' },
    Object.assign(Object.create({ inherited: 1 }), { type: 'ready', version: 1 }),
  ];
  for (const m of bad) assert.equal(parseGuideToHost(m), undefined, JSON.stringify(m));
});

test('a valid message with one key mutated or added is rejected', () => {
  assertProperty(fc.property(validToHost, fc.string({ minLength: 1, maxLength: 8 }), fc.anything(), (msg, key, value) => {
    const keys = Object.keys(msg);
    if (keys.includes(key)) return;
    assert.equal(parseGuideToHost({ ...msg, [key]: value }), undefined);
  }));
  assertProperty(fc.property(validToHost, fc.oneof(fc.string(), fc.object(), fc.constant(null), fc.double()), (msg, value) => {
    for (const k of Object.keys(msg)) {
      if (k === 'type') continue;
      const mutated: unknown = JSON.parse(JSON.stringify({ ...msg, [k]: value }) ?? 'null');
      const parsed = parseGuideToHost(mutated);
      if (parsed) assert.deepEqual(parsed, mutated, 'only a still-valid value may pass');
    }
  }));
});

test('host messages: the webview guard accepts the real shapes and rejects others', () => {
  const step = { id: 'load.insmod', section: 'load', title: 't', body: 'b', expect: 'e', pitfalls: ['p'], actions: [{ kind: 'shell', label: 'Run', line: 'insmod mp3.ko' }, { kind: 'command', label: 'L', command: 'kernelMemoryLab.loadModule', args: [{ preset: 'case2', n: 5 }] }] };
  const hydrate = { type: 'hydrate', version: GUIDE_PROTOCOL_VERSION, sections: [{ id: 'load', number: 1, title: 'Load', intro: 'i' }], steps: [step], completed: [] };
  assert.ok(parseHostToGuide(hydrate));
  assert.ok(parseHostToGuide({ ...hydrate, focusStepId: 'load.insmod' }));
  assert.equal(parseHostToGuide({ ...hydrate, version: GUIDE_PROTOCOL_VERSION + 1 }), undefined);
  assert.equal(parseHostToGuide({ ...hydrate, steps: [{ ...step, actions: [{ kind: 'eval', label: 'x', code: '1' }] }] }), undefined);
  assert.equal(parseHostToGuide({ ...hydrate, steps: [{ ...step, id: 'Bad Id' }] }), undefined);
  assert.equal(parseHostToGuide({ ...hydrate, completed: [1] }), undefined);
  assert.deepEqual(parseHostToGuide({ type: 'progress', completed: ['a.b'] }), { type: 'progress', completed: ['a.b'] });
  assert.equal(parseHostToGuide({ type: 'progress', completed: 'a.b' }), undefined);
  assert.deepEqual(parseHostToGuide({ type: 'focus', stepId: 'a.b' }), { type: 'focus', stepId: 'a.b' });
  assert.ok(parseHostToGuide({ type: 'actionResult', stepId: 'a.b', actionIndex: 0, ok: true, message: 'm' }));
  assert.equal(parseHostToGuide({ type: 'actionResult', stepId: 'a.b', actionIndex: 0, ok: 1, message: 'm' }), undefined);
  assertProperty(fc.property(fc.anything(), (x) => {
    const parsed = parseHostToGuide(x);
    if (parsed) assert.ok(['hydrate', 'progress', 'focus', 'actionResult'].includes(parsed.type));
  }), { numRuns: 1000 });
});
