// The shell's parser: a recursive-descent parser for the part of the bash grammar the lab uses.
//
//   list      := and_or ((';' | '&' | newline) and_or?)*
//   and_or    := pipeline (('&&' | '||') newline* pipeline)*
//   pipeline  := ['!'] command ('|' newline* command)*
//   command   := (NAME=value)* (word | redirection)+
//
// Words keep their structure (literal text with its quoting, $parameters, $(command)
// substitutions, a leading ~) so that expansion can happen when the command runs: in
// `false; echo $?` the value of $? is only known after `false` has run. Pure: no system calls.
//
// Errors are ParseErrors worded as bash prints them (`syntax error near unexpected token `;'`);
// `incomplete` marks input that could still become valid with more lines (an open quote, a
// trailing `|`), for which an interactive shell prompts with PS2. Nothing else is ever thrown.

export class ParseError extends Error {
  constructor(message: string, readonly incomplete = false) {
    super(message);
    this.name = 'ParseError';
  }
}

export type WordPart =
  /** literal text; `q` when it was quoted (not subject to field splitting or globbing) */
  | { t: 'lit'; s: string; q: boolean }
  /** $name, ${name}, $?, $$, $!, $#, $0..$9 */
  | { t: 'var'; name: string; q: boolean }
  /** $(list) or `list` */
  | { t: 'cmd'; list: List; q: boolean }
  /** a leading unquoted ~ (HOME) */
  | { t: 'tilde' };

export type Word = WordPart[];

export type RedirOp = '<' | '>' | '>>' | '>|' | '>&' | '<&' | '&>' | '&>>';

export interface Redirect {
  /** the descriptor redirected (default 0 for < and <&, 1 for the others) */
  fd: number;
  op: RedirOp;
  target: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  assigns: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  negate: boolean;
  commands: SimpleCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  background: boolean;
  /** the source text of the list item (what `jobs` shows), without the trailing `&` or `;` */
  text: string;
}

export type List = AndOr[];

type Token =
  | { k: 'word'; word: Word; start: number; end: number; assign?: Assignment }
  | { k: 'op'; op: string; start: number; end: number }
  | { k: 'redir'; fd: number | undefined; op: RedirOp; start: number; end: number }
  | { k: 'eof'; start: number; end: number };

const MAX_DEPTH = 32;
const OPERATORS = ['&&', '&>>', '&>', '&', '||', '|&', '|', ';;', ';&', ';', '>>', '>&', '>|', '>', '<<<', '<<', '<&', '<>', '<', '(', ')'];
const REDIR_OPS = new Set(['>>', '>&', '>|', '>', '<&', '<', '&>', '&>>']);
const META = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a whole script (or line). Throws only ParseError. */
export function parse(src: string): List {
  return new Parser(src, 0).parseProgram();
}

/** True when `src` parses, or fails only because more input is needed. */
export function needsMoreInput(src: string): boolean {
  try {
    parse(src);
    return false;
  } catch (e) {
    return e instanceof ParseError && e.incomplete;
  }
}

class Parser {
  private pos = 0;
  private peeked: Token | undefined;

  constructor(private readonly src: string, private readonly depth: number) {
    if (depth > MAX_DEPTH) throw new ParseError('expression nesting level exceeded');
  }

  parseProgram(): List {
    const list = this.parseList(false);
    return list;
  }

  /** Parses a list up to end of input, or up to the `)` closing a $( when `inParen`. */
  private parseList(inParen: boolean): List {
    const items: List = [];
    for (;;) {
      const tok = this.peek();
      if (tok.k === 'eof') {
        if (inParen) throw new ParseError("unexpected EOF while looking for matching `)'", true);
        return items;
      }
      if (tok.k === 'op' && tok.op === '\n') {
        this.next();
        continue;
      }
      if (tok.k === 'op' && tok.op === ')' && inParen) {
        this.next();
        return items;
      }
      const item = this.parseAndOr();
      const after = this.peek();
      if (after.k === 'op' && (after.op === ';' || after.op === '&')) {
        this.next();
        item.background = after.op === '&';
      } else if (after.k === 'op' && after.op === '\n') {
        this.next();
      } else if (!(after.k === 'eof' || (after.k === 'op' && after.op === ')' && inParen))) {
        throw this.unexpected(after);
      }
      items.push(item);
    }
  }

  private parseAndOr(): AndOr {
    const start = this.peek().start;
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    let end = this.lastEnd;
    for (;;) {
      const tok = this.peek();
      if (tok.k !== 'op' || (tok.op !== '&&' && tok.op !== '||')) break;
      this.next();
      this.skipNewlines();
      rest.push({ op: tok.op, pipeline: this.parsePipeline() });
      end = this.lastEnd;
    }
    return { first, rest, background: false, text: this.src.slice(start, end).trim() };
  }

  private parsePipeline(): Pipeline {
    let negate = false;
    const tok = this.peek();
    if (tok.k === 'word' && isPlain(tok.word, '!')) {
      this.next();
      negate = true;
    }
    const commands = [this.parseCommand()];
    for (;;) {
      const t = this.peek();
      if (t.k !== 'op' || t.op !== '|') break;
      this.next();
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return { negate, commands };
  }

  private parseCommand(): SimpleCommand {
    const cmd: SimpleCommand = { assigns: [], words: [], redirects: [] };
    for (;;) {
      const tok = this.peek();
      if (tok.k === 'word') {
        this.next();
        if (tok.assign && cmd.words.length === 0) cmd.assigns.push(tok.assign);
        else cmd.words.push(tok.word);
        continue;
      }
      if (tok.k === 'redir') {
        this.next();
        const target = this.peek();
        if (target.k === 'eof') throw new ParseError("syntax error near unexpected token `newline'");
        if (target.k !== 'word') throw this.unexpected(target);
        this.next();
        const fd = tok.fd ?? (tok.op === '<' || tok.op === '<&' ? 0 : 1);
        cmd.redirects.push({ fd, op: tok.op, target: target.word });
        continue;
      }
      break;
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      throw this.unexpected(this.peek());
    }
    return cmd;
  }

  private skipNewlines(): void {
    for (;;) {
      const t = this.peek();
      if (t.k === 'op' && t.op === '\n') this.next();
      else return;
    }
  }

  private unexpected(tok: Token): ParseError {
    if (tok.k === 'eof') return new ParseError('syntax error: unexpected end of file', true);
    let text: string;
    if (tok.k === 'op') text = tok.op === '\n' ? 'newline' : tok.op;
    else if (tok.k === 'redir') text = this.src.slice(tok.start, tok.end);
    else text = this.src.slice(tok.start, tok.end);
    return new ParseError(`syntax error near unexpected token \`${text}'`);
  }

  // ---- tokens ----

  private lastEnd = 0;

  private peek(): Token {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  private next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    this.lastEnd = t.end;
    return t;
  }

  private lex(): Token {
    const s = this.src;
    // blanks, line continuations and comments
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
      } else if (c === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else {
        break;
      }
    }
    const start = this.pos;
    if (this.pos >= s.length) return { k: 'eof', start, end: start };
    if (s[this.pos] === '\n') {
      this.pos++;
      return { k: 'op', op: '\n', start, end: this.pos };
    }
    // an IO number: digits immediately followed by < or >
    const io = /^(\d+)(?=[<>])/.exec(s.slice(this.pos, this.pos + 12));
    if (io) {
      this.pos += io[1].length;
      const op = this.matchOperator();
      if (op && REDIR_OPS.has(op) && !op.startsWith('&')) {
        this.pos += op.length;
        return { k: 'redir', fd: Number(io[1]) > 0xffff ? 0xffff : Number(io[1]), op: op as RedirOp, start, end: this.pos };
      }
      this.pos = start;
    }
    const op = this.matchOperator();
    if (op) {
      this.pos += op.length;
      if (REDIR_OPS.has(op)) return { k: 'redir', fd: undefined, op: op as RedirOp, start, end: this.pos };
      if (op === '<<' || op === '<<<' || op === '<>') throw new ParseError(`${op}: here-documents and <> are not supported by this shell`);
      if (op === '|&' || op === ';&') return { k: 'op', op, start, end: this.pos };
      return { k: 'op', op, start, end: this.pos };
    }
    return this.lexWord(start);
  }

  private matchOperator(): string | undefined {
    for (const op of OPERATORS) if (this.src.startsWith(op, this.pos)) return op;
    return undefined;
  }

  private lexWord(start: number): Token {
    const s = this.src;
    const parts: Word = [];
    const lit = (text: string, q: boolean): void => {
      const last = parts[parts.length - 1];
      if (last && last.t === 'lit' && last.q === q) last.s += text;
      else parts.push({ t: 'lit', s: text, q });
    };
    let assign: { name: string; valueStart: number } | undefined;
    if (s[this.pos] === '~' && (this.pos + 1 >= s.length || s[this.pos + 1] === '/' || META.has(s[this.pos + 1]))) {
      parts.push({ t: 'tilde' });
      this.pos++;
    }
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (META.has(c)) break;
      if (c === '\\') {
        if (this.pos + 1 >= s.length) throw new ParseError('syntax error: unexpected end of file', true);
        const n = s[this.pos + 1];
        this.pos += 2;
        if (n !== '\n') lit(n, true);
        continue;
      }
      if (c === "'") {
        const close = s.indexOf("'", this.pos + 1);
        if (close < 0) throw new ParseError("unexpected EOF while looking for matching `''", true);
        lit(s.slice(this.pos + 1, close), true);
        this.pos = close + 1;
        continue;
      }
      if (c === '"') {
        this.pos++;
        this.lexDoubleQuoted(parts, lit);
        continue;
      }
      if (c === '$') {
        if (s[this.pos + 1] === "'") {
          this.pos += 2;
          lit(this.lexAnsiC(), true);
          continue;
        }
        this.lexDollar(parts, lit, false);
        continue;
      }
      if (c === '`') {
        this.pos++;
        parts.push({ t: 'cmd', list: this.lexBackquote(), q: false });
        continue;
      }
      if (c === '=' && !assign && parts.length === 1 && parts[0].t === 'lit' && !parts[0].q && NAME_RE.test(parts[0].s)) {
        assign = { name: parts[0].s, valueStart: 1 };
        lit('=', false);
        this.pos++;
        continue;
      }
      lit(c, false);
      this.pos++;
    }
    const end = this.pos;
    const tok: Token = { k: 'word', word: parts, start, end };
    if (assign) {
      // the value is everything after "name="
      const value: Word = [];
      const first = parts[0] as { t: 'lit'; s: string; q: boolean };
      const eq = first.s.indexOf('=');
      const restOfFirst = first.s.slice(eq + 1);
      if (restOfFirst) value.push({ t: 'lit', s: restOfFirst, q: false });
      value.push(...parts.slice(1));
      tok.assign = { name: assign.name, value };
    }
    return tok;
  }

  private lexDoubleQuoted(parts: Word, lit: (text: string, q: boolean) => void): void {
    const s = this.src;
    let any = false;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '"') {
        this.pos++;
        if (!any) lit('', true);
        return;
      }
      any = true;
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === undefined) break;
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          lit(n, true);
          this.pos += 2;
        } else if (n === '\n') {
          this.pos += 2;
        } else {
          lit('\\', true);
          this.pos++;
        }
        continue;
      }
      if (c === '$') {
        this.lexDollar(parts, lit, true);
        continue;
      }
      if (c === '`') {
        this.pos++;
        parts.push({ t: 'cmd', list: this.lexBackquote(), q: true });
        continue;
      }
      lit(c, true);
      this.pos++;
    }
    throw new ParseError('unexpected EOF while looking for matching `"\'', true);
  }

  /** At a `$`: a parameter, ${...}, $(...), or a literal dollar sign. */
  private lexDollar(parts: Word, lit: (text: string, q: boolean) => void, q: boolean): void {
    const s = this.src;
    const n = s[this.pos + 1];
    if (n === '(') {
      if (s[this.pos + 2] === '(') throw new ParseError('$((: arithmetic expansion is not supported by this shell');
      this.pos += 2;
      const sub = new Parser(s, this.depth + 1);
      sub.pos = this.pos;
      const list = sub.parseList(true);
      this.pos = sub.pos;
      parts.push({ t: 'cmd', list, q });
      return;
    }
    if (n === '{') {
      const close = s.indexOf('}', this.pos + 2);
      if (close < 0) throw new ParseError("unexpected EOF while looking for matching `}'", true);
      const name = s.slice(this.pos + 2, close);
      if (!(NAME_RE.test(name) || /^(\d+|[?$!#@*-])$/.test(name))) throw new ParseError(`\${${name}}: bad substitution`);
      parts.push({ t: 'var', name, q });
      this.pos = close + 1;
      return;
    }
    if (n !== undefined && /[?$!#@*0-9-]/.test(n)) {
      parts.push({ t: 'var', name: n, q });
      this.pos += 2;
      return;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos + 1, this.pos + 257));
    if (m) {
      parts.push({ t: 'var', name: m[0], q });
      this.pos += 1 + m[0].length;
      return;
    }
    lit('$', q);
    this.pos++;
  }

  private lexBackquote(): List {
    const s = this.src;
    let text = '';
    while (this.pos < s.length && s[this.pos] !== '`') {
      if (s[this.pos] === '\\' && (s[this.pos + 1] === '`' || s[this.pos + 1] === '\\' || s[this.pos + 1] === '$')) {
        text += s[this.pos + 1];
        this.pos += 2;
      } else {
        text += s[this.pos++];
      }
    }
    if (this.pos >= s.length) throw new ParseError('unexpected EOF while looking for matching ``\'', true);
    this.pos++;
    return new Parser(text, this.depth + 1).parseProgram();
  }

  /** $'...' (ANSI-C quoting): the escapes echo -e knows. */
  private lexAnsiC(): string {
    const s = this.src;
    let out = '';
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === "'") {
        this.pos++;
        return out;
      }
      if (c === '\\' && this.pos + 1 < s.length) {
        const [text, used] = unescapeOne(s, this.pos + 1, false);
        out += text;
        this.pos += 1 + used;
        continue;
      }
      out += c;
      this.pos++;
    }
    throw new ParseError("unexpected EOF while looking for matching `''", true);
  }
}

function isPlain(word: Word, text: string): boolean {
  return word.length === 1 && word[0].t === 'lit' && !word[0].q && word[0].s === text;
}

/**
 * Decodes one backslash escape starting after the backslash at s[i]; returns the text and the
 * number of characters used. `echoStyle` uses echo -e's \0nnn octal form instead of \nnn.
 */
export function unescapeOne(s: string, i: number, echoStyle: boolean): [string, number] {
  const c = s[i];
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', E: '\x1b', '\\': '\\', "'": "'", '"': '"' };
  if (c in simple) return [simple[c], 1];
  if (c === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1, i + 3));
    if (m) return [String.fromCharCode(parseInt(m[0], 16)), 1 + m[0].length];
    return ['\\x', 1];
  }
  if (echoStyle ? c === '0' : /[0-7]/.test(c)) {
    const from = echoStyle ? i + 1 : i;
    const m = /^[0-7]{1,3}/.exec(s.slice(from, from + 3));
    const digits = m ? m[0] : '';
    return [String.fromCharCode(parseInt(digits || '0', 8) & 0xff), from - i + digits.length];
  }
  return [`\\${c}`, 1];
}

/** The words of a command as plain strings when they need no expansion (for tests and tools). */
export function wordToPlainText(word: Word): string | undefined {
  let out = '';
  for (const p of word) {
    if (p.t !== 'lit') return undefined;
    out += p.s;
  }
  return out;
}
