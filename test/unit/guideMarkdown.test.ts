// The guide webview's markdown subset parser (pure; the DOM renderer only maps its tree).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inlineText, isAllowedHref, linkTargets, parseInline, parseMarkdown } from '../../src/webview/guide/markdown';
import { assertProperty } from './helpers/property';

test('inline: code spans, bold, links, literal leftovers', () => {
  assert.deepEqual(parseInline('run `insmod mp3.ko` now'), [
    { t: 'text', v: 'run ' }, { t: 'code', v: 'insmod mp3.ko' }, { t: 'text', v: ' now' },
  ]);
  assert.deepEqual(parseInline('**bold `x`** y'), [
    { t: 'strong', c: [{ t: 'text', v: 'bold ' }, { t: 'code', v: 'x' }] }, { t: 'text', v: ' y' },
  ]);
  assert.deepEqual(parseInline('[Load](command:kernelMemoryLab.loadModule)'), [
    { t: 'link', text: 'Load', href: 'command:kernelMemoryLab.loadModule' },
  ]);
  assert.deepEqual(parseInline('a * b ** c ` d'), [{ t: 'text', v: 'a * b ** c ` d' }]);
  assert.deepEqual(parseInline('`*ppos` and `**x**`'), [
    { t: 'code', v: '*ppos' }, { t: 'text', v: ' and ' }, { t: 'code', v: '**x**' },
  ]);
});

test('links other than command: and https: become plain text', () => {
  for (const href of ['javascript:alert(1)', 'javascript:void 0', 'file:///etc/passwd', 'http://example.com', 'command:', 'vscode://x', 'data:text/html,x', 'https://a.b/"onclick']) {
    assert.equal(isAllowedHref(href), false, href);
    const nodes = parseInline(`[x](${href})`);
    assert.ok(nodes.every((n) => n.t === 'text'), href);
    assert.ok(inlineText(nodes).startsWith('x'), href);
  }
  assert.ok(isAllowedHref('https://www.kernel.org/doc/html/v5.15/'));
  assert.ok(isAllowedHref('command:kernelMemoryLab.openTerminal'));
});

test('blocks: paragraphs, lists with continuation lines, fences, headings', () => {
  const blocks = parseMarkdown([
    'First line',
    'same paragraph.',
    '',
    '- one',
    '  continued',
    '- two',
    '1. a',
    '2. b',
    '```sh',
    'echo \'R 1\' > /proc/mp3/status',
    '',
    '  indented',
    '```',
    '#### Minor heading',
  ].join('\n'));
  assert.deepEqual(blocks.map((b) => b.t), ['p', 'ul', 'ol', 'pre', 'h']);
  assert.deepEqual(blocks[0], { t: 'p', c: [{ t: 'text', v: 'First line same paragraph.' }] });
  assert.deepEqual(blocks[1], { t: 'ul', items: [[{ t: 'text', v: 'one continued' }], [{ t: 'text', v: 'two' }]] });
  assert.equal(blocks[2].t === 'ol' && blocks[2].start, 1);
  assert.deepEqual(blocks[3], { t: 'pre', lang: 'sh', v: "echo 'R 1' > /proc/mp3/status\n\n  indented" });
});

test('an unclosed fence runs to the end without losing text', () => {
  const blocks = parseMarkdown('```\nline 1\nline 2');
  assert.deepEqual(blocks, [{ t: 'pre', lang: '', v: 'line 1\nline 2' }]);
});

test('linkTargets and inlineText', () => {
  assert.deepEqual(linkTargets('a [x](command:a.b) and **[y](https://e.org)**\n- [z](command:c)'), ['command:a.b', 'https://e.org', 'command:c']);
  assert.equal(inlineText(parseInline('**a** `b` [c](command:d)')), 'a b c');
});

test('the parser never throws and never loses non-markup characters (fuzz)', () => {
  assertProperty(fc.property(fc.string({ maxLength: 300 }), (src) => {
    const blocks = parseMarkdown(src);
    assert.ok(Array.isArray(blocks));
    for (const b of blocks) {
      if (b.t === 'p' || b.t === 'h') inlineText(b.c);
    }
  }), { numRuns: 2000 });
  assertProperty(fc.property(fc.stringMatching(/^[a-z ]{0,40}$/), (plain) => {
    const text = parseMarkdown(plain).map((b) => (b.t === 'p' ? inlineText(b.c) : '')).join('');
    assert.equal(text, plain.trim());
  }));
});
