// The ids module and package.json must name the same commands, views, containers and settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Command, View, ViewContainer, CATEGORY, Setting, InternalCommand, TerminalProfileId } from '../../src/extension/ids';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('every command id in ids.ts is contributed, with the category, and vice versa', () => {
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(Command).sort());
  for (const c of pkg.contributes.commands) assert.equal(c.category, CATEGORY, c.command);
});

test('internal (test-hook) commands are never contributed', () => {
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const id of Object.values(InternalCommand)) assert.equal(contributed.has(id), false, id);
});

test('every view id in ids.ts is contributed under the container, and vice versa', () => {
  const views = Object.values(pkg.contributes.views).flat().map((v) => (v as { id: string }).id).sort();
  assert.deepEqual(views, Object.values(View).sort());
  const containers = pkg.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id);
  assert.deepEqual(containers, Object.values(ViewContainer));
});

test('every setting id in ids.ts is contributed, and vice versa', () => {
  const props = Object.keys(pkg.contributes.configuration.properties).sort();
  assert.deepEqual(props, Object.values(Setting).sort());
});

test('menus and welcome views name only contributed commands and views', () => {
  const commands = new Set(Object.values(Command) as string[]);
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
    for (const item of items) assert.ok(commands.has(item.command), `${menu}: ${item.command}`);
  }
  const views = new Set(Object.values(View) as string[]);
  for (const w of pkg.contributes.viewsWelcome as { view: string; contents: string }[]) {
    assert.ok(views.has(w.view), w.view);
    for (const m of w.contents.matchAll(/\(command:([\w.]+)/g)) assert.ok(commands.has(m[1]), m[1]);
  }
});

test('every terminal profile id in ids.ts is contributed (the "+" menu\'s Lab Shell), and vice versa', () => {
  const contributed = (pkg.contributes.terminal?.profiles ?? []).map((p: { id: string }) => p.id).sort();
  assert.deepEqual(contributed, Object.values(TerminalProfileId).sort());
  assert.ok(pkg.activationEvents.includes(`onTerminalProfile:${TerminalProfileId.labShell}`), 'the profile activates the extension');
});
