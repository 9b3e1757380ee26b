// Shell arithmetic: what $(( )), (( )), `let` and `for (( ))` evaluate, the way bash's expr.c does
// it. A recursive-descent parser that evaluates as it parses (so an error is reported where
// bash reports it), in 64-bit two's complement (bash's intmax_t; BigInt wrapped to 64 bits after
// every operation), with `noeval` suppressing assignments, variable reads and division errors
// in the branch that && || and ?: do not take. Pure: variables come through ArithEnv.
//
// Precedence, loosest first: , | = op= | ?: | || | && | | | ^ | & | == != | < <= > >= |
// << >> | + - | * / % | ** (right-associative) | unary ! ~ - + ++x --x | x++ x-- ( ) numbers.

export interface ArithEnv {
  /** a shell variable's value; undefined when unset */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** An evaluation error, worded as bash: `1/0: division by 0 (error token is "0")`. */
export class ArithError extends Error {
  constructor(readonly expression: string, readonly reason: string, readonly token: string) {
    super(`${expression}: ${reason} (error token is "${token}")`);
    this.name = 'ArithError';
  }
}

/**
 * bash allows 1024 levels of nested expressions (parentheses, right-associative operators and
 * variables whose values are expressions); here each level is several JavaScript frames on a
 * stack the shell's own nesting already uses, so the limit is lower.
 */
const MAX_DEPTH = 100;

/** Evaluates `expression`; throws ArithError. An empty (or blank) expression is 0. */
export function evaluateArith(expression: string, env: ArithEnv): bigint {
  return new Evaluator(expression, env, 0).run();
}

/** Wraps to a signed 64-bit value, as intmax_t arithmetic does. */
export const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v);

type Op =
  | ',' | '=' | '?' | ':' | '||' | '&&' | '|' | '^' | '&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '<<' | '>>'
  | '+' | '-' | '*' | '/' | '%' | '**' | '!' | '~' | '(' | ')' | 'pre++' | 'pre--' | 'post++' | 'post--';

/** What readtok() found: a number, an identifier, an operator, an `op=` assignment, or the end. */
type Token =
  | { k: 'num'; value: bigint }
  | { k: 'id'; name: string }
  | { k: 'op'; op: Op }
  | { k: 'assign'; op: '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '&' | '^' | '|' }
  | { k: 'eof' };

const BLANK = /[ \t\n\r]/;
const ID_START = /[A-Za-z_]/;
const ID_CHAR = /[A-Za-z0-9_]/;
const NUM_CHAR = /[A-Za-z0-9_#@]/;

class Evaluator {
  private tok: Token = { k: 'eof' };
  /** where the next token starts being looked for */
  private tp = 0;
  /** where the current token starts (what "error token is" quotes from) */
  private lasttp = 0;
  /** > 0 inside a branch that is parsed but not evaluated */
  private noeval = 0;
  /** the name of the operand just parsed when it is a bare variable (what `=` may assign) */
  private lvalue: string | undefined;
  private depth: number;

  constructor(private readonly expr: string, private readonly env: ArithEnv, depth: number) {
    this.depth = depth;
    if (depth > MAX_DEPTH) this.error('expression recursion level exceeded');
  }

  run(): bigint {
    if (this.expr.trim() === '') return 0n;
    this.readtok();
    const v = this.comma();
    if (!this.atEnd()) this.error('syntax error in expression');
    return v;
  }

  // ---- errors ----

  private error(reason: string, at = this.lasttp): never {
    const shown = this.expr.replace(/^[ \t\n\r]+/, '');
    throw new ArithError(shown, reason, this.expr.slice(at));
  }

  // ---- tokens ----

  /** (a method, so that TypeScript does not keep a narrowing of `tok` across readtok()) */
  private atEnd(): boolean {
    return this.tok.k === 'eof';
  }

  private isOp(op: Op): boolean {
    return this.tok.k === 'op' && this.tok.op === op;
  }

  private readtok(): void {
    const s = this.expr;
    let i = this.tp;
    while (i < s.length && BLANK.test(s[i])) i++;
    if (i >= s.length) {
      this.tp = i;
      this.tok = { k: 'eof' };
      return;
    }
    this.lasttp = i;
    const c = s[i];
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < s.length && ID_CHAR.test(s[j])) j++;
      this.tok = { k: 'id', name: s.slice(i, j) };
      this.tp = j;
      return;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < s.length && NUM_CHAR.test(s[j])) j++;
      this.tok = { k: 'num', value: this.parseNumber(s.slice(i, j)) };
      this.tp = j;
      return;
    }
    const two = s.slice(i, i + 2);
    const three = s.slice(i, i + 3);
    if (three === '<<=' || three === '>>=') {
      this.tok = { k: 'assign', op: three === '<<=' ? '<<' : '>>' };
      this.tp = i + 3;
      return;
    }
    if (two === '++' || two === '--') {
      // x++ after an identifier; ++x before one; otherwise two unary signs
      if (this.tok.k === 'id') {
        this.tok = { k: 'op', op: two === '++' ? 'post++' : 'post--' };
        this.tp = i + 2;
        return;
      }
      let j = i + 2;
      while (j < s.length && BLANK.test(s[j])) j++;
      if (j < s.length && ID_START.test(s[j])) {
        this.tok = { k: 'op', op: two === '++' ? 'pre++' : 'pre--' };
        this.tp = i + 2;
        return;
      }
    }
    if (['**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||'].includes(two)) {
      this.tok = { k: 'op', op: two as Op };
      this.tp = i + 2;
      return;
    }
    if (s[i + 1] === '=' && '*/%+-&^|'.includes(c)) {
      this.tok = { k: 'assign', op: c as '*' };
      this.tp = i + 2;
      return;
    }
    if ('+-*/%<>=!~&^|?:,()'.includes(c)) {
      this.tok = { k: 'op', op: c as Op };
      this.tp = i + 1;
      return;
    }
    this.error('syntax error: invalid arithmetic operator');
  }

  /** strlong(): decimal, 0 octal, 0x hex, base#digits (2..64: 0-9 a-z A-Z @ _). */
  private parseNumber(text: string): bigint {
    let base = 10n;
    let foundBase = false;
    let i = 0;
    if (text[0] === '0') {
      if (text.length === 1) return 0n;
      i = 1;
      if (text[1] === 'x' || text[1] === 'X') {
        base = 16n;
        i = 2;
      } else {
        base = 8n;
      }
      foundBase = true;
    }
    let val = 0n;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '#') {
        if (foundBase) this.error('invalid number');
        if (val < 2n || val > 64n) this.error('invalid arithmetic base');
        base = val;
        val = 0n;
        foundBase = true;
        continue;
      }
      let d: number;
      if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
      else if (c >= 'a' && c <= 'z') d = c.charCodeAt(0) - 97 + 10;
      else if (c >= 'A' && c <= 'Z') d = c.charCodeAt(0) - 65 + (base <= 36n ? 10 : 36);
      else if (c === '@') d = 62;
      else d = 63; // '_'
      if (BigInt(d) >= base) this.error('value too great for base');
      val = wrap64(val * base + BigInt(d));
    }
    return val;
  }

  // ---- grammar, loosest first ----

  private comma(): bigint {
    let v = this.assign();
    while (this.isOp(',')) {
      this.readtok();
      v = this.assign();
    }
    return v;
  }

  private assign(): bigint {
    const value = this.cond();
    const t = this.tok;
    const compound = t.k === 'assign';
    if (!compound && !(t.k === 'op' && t.op === '=')) return value;
    const name = this.lvalue;
    if (name === undefined) this.error('attempted assignment to non-variable');
    this.readtok();
    let v = this.nested(() => this.assign()); // right-associative: a = b = c
    if (compound) v = this.binary(t.op, value, v);
    if (this.noeval === 0) this.env.set(name, v.toString());
    this.lvalue = undefined;
    return v;
  }

  private cond(): bigint {
    const c = this.binaryExpression(1);
    if (!this.isOp('?')) return c;
    this.readtok();
    if (this.atEnd() || this.isOp(':')) this.error('expression expected');
    if (c === 0n) this.noeval++;
    const a = this.comma();
    if (c === 0n) this.noeval--;
    if (!this.isOp(':')) this.error("`:' expected for conditional expression");
    if (c !== 0n) this.noeval++;
    this.readtok();
    if (this.atEnd()) this.error('expression expected');
    const b = this.nested(() => this.cond());
    if (c !== 0n) this.noeval--;
    this.lvalue = undefined;
    return c !== 0n ? a : b;
  }

  /**
   * The left-associative binary operators, || (loosest) to * / % (tightest), by precedence
   * climbing: one frame per operand rather than one per level, as the nesting of parentheses
   * costs stack. && and || parse their right side without evaluating it when the left decides.
   */
  private binaryExpression(minPrec: number): bigint {
    let v = this.power();
    for (;;) {
      const t = this.tok;
      const prec = t.k === 'op' ? BINARY_PRECEDENCE[t.op] : undefined;
      if (t.k !== 'op' || prec === undefined || prec < minPrec) return v;
      const opEnd = this.tp;
      this.readtok();
      if (t.op === '&&' || t.op === '||') {
        const skip = t.op === '&&' ? v === 0n : v !== 0n;
        if (skip) this.noeval++;
        const r = this.binaryExpression(prec + 1);
        if (skip) this.noeval--;
        v = (t.op === '&&' ? v !== 0n && r !== 0n : v !== 0n || r !== 0n) ? 1n : 0n;
      } else {
        v = this.binary(t.op as BinaryOp, v, this.binaryExpression(prec + 1), opEnd);
      }
      this.lvalue = undefined;
    }
  }

  private binary(op: BinaryOp, a: bigint, b: bigint, opEnd = this.lasttp): bigint {
    switch (op) {
      case '+': return wrap64(a + b);
      case '-': return wrap64(a - b);
      case '*': return wrap64(a * b);
      case '/':
      case '%':
        if (b === 0n) {
          // not evaluated: bash divides by 1 instead (the value may still reach a ** check)
          if (this.noeval > 0) return op === '/' ? a : 0n;
          // the error token is what follows the operator
          let at = opEnd;
          while (at < this.expr.length && BLANK.test(this.expr[at])) at++;
          this.error('division by 0', at);
        }
        // INTMAX_MIN / -1 overflows in C; bash gives INTMAX_MIN (and 0 for %), as wrapping does
        return wrap64(op === '/' ? a / b : a % b);
      case '<<': return wrap64(a << (b & 63n));
      case '>>': return a >> (b & 63n);
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '<': return a < b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
    }
  }

  private power(): bigint {
    const base = this.unary();
    if (!this.isOp('**')) return base;
    this.readtok();
    const exp = this.nested(() => this.power()); // right-associative
    this.lvalue = undefined;
    if (exp === 0n) return 1n;
    if (exp < 0n) this.error('exponent less than 0');
    return ipow(base, exp);
  }

  private unary(): bigint {
    const t = this.tok;
    if (t.k === 'op' && (t.op === '!' || t.op === '~' || t.op === '-' || t.op === '+')) {
      this.readtok();
      const v = this.nested(() => this.unary());
      this.lvalue = undefined;
      if (t.op === '!') return v === 0n ? 1n : 0n;
      if (t.op === '~') return ~v;
      if (t.op === '-') return wrap64(-v);
      return v;
    }
    return this.primary();
  }

  private primary(): bigint {
    const t = this.tok;
    if (t.k === 'op' && (t.op === 'pre++' || t.op === 'pre--')) {
      this.readtok();
      const id = this.tok;
      if (id.k !== 'id') this.error('identifier expected after pre-increment or pre-decrement');
      const v = wrap64(this.variable(id.name) + (t.op === 'pre++' ? 1n : -1n));
      if (this.noeval === 0) this.env.set(id.name, v.toString());
      this.readtok();
      this.lvalue = undefined;
      return v;
    }
    if (t.k === 'op' && t.op === '(') {
      this.readtok();
      const v = this.nested(() => this.comma());
      if (!this.isOp(')')) this.error("missing `)'");
      this.readtok();
      this.lvalue = undefined;
      return v;
    }
    if (t.k === 'num') {
      this.readtok();
      this.lvalue = undefined;
      return t.value;
    }
    if (t.k === 'id') {
      // a plain `x = ...` assigns without reading x (bash does not evaluate it either)
      this.readtok();
      const assigning = this.isOp('=');
      const v = assigning ? 0n : this.variable(t.name);
      const p = this.tok;
      if (p.k === 'op' && (p.op === 'post++' || p.op === 'post--')) {
        if (this.noeval === 0) this.env.set(t.name, wrap64(v + (p.op === 'post++' ? 1n : -1n)).toString());
        this.readtok();
        this.lvalue = undefined;
        return v;
      }
      this.lvalue = t.name;
      return v;
    }
    this.error('syntax error: operand expected');
  }

  /** A variable's value is itself an expression (x=2+3 makes $((x*2)) 10); unset or empty is 0. */
  private variable(name: string): bigint {
    if (this.noeval > 0) return 0n;
    const value = this.env.get(name);
    if (value === undefined || value.trim() === '') return 0n;
    if (/^[0-9]+$/.test(value) && value.length < 19 && (value[0] !== '0' || value.length === 1)) return BigInt(value);
    return new Evaluator(value, this.env, this.depth + 1).run();
  }

  private nested(f: () => bigint): bigint {
    this.depth++;
    if (this.depth > MAX_DEPTH) this.error('expression recursion level exceeded');
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
}

type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=';

const BINARY_PRECEDENCE: Partial<Record<Op, number>> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8,
  '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

/** Exponentiation by squaring with wrap-around, as bash's ipow() in intmax_t. */
function ipow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = wrap64(result * b);
    e >>= 1n;
    b = wrap64(b * b);
  }
  return result;
}
