// The first-run walkthrough contribution: its steps, command links, completion events and media.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string | Record<string, string>; svg?: string; altText?: string };
  completionEvents?: string[];
}
interface Walkthrough { id: string; title: string; description: string; steps: Step[] }

const walkthroughs = (pkg.contributes.walkthroughs ?? []) as Walkthrough[];
const gs = walkthroughs.find((w) => w.id === 'kernelMemoryLab.gettingStarted');

test('the getting-started walkthrough is contributed', () => {
  assert.ok(gs);
  assert.equal(gs.title, 'Get started with Kernel Memory Lab');
  assert.ok(gs.description.length > 20);
  assert.ok(gs.steps.length >= 5 && gs.steps.length <= 6, `${gs.steps.length} steps`);
  assert.equal(new Set(gs.steps.map((s) => s.id)).size, gs.steps.length, 'unique step ids');
});

test('each step has a command link button to a contributed command, and completes on it', () => {
  assert.ok(gs);
  for (const s of gs.steps) {
    const links = [...s.description.matchAll(/\]\(command:([\w.-]+)(?:\?([^)]*))?\)/g)];
    assert.ok(links.length >= 1, `${s.id}: no command link`);
    for (const [, id, args] of links) {
      assert.ok(commands.has(id), `${s.id}: ${id} is not contributed`);
      if (args) assert.doesNotThrow(() => JSON.parse(decodeURIComponent(args)), `${s.id}: args`);
    }
    assert.ok(s.completionEvents && s.completionEvents.length > 0, `${s.id}: completionEvents`);
    for (const e of s.completionEvents) {
      const m = /^onCommand:(.+)$/.exec(e);
      assert.ok(m, `${s.id}: ${e}`);
      assert.ok(commands.has(m[1]), `${s.id}: ${e} names no contributed command`);
      assert.ok(links.some(([, id]) => id === m[1]), `${s.id}: its button does not fire ${e}`);
    }
  }
});

test('the walkthrough covers terminal, module, case-1 workload, dashboard and guide', () => {
  assert.ok(gs);
  const fired = gs.steps.flatMap((s) => s.completionEvents ?? []);
  for (const c of ['openTerminal', 'loadModule', 'startWorkload', 'openDashboard', 'openGuide']) {
    assert.ok(fired.includes(`onCommand:kernelMemoryLab.${c}`), c);
  }
  const start = gs.steps.find((s) => s.completionEvents?.includes('onCommand:kernelMemoryLab.startWorkload'));
  const arg = /startWorkload\?([^)]*)\)/.exec(start?.description ?? '')?.[1];
  assert.deepEqual(JSON.parse(decodeURIComponent(arg ?? '')), { preset: 'case1-pair1' });
});

test('every media file referenced by a walkthrough exists', () => {
  for (const w of walkthroughs) {
    for (const s of w.steps) {
      const files: string[] = [];
      if (s.media.markdown) files.push(s.media.markdown);
      if (s.media.svg) files.push(s.media.svg);
      if (typeof s.media.image === 'string') files.push(s.media.image);
      else if (s.media.image) files.push(...Object.values(s.media.image));
      assert.ok(files.length > 0, `${w.id}/${s.id}: no media`);
      for (const f of files) assert.ok(existsSync(f), `${w.id}/${s.id}: ${f} is missing`);
      if (s.media.markdown) {
        assert.ok(s.media.markdown.startsWith('media/walkthrough/'), s.media.markdown);
        assert.ok(readFileSync(s.media.markdown, 'utf8').trim().length > 100, `${s.media.markdown} is empty`);
      }
    }
  }
});
