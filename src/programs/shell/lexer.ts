// The shell's tokens: operators, redirections and words, as bash's lexer (read_token) splits a
// line. Words are lexed into their parts here (quotes, $parameters, $(…), `…`, $((…))); the
// grammar on top (parse.ts) decides which words are reserved words, because that depends on
// where a word stands. Pure: no system calls; every error is a ParseError.
import type { Assignment, List, RedirOp, Word } from './ast';

export class ParseError extends Error {
  constructor(
    message: string,
    /** more input could still make it valid (an open quote, `for …; do` without `done`) */
    readonly incomplete = false,
    /** where in the source the offending token starts (for the line number bash prints) */
    readonly offset?: number,
    /** for an incomplete command: what came last, so that history can join the lines as bash does */
    readonly context?: IncompleteContext,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/** The last two tokens before the end of an incomplete command (bash's history_delimiting_chars). */
export interface IncompleteContext {
  last: string;
  beforeLast: string;
  /** inside a `case` statement */
  inCase: boolean;
  /** inside a quoted string or a $(…) still open */
  inQuote: boolean;
}

export type Token =
  /** `plain`: the text of an unquoted word with no expansions (a reserved word is one) */
  | { k: 'word'; word: Word; start: number; end: number; assign?: Assignment; plain?: string }
  | { k: 'op'; op: string; start: number; end: number }
  | { k: 'redir'; fd: number | undefined; op: RedirOp; start: number; end: number }
  | { k: 'eof'; start: number; end: number };

const MAX_DEPTH = 32;
const OPERATORS = ['&&', '&>>', '&>', '&', '||', '|&', '|', ';;&', ';;', ';&', ';', '>>', '>&', '>|', '>', '<<<', '<<', '<&', '<>', '<', '(', ')'];
const REDIR_OPS = new Set(['>>', '>&', '>|', '>', '<&', '<', '&>', '&>>']);
const META = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')']);
export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export abstract class Lexer {
  protected pos = 0;
  private peeked: Token | undefined;
  /** where the last consumed token ended */
  protected lastEnd = 0;
  /** the kinds of the last two tokens consumed (a reserved word by its text; other words as WORD) */
  protected trail: [string, string] = ['', ''];
  private lineStarts: number[] | undefined;

  constructor(protected readonly src: string, protected readonly depth: number) {
    if (depth > MAX_DEPTH) throw new ParseError('expression nesting level exceeded');
  }

  /** $( list ): parses a list at `pos` up to its `)`; returns the list and where it ended. */
  protected abstract parseSubstitution(pos: number): { list: List; end: number };
  /** `list`: parses the text between backquotes. */
  protected abstract parseBackquoted(text: string): List;

  // ---- the token stream ----

  protected peek(): Token {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  protected next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    this.lastEnd = t.end;
    this.trail = [this.trail[1], t.k === 'op' ? t.op : t.k === 'word' ? 'WORD' : t.k === 'redir' ? t.op : 'EOF'];
    return t;
  }

  /** Marks the token just consumed as the reserved word it is. */
  protected consumedReserved(word: string): void {
    this.trail[1] = word;
  }

  /** Drops a peeked token and continues lexing at `pos` (after raw scanning of (( )) and the like). */
  protected resetTo(pos: number): void {
    this.peeked = undefined;
    this.pos = pos;
  }

  /** The line (from 0) that source offset `at` is on. */
  protected lineOf(at: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.src.length; i++) if (this.src[i] === '\n') this.lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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
    const lit = literalAppender(parts);
    let assign: { name: string } | undefined;
    if (s[this.pos] === '~' && (this.pos + 1 >= s.length || s[this.pos + 1] === '/' || META.has(s[this.pos + 1]))) {
      parts.push({ t: 'tilde' });
      this.pos++;
    }
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (META.has(c)) break;
      if (c === '=' && !assign && parts.length === 1 && parts[0].t === 'lit' && !parts[0].q && NAME_RE.test(parts[0].s)) {
        assign = { name: parts[0].s };
        lit('=', false);
        this.pos++;
        continue;
      }
      this.lexWordChar(parts, lit);
    }
    const end = this.pos;
    const tok: Token = { k: 'word', word: parts, start, end };
    if (parts.length === 1 && parts[0].t === 'lit' && !parts[0].q) tok.plain = parts[0].s;
    if (assign) {
      // the value is everything after "name="
      const value: Word = [];
      const first = parts[0] as { t: 'lit'; s: string; q: boolean };
      const restOfFirst = first.s.slice(first.s.indexOf('=') + 1);
      if (restOfFirst) value.push({ t: 'lit', s: restOfFirst, q: false });
      value.push(...parts.slice(1));
      tok.assign = { name: assign.name, value };
    }
    return tok;
  }

  /** One character (or quoted string, or expansion) of a word outside double quotes. */
  private lexWordChar(parts: Word, lit: (text: string, q: boolean) => void): void {
    const s = this.src;
    const c = s[this.pos];
    if (c === '\\') {
      if (this.pos + 1 >= s.length) throw new ParseError('syntax error: unexpected end of file', true, undefined, this.quoteContext());
      const n = s[this.pos + 1];
      this.pos += 2;
      if (n !== '\n') lit(n, true);
      return;
    }
    if (c === "'") {
      const close = s.indexOf("'", this.pos + 1);
      if (close < 0) throw new ParseError("unexpected EOF while looking for matching `''", true, undefined, this.quoteContext());
      lit(s.slice(this.pos + 1, close), true);
      this.pos = close + 1;
      return;
    }
    if (c === '"') {
      this.pos++;
      this.lexDoubleQuoted(parts, lit);
      return;
    }
    if (c === '$') {
      if (s[this.pos + 1] === "'") {
        this.pos += 2;
        lit(this.lexAnsiC(), true);
        return;
      }
      this.lexDollar(parts, lit, false);
      return;
    }
    if (c === '`') {
      this.pos++;
      parts.push({ t: 'cmd', list: this.lexBackquote(), q: false });
      return;
    }
    lit(c, false);
    this.pos++;
  }

  /**
   * The right side of [[ … =~ regex ]]: a word that may contain ( ) | < > unquoted, ending at a
   * blank outside parentheses (bash's cond_regexp lexing).
   */
  protected lexRegexWord(): Token | undefined {
    const s = this.src;
    while (s[this.pos] === ' ' || s[this.pos] === '\t') this.pos++;
    const start = this.pos;
    const parts: Word = [];
    const lit = literalAppender(parts);
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (depth === 0 && (c === ' ' || c === '\t' || c === '\n' || c === ')')) break;
      if (c === '(') depth++;
      else if (c === ')') depth--;
      if ("\\'\"$`".includes(c)) {
        this.lexWordChar(parts, lit);
        continue;
      }
      lit(c, false);
      this.pos++;
    }
    if (this.pos === start) return undefined;
    return { k: 'word', word: parts, start, end: this.pos };
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
    throw new ParseError('unexpected EOF while looking for matching `"\'', true, undefined, this.quoteContext());
  }

  /** At a `$`: a parameter, ${...}, $(...), $((...)), or a literal dollar sign. */
  private lexDollar(parts: Word, lit: (text: string, q: boolean) => void, q: boolean): void {
    const s = this.src;
    const n = s[this.pos + 1];
    if (n === '(') {
      if (s[this.pos + 2] === '(') {
        const close = this.scanArithmetic(this.pos + 3);
        if (close >= 0) {
          parts.push({ t: 'arith', expr: this.lexArithmeticText(this.pos + 3, close), q });
          this.pos = close + 2;
          return;
        }
        // $( (subshell) … ): a command substitution after all
      }
      const { list, end } = this.parseSubstitution(this.pos + 2);
      this.pos = end;
      parts.push({ t: 'cmd', list, q });
      return;
    }
    if (n === '{') {
      const close = s.indexOf('}', this.pos + 2);
      if (close < 0) throw new ParseError("unexpected EOF while looking for matching `}'", true, undefined, this.quoteContext());
      const inside = s.slice(this.pos + 2, close);
      const indexed = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]+)\]$/.exec(inside);
      if (indexed) parts.push({ t: 'var', name: indexed[1], q, index: indexed[2] });
      else if (NAME_RE.test(inside) || /^(\d+|[?$!#@*-])$/.test(inside)) parts.push({ t: 'var', name: inside, q });
      else throw new ParseError(`\${${inside}}: bad substitution`);
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

  /**
   * From just after `((` or `$((`: the index of the `))` that closes the arithmetic, or -1 when
   * the parentheses close another way (`((cmd); cmd)` is a subshell in a subshell). Quotes and
   * nested parentheses are skipped. Input ending first is incomplete.
   */
  protected scanArithmetic(from: number): number {
    const s = this.src;
    let depth = 0;
    for (let i = from; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') {
        i++;
      } else if (c === "'" || c === '"') {
        const close = s.indexOf(c, i + 1);
        if (close < 0) break;
        i = close;
      } else if (c === '(') {
        depth++;
      } else if (c === ')') {
        if (depth > 0) depth--;
        else return s[i + 1] === ')' ? i : -1;
      }
    }
    throw new ParseError("unexpected EOF while looking for matching `)'", true, undefined, this.quoteContext());
  }

  /**
   * The text of an arithmetic expression from `from` to `to`, as a word: expanded like a string in
   * double quotes ($x, $(…), `…`), whose double quotes are removed.
   */
  protected lexArithmeticText(from: number, to: number): Word {
    const s = this.src;
    const parts: Word = [];
    const lit = literalAppender(parts);
    const save = this.pos;
    this.pos = from;
    while (this.pos < to) {
      const c = s[this.pos];
      if (c === '"') {
        this.pos++;
      } else if (c === '\\' && this.pos + 1 < to) {
        const n = s[this.pos + 1];
        if ('$`"\\'.includes(n)) lit(n, true);
        else if (n !== '\n') lit(`\\${n}`, true);
        this.pos += 2;
      } else if (c === '$') {
        this.lexDollar(parts, lit, true);
      } else if (c === '`') {
        this.pos++;
        parts.push({ t: 'cmd', list: this.lexBackquote(), q: true });
      } else {
        lit(c, true);
        this.pos++;
      }
    }
    this.pos = save;
    if (parts.length === 0) lit('', true);
    return parts;
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
    if (this.pos >= s.length) throw new ParseError('unexpected EOF while looking for matching ``\'', true, undefined, this.quoteContext());
    this.pos++;
    return this.parseBackquoted(text);
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
    throw new ParseError("unexpected EOF while looking for matching `''", true, undefined, this.quoteContext());
  }

  private quoteContext(): IncompleteContext {
    return { last: this.trail[1], beforeLast: this.trail[0], inCase: false, inQuote: true };
  }
}

/** Appends literal text to a word, merging with the previous part when the quoting matches. */
function literalAppender(parts: Word): (text: string, q: boolean) => void {
  return (text, q) => {
    const last = parts[parts.length - 1];
    if (last && last.t === 'lit' && last.q === q) last.s += text;
    else parts.push({ t: 'lit', s: text, q });
  };
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
