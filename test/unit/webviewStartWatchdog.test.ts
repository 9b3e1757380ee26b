// The recovery policy the dashboard and the guide share when a webview's document does not start
// (src/extension/webviewStartWatchdog.ts), driven with a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebviewStartWatchdog, type StartWatchdogOptions } from '../../src/extension/webviewStartWatchdog';

function harness(over: Partial<StartWatchdogOptions> = {}) {
  const timers = new Map<number, () => void>();
  let nextId = 1;
  const events: string[] = [];
  const state = { visible: true };
  const w = new WebviewStartWatchdog({
    name: 'Panel',
    log: { warn: (m) => events.push(`warn ${m}`) },
    isVisible: () => state.visible,
    reloadPage: () => events.push('reload'),
    replacePanel: (attempt) => events.push(`replace ${attempt}`),
    setTimer: (fn) => {
      const id = nextId++;
      timers.set(id, fn);
      return id;
    },
    clearTimer: (h) => timers.delete(h as number),
    ...over,
  });
  /** Fires every pending timer once (the timeout elapsing). */
  const elapse = (): void => {
    const due = [...timers.values()];
    timers.clear();
    for (const fn of due) fn();
  };
  const actions = () => events.filter((e) => !e.startsWith('warn'));
  return { w, elapse, events, actions, state, pending: () => timers.size };
}

test('a document that starts in time: nothing happens', () => {
  const h = harness();
  h.w.arm();
  h.w.started();
  assert.equal(h.pending(), 0);
  h.elapse();
  assert.deepEqual(h.events, []);
});

test('no start: the page is reloaded, then the panel replaced, then it gives up with a hint', () => {
  const h = harness({ maxReloads: 2, maxReplacements: 1 });
  h.w.arm();
  h.elapse();
  h.elapse();
  assert.deepEqual(h.actions(), ['reload', 'reload']);
  h.elapse();
  assert.deepEqual(h.actions(), ['reload', 'reload', 'replace 1']);
  assert.equal(h.pending(), 0, 'the replaced panel watches no more (its successor has its own watchdog)');
  // The successor starts with the next replacement, and after the last one only logs.
  const next = harness({ maxReloads: 2, maxReplacements: 1, replacementsSoFar: 1 });
  next.w.arm();
  next.elapse();
  assert.deepEqual(next.actions(), []);
  assert.match(next.events.join('\n'), /Panel: the webview did not start; close the panel and open it again/);
});

test('a successor panel skips the page reloads and goes on with replacements', () => {
  const h = harness({ replacementsSoFar: 1, maxReplacements: 2 });
  h.w.arm();
  h.elapse();
  assert.deepEqual(h.actions(), ['replace 2']);
});

test('hidden panels are not reloaded; a start resets the reload budget but not the replacements', () => {
  const h = harness({ maxReloads: 1 });
  h.w.arm();
  h.state.visible = false;
  h.elapse();
  assert.deepEqual(h.actions(), [], 'hidden when the timeout fired');
  h.state.visible = true;
  h.w.arm();
  h.w.hidden();
  assert.equal(h.pending(), 0, 'hiding stops the wait');
  h.w.arm();
  h.elapse(); // reload 1 (of 1)
  h.w.started(); // the reloaded page started
  h.w.arm(); // shown again later, fails again: a reload is allowed again
  h.elapse();
  assert.deepEqual(h.actions(), ['reload', 'reload']);
  h.elapse();
  assert.deepEqual(h.actions(), ['reload', 'reload', 'replace 1']);
});

test('after dispose nothing fires', () => {
  const h = harness();
  h.w.arm();
  h.w.dispose();
  h.elapse();
  h.w.arm();
  h.elapse();
  assert.deepEqual(h.events, []);
});
