// The shell's grammar: a recursive-descent parser for the part of bash's grammar the lab uses.
//
//   list      := and_or ((';' | '&' | newline) and_or?)*
//   and_or    := pipeline (('&&' | '||') newline* pipeline)*
//   pipeline  := ['time' ['-p']] ['!'] command ('|' newline* command)*
//   command   := simple | compound redirection* | name '(' ')' compound | 'function' name compound
//   simple    := (NAME=value)* (word | redirection)+
//   compound  := if … fi | while … done | until … done | for … done | case … esac
//              | '{' list '}' | '(' list ')' | '((' arithmetic '))' | '[[' conditional ']]'
//
// Reserved words (if, then, do, done, {, }, …) are reserved only where a command may start, as
// in bash: `echo done` prints "done". Errors are ParseErrors worded as bash prints them
// (`syntax error near unexpected token `done'`); `incomplete` marks input that more lines could
// complete (an open quote, a `for …; do` without its `done`), for which an interactive shell
// prompts with PS2. Nothing else is ever thrown. Pure: no system calls.
import type { AndOr, CaseItem, CaseTerminator, Command, Compound, CompoundCommand, CondExpr, List, Pipeline, SimpleCommand, Word } from './ast';
import { Lexer, ParseError, type Token } from './lexer';

export { ParseError, unescapeOne, type IncompleteContext } from './lexer';
export type * from './ast';

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

/** Words that close a construct; at the start of a command anywhere else they are an error. */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const COND_UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-n', '-o', '-p', '-r', '-s', '-t', '-u', '-v', '-w', '-x', '-z', '-G', '-L', '-N', '-O', '-R', '-S']);
const COND_BINARY = new Set(['=', '==', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

/**
 * Compound commands nested deeper than this are refused: bash's limit is its memory, here it is
 * the engine's stack, which the parser and the executor each descend a few frames per level.
 */
const MAX_NESTING = 200;

type Stop = (t: Token) => boolean;
const atEof: Stop = (t) => t.k === 'eof';
const closeParen: Stop = (t) => t.k === 'op' && t.op === ')';
const reserved = (...words: string[]): Stop => (t) => t.k === 'word' && t.plain !== undefined && words.includes(t.plain);
const endOfCaseItem: Stop = (t) => (t.k === 'op' && (t.op === ';;' || t.op === ';&' || t.op === ';;&')) || (t.k === 'word' && t.plain === 'esac');
const isOp = (t: Token, op: string): boolean => t.k === 'op' && t.op === op;
const isWord = (t: Token, text: string): boolean => t.k === 'word' && t.plain === text;

class Parser extends Lexer {
  private caseDepth = 0;
  /** compound commands (and [[ ]] terms) open around the current position, $(…) included */
  private nesting = 0;
  /** what running out of input says inside this parser ($( … ) has its own wording) */
  private eofMessage: string | undefined;

  parseProgram(): List {
    return this.parseList(atEof, true);
  }

  protected parseSubstitution(pos: number): { list: List; end: number } {
    const sub = new Parser(this.src, this.depth + 1);
    sub.nesting = this.nesting;
    sub.pos = pos;
    sub.eofMessage = "unexpected EOF while looking for matching `)'";
    const list = sub.parseList(closeParen, true);
    sub.next();
    return { list, end: sub.pos };
  }

  protected parseBackquoted(text: string): List {
    const sub = new Parser(text, this.depth + 1);
    sub.nesting = this.nesting;
    return sub.parseProgram();
  }

  /** Runs `parse` one nesting level deeper. */
  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING) throw new ParseError('expression nesting level exceeded');
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /**
   * A list of and-or items separated by ; & or newlines, up to a token `stop` accepts (not
   * consumed). Inside a construct the list may not be empty (`while; do` is an error).
   */
  private parseList(stop: Stop, allowEmpty: boolean): List {
    const items: List = [];
    for (;;) {
      this.skipNewlines();
      const tok = this.peek();
      if (stop(tok)) {
        if (items.length === 0 && !allowEmpty) throw this.unexpected(tok);
        return items;
      }
      if (tok.k === 'eof') throw this.eofError();
      const item = this.parseAndOr();
      const after = this.peek();
      if (after.k === 'op' && (after.op === ';' || after.op === '&')) {
        this.next();
        item.background = after.op === '&';
      } else if (isOp(after, '\n')) {
        this.next();
      } else if (!stop(after) && after.k !== 'eof') {
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
    const pipeline: Pipeline = { negate: false, commands: [] };
    for (;;) {
      const t = this.peek();
      if (isWord(t, '!')) {
        this.next();
        this.consumedReserved('!');
        pipeline.negate = !pipeline.negate;
      } else if (isWord(t, 'time') && !pipeline.time) {
        this.next();
        this.consumedReserved('time');
        pipeline.time = { posix: false };
        if (isWord(this.peek(), '-p')) {
          this.next();
          pipeline.time.posix = true;
        }
      } else {
        break;
      }
    }
    // `time` or `!` alone before the end of the command is a pipeline with no command
    const t = this.peek();
    if ((pipeline.negate || pipeline.time) && (t.k === 'eof' || isOp(t, ';') || isOp(t, '\n'))) return pipeline;
    pipeline.commands.push(this.parseCommand());
    for (;;) {
      const p = this.peek();
      if (!isOp(p, '|')) break;
      this.next();
      this.skipNewlines();
      pipeline.commands.push(this.parseCommand());
    }
    return pipeline;
  }

  private parseCommand(): Command {
    return this.nested(() => this.parseCommandHere());
  }

  private parseCommandHere(): Command {
    const tok = this.peek();
    const start = tok.start;
    if (tok.k === 'op' && tok.op === '(') {
      if (this.src[tok.start + 1] === '(') {
        const arith = this.arithmeticCommand(tok.start);
        if (arith) return this.finishCompound(arith, start);
      }
      this.next();
      const list = this.parseList(closeParen, false);
      this.next();
      return this.finishCompound({ kind: 'subshell', list }, start);
    }
    if (tok.k === 'word' && tok.plain !== undefined) {
      switch (tok.plain) {
        case 'if': return this.finishCompound(this.parseIf(), start);
        case 'while':
        case 'until': return this.finishCompound(this.parseWhile(tok.plain === 'until'), start);
        case 'for': return this.finishCompound(this.parseFor(), start);
        case 'case': return this.finishCompound(this.parseCase(), start);
        case '{': return this.finishCompound(this.parseGroup(), start);
        case '[[': return this.finishCompound(this.parseConditional(), start);
        case 'function': return this.parseFunctionKeyword();
      }
      if (CLOSERS.has(tok.plain)) throw this.unexpected(tok);
    }
    return this.parseSimple();
  }

  /** The redirections after a compound command's closing word, and the command itself. */
  private finishCompound(body: Compound, start: number): CompoundCommand {
    const cmd: CompoundCommand = { type: 'compound', body, redirects: [], text: '', line: this.lineOf(start) };
    for (;;) {
      const tok = this.peek();
      if (tok.k !== 'redir') break;
      this.next();
      cmd.redirects.push(this.redirectTarget(tok));
    }
    cmd.text = this.src.slice(start, this.lastEnd);
    return cmd;
  }

  private redirectTarget(tok: Extract<Token, { k: 'redir' }>): CompoundCommand['redirects'][number] {
    const target = this.peek();
    if (target.k === 'eof') throw new ParseError("syntax error near unexpected token `newline'");
    if (target.k !== 'word') throw this.unexpected(target);
    this.next();
    const fd = tok.fd ?? (tok.op === '<' || tok.op === '<&' ? 0 : 1);
    return { fd, op: tok.op, target: target.word };
  }

  private parseSimple(): Command {
    const first = this.peek();
    const start = first.start;
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirects: [], text: '', line: this.lineOf(start) };
    for (;;) {
      const tok = this.peek();
      if (tok.k === 'word') {
        this.next();
        if (tok.assign && cmd.words.length === 0) {
          cmd.assigns.push(tok.assign);
          continue;
        }
        cmd.words.push(tok.word);
        // `name () compound` defines a function
        if (cmd.words.length === 1 && cmd.assigns.length === 0 && cmd.redirects.length === 0 && tok.plain !== undefined && isOp(this.peek(), '(')) {
          return this.parseFunctionBody(tok.plain, start);
        }
        continue;
      }
      if (tok.k === 'redir') {
        this.next();
        cmd.redirects.push(this.redirectTarget(tok));
        continue;
      }
      break;
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) throw this.unexpected(this.peek());
    cmd.text = this.src.slice(start, this.lastEnd);
    return cmd;
  }

  /** After a function's name: `()`, newlines, then the body, which must be a compound command. */
  private parseFunctionBody(name: string, start: number): Command {
    if (isOp(this.peek(), '(')) {
      this.next();
      const close = this.peek();
      if (close.k === 'eof') throw new ParseError("syntax error near unexpected token `newline'");
      if (!isOp(close, ')')) throw this.unexpected(close);
      this.next();
    }
    this.skipNewlines();
    const t = this.peek();
    if (t.k === 'eof') throw this.eofError();
    const compound = (t.k === 'op' && t.op === '(') || (t.k === 'word' && ['if', 'while', 'until', 'for', 'case', '{', '[['].includes(t.plain ?? ''));
    if (!compound) throw this.unexpected(t);
    const body = this.parseCommand() as CompoundCommand;
    return { type: 'function', name, body, text: this.src.slice(start, this.lastEnd), line: this.lineOf(start) };
  }

  private parseFunctionKeyword(): Command {
    const start = this.peek().start;
    this.takeReserved('function');
    const name = this.peek();
    if (name.k === 'eof') throw this.eofError();
    if (name.k !== 'word' || name.plain === undefined) throw this.unexpected(name);
    this.next();
    return this.parseFunctionBody(name.plain, start);
  }

  private parseIf(): Compound {
    this.takeReserved('if');
    const clauses: Array<{ cond: List; then: List }> = [];
    let otherwise: List | undefined;
    for (;;) {
      const cond = this.parseList(reserved('then'), false);
      this.takeReserved('then');
      const then = this.parseList(reserved('elif', 'else', 'fi'), false);
      clauses.push({ cond, then });
      const t = this.peek();
      if (isWord(t, 'elif')) {
        this.takeReserved('elif');
        continue;
      }
      if (isWord(t, 'else')) {
        this.takeReserved('else');
        otherwise = this.parseList(reserved('fi'), false);
      }
      this.takeReserved('fi');
      return { kind: 'if', clauses, otherwise };
    }
  }

  private parseWhile(until: boolean): Compound {
    this.takeReserved(until ? 'until' : 'while');
    const cond = this.parseList(reserved('do'), false);
    return { kind: 'loop', until, cond, body: this.loopBody() };
  }

  /** `do list done`, or a brace group, which bash also takes as a loop's body. */
  private loopBody(): List {
    const t = this.peek();
    if (isWord(t, '{')) {
      const group = this.parseGroup();
      return group.kind === 'group' ? group.list : [];
    }
    this.takeReserved('do');
    const body = this.parseList(reserved('done'), false);
    this.takeReserved('done');
    return body;
  }

  private parseFor(): Compound {
    this.takeReserved('for');
    const t = this.peek();
    if (t.k === 'op' && t.op === '(' && this.src[t.start + 1] === '(') return this.parseArithmeticFor(t.start);
    if (t.k === 'eof') throw this.eofError();
    if (t.k !== 'word') throw this.unexpected(t);
    this.next();
    const name = this.src.slice(t.start, t.end);
    this.skipNewlines();
    let words: Word[] | undefined;
    const n = this.peek();
    if (isWord(n, 'in')) {
      this.takeReserved('in');
      words = [];
      for (;;) {
        const w = this.peek();
        if (w.k !== 'word') break;
        this.next();
        words.push(w.word);
      }
      const sep = this.peek();
      if (isOp(sep, ';') || isOp(sep, '\n')) this.next();
      else if (sep.k === 'eof') throw this.eofError();
      else throw this.unexpected(sep);
    } else if (isOp(n, ';')) {
      this.next();
    }
    this.skipNewlines();
    return { kind: 'for', name, words, body: this.loopBody() };
  }

  /** for (( init; test; step )) body */
  private parseArithmeticFor(at: number): Compound {
    const close = this.scanArithmetic(at + 2);
    if (close < 0) throw new ParseError('syntax error: arithmetic expression required', false, at);
    const semis: number[] = [];
    let depth = 0;
    for (let i = at + 2; i < close; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === ';' && depth === 0) semis.push(i);
    }
    if (semis.length !== 2) throw new ParseError("syntax error: `;' unexpected", false, at);
    const init = this.lexArithmeticText(at + 2, semis[0]);
    const test = this.lexArithmeticText(semis[0] + 1, semis[1]);
    const step = this.lexArithmeticText(semis[1] + 1, close);
    this.resetTo(close + 2);
    this.consumedRaw(close + 2);
    const sep = this.peek();
    if (isOp(sep, ';')) this.next();
    this.skipNewlines();
    return { kind: 'arithFor', init, test, step, body: this.loopBody() };
  }

  private parseCase(): Compound {
    this.takeReserved('case');
    this.caseDepth++;
    const w = this.peek();
    if (w.k === 'eof') throw this.eofError();
    if (w.k !== 'word') throw this.unexpected(w);
    this.next();
    this.skipNewlines();
    this.takeReserved('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      let t = this.peek();
      if (isWord(t, 'esac')) {
        this.takeReserved('esac');
        break;
      }
      if (isOp(t, '(')) {
        this.next();
        t = this.peek();
      }
      const patterns: Word[] = [];
      for (;;) {
        const p = this.peek();
        if (p.k === 'eof') throw this.eofError();
        if (p.k !== 'word') throw this.unexpected(p);
        this.next();
        patterns.push(p.word);
        const sep = this.peek();
        if (isOp(sep, '|')) {
          this.next();
          continue;
        }
        if (isOp(sep, ')')) {
          this.next();
          break;
        }
        throw sep.k === 'eof' ? this.eofError() : this.unexpected(sep);
      }
      const body = this.parseList(endOfCaseItem, true);
      const end = this.peek();
      let terminator: CaseTerminator = ';;';
      if (end.k === 'op') {
        this.next();
        terminator = end.op as CaseTerminator;
      }
      items.push({ patterns, body, terminator });
    }
    this.caseDepth--;
    return { kind: 'case', word: w.word, items };
  }

  private parseGroup(): Compound {
    this.takeReserved('{');
    const list = this.parseList(reserved('}'), false);
    this.takeReserved('}');
    return { kind: 'group', list };
  }

  // ---- (( arithmetic )) and [[ conditional ]] ----

  private arithmeticCommand(at: number): Compound | undefined {
    const close = this.scanArithmetic(at + 2);
    if (close < 0) return undefined;
    const expr = this.lexArithmeticText(at + 2, close);
    this.resetTo(close + 2);
    this.consumedRaw(close + 2);
    return { kind: 'arith', expr };
  }

  private parseConditional(): Compound {
    this.takeReserved('[[');
    const expr = this.condOr();
    const t = this.peek();
    if (!isWord(t, ']]')) throw this.condError(t, 'conditional binary operator expected');
    this.takeReserved(']]');
    return { kind: 'cond', expr };
  }

  private condOr(): CondExpr {
    let l = this.condAnd();
    while (isOp(this.peek(), '||')) {
      this.next();
      l = { t: 'or', l, r: this.condAnd() };
    }
    return l;
  }

  private condAnd(): CondExpr {
    let l = this.condTerm();
    while (isOp(this.peek(), '&&')) {
      this.next();
      l = { t: 'and', l, r: this.condTerm() };
    }
    return l;
  }

  private condTerm(): CondExpr {
    return this.nested(() => this.condTermHere());
  }

  private condTermHere(): CondExpr {
    this.skipNewlines();
    const t = this.peek();
    if (isWord(t, '!')) {
      this.next();
      return { t: 'not', e: this.condTerm() };
    }
    if (isOp(t, '(')) {
      this.next();
      const e = this.condOr();
      this.skipNewlines();
      const close = this.peek();
      if (!isOp(close, ')')) throw this.condError(close, "expected `)'");
      this.next();
      return e;
    }
    if (t.k !== 'word' || t.plain === ']]') throw this.condError(t, `unexpected token \`${this.tokenText(t)}' in conditional command`);
    this.next();
    const op = this.peek();
    const binary = this.condBinaryOp(op);
    if (t.plain !== undefined && COND_UNARY.has(t.plain) && binary === undefined) {
      if (op.k !== 'word' || op.plain === ']]') throw this.condError(op, `unexpected argument \`${this.tokenText(op)}' to conditional unary operator`);
      this.next();
      return { t: 'unary', op: t.plain, arg: op.word };
    }
    if (binary !== undefined) {
      this.next();
      let r: Token | undefined;
      if (binary === '=~') {
        r = this.lexRegexWord();
        if (r) this.consumedRaw(r.end);
      } else {
        const p = this.peek();
        if (p.k === 'word' && p.plain !== ']]') r = this.next();
      }
      if (!r || r.k !== 'word') throw this.condError(this.peek(), `unexpected argument \`${this.tokenText(this.peek())}' to conditional binary operator`);
      return { t: 'binary', op: binary, l: t.word, r: r.word };
    }
    if (op.k === 'word' && op.plain !== ']]') throw this.condError(op, 'conditional binary operator expected');
    return { t: 'word', w: t.word };
  }

  private condBinaryOp(t: Token): string | undefined {
    if (t.k === 'word' && t.plain !== undefined && COND_BINARY.has(t.plain)) return t.plain;
    if (t.k === 'redir' && t.fd === undefined && (t.op === '<' || t.op === '>')) return t.op;
    return undefined;
  }

  /** bash's two lines for a bad [[ ]]: what is wrong, then "syntax error near `tok'". */
  private condError(t: Token, what: string): ParseError {
    if (t.k === 'eof') return new ParseError("unexpected EOF while looking for `]]'", true, undefined, this.context());
    return new ParseError(`${what}\nsyntax error near \`${this.tokenText(t)}'`, false, t.start);
  }

  // ---- helpers ----

  private takeReserved(word: string): void {
    const t = this.peek();
    if (isWord(t, word)) {
      this.next();
      this.consumedReserved(word);
      return;
    }
    throw this.unexpected(t);
  }

  /** Records raw text consumed outside the token stream (the `))` of arithmetic). */
  private consumedRaw(end: number): void {
    this.lastEnd = end;
    this.trail = [this.trail[1], 'WORD'];
  }

  private skipNewlines(): void {
    while (isOp(this.peek(), '\n')) this.next();
  }

  private tokenText(tok: Token): string {
    if (tok.k === 'eof') return 'EOF';
    if (tok.k === 'op' && tok.op === '\n') return 'newline';
    return this.src.slice(tok.start, tok.end);
  }

  private unexpected(tok: Token): ParseError {
    if (tok.k === 'eof') return this.eofError();
    return new ParseError(`syntax error near unexpected token \`${this.tokenText(tok)}'`, false, tok.start);
  }

  private eofError(): ParseError {
    return new ParseError(this.eofMessage ?? 'syntax error: unexpected end of file', true, undefined, this.context());
  }

  private context(): { last: string; beforeLast: string; inCase: boolean; inQuote: boolean } {
    return { last: this.trail[1], beforeLast: this.trail[0], inCase: this.caseDepth > 0, inQuote: this.eofMessage !== undefined };
  }
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
