// Shell arithmetic against bash's results, and a property: random expression trees printed as
// text evaluate to what a straightforward BigInt evaluation of the tree gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ArithError, evaluateArith, type ArithEnv } from '../../src/programs/shell/arith';
import { assertProperty } from './helpers/property';

function env(vars: Record<string, string> = {}): ArithEnv & { vars: Record<string, string> } {
  return { vars, get: (n) => vars[n], set: (n, v) => (vars[n] = v) };
}

const ev = (text: string, vars: Record<string, string> = {}): string => evaluateArith(text, env(vars)).toString();

function err(text: string, vars: Record<string, string> = {}): string {
  try {
    evaluateArith(text, env(vars));
  } catch (e) {
    assert.ok(e instanceof ArithError, String(e));
    return e.message;
  }
  assert.fail(`no error for ${text}`);
}

test('operators, precedence and associativity as bash evaluates them', () => {
  const cases: Array<[string, string]> = [
    ['1+2*3', '7'], ['(1+2)*3', '9'], ['2**10', '1024'], ['2**3**2', '512'], ['-2**2', '4'],
    ['7/2', '3'], ['-7/2', '-3'], ['-7%3', '-1'], ['7%-3', '1'], ['1<<3', '8'], ['-16>>2', '-4'],
    ['5&3', '1'], ['5|3', '7'], ['5^3', '6'], ['~0', '-1'], ['!0', '1'], ['!5', '0'], ['3>2', '1'],
    ['2<=1', '0'], ['1==1', '1'], ['1!=1', '0'], ['1&&0', '0'], ['0||2', '1'], ['1?2:3', '2'], ['0?2:3', '3'],
    ['1 ? 0 ? 4 : 5 : 6', '5'], ['1,2', '2'], ['  ', '0'], ['', '0'], ['0x1F', '31'], ['0X10', '16'], ['010', '8'],
    ['2#101', '5'], ['16#ff', '255'], ['36#z', '35'], ['64#_', '63'], ['64#@', '62'], ['64#A', '36'], ['0', '0'],
    ['1 - -1', '2'], ['1++2', '3'], ['1--2', '3'], ['- - 3', '3'], ['!!7', '1'], ['1 < 2 == 1', '1'], ['6-2-1', '3'],
    ['2*3%4', '2'], ['1|2^3&4', '3'], ['(((((1)))))', '1'],
    // 64-bit two's complement (intmax_t)
    ['9223372036854775807+1', '-9223372036854775808'], ['2**63', '-9223372036854775808'], ['2**64', '0'],
    ['9223372036854775808', '-9223372036854775808'], ['-9223372036854775807-1', '-9223372036854775808'],
    ['(-9223372036854775807-1)/-1', '-9223372036854775808'], ['(-9223372036854775807-1)%-1', '0'],
    ['3**40', '-6289078614652622815'], ['1<<63', '-9223372036854775808'], ['1<<64', '1'], ['-1>>70', '-1'],
    // && || ?: do not evaluate the other side
    ['0 && 1/0', '0'], ['1 || 1/0', '1'], ['0 ? 1/0 : 5', '5'], ['1 ? 5 : 1/0', '5'],
  ];
  for (const [text, want] of cases) assert.equal(ev(text), want, text);
});

test('variables: read without $, unset is 0, values are expressions; assignments and ++/--', () => {
  assert.equal(ev('x + 1'), '1');
  assert.equal(ev('x * 2', { x: '2+3' }), '10');
  assert.equal(ev('x', { x: '  ' }), '0');
  const e = env({ i: '5' });
  assert.equal(evaluateArith('i++', e).toString(), '5');
  assert.equal(e.vars.i, '6');
  assert.equal(evaluateArith('++i', e).toString(), '7');
  assert.equal(evaluateArith('i--, --i', e).toString(), '5');
  assert.equal(evaluateArith('j = i * 2', e).toString(), '10');
  assert.equal(e.vars.j, '10');
  for (const [op, want] of [['+=', '13'], ['-=', '7'], ['*=', '30'], ['/=', '3'], ['%=', '1'], ['<<=', '80'], ['>>=', '1'], ['&=', '2'], ['|=', '11'], ['^=', '9']]) {
    const v = env({ k: '10' });
    assert.equal(evaluateArith(`k ${op} 3`, v).toString(), want, op);
    assert.equal(v.vars.k, want, op);
  }
  const chain = env();
  assert.equal(evaluateArith('a = b = 4', chain).toString(), '4');
  assert.deepEqual(chain.vars, { a: '4', b: '4' });
  const skipped = env({ n: '1' });
  assert.equal(evaluateArith('0 && (n = 9)', skipped).toString(), '0');
  assert.equal(evaluateArith('1 || n++', skipped).toString(), '1');
  assert.equal(evaluateArith('n ? 2 : n++', skipped).toString(), '2');
  assert.deepEqual(skipped.vars, { n: '1' }, 'the branch not taken assigns nothing');
  assert.equal(ev('x = 1, x + x++ + x'), '4', 'left to right: 1 + 1 + 2');
});

test('errors are worded as bash, with the error token', () => {
  assert.equal(err('1/0'), '1/0: division by 0 (error token is "0")');
  assert.equal(err(' 1 / 0 '), '1 / 0 : division by 0 (error token is "0 ")');
  assert.equal(err('5 % 0'), '5 % 0: division by 0 (error token is "0")');
  assert.equal(err('x /= 0', { x: '1' }), 'x /= 0: division by 0 (error token is "0")');
  assert.equal(err('1+'), '1+: syntax error: operand expected (error token is "+")');
  assert.equal(err('1 2'), '1 2: syntax error in expression (error token is "2")');
  assert.equal(err('08'), '08: value too great for base (error token is "08")');
  assert.equal(err('1 @ 2'), '1 @ 2: syntax error: invalid arithmetic operator (error token is "@ 2")');
  assert.equal(err('1.5'), '1.5: syntax error: invalid arithmetic operator (error token is ".5")');
  assert.equal(err('2**-1'), '2**-1: exponent less than 0 (error token is "1")');
  assert.equal(err('(1+2'), "(1+2: missing `)' (error token is \"2\")");
  assert.equal(err('1=2'), '1=2: attempted assignment to non-variable (error token is "=2")');
  assert.equal(err('1 ? 2'), "1 ? 2: `:' expected for conditional expression (error token is \"2\")");
  assert.equal(err('65#1'), '65#1: invalid arithmetic base (error token is "65#1")');
  assert.equal(err('x', { x: '1+' }), '1+: syntax error: operand expected (error token is "+")');
  assert.match(err('x', { x: 'x' }), /expression recursion level exceeded/);
  assert.match(err('('.repeat(5000) + '1' + ')'.repeat(5000)), /expression recursion level exceeded/);
});

// ---- the property: a tree, its text, and a reference evaluation of the tree ----

type Expr =
  | { t: 'num'; v: bigint }
  | { t: 'var'; name: string }
  | { t: 'un'; op: '-' | '+' | '!' | '~'; e: Expr }
  | { t: 'bin'; op: string; l: Expr; r: Expr }
  | { t: 'cond'; c: Expr; a: Expr; b: Expr }
  | { t: 'assign'; name: string; op: string; e: Expr }
  | { t: 'inc'; name: string; op: '++' | '--'; post: boolean }
  | { t: 'comma'; l: Expr; r: Expr };

const LEVEL: Record<string, number> = {
  '||': 4, '&&': 5, '|': 6, '^': 7, '&': 8, '==': 9, '!=': 9, '<': 10, '<=': 10, '>': 10, '>=': 10,
  '<<': 11, '>>': 11, '+': 12, '-': 12, '*': 13, '/': 13, '%': 13, '**': 14,
};
const BIN_OPS = Object.keys(LEVEL);
const ASSIGN_OPS = ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|='];
const NAMES = ['a', 'b', 'c'];

const num = fc.oneof(fc.bigInt({ min: 0n, max: 12n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })).map((v): Expr => ({ t: 'num', v }));
const variable = fc.constantFrom(...NAMES).map((name): Expr => ({ t: 'var', name }));
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    num,
    variable,
    fc.record({ t: fc.constant('un' as const), op: fc.constantFrom('-' as const, '+' as const, '!' as const, '~' as const), e: tie('expr') }),
    fc.record({ t: fc.constant('bin' as const), op: fc.constantFrom(...BIN_OPS), l: tie('expr'), r: tie('expr') }),
    fc.record({ t: fc.constant('bin' as const), op: fc.constantFrom(...BIN_OPS), l: tie('expr'), r: tie('expr') }),
    fc.record({ t: fc.constant('cond' as const), c: tie('expr'), a: tie('expr'), b: tie('expr') }),
    fc.record({ t: fc.constant('assign' as const), name: fc.constantFrom(...NAMES), op: fc.constantFrom(...ASSIGN_OPS), e: tie('expr') }),
    fc.record({ t: fc.constant('inc' as const), name: fc.constantFrom(...NAMES), op: fc.constantFrom('++' as const, '--' as const), post: fc.boolean() }),
    fc.record({ t: fc.constant('comma' as const), l: tie('expr'), r: tie('expr') }),
  ),
}));

/** Prints the tree with as few parentheses as the precedence table allows (or all of them). */
function show(e: Expr, full: boolean): { s: string; level: number } {
  const wrap = (x: { s: string; level: number }, min: number): string => (full || x.level < min ? `(${x.s})` : x.s);
  switch (e.t) {
    case 'num': return { s: e.v.toString(), level: 16 };
    case 'var': return { s: e.name, level: 16 };
    case 'inc': return { s: e.post ? `${e.name}${e.op}` : `${e.op}${e.name}`, level: 16 };
    case 'un': return { s: `${e.op} ${wrap(show(e.e, full), 15)}`, level: 15 };
    case 'bin': {
      const L = LEVEL[e.op];
      // ** is right-associative and its left side binds tighter than unary minus
      const [lmin, rmin] = e.op === '**' ? [15, 14] : [L, L + 1];
      return { s: `${wrap(show(e.l, full), lmin)} ${e.op} ${wrap(show(e.r, full), rmin)}`, level: L };
    }
    case 'cond': return { s: `${wrap(show(e.c, full), 4)} ? ${wrap(show(e.a, full), 1)} : ${wrap(show(e.b, full), 3)}`, level: 3 };
    case 'assign': return { s: `${e.name} ${e.op} ${wrap(show(e.e, full), 2)}`, level: 2 };
    case 'comma': return { s: `${wrap(show(e.l, full), 1)} , ${wrap(show(e.r, full), 2)}`, level: 1 };
  }
}

class RefError extends Error {}
const w = (v: bigint): bigint => BigInt.asIntN(64, v);

/** The reference: evaluates the tree directly; `skip` is a branch && || ?: do not take. */
function reference(e: Expr, vars: Map<string, bigint>, skip: boolean): bigint {
  const read = (n: string): bigint => (skip ? 0n : vars.get(n) ?? 0n);
  const write = (n: string, v: bigint): void => {
    if (!skip) vars.set(n, v);
  };
  const apply = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '+': return w(a + b);
      case '-': return w(a - b);
      case '*': return w(a * b);
      case '/':
      case '%':
        if (b === 0n) {
          if (!skip) throw new RefError('division by 0');
          b = 1n;
        }
        return w(op === '/' ? a / b : a % b);
      case '**': {
        if (b < 0n) throw new RefError('exponent less than 0');
        let r = 1n;
        for (let i = 0n, p = a; i < 64n && b >> i > 0n; i++, p = w(p * p)) if ((b >> i) & 1n) r = w(r * p);
        return r;
      }
      case '<<': return w(a << BigInt.asUintN(6, b));
      case '>>': return a >> BigInt.asUintN(6, b);
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '==': return BigInt(a === b);
      case '!=': return BigInt(a !== b);
      case '<': return BigInt(a < b);
      case '<=': return BigInt(a <= b);
      case '>': return BigInt(a > b);
      case '>=': return BigInt(a >= b);
    }
    throw new Error(op);
  };
  switch (e.t) {
    case 'num': return w(e.v);
    case 'var': return read(e.name);
    case 'inc': {
      const old = read(e.name);
      const v = w(old + (e.op === '++' ? 1n : -1n));
      write(e.name, v);
      return e.post ? old : v;
    }
    case 'un': {
      const v = reference(e.e, vars, skip);
      return e.op === '-' ? w(-v) : e.op === '+' ? v : e.op === '!' ? BigInt(v === 0n) : ~v;
    }
    case 'bin': {
      const l = reference(e.l, vars, skip);
      if (e.op === '&&') return BigInt(reference(e.r, vars, skip || l === 0n) !== 0n && l !== 0n);
      if (e.op === '||') return BigInt(reference(e.r, vars, skip || l !== 0n) !== 0n || l !== 0n);
      const r = reference(e.r, vars, skip);
      if (e.op === '**' && r === 0n) return 1n;
      return apply(e.op, l, r);
    }
    case 'cond': {
      const c = reference(e.c, vars, skip);
      const a = reference(e.a, vars, skip || c === 0n);
      const b = reference(e.b, vars, skip || c !== 0n);
      return c !== 0n ? a : b;
    }
    case 'assign': {
      const old = e.op === '=' ? 0n : read(e.name);
      let v = reference(e.e, vars, skip);
      if (e.op !== '=') v = apply(e.op.slice(0, -1), old, v);
      write(e.name, v);
      return v;
    }
    case 'comma':
      reference(e.l, vars, skip);
      return reference(e.r, vars, skip);
  }
}

/** Operators only (no assignments): deeper trees, so that precedence and associativity are exercised. */
const { operators } = fc.letrec<{ operators: Expr }>((tie) => ({
  operators: fc.oneof(
    { depthSize: 'medium' },
    num,
    variable,
    fc.record({ t: fc.constant('un' as const), op: fc.constantFrom('-' as const, '+' as const, '!' as const, '~' as const), e: tie('operators') }),
    fc.record({ t: fc.constant('bin' as const), op: fc.constantFrom(...BIN_OPS), l: tie('operators'), r: tie('operators') }),
    fc.record({ t: fc.constant('bin' as const), op: fc.constantFrom(...BIN_OPS), l: tie('operators'), r: tie('operators') }),
    fc.record({ t: fc.constant('cond' as const), c: tie('operators'), a: tie('operators'), b: tie('operators') }),
  ),
}));

const startVars = fc.record({ a: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), b: fc.bigInt({ min: -20n, max: 20n }), c: fc.constant(0n) });

function compare(e: Expr, init: Record<string, bigint>, full: boolean): void {
  const text = show(e, full).s;
  const refVars = new Map(Object.entries(init));
  let want: string;
  try {
    want = reference(e, refVars, false).toString();
  } catch (x) {
    if (!(x instanceof RefError)) throw x;
    want = `error: ${x.message}`;
  }
  const shellVars: Record<string, string> = Object.fromEntries(Object.entries(init).map(([k, v]) => [k, v.toString()]));
  let got: string;
  try {
    got = evaluateArith(text, env(shellVars)).toString();
  } catch (x) {
    if (!(x instanceof ArithError)) throw x;
    got = `error: ${x.reason}`;
  }
  assert.equal(got, want, text);
  if (!want.startsWith('error')) {
    for (const n of NAMES) assert.equal(shellVars[n], refVars.get(n)?.toString(), `${n} after ${text}`);
  }
}

test('property: operator expressions printed with the fewest parentheses keep their tree\'s value', () => {
  assertProperty(fc.property(operators, startVars, (e, init) => compare(e, init, false)), { numRuns: 4000 });
});

test('property: random expressions evaluate as a BigInt reference evaluation of their tree', () => {
  assertProperty(
    fc.property(expr, startVars, fc.boolean(), (e, init, full) => compare(e, init, full)),
    { numRuns: 3000 },
  );
});
