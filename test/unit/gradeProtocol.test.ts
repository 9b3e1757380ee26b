// The Grade Module panel's protocol: the host accepts exactly the four message shapes, never a
// path outside the module folder; source references in details become links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProperty } from './helpers/property';
import { findSourceRefs, parseGradeToHost, parseHostToGrade, GRADE_PROTOCOL_VERSION } from '../../src/shared/gradeProtocol';


test('valid messages from the webview parse to equal copies', () => {
  for (const m of [
    { type: 'ready', version: 1 },
    { type: 'grade' },
    { type: 'openSource', file: 'mp3.c', line: 42, column: 17 },
    { type: 'openSymbol', name: 'mp3_write' },
  ]) assert.deepEqual(parseGradeToHost(m), m);
});

test('forged files, symbols, positions and extra keys are refused', () => {
  for (const m of [
    { type: 'openSource', file: '../.bashrc', line: 1, column: 1 },
    { type: 'openSource', file: '/etc/passwd', line: 1, column: 1 },
    { type: 'openSource', file: 'a/b.c', line: 1, column: 1 },
    { type: 'openSource', file: '..', line: 1, column: 1 },
    { type: 'openSource', file: 'mp3.c', line: 0, column: 1 },
    { type: 'openSource', file: 'mp3.c', line: 1.5, column: 1 },
    { type: 'openSymbol', name: 'a b' },
    { type: 'openSymbol', name: 'x; rm -rf /' },
    { type: 'grade', extra: 1 },
    { type: 'ready', version: 0 },
    Object.assign(Object.create({ polluted: true }), { type: 'grade' }),
  ]) assert.equal(parseGradeToHost(m), undefined, JSON.stringify(m));
});

test('fuzz: anything else parses to undefined or to a message of an allowed shape', () => {
  assertProperty(fc.property(fc.anything(), (x) => {
    const m = parseGradeToHost(x);
    if (m === undefined) return;
    assert.ok(['ready', 'grade', 'openSource', 'openSymbol'].includes(m.type));
    if (m.type === 'openSource') assert.match(m.file, /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
  }), { numRuns: 2000 });
});

test('the webview takes a hydrate of this version only', () => {
  const hydrate = { type: 'hydrate', version: GRADE_PROTOCOL_VERSION, rubric: [{ name: 'readme', max: 5, checks: 'x' }], status: { running: false, message: '' }, result: null };
  assert.deepEqual(parseHostToGrade(hydrate), hydrate);
  assert.equal(parseHostToGrade({ ...hydrate, version: 99 }), undefined);
  assert.equal(parseHostToGrade({ ...hydrate, result: { dir: 'x' } }), undefined);
});

test('source references: file:line:col and Oops frames', () => {
  const text = 'mp3.c:42:17: error: x\nRIP: 0010:mp3_write+0x2c/0x120 [mp3]\nsee mp3_given.h:7 too';
  const refs = findSourceRefs(text);
  assert.deepEqual(refs.map((r) => (r.kind === 'location' ? `${r.file}@${r.line}:${r.column}` : `fn ${r.name}`)), ['mp3.c@42:17', 'fn mp3_write', 'mp3_given.h@7:1']);
  for (const r of refs) assert.ok(text.slice(r.start, r.end).length > 0);
});
