/* eslint-disable no-control-regex -- terminal escape sequences */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeyDecoder, LineEditor, type Key, type EditorResult } from '../../src/programs/shell/lineEditor';
import { assertProperty } from './helpers/property';

/** A small VT100 screen: enough of xterm to check what the editor draws (incl. pending wrap). */
class Screen {
  rows: string[][] = [[]];
  r = 0;
  c = 0;
  private wrapPending = false;
  constructor(readonly cols: number) {}
  write(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\x1b') {
        const m = /^\x1b\[(\d*)([A-Za-z])/.exec(s.slice(i));
        assert.ok(m, `unknown escape at ${JSON.stringify(s.slice(i, i + 8))}`);
        const n = m[1] === '' ? 1 : Number(m[1]);
        this.wrapPending = false;
        switch (m[2]) {
          case 'A': this.r = Math.max(0, this.r - n); break;
          case 'B': this.r += n; break;
          case 'C': this.c = Math.min(this.cols - 1, this.c + n); break;
          case 'D': this.c = Math.max(0, this.c - n); break;
          case 'G': this.c = n - 1; break;
          case 'K': this.row().length = Math.min(this.row().length, this.c); break;
          case 'J':
            if (m[1] === '2') this.rows = [[]];
            else {
              this.row().length = Math.min(this.row().length, this.c);
              this.rows.length = this.r + 1;
            }
            break;
          case 'H': this.r = 0; this.c = 0; break;
          default: assert.fail(`unexpected CSI ${m[2]}`);
        }
        i += m[0].length - 1;
        continue;
      }
      if (ch === '\r') { this.c = 0; this.wrapPending = false; continue; }
      if (ch === '\n') { this.r++; this.c = 0; this.wrapPending = false; continue; } // the tty's ONLCR
      if (ch === '\b') { if (this.c > 0) this.c--; this.wrapPending = false; continue; }
      if (ch === '\x07') continue;
      if (this.wrapPending) { this.r++; this.c = 0; this.wrapPending = false; }
      const row = this.row();
      while (row.length < this.c) row.push(' ');
      row[this.c] = ch;
      if (this.c === this.cols - 1) this.wrapPending = true;
      else this.c++;
    }
  }
  row(): string[] {
    while (this.rows.length <= this.r) this.rows.push([]);
    return this.rows[this.r];
  }
  text(): string {
    return this.rows.map((r) => r.join('')).join('');
  }
}

const PROMPT = 'student@mp3:~$ ';

function type(ed: LineEditor, screen: Screen, keys: Key[]): EditorResult[] {
  const results: EditorResult[] = [];
  for (const k of keys) {
    const r = ed.key(k);
    screen.write(r.output);
    results.push(r);
  }
  return results;
}

const text = (t: string): Key => ({ kind: 'text', text: t });
const key = (name: Parameters<LineEditor['key']>[0] extends infer K ? K extends { kind: 'key'; name: infer N } ? N : never : never): Key => ({ kind: 'key', name });

test('key decoder: control keys, CSI and SS3 sequences, split escapes, \\r\\n, paste', () => {
  const d = new KeyDecoder();
  assert.deepEqual(d.feed('ab\x7f\x1b[D\x1b[C\x1bOH\x1b[F\x1b[3~\x01\x05\x15\x0b\x17\x03\x04\x0c\t'), [
    text('ab'), key('backspace'), key('left'), key('right'), key('home'), key('end'), key('delete'),
    key('home'), key('end'), key('killLineStart'), key('killLineEnd'), key('killWordBack'), key('interrupt'), key('eof'), key('clearScreen'), key('tab'),
  ]);
  assert.deepEqual(d.feed('\x1b'), []);
  assert.deepEqual(d.feed('['), []);
  assert.deepEqual(d.feed('A'), [key('up')]);
  assert.deepEqual(d.feed('x\r\ny'), [text('x'), key('enter'), text('y')]);
  assert.deepEqual(d.feed('\x1b[200~ls -l\r\x1b[20'), []);
  assert.deepEqual(d.feed('1~z'), [{ kind: 'paste', text: 'ls -l\r' }, text('z')]);
  assert.deepEqual(d.feed('\x1b[1;5D\x1bb\x1b[5~é'), [key('wordLeft'), key('wordLeft'), key('ignore'), text('é')]);
});

test('editing: insert, cursor moves, delete, kill, yank, transpose', () => {
  const screen = new Screen(80);
  const ed = new LineEditor(PROMPT, [], 80);
  screen.write(ed.start());
  type(ed, screen, [text('echo hllo'), key('left'), key('left'), key('left'), text('e')]);
  assert.equal(ed.line, 'echo hello');
  type(ed, screen, [key('home'), key('delete'), text('E'), key('end'), key('backspace')]);
  assert.equal(ed.line, 'Echo hell');
  type(ed, screen, [key('killWordBack')]);
  assert.equal(ed.line, 'Echo ');
  type(ed, screen, [key('yank'), key('home'), key('right'), key('killLineEnd')]);
  assert.equal(ed.line, 'E');
  type(ed, screen, [key('yank'), key('end'), key('killLineStart')]);
  assert.equal(ed.line, '');
  type(ed, screen, [text('ba'), key('transpose')]);
  assert.equal(ed.line, 'ab');
  type(ed, screen, [text(' cd ef'), key('wordLeft'), key('wordLeft'), key('killWordForward')]);
  assert.equal(ed.line, 'ab  ef');
  assert.equal(screen.text(), PROMPT + 'ab  ef');
  const [done] = type(ed, screen, [key('enter')]);
  assert.deepEqual(done.done, { kind: 'line', line: 'ab  ef' });
});

test('^C abandons the line, ^D ends input only on an empty line', () => {
  const ed = new LineEditor(PROMPT);
  ed.key(text('sleep 100'));
  const r = ed.key(key('interrupt'));
  assert.equal(r.output, '^C\n');
  assert.deepEqual(r.done, { kind: 'interrupt' });
  const ed2 = new LineEditor(PROMPT);
  ed2.key(text('ab'));
  ed2.key(key('home'));
  assert.equal(ed2.key(key('eof')).done, undefined);
  assert.equal(ed2.line, 'b');
  assert.deepEqual(new LineEditor(PROMPT).key(key('eof')).done, { kind: 'eof' });
});

test('history: up and down, the line being typed is kept', () => {
  const ed = new LineEditor(PROMPT, ['ls', 'cat /proc/mp3/status'], 80);
  ed.key(text('dm'));
  ed.key(key('up'));
  assert.equal(ed.line, 'cat /proc/mp3/status');
  ed.key(key('up'));
  assert.equal(ed.line, 'ls');
  assert.equal(ed.key(key('up')).output, '\x07');
  ed.key(key('down'));
  ed.key(key('down'));
  assert.equal(ed.line, 'dm');
  assert.equal(ed.key(key('down')).output, '\x07');
});

test('tab completion: unique, common prefix, listing on the second Tab', () => {
  const ed = new LineEditor(PROMPT, [], 80);
  const screen = new Screen(80);
  screen.write(ed.start());
  type(ed, screen, [text('ec')]);
  assert.deepEqual(ed.key(key('tab')).complete, { line: 'ec', cursor: 2 });
  screen.write(ed.complete({ start: 0, candidates: ['echo'] }).output);
  assert.equal(ed.line, 'echo ');
  type(ed, screen, [text('pro')]);
  ed.key(key('tab'));
  screen.write(ed.complete({ start: 5, candidates: ['profile1.data', 'profile2.data', 'proc/'] }).output);
  assert.equal(ed.line, 'echo pro');
  ed.key(key('tab'));
  screen.write(ed.complete({ start: 5, candidates: ['profile1.data', 'profile2.data', 'proc/'] }).output);
  assert.match(screen.text(), /proc\/\s+profile1\.data\s+profile2\.data/);
  assert.ok(screen.text().endsWith(`${PROMPT}echo pro`));
  type(ed, screen, [text('f')]);
  ed.key(key('tab'));
  screen.write(ed.complete({ start: 5, candidates: ['profile1.data', 'profile2.data'] }).output);
  assert.equal(ed.line, 'echo profile');
  ed.key(key('tab'));
  screen.write(ed.complete({ start: 5, candidates: ['proc/'] }).output);
  assert.equal(ed.line, 'echo profile');
});

test('paste: markers are dropped, a newline submits', () => {
  const ed = new LineEditor(PROMPT);
  const r = ed.key({ kind: 'paste', text: 'echo hi\nrest' });
  assert.deepEqual(r.done, { kind: 'line', line: 'echo hi' });
});

test('property: the screen always shows prompt + line and the cursor where the editor says', () => {
  const keyArb = fc.oneof(
    fc.constantFrom('a', 'bc', 'xyz ', 'é', 'long-word-', '0123456789').map(text),
    fc.constantFrom<Key['kind'] extends never ? never : Parameters<typeof key>[0]>(
      'backspace', 'delete', 'left', 'right', 'home', 'end', 'wordLeft', 'wordRight', 'killLineStart', 'killLineEnd',
      'killWordBack', 'killWordForward', 'yank', 'transpose', 'up', 'down', 'clearScreen',
    ).map(key),
  );
  assertProperty(
    fc.property(fc.integer({ min: 10, max: 40 }), fc.array(keyArb, { maxLength: 80 }), (cols, keys) => {
      const screen = new Screen(cols);
      const ed = new LineEditor(PROMPT, ['history one', 'a much longer history entry that wraps around'], cols);
      screen.write(ed.start());
      for (const k of keys) {
        screen.write(ed.key(k).output);
        const expected = PROMPT + ed.line;
        assert.equal(screen.text(), expected, `screen after ${JSON.stringify(k)}`);
        // the prompt starts at row 0 (nothing else is drawn), so the cursor follows from the position
        const pos = PROMPT.length + ed.cursorPos;
        assert.deepEqual([screen.r, screen.c], [Math.floor(pos / cols), pos % cols], `cursor after ${JSON.stringify(k)}`);
      }
    }),
    { numRuns: 400 },
  );
});

test('fuzz: any bytes through the decoder and editor never throw', () => {
  assertProperty(
    fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 30 }), fc.integer({ min: 1, max: 200 }), (chunks, cols) => {
      const d = new KeyDecoder();
      const ed = new LineEditor(PROMPT, ['a', 'b'], cols);
      ed.start();
      for (const c of chunks) {
        for (const k of d.feed(c)) {
          const r = ed.key(k);
          if (r.complete) ed.complete({ start: 0, candidates: ['alpha', 'alps/', 'beta'] });
          if (r.done) return;
        }
      }
    }),
    { numRuns: 1000 },
  );
});
