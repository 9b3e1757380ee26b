// The shell's line editor, the part of GNU readline an interactive bash user relies on.
//
// Two pure pieces: KeyDecoder turns the bytes a terminal sends (already UTF-8 decoded) into keys,
// keeping an incomplete escape sequence for the next chunk; LineEditor is a state machine that
// takes keys and returns what to draw (ANSI sequences) and when a line is done. The glue at the
// bottom (`readLine`) runs them over system calls: the tty goes to raw mode while a line is being
// edited and back to the saved mode before the line is returned, exactly like bash.
/* eslint-disable no-control-regex -- terminal escape sequences are control characters */
import { TCGETS, TCSETS, TIOCGWINSZ, type Sys, type Termios, type UserCode, type WinSize } from '../../kernel/uapi';
import { formatColumns } from '../coreutils/columns';

export type KeyName =
  | 'enter' | 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end'
  | 'wordLeft' | 'wordRight' | 'killLineStart' | 'killLineEnd' | 'killWordBack' | 'killWordForward'
  | 'interrupt' | 'eof' | 'clearScreen' | 'tab' | 'transpose' | 'yank' | 'ignore';

export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'key'; name: KeyName }
  /** bracketed paste: inserted as typed text, newlines submit as Enter would */
  | { kind: 'paste'; text: string };

const CONTROL_KEYS: Record<string, KeyName> = {
  '\r': 'enter', '\n': 'enter',
  '\x7f': 'backspace', '\x08': 'backspace',
  '\x01': 'home', '\x05': 'end', '\x02': 'left', '\x06': 'right',
  '\x10': 'up', '\x0e': 'down',
  '\x15': 'killLineStart', '\x0b': 'killLineEnd', '\x17': 'killWordBack',
  '\x03': 'interrupt', '\x04': 'eof', '\x0c': 'clearScreen', '\t': 'tab',
  '\x14': 'transpose', '\x19': 'yank',
};

const CSI_KEYS: Record<string, KeyName> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end',
  '1~': 'home', '7~': 'home', '4~': 'end', '8~': 'end', '3~': 'delete',
  '1;5C': 'wordRight', '1;5D': 'wordLeft', '1;3C': 'wordRight', '1;3D': 'wordLeft',
  '2~': 'ignore', '5~': 'ignore', '6~': 'ignore',
};

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** Splits terminal input into keys. Stateful only across an escape sequence or paste cut in two. */
export class KeyDecoder {
  private pending = '';
  private pasting: string | undefined;
  private lastWasCR = false;

  feed(data: string): Key[] {
    let s = this.pending + data;
    this.pending = '';
    const keys: Key[] = [];
    while (s.length > 0) {
      if (this.pasting !== undefined) {
        const end = s.indexOf(PASTE_END);
        if (end < 0) {
          // keep a possible partial end marker for the next chunk
          const keep = partialSuffix(s, PASTE_END);
          this.pasting += s.slice(0, s.length - keep);
          this.pending = s.slice(s.length - keep);
          return keys;
        }
        this.pasting += s.slice(0, end);
        keys.push({ kind: 'paste', text: this.pasting });
        this.pasting = undefined;
        s = s.slice(end + PASTE_END.length);
        continue;
      }
      const c = s[0];
      if (c === '\x1b') {
        if (s.startsWith(PASTE_START)) {
          this.pasting = '';
          s = s.slice(PASTE_START.length);
          continue;
        }
        if (s.length === 1) {
          this.pending = s;
          return keys;
        }
        const n = s[1];
        if (n === '[' || n === 'O') {
          const m = /^\x1b[[O]([0-9;]*)([A-Za-z~])/.exec(s);
          if (!m) {
            if (/^\x1b[[O][0-9;]*$/.test(s) && s.length < 16) {
              this.pending = s;
              return keys;
            }
            s = s.slice(2); // unknown sequence: drop the introducer
            continue;
          }
          const name = CSI_KEYS[m[1] + m[2]] ?? (m[1] === '' || m[2] !== '~' ? CSI_KEYS[m[2]] : undefined) ?? 'ignore';
          keys.push({ kind: 'key', name });
          s = s.slice(m[0].length);
          this.lastWasCR = false;
          continue;
        }
        // Meta (Alt) keys
        const meta: Record<string, KeyName> = { b: 'wordLeft', f: 'wordRight', d: 'killWordForward', '\x7f': 'killWordBack' };
        keys.push({ kind: 'key', name: meta[n] ?? 'ignore' });
        s = s.slice(2);
        this.lastWasCR = false;
        continue;
      }
      if (c === '\n' && this.lastWasCR) {
        // \r\n from a terminal that sends both: one Enter
        this.lastWasCR = false;
        s = s.slice(1);
        continue;
      }
      const ctl = CONTROL_KEYS[c];
      if (ctl) {
        keys.push({ kind: 'key', name: ctl });
        this.lastWasCR = c === '\r';
        s = s.slice(1);
        continue;
      }
      this.lastWasCR = false;
      if (c < ' ') {
        s = s.slice(1); // other control characters are ignored
        continue;
      }
      // a run of printable text
      let i = 1;
      while (i < s.length && s[i] >= ' ' && s[i] !== '\x7f' && s[i] !== '\x1b') i++;
      const last = keys[keys.length - 1];
      if (last && last.kind === 'text') last.text += s.slice(0, i);
      else keys.push({ kind: 'text', text: s.slice(0, i) });
      s = s.slice(i);
    }
    return keys;
  }
}

function partialSuffix(s: string, marker: string): number {
  for (let k = Math.min(marker.length - 1, s.length); k > 0; k--) {
    if (marker.startsWith(s.slice(s.length - k))) return k;
  }
  return 0;
}

/** What the editor asks its driver to do after a key. */
export interface EditorResult {
  /** bytes to write to the terminal */
  output: string;
  /** set when the line is finished */
  done?: { kind: 'line'; line: string } | { kind: 'eof' } | { kind: 'interrupt' };
  /** set when Tab was pressed: call complete() with the candidates for this line and cursor */
  complete?: { line: string; cursor: number };
}

/** A completion answer: replace line[start, cursor) by one of `candidates`. */
export interface Completion {
  start: number;
  /** full replacement texts; a directory ends with "/" (no space is added after it) */
  candidates: string[];
}

const visibleWidth = (s: string): number => [...s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '')].length;

/**
 * The editing state of one line: text (as code points), cursor, history browsing, and where the
 * terminal's cursor is relative to the start of the prompt, to redraw a line that wraps.
 */
export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private histIndex: number;
  private saved: string[] | undefined;
  private cursorRow = 0;
  private killRing = '';
  private lastKeyWasTab = false;
  private readonly promptWidth: number;

  constructor(
    private readonly prompt: string,
    private readonly history: readonly string[] = [],
    private cols = 80,
  ) {
    this.histIndex = history.length;
    this.promptWidth = visibleWidth(prompt);
    if (!(this.cols >= 2)) this.cols = 80;
  }

  get line(): string {
    return this.chars.join('');
  }

  get cursorPos(): number {
    return this.cursor;
  }

  /** The prompt as first drawn. */
  start(): string {
    this.cursorRow = Math.floor(this.promptWidth / this.cols);
    return this.prompt + (this.promptWidth > 0 && this.promptWidth % this.cols === 0 ? '\n' : '');
  }

  setColumns(cols: number): void {
    if (cols >= 2) this.cols = cols;
  }

  /** Applies keys until one finishes the line; returns the output and the number of keys used. */
  feedKeys(keys: readonly Key[]): { result: EditorResult; used: number } {
    let output = '';
    for (let i = 0; i < keys.length; i++) {
      const r = this.key(keys[i]);
      output += r.output;
      if (r.done || r.complete) return { result: { ...r, output }, used: i + 1 };
    }
    return { result: { output }, used: keys.length };
  }

  key(k: Key): EditorResult {
    const wasTab = this.lastKeyWasTab;
    this.lastKeyWasTab = false;
    if (k.kind === 'text') return this.insert(k.text);
    if (k.kind === 'paste') {
      const nl = k.text.search(/[\r\n]/);
      if (nl < 0) return this.insert(k.text);
      // a pasted line ends like a typed one; the rest is dropped (one line at a time)
      const r = this.insert(k.text.slice(0, nl));
      const e = this.key({ kind: 'key', name: 'enter' });
      return { ...e, output: r.output + e.output };
    }
    switch (k.name) {
      case 'enter': {
        const out = this.moveToEnd();
        return { output: `${out}\n`, done: { kind: 'line', line: this.line } };
      }
      case 'interrupt': {
        const out = this.moveToEnd();
        return { output: `${out}^C\n`, done: { kind: 'interrupt' } };
      }
      case 'eof':
        if (this.chars.length === 0) return { output: '', done: { kind: 'eof' } };
        return this.deleteForward();
      case 'backspace': {
        if (this.cursor === 0) return { output: '\x07' };
        const atEnd = this.cursor === this.chars.length;
        const col = (this.promptWidth + this.cursor) % this.cols;
        this.chars.splice(this.cursor - 1, 1);
        this.cursor--;
        // at the end of the line and not at the left margin: rub out one cell, as readline does
        if (atEnd && col > 0) return { output: '\b\x1b[K' };
        return { output: this.refresh() };
      }
      case 'delete':
        return this.deleteForward();
      case 'left':
        if (this.cursor === 0) return { output: '' };
        if ((this.promptWidth + this.cursor) % this.cols > 0) {
          this.cursor--;
          return { output: '\b' };
        }
        this.cursor--;
        return { output: this.refresh() };
      case 'right': {
        if (this.cursor === this.chars.length) return { output: '' };
        const col = (this.promptWidth + this.cursor) % this.cols;
        this.cursor++;
        if (col < this.cols - 1) return { output: '\x1b[C' };
        return { output: this.refresh() };
      }
      case 'home':
        this.cursor = 0;
        return { output: this.refresh() };
      case 'end':
        this.cursor = this.chars.length;
        return { output: this.refresh() };
      case 'wordLeft':
        this.cursor = this.wordStartBefore(this.cursor);
        return { output: this.refresh() };
      case 'wordRight': {
        let i = this.cursor;
        while (i < this.chars.length && !isWordChar(this.chars[i])) i++;
        while (i < this.chars.length && isWordChar(this.chars[i])) i++;
        this.cursor = i;
        return { output: this.refresh() };
      }
      case 'killLineStart':
        this.killRing = this.chars.slice(0, this.cursor).join('');
        this.chars.splice(0, this.cursor);
        this.cursor = 0;
        return { output: this.refresh() };
      case 'killLineEnd':
        this.killRing = this.chars.slice(this.cursor).join('');
        this.chars.splice(this.cursor);
        return { output: this.refresh() };
      case 'killWordBack': {
        // ^W: unix-word-rubout, back to the previous whitespace
        let i = this.cursor;
        while (i > 0 && this.chars[i - 1] === ' ') i--;
        while (i > 0 && this.chars[i - 1] !== ' ') i--;
        this.killRing = this.chars.slice(i, this.cursor).join('');
        this.chars.splice(i, this.cursor - i);
        this.cursor = i;
        return { output: this.refresh() };
      }
      case 'killWordForward': {
        let i = this.cursor;
        while (i < this.chars.length && !isWordChar(this.chars[i])) i++;
        while (i < this.chars.length && isWordChar(this.chars[i])) i++;
        this.killRing = this.chars.slice(this.cursor, i).join('');
        this.chars.splice(this.cursor, i - this.cursor);
        return { output: this.refresh() };
      }
      case 'yank':
        return this.insert(this.killRing);
      case 'transpose': {
        if (this.chars.length < 2 || this.cursor === 0) return { output: '\x07' };
        const at = this.cursor === this.chars.length ? this.cursor - 1 : this.cursor;
        [this.chars[at - 1], this.chars[at]] = [this.chars[at], this.chars[at - 1]];
        this.cursor = Math.min(at + 1, this.chars.length);
        return { output: this.refresh() };
      }
      case 'up':
        if (this.histIndex === 0) return { output: '\x07' };
        if (this.histIndex === this.history.length) this.saved = this.chars;
        this.histIndex--;
        this.chars = [...this.history[this.histIndex]];
        this.cursor = this.chars.length;
        return { output: this.refresh() };
      case 'down':
        if (this.histIndex >= this.history.length) return { output: '\x07' };
        this.histIndex++;
        this.chars = this.histIndex === this.history.length ? (this.saved ?? []) : [...this.history[this.histIndex]];
        this.cursor = this.chars.length;
        return { output: this.refresh() };
      case 'clearScreen': {
        this.cursorRow = 0;
        return { output: `\x1b[H\x1b[2J${this.refresh()}` };
      }
      case 'tab':
        this.lastKeyWasTab = true;
        this.tabTwice = wasTab;
        return { output: '', complete: { line: this.line, cursor: this.cursor } };
      case 'ignore':
        return { output: '' };
    }
    return { output: '' };
  }

  private tabTwice = false;

  /** Applies the answer to a `complete` request (bash: unique → insert, common prefix → insert, else list on the second Tab). */
  complete(c: Completion): EditorResult {
    const typed = this.chars.slice(c.start, this.cursor).join('');
    const cands = [...new Set(c.candidates)].filter((x) => x.startsWith(typed)).sort();
    if (cands.length === 0) return { output: '\x07' };
    if (cands.length === 1) {
      const only = cands[0];
      const add = only.slice(typed.length) + (only.endsWith('/') ? '' : ' ');
      return this.insert(add);
    }
    let prefix = cands[0];
    for (const x of cands) while (!x.startsWith(prefix)) prefix = prefix.slice(0, -1);
    if (prefix.length > typed.length) return this.insert(prefix.slice(typed.length));
    if (!this.tabTwice) return { output: '\x07' };
    // list the candidates in columns under the line, then draw the prompt again
    const names = cands.map((x) => {
      const trimmed = x.endsWith('/') ? x.slice(0, -1) : x;
      const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
      return x.endsWith('/') ? `${base}/` : base;
    });
    const listing = formatColumns(names, this.cols);
    const keep = this.cursor;
    const end = this.moveToEnd();
    this.cursor = keep;
    this.cursorRow = 0;
    return { output: `${end}\n${listing}${this.refresh()}` };
  }

  private insert(text: string): EditorResult {
    const add = [...text].filter((ch) => ch >= ' ' && ch !== '\x7f');
    if (add.length === 0) return { output: '' };
    const atEnd = this.cursor === this.chars.length;
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    if (atEnd) {
      const before = this.promptWidth + this.chars.length - add.length;
      const after = this.promptWidth + this.chars.length;
      // fast path: plain echo while the text stays on the current row
      if (Math.floor(before / this.cols) === Math.floor(after / this.cols) && after % this.cols !== 0) {
        return { output: add.join('') };
      }
    }
    return { output: this.refresh() };
  }

  private deleteForward(): EditorResult {
    if (this.cursor >= this.chars.length) return { output: this.chars.length === 0 ? '' : '\x07' };
    this.chars.splice(this.cursor, 1);
    return { output: this.refresh() };
  }

  private wordStartBefore(pos: number): number {
    let i = pos;
    while (i > 0 && !isWordChar(this.chars[i - 1])) i--;
    while (i > 0 && isWordChar(this.chars[i - 1])) i--;
    return i;
  }

  private moveToEnd(): string {
    if (this.cursor === this.chars.length) return '';
    this.cursor = this.chars.length;
    return this.refresh();
  }

  /**
   * Redraws prompt and line (linenoise's multi-line refresh): go up to the prompt's row, rewrite
   * everything, clear below, then put the cursor back where it belongs.
   */
  private refresh(): string {
    let out = '';
    if (this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
    // clear first: erasing after writing would also erase a last character in the pending-wrap cell
    out += `\r\x1b[J${this.prompt}${this.chars.join('')}`;
    const end = this.promptWidth + this.chars.length;
    const endRow = Math.floor(end / this.cols);
    // at an exact multiple of the width the terminal is in its pending-wrap state: move on explicitly
    if (end > 0 && end % this.cols === 0) out += '\n';
    this.cursorRow = endRow;
    return out + this.placeCursorFromEnd();
  }

  /** Moves the terminal cursor from the end of the line (row this.cursorRow) to the editing position. */
  private placeCursorFromEnd(): string {
    const pos = this.promptWidth + this.cursor;
    const row = Math.floor(pos / this.cols);
    const col = pos % this.cols;
    let out = '';
    const up = this.cursorRow - row;
    if (up > 0) out += `\x1b[${up}A`;
    const end = this.promptWidth + this.chars.length;
    const endCol = end % this.cols;
    if (up > 0 || col !== endCol) out += `\r${col > 0 ? `\x1b[${col}C` : ''}`;
    this.cursorRow = row;
    return out;
  }
}

function isWordChar(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c) || c > '\x7f';
}

// ---------------------------------------------------------------------------------------------
// The glue: runs the editor over a terminal through system calls.

export type Completer = (line: string, cursor: number) => UserCode<Completion>;

export interface ReadLineOptions {
  /** where to draw (bash's readline draws on stderr) */
  outFd?: number;
  inFd?: number;
  completer?: Completer;
  /** Runs when a signal handler interrupted the wait for a key (rl_signal_event_hook). */
  onInterrupt?: () => UserCode<void>;
}

export type ReadLineResult = { kind: 'line'; line: string } | { kind: 'eof' } | { kind: 'interrupt' };

/**
 * Reads one line with editing. Puts the tty in raw mode for the duration and restores the mode it
 * found. Reads one byte at a time like readline, so type-ahead after the line stays in the tty for
 * the command that runs next. Returns eof when the input ends (or on ^D at an empty line).
 */
export function* readLine(sys: Sys, prompt: string, history: readonly string[], opts: ReadLineOptions = {}): UserCode<ReadLineResult> {
  const inFd = opts.inFd ?? 0;
  const outFd = opts.outFd ?? 2;
  const saved = yield* sys.ioctl(inFd, TCGETS);
  const isTty = typeof saved === 'object';
  if (isTty) yield* sys.ioctl(inFd, TCSETS, { ...(saved as Termios), icanon: false, echo: false, isig: false });
  const ws = yield* sys.ioctl(outFd, TIOCGWINSZ);
  const cols = typeof ws === 'object' && (ws as WinSize).cols > 0 ? (ws as WinSize).cols : 80;
  const editor = new LineEditor(prompt, history, cols);
  const decoder = new KeyDecoder();
  const byte = new Uint8Array(1);
  const utf8 = new TextDecoder();
  let result: ReadLineResult | undefined;
  yield* sys.write(outFd, editor.start());
  let queue: Key[] = [];
  while (!result) {
    if (queue.length === 0) {
      const n = yield* sys.read(inFd, byte);
      if (n <= 0) {
        if (n === -4) {
          // EINTR
          if (opts.onInterrupt) yield* opts.onInterrupt();
          continue;
        }
        result = { kind: 'eof' };
        break;
      }
      queue = decoder.feed(utf8.decode(byte, { stream: true }));
      continue;
    }
    const { result: r, used } = editor.feedKeys(queue);
    queue = queue.slice(used);
    if (r.output) yield* sys.write(outFd, r.output);
    if (r.complete && opts.completer) {
      const c = yield* opts.completer(r.complete.line, r.complete.cursor);
      const cr = editor.complete(c);
      if (cr.output) yield* sys.write(outFd, cr.output);
    }
    if (r.done) result = r.done;
  }
  // no try/finally: a killed task's generator must not yield again while being closed
  if (isTty) yield* sys.ioctl(inFd, TCSETS, saved);
  return result;
}
