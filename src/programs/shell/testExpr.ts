// Conditional expressions: the `test` and `[` builtins, parsed from their arguments the way
// bash's test.c does (POSIX's rules by argument count, then a recursive descent over ! -a -o
// and parentheses), and [[ … ]], whose tree the parser built (no word splitting, == matches a
// pattern, =~ a regular expression that sets BASH_REMATCH, -eq and the like compare arithmetic
// expressions). File tests use stat(2); messages and statuses (0 true, 1 false, 2 error) are
// bash's.
import { S_IFCHR, S_IFDIR, S_IFMT, S_IFREG, TCGETS, type Stat, type UserCode } from '../../kernel/uapi';
import { writeAll } from '../coreutils/lib';
import type { CondExpr } from './ast';
import { escapeGlob, expandPattern, expandWordToString, globToRegExp } from './expand';
import type { BuiltinIo } from './redirect';
import type { Shell } from './shell';

const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-n', '-o', '-p', '-r', '-s', '-t', '-u', '-v', '-w', '-x', '-z', '-G', '-L', '-N', '-O', '-R', '-S']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-nt', '-ot', '-ef', '-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const INTEGER_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/** A syntax or usage error of `test`: bash prints it and the status is 2. */
class TestError extends Error {}

// ---------------------------------------------------------------- the operators

/** A unary operator applied to its (expanded) argument. */
function* unaryTest(sh: Shell, op: string, arg: string): UserCode<boolean> {
  switch (op) {
    case '-z': return arg === '';
    case '-n': return arg !== '';
    case '-v': return sh.isSet(arg);
    case '-o': return false; // no shell options are on
    case '-t': {
      if (!/^\s*\d+\s*$/.test(arg)) return false;
      return typeof (yield* sh.sys.ioctl(Number(arg), TCGETS)) === 'object';
    }
  }
  const st = arg === '' ? -2 : yield* sh.sys.stat(arg);
  if (typeof st === 'number') return false;
  return fileTest(op, st);
}

/** The file tests. Permissions: any of the user/group/other bits, as this machine has one user. */
function fileTest(op: string, st: Stat): boolean {
  const type = st.mode & S_IFMT;
  switch (op) {
    case '-a':
    case '-e': return true;
    case '-f': return type === S_IFREG;
    case '-d': return type === S_IFDIR;
    case '-c': return type === S_IFCHR;
    case '-s': return st.size > 0;
    case '-r': return (st.mode & 0o444) !== 0;
    case '-w': return (st.mode & 0o222) !== 0;
    case '-x': return (st.mode & 0o111) !== 0;
    case '-O':
    case '-G': return true;
    default: return false; // -b -p -S -L -h -g -u -k -N: no such files here
  }
}

/** A binary operator of `test` (integers compared as integers, never as arithmetic). */
function* binaryTest(sh: Shell, l: string, op: string, r: string, integer: (s: string) => bigint): UserCode<boolean> {
  switch (op) {
    case '=':
    case '==': return l === r;
    case '!=': return l !== r;
    case '<': return l < r;
    case '>': return l > r;
    case '-nt':
    case '-ot': {
      const a = yield* sh.sys.stat(l);
      const b = yield* sh.sys.stat(r);
      const ta = typeof a === 'number' ? undefined : a.mtimeNs;
      const tb = typeof b === 'number' ? undefined : b.mtimeNs;
      if (op === '-nt') return ta !== undefined && (tb === undefined || ta > tb);
      return tb !== undefined && (ta === undefined || ta < tb);
    }
    case '-ef': {
      const a = yield* sh.sys.stat(l);
      const b = yield* sh.sys.stat(r);
      return typeof a !== 'number' && typeof b !== 'number' && l.replace(/\/+$/, '') === r.replace(/\/+$/, '');
    }
  }
  const a = integer(l);
  const b = integer(r);
  switch (op) {
    case '-eq': return a === b;
    case '-ne': return a !== b;
    case '-lt': return a < b;
    case '-le': return a <= b;
    case '-gt': return a > b;
    default: return a >= b;
  }
}

/** legal_number(): optional blanks and sign, decimal digits, within intmax_t. */
function testInteger(s: string): bigint {
  if (!/^[ \t\n]*[+-]?\d+[ \t\n]*$/.test(s)) throw new TestError(`${s}: integer expression expected`);
  const v = BigInt(s.trim());
  if (v !== BigInt.asIntN(64, v)) throw new TestError(`${s}: integer expression expected`);
  return v;
}

// ---------------------------------------------------------------- test and [

/** bash's test.c over the arguments (without the command name and the closing `]`). */
class TestParser {
  private pos = 0;
  /** open parentheses: bash has no limit, here the engine's stack sets one */
  private depth = 0;

  constructor(private readonly sh: Shell, private readonly argv: string[]) {}

  *run(): UserCode<boolean> {
    const argc = this.argv.length;
    let value: boolean;
    switch (argc) {
      case 0:
        return false;
      case 1:
        return this.argv[0] !== '';
      case 2:
        return yield* this.twoArguments();
      case 3:
        return yield* this.threeArguments();
      case 4:
        if (this.argv[0] === '!') {
          this.pos = 1;
          return !(yield* this.threeArguments());
        }
        if (this.argv[0] === '(' && this.argv[3] === ')') {
          this.pos = 1;
          return yield* this.twoArguments();
        }
        value = yield* this.expr();
        break;
      default:
        value = yield* this.expr();
    }
    if (this.pos < argc) {
      const a = this.argv[this.pos];
      throw new TestError(a.startsWith('-') ? `syntax error: \`${a}' unexpected` : 'too many arguments');
    }
    return value;
  }

  private *twoArguments(): UserCode<boolean> {
    const [a, b] = [this.argv[this.pos], this.argv[this.pos + 1]];
    if (a === '!') return b === '';
    if (a.length === 2 && UNARY.has(a)) return yield* unaryTest(this.sh, a, b);
    throw new TestError(`${a}: unary operator expected`);
  }

  private *threeArguments(): UserCode<boolean> {
    const [a, op, b] = [this.argv[this.pos], this.argv[this.pos + 1], this.argv[this.pos + 2]];
    if (BINARY.has(op)) return yield* binaryTest(this.sh, a, op, b, testInteger);
    if (op === '-a') return a !== '' && b !== '';
    if (op === '-o') return a !== '' || b !== '';
    if (a === '!') {
      this.pos++;
      return !(yield* this.twoArguments());
    }
    if (a === '(' && b === ')') return op !== '';
    throw new TestError(`${op}: binary operator expected`);
  }

  private *expr(): UserCode<boolean> {
    if (this.pos >= this.argv.length) throw new TestError('argument expected');
    return yield* this.or();
  }

  private *or(): UserCode<boolean> {
    const value = yield* this.and();
    if (this.argv[this.pos] === '-o') {
      this.pos++;
      const v2 = yield* this.or();
      return value || v2;
    }
    return value;
  }

  private *and(): UserCode<boolean> {
    const value = yield* this.term();
    if (this.argv[this.pos] === '-a') {
      this.pos++;
      const v2 = yield* this.and();
      return value && v2;
    }
    return value;
  }

  private *term(): UserCode<boolean> {
    const argc = this.argv.length;
    if (this.pos >= argc) throw new TestError('argument expected');
    if (this.argv[this.pos] === '!') {
      let negate = false;
      while (this.pos < argc && this.argv[this.pos] === '!') {
        this.pos++;
        negate = !negate;
      }
      if (this.pos >= argc) throw new TestError('argument expected');
      const v = yield* this.term();
      return negate ? !v : v;
    }
    if (this.argv[this.pos] === '(') {
      this.pos++;
      if (++this.depth > 100) throw new TestError('expression nesting level exceeded');
      const v = yield* this.expr();
      this.depth--;
      const close = this.argv[this.pos];
      if (close === undefined) throw new TestError("`)' expected");
      if (close !== ')') throw new TestError(`\`)' expected, found ${close}`);
      this.pos++;
      return v;
    }
    if (this.pos + 3 <= argc && BINARY.has(this.argv[this.pos + 1])) {
      const v = yield* binaryTest(this.sh, this.argv[this.pos], this.argv[this.pos + 1], this.argv[this.pos + 2], testInteger);
      this.pos += 3;
      return v;
    }
    if (this.pos + 2 <= argc && UNARY.has(this.argv[this.pos])) {
      const v = yield* unaryTest(this.sh, this.argv[this.pos], this.argv[this.pos + 1]);
      this.pos += 2;
      return v;
    }
    return this.argv[this.pos++] !== '';
  }
}

/** The `test` and `[` builtins. */
export function* testBuiltin(sh: Shell, argv: string[], io: BuiltinIo): UserCode<number> {
  let args = argv.slice(1);
  const complain = function* (text: string): UserCode<number> {
    yield* writeAll(sh.sys, io.stderr, `${sh.prefix()}${argv[0]}: ${text}\n`);
    return 2;
  };
  if (argv[0] === '[') {
    if (args[args.length - 1] !== ']') return yield* complain("missing `]'");
    args = args.slice(0, -1);
  }
  try {
    return (yield* new TestParser(sh, args).run()) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) return yield* complain(e.message);
    throw e;
  }
}

// ---------------------------------------------------------------- [[ ]]

/** Translates the POSIX bracket classes of an extended regular expression for RegExp. */
function posixRegex(re: string): string {
  const classes: Record<string, string> = {
    alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
    blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: 'A-Za-z0-9_',
  };
  return re.replace(/\[:([a-z]+):\]/g, (m, name: string) => classes[name] ?? m);
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** [[ expression ]]: 0 true, 1 false, 2 for an invalid regular expression. */
export function* evaluateConditional(sh: Shell, e: CondExpr): UserCode<number> {
  const r = yield* evalCond(sh, e);
  return r === 'error' ? 2 : r ? 0 : 1;
}

function* evalCond(sh: Shell, e: CondExpr): UserCode<boolean | 'error'> {
  const ctx = sh.expandCtx();
  switch (e.t) {
    case 'and':
    case 'or': {
      const l = yield* evalCond(sh, e.l);
      if (l === 'error') return l;
      if (e.t === 'and' ? !l : l) return l;
      return yield* evalCond(sh, e.r);
    }
    case 'not': {
      const v = yield* evalCond(sh, e.e);
      return v === 'error' ? v : !v;
    }
    case 'word':
      return (yield* expandWordToString(e.w, ctx)) !== '';
    case 'unary':
      return yield* unaryTest(sh, e.op, yield* expandWordToString(e.arg, ctx));
    case 'binary': {
      const l = yield* expandWordToString(e.l, ctx);
      if (e.op === '==' || e.op === '=' || e.op === '!=') {
        const matches = globToRegExp(yield* expandPattern(e.r, ctx, escapeGlob), false).test(l);
        return e.op === '!=' ? !matches : matches;
      }
      if (e.op === '=~') {
        let re: RegExp;
        try {
          re = new RegExp(posixRegex(yield* expandPattern(e.r, ctx, escapeRegex)));
        } catch {
          return 'error';
        }
        const m = re.exec(l);
        sh.arrays.set('BASH_REMATCH', m ? [...m].map((x) => x ?? '') : []);
        return m !== null;
      }
      const r = yield* expandWordToString(e.r, ctx);
      if (INTEGER_OPS.has(e.op)) {
        // in [[ ]] both sides are arithmetic expressions
        const a = yield* sh.arithmeticCommand(l, '[[');
        const b = a === undefined ? undefined : yield* sh.arithmeticCommand(r, '[[');
        if (a === undefined || b === undefined) return false;
        return yield* binaryTest(sh, a.toString(), e.op, b.toString(), BigInt);
      }
      return yield* binaryTest(sh, l, e.op, r, BigInt);
    }
  }
}
