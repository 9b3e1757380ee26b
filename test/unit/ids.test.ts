// The ids module and package.json must name the same commands, views and containers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Command, View, ViewContainer, CATEGORY } from '../../src/extension/ids';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('every command id in ids.ts is contributed, with the category, and vice versa', () => {
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(Command).sort());
  for (const c of pkg.contributes.commands) assert.equal(c.category, CATEGORY, c.command);
});

test('every view id in ids.ts is contributed under the container, and vice versa', () => {
  const views = Object.values(pkg.contributes.views).flat().map((v) => (v as { id: string }).id).sort();
  assert.deepEqual(views, Object.values(View).sort());
  const containers = pkg.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id);
  assert.deepEqual(containers, Object.values(ViewContainer));
});
