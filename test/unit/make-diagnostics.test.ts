// Clang's diagnostics in gcc 11's words and layout, and the clang-only findings that never fail a build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClangDiagnostics, hasErrors } from '../../src/host/toolchain/clangDiagnostics';
import { CLANG_ONLY_GROUPS, clangOnlyFlags, isClangOnlyGroup } from '../../src/host/toolchain/clangOnly';
import { functionAt, offsetOf, tokenFrom } from '../../src/host/toolchain/cSource';
import { renderDiagnostics } from '../../src/programs/make/diagnostics';

const SRC = [
  '#include <linux/module.h>', // 1
  'static int counter;', // 2
  'static int __init mp3_init(void)', // 3
  '{', // 4
  '\tint byte_read;', // 5
  '\tcounter = byte_read;', // 6
  '\treturn 0', // 7
  '}', // 8
  'static struct x ops = { .a = 1 };', // 9
  'static void mp3_exit(void *)', // 10
  '{', // 11
  '\tundefined_thing++;', // 12
  '}', // 13
].join('\n');
const F = '/home/student/mp3.c';
const ctx = { source: (f: string) => (f === F ? SRC : undefined) };

test('C positions: the token gcc names, the function a line is in', () => {
  assert.equal(tokenFrom(SRC, offsetOf(SRC, 7, 10)), '}');
  assert.equal(tokenFrom('a /* c */ -> b', 1), '->');
  assert.equal(tokenFrom('x   ', 1), undefined);
  assert.equal(functionAt(SRC, offsetOf(SRC, 6, 2)), 'mp3_init');
  assert.equal(functionAt(SRC, offsetOf(SRC, 9, 25)), undefined, 'an initializer is not a function');
  assert.equal(functionAt(SRC, offsetOf(SRC, 12, 2)), 'mp3_exit');
  assert.equal(functionAt(SRC, offsetOf(SRC, 2, 1)), undefined);
});

const CLANG = [
  `${F}:6:12: warning: variable 'byte_read' is uninitialized when used here [-Wuninitialized]`,
  '    6 |         counter = byte_read;',
  '      |                   ^~~~~~~~~',
  `${F}:5:15: note: initialize the variable 'byte_read' to silence this warning`,
  `fix-it:"${F}":{5:15-5:15}:" = 0"`,
  `${F}:7:10: error: expected ';' after return statement`,
  `fix-it:"${F}":{7:10-7:10}:";"`,
  `${F}:10:27: warning: omitting the parameter name in a function definition is a C23 extension [-Wc23-extensions]`,
  `${F}:12:2: error: use of undeclared identifier 'undefined_thing'`,
  `${F}:13:1: error: non-void function does not return a value [-Werror,-Wreturn-type]`,
  '2 warnings and 3 errors generated.',
].join('\n');

test("clang's messages in gcc 11's words, gcc's options and quotes; clang-only findings marked and never errors", () => {
  const { diagnostics: d, promoted } = parseClangDiagnostics(CLANG, ctx, true);
  assert.equal(promoted, true);
  assert.deepEqual(d.map((x) => [x.line, x.column, x.severity, x.message, x.option ?? '', !!x.clangOnly, x.function ?? '']), [
    [6, 12, 'warning', 'variable ‘byte_read’ is uninitialized when used here', '-Wuninitialized', true, 'mp3_init'],
    [5, 15, 'note', 'initialize the variable ‘byte_read’ to silence this warning', '', false, 'mp3_init'],
    [7, 10, 'error', 'expected ‘;’ before ‘}’ token', '', false, 'mp3_init'],
    [10, 27, 'warning', 'omitting the parameter name in a function definition is a C23 extension', '-Wc23-extensions', true, ''],
    [12, 2, 'error', '‘undefined_thing’ undeclared (first use in this function)', '', false, 'mp3_exit'],
    [12, 2, 'note', 'each undeclared identifier is reported only once for each function it appears in', '', false, 'mp3_exit'],
    [13, 1, 'error', 'control reaches end of non-void function', '-Werror=return-type', false, 'mp3_exit'],
  ]);
  assert.equal(d[2].fixit, ';');
  assert.equal(hasErrors(d), true);
  // a locale without UTF-8: gcc's plain quotes
  assert.equal(parseClangDiagnostics(CLANG, ctx, false).diagnostics[2].message, "expected ';' before '}' token");
});

test('a clang-only group stays a warning even when clang was made to error on it', () => {
  const out = `${F}:6:12: error: variable 'byte_read' is uninitialized when used here [-Werror,-Wuninitialized]`;
  const { diagnostics, promoted } = parseClangDiagnostics(out, ctx, true);
  assert.equal(diagnostics[0].severity, 'warning');
  assert.equal(diagnostics[0].clangOnly, true);
  assert.equal(promoted, false);
  assert.equal(hasErrors(diagnostics), false);
});

test('the clang-only table: every group is demoted below -Werror, gcc-shared ones are not', () => {
  const flags = clangOnlyFlags();
  for (const g of CLANG_ONLY_GROUPS) assert.ok(flags.includes(`-Wno-error=${g.group}`), g.group);
  assert.ok(isClangOnlyGroup('gnu-statement-expression'));
  for (const shared of ['unused-variable', 'return-type', 'implicit-function-declaration', 'incompatible-pointer-types', 'declaration-after-statement', 'format']) {
    assert.equal(isClangOnlyGroup(shared), false, shared);
  }
});

test("gcc's layout: In function lines, the numbered source line, the caret under tabs, the fix-it, At top level", () => {
  const { diagnostics } = parseClangDiagnostics(CLANG, ctx, true);
  const text = renderDiagnostics(diagnostics.slice(0, 4), (f) => (f === F ? SRC : undefined), true);
  assert.equal(text, [
    `${F}: In function ‘mp3_init’:`,
    `${F}:6:12: warning: variable ‘byte_read’ is uninitialized when used here (gcc does not report this) [-Wuninitialized]`,
    '    6 | \tcounter = byte_read;',
    '      | \t          ^',
    `${F}:5:15: note: initialize the variable ‘byte_read’ to silence this warning`,
    '    5 | \tint byte_read;',
    '      | \t             ^',
    '      | \t              = 0',
    `${F}:7:10: error: expected ‘;’ before ‘}’ token`,
    '    7 | \treturn 0',
    '      | \t        ^',
    '      | \t        ;',
    `${F}: At top level:`,
    `${F}:10:27: warning: omitting the parameter name in a function definition is a C23 extension (gcc does not report this) [-Wc23-extensions]`,
    '   10 | static void mp3_exit(void *)',
    '      |                           ^',
    '',
  ].join('\n'));
});
