import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, ParseError, needsMoreInput, type Command, type Compound, type CompoundCommand, type IncompleteContext, type List, type SimpleCommand, type Word } from '../../src/programs/shell/parse';
import { historyDelimiter } from '../../src/programs/shell/historyLine';
import { expandWord, globToRegExp, type ExpandContext } from '../../src/programs/shell/expand';
import type { UserCode } from '../../src/kernel/uapi';
import { assertProperty } from './helpers/property';

/** Expands a word with a fixed environment (no command substitution, no globbing). */
function expand(word: Word, vars: Record<string, string> = {}): string[] {
  const ctx: ExpandContext = {
    getVar: (n) => vars[n],
    positional: () => [],
    getArray: () => undefined,
    // eslint-disable-next-line require-yield
    *arithmetic(e: string): UserCode<string> {
      return `ARITH(${e})`;
    },
    // eslint-disable-next-line require-yield
    *commandSubstitution(): UserCode<string> {
      return 'SUB';
    },
    // eslint-disable-next-line require-yield
    *glob(): UserCode<string[]> {
      return [];
    },
  };
  const it = expandWord(word, ctx);
  const r = it.next();
  assert.equal(r.done, true, 'no syscalls expected');
  return r.value as string[];
}

/** The command as a simple command (the test fails if it is not one). */
function simple(c: Command | undefined): SimpleCommand {
  assert.equal(c?.type, 'simple');
  return c as SimpleCommand;
}

function argv(list: List, i = 0, vars: Record<string, string> = {}): string[] {
  return simple(list[i].first.commands[0]).words.flatMap((w) => expand(w, vars));
}

function syntaxError(src: string): string {
  try {
    parse(src);
  } catch (e) {
    assert.ok(e instanceof ParseError);
    return e.message;
  }
  assert.fail(`expected a syntax error for ${src}`);
}

test('words: quotes, escapes and concatenation', () => {
  assert.deepEqual(argv(parse(`echo 'R 1234' "a  b" c\\ d e"f"'g'`)), ['echo', 'R 1234', 'a  b', 'c d', 'efg']);
  assert.deepEqual(argv(parse(`echo "\\$x \\" \\\\ \\a"`)), ['echo', '$x " \\ \\a']);
  assert.deepEqual(argv(parse(`echo $'a\\tb\\n'`)), ['echo', 'a\tb\n']);
  assert.deepEqual(argv(parse(`echo ""`)), ['echo', '']);
  assert.deepEqual(argv(parse('echo a\\\nb')), ['echo', 'ab']);
});

test('parameters: $? $$ $! $VAR ${VAR}, split only when unquoted', () => {
  const vars = { '?': '1', $: '1000', '!': '1005', X: 'a b', HOME: '/home/student' };
  assert.deepEqual(argv(parse('echo $? $$ $! $X "$X" ${X}z ~ ~/f x~'), 0, vars), ['echo', '1', '1000', '1005', 'a', 'b', 'a b', 'a', 'bz', '/home/student', '/home/student/f', 'x~']);
  assert.deepEqual(argv(parse('echo $NOPE "$NOPE" $'), 0, vars), ['echo', '', '$']);
  assert.deepEqual(argv(parse('echo $(echo hi) "$(x)"'), 0, vars), ['echo', 'SUB', 'SUB']);
});

test('operators: ; && || | & and redirections', () => {
  const l = parse('insmod mp3.ko && cat /proc/mp3/status || echo fail; ./work 1024 R 50000 & ./monitor > profile1.data 2>&1 < in');
  assert.equal(l.length, 3);
  assert.deepEqual(l[0].rest.map((r) => r.op), ['&&', '||']);
  assert.equal(l[1].background, true);
  assert.equal(l[1].text, './work 1024 R 50000');
  const redirs = simple(l[2].first.commands[0]).redirects;
  assert.deepEqual(redirs.map((r) => [r.fd, r.op, expand(r.target)[0]]), [[1, '>', 'profile1.data'], [2, '>&', '1'], [0, '<', 'in']]);
  const p = parse('cat f | grep x | wc -l')[0].first;
  assert.equal(p.commands.length, 3);
  const app = simple(parse('echo x >> log 2> err &>all')[0].first.commands[0]).redirects;
  assert.deepEqual(app.map((r) => [r.fd, r.op]), [[1, '>>'], [2, '>'], [1, '&>']]);
  assert.deepEqual(argv(parse('echo 2 > f')), ['echo', '2']);
});

test('comments, blank lines, assignments, negation', () => {
  assert.equal(parse('# nothing').length, 0);
  assert.equal(parse('\n\n').length, 0);
  assert.deepEqual(argv(parse('echo a # b c')), ['echo', 'a']);
  assert.deepEqual(argv(parse('echo a#b')), ['echo', 'a#b']);
  const a = simple(parse('X=1 Y="a b" cmd')[0].first.commands[0]);
  assert.deepEqual(a.assigns.map((x) => [x.name, expand(x.value)[0]]), [['X', '1'], ['Y', 'a b']]);
  assert.equal(parse('! false')[0].first.negate, true);
});

test('syntax errors are worded as bash', () => {
  assert.equal(syntaxError(';'), "syntax error near unexpected token `;'");
  assert.equal(syntaxError('ls ;;'), "syntax error near unexpected token `;;'");
  assert.equal(syntaxError('| wc'), "syntax error near unexpected token `|'");
  assert.equal(syntaxError('echo >'), "syntax error near unexpected token `newline'");
  assert.equal(syntaxError('echo > ;'), "syntax error near unexpected token `;'");
  assert.equal(syntaxError('&& ls'), "syntax error near unexpected token `&&'");
  assert.equal(syntaxError('ls & &'), "syntax error near unexpected token `&'");
  assert.equal(syntaxError('ls )'), "syntax error near unexpected token `)'");
  assert.equal(syntaxError("echo 'open"), "unexpected EOF while looking for matching `''");
  assert.equal(syntaxError('echo "open'), 'unexpected EOF while looking for matching `"\'');
});

test('incomplete input asks for more lines', () => {
  for (const s of ["echo 'a", 'echo "a', 'ls |', 'ls &&', 'ls ||', 'echo \\', 'echo $(ls']) assert.equal(needsMoreInput(s), true, s);
  for (const s of ['ls', 'ls ;;', 'echo >', "echo 'a'"]) assert.equal(needsMoreInput(s), false, s);
  assert.equal(simple(parse("echo 'a\nb'")[0].first.commands[0]).words.length, 2);
});

test('glob patterns compile to anchored regular expressions', () => {
  assert.ok(globToRegExp('*.data').test('profile1.data'));
  assert.ok(!globToRegExp('*.data').test('profile1.datax'));
  assert.ok(globToRegExp('profile[12].?ata').test('profile2.data'));
  assert.ok(globToRegExp('[!a]*').test('b'));
  assert.ok(!globToRegExp('\\*').test('x'));
  assert.ok(globToRegExp('a[').test('a['));
});

test('fuzz: parse never throws anything but a ParseError', () => {
  const alphabet = fc.constantFrom(...`ab $?!#'"\\;&|<>()\`{}~=*\n\t012-`.split(''));
  assertProperty(
    fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (src) => {
      try {
        parse(src);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
    }),
    { numRuns: 3000 },
  );
  assertProperty(
    fc.property(fc.string({ maxLength: 200 }), (src) => {
      try {
        parse(src);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
    }),
    { numRuns: 1000 },
  );
});

test('deep nesting is refused, not a stack overflow', () => {
  const deep = '$('.repeat(5000) + ')'.repeat(5000);
  assert.throws(() => parse(`echo ${deep}`), ParseError);
  const ok = '$('.repeat(5) + 'echo x' + ')'.repeat(5);
  assert.equal(parse(`echo ${ok}`).length, 1);
  for (const [open, close] of [['{ ', ' ; }'], ['( ', ' )'], ['if true; then ', '; fi'], ['while false; do ', '; done'], ['$( { ', '; } )']]) {
    assert.throws(() => parse(`${open.repeat(5000)}echo${close.repeat(5000)}`), ParseError, open);
    assert.equal(parse(`${open.repeat(20)}echo${close.repeat(20)}`).length, 1, open);
  }
  assert.throws(() => parse(`[[ ${'! '.repeat(5000)}x ]]`), ParseError);
  assert.throws(() => parse(`[[ ${'( '.repeat(5000)}x${' )'.repeat(5000)} ]]`), ParseError);
});

// ---- compound commands ----

function compound(src: string): Compound {
  const c = parse(src)[0].first.commands[0];
  assert.equal(c.type, 'compound', src);
  return (c as CompoundCommand).body;
}

test('compound commands: if/elif/else, while, until, for, case, groups, subshells, (( )), [[ ]]', () => {
  const i = compound('if a; then b; elif c\nthen d; else e; fi');
  assert.equal(i.kind, 'if');
  if (i.kind === 'if') {
    assert.equal(i.clauses.length, 2);
    assert.deepEqual(argv(i.clauses[1].cond), ['c']);
    assert.deepEqual(argv(i.otherwise ?? []), ['e']);
  }
  const w = compound('while true; do echo $i; done');
  assert.ok(w.kind === 'loop' && !w.until && w.body.length === 1);
  assert.ok(compound('until false\ndo :\ndone').kind === 'loop');
  const f = compound('for i in 1 2 3; do nice ./work 200 R 10000 & done');
  assert.ok(f.kind === 'for' && f.name === 'i' && f.words?.length === 3);
  if (f.kind === 'for') {
    assert.equal(f.body[0].background, true, 'the & inside the loop belongs to the command');
    assert.equal(f.body[0].text, 'nice ./work 200 R 10000');
  }
  const all = compound('for x; do echo; done');
  assert.ok(all.kind === 'for' && all.words === undefined, 'no `in`: "$@"');
  assert.ok(compound('for x do echo; done').kind === 'for');
  assert.ok(compound('for i in 1 2; { echo $i; }').kind === 'for', 'a brace group as the body');
  const af = compound('for ((i = 0; i < 3; i++)); do echo $i; done');
  assert.ok(af.kind === 'arithFor');
  const c = compound('case $x in\n  a|b) echo ab;;\n  (*.data) echo data ;&\n  *) echo other\nesac');
  assert.ok(c.kind === 'case' && c.items.length === 3);
  if (c.kind === 'case') {
    assert.equal(c.items[0].patterns.length, 2);
    assert.deepEqual(c.items.map((it) => it.terminator), [';;', ';&', ';;']);
  }
  assert.ok(compound('{ echo a; echo b; }').kind === 'group');
  assert.ok(compound('(cd /tmp; ls)').kind === 'subshell');
  const ar = compound('(( i++ > 2 ))');
  assert.ok(ar.kind === 'arith');
  if (ar.kind === 'arith') assert.deepEqual(expand(ar.expr), [' i++ > 2 ']);
  assert.ok(compound('((echo a); echo b)').kind === 'subshell', '(( that does not close with )) is two subshells');
  const cond = compound('[[ -e /proc/mp3/status && $x == a* || ! ( $y < b ) ]]');
  assert.ok(cond.kind === 'cond' && cond.expr.t === 'or');
  const re = compound('[[ $x =~ ^(a|b)[0-9]+$ ]]');
  assert.ok(re.kind === 'cond' && re.expr.t === 'binary' && re.expr.op === '=~');
  if (re.kind === 'cond' && re.expr.t === 'binary') assert.deepEqual(expand(re.expr.r), ['^(a|b)[0-9]+$']);
});

test('redirections and pipelines of compound commands; functions; time; $(( ))', () => {
  const l = parse('for i in 1 2; do echo $i; done > out 2>&1 | cat');
  assert.equal(l[0].first.commands.length, 2);
  const loop = l[0].first.commands[0] as CompoundCommand;
  assert.deepEqual(loop.redirects.map((r) => [r.fd, r.op]), [[1, '>'], [2, '>&']]);
  const fn = parse('work() { ./work "$@"; }')[0].first.commands[0];
  assert.ok(fn.type === 'function' && fn.name === 'work' && fn.body.body.kind === 'group');
  const fk = parse('function f { echo; }')[0].first.commands[0];
  assert.ok(fk.type === 'function' && fk.name === 'f');
  const t = parse('time -p ./work 1024 R 50000 | cat')[0].first;
  assert.deepEqual(t.time, { posix: true });
  assert.equal(t.commands.length, 2);
  assert.deepEqual(parse('! time')[0].first, { negate: true, time: { posix: false }, commands: [] });
  assert.deepEqual(parse('echo time')[0].first.commands.length, 1);
  assert.deepEqual(argv(parse('echo $((1 + $x)) "$(( 2*3 ))"'), 0, { x: '4' }), ['echo', 'ARITH(1', '+', '4)', 'ARITH( 2*3 )']);
});

test('reserved words are reserved only where a command starts', () => {
  assert.deepEqual(argv(parse('echo if then done fi { } esac')), ['echo', 'if', 'then', 'done', 'fi', '{', '}', 'esac']);
  assert.deepEqual(argv(parse("'if' x")), ['if', 'x'], 'a quoted reserved word is a command name');
  const f = compound('for i in do done; do echo $i; done');
  assert.ok(f.kind === 'for' && f.words?.length === 2, 'do and done after `in` are words');
  assert.ok(compound('{ echo }; }').kind === 'group', '} as an argument');
  assert.ok(parse('while { false; } do :; done').length === 1, 'do after a closing }');
});

test('syntax errors in compound commands are worded as bash', () => {
  assert.equal(syntaxError('done'), "syntax error near unexpected token `done'");
  assert.equal(syntaxError('for i in 1 2; done'), "syntax error near unexpected token `done'");
  assert.equal(syntaxError('for i in 1 2 3 do echo $i; done'), "syntax error near unexpected token `done'");
  assert.equal(syntaxError('while true; do done'), "syntax error near unexpected token `done'");
  assert.equal(syntaxError('if then fi'), "syntax error near unexpected token `then'");
  assert.equal(syntaxError('if true; then fi'), "syntax error near unexpected token `fi'");
  assert.equal(syntaxError('while; do :; done'), "syntax error near unexpected token `;'");
  assert.equal(syntaxError('{ }'), "syntax error near unexpected token `}'");
  assert.equal(syntaxError('()'), "syntax error near unexpected token `)'");
  assert.equal(syntaxError('{ echo; } foo'), "syntax error near unexpected token `foo'");
  assert.equal(syntaxError('f() echo'), "syntax error near unexpected token `echo'");
  assert.equal(syntaxError('echo ( x )'), "syntax error near unexpected token `x'");
  assert.equal(syntaxError('echo ('), "syntax error near unexpected token `newline'");
  assert.equal(syntaxError('case x in a) echo;; ) esac'), "syntax error near unexpected token `)'");
  assert.equal(syntaxError('[[ a b ]]'), "conditional binary operator expected\nsyntax error near `b'");
  assert.equal(syntaxError('for i in 1; do echo; done; fi'), "syntax error near unexpected token `fi'");
});

test('an unfinished compound command asks for more lines; what came last says how history joins them', () => {
  for (const s of ['for i in 1 2 3; do', 'for i in 1 2 3; do echo $i', 'if true', 'if true; then :; else', 'while true; do :; done |', 'case $x in', 'case $x in a) echo', 'f() {', 'f()', '{ echo', '( echo', '[[ a == b', 'for i', 'echo $((1 +', '((1 +']) {
    assert.equal(needsMoreInput(s), true, s);
  }
  for (const s of ['for i in 1 2 3; do echo $i; done', 'if true; then :; fi', 'done', 'f() { :; }']) assert.equal(needsMoreInput(s), false, s);
  const ctx = (src: string): IncompleteContext | undefined => {
    try {
      parse(src);
    } catch (e) {
      if (e instanceof ParseError) return e.context;
    }
    return undefined;
  };
  const join = (...lines: string[]): string => {
    let entry = lines[0];
    let text = lines[0];
    for (const l of lines.slice(1)) {
      entry += historyDelimiter(ctx(text), l) + l;
      text += `\n${l}`;
    }
    return entry;
  };
  assert.equal(join('for i in 1 2 3', 'do echo $i', 'done'), 'for i in 1 2 3; do echo $i; done');
  assert.equal(join('for i in 1 2 3; do', 'echo $i', 'done'), 'for i in 1 2 3; do echo $i; done');
  assert.equal(join('while true', 'do', 'cat /proc/mp3/status', 'sleep 1', 'done'), 'while true; do cat /proc/mp3/status; sleep 1; done');
  assert.equal(join('if [ -e x ]', 'then', 'echo yes', 'fi'), 'if [ -e x ]; then echo yes; fi');
  assert.equal(join('f()', '{', 'echo hi', '}'), 'f() { echo hi; }');
  assert.equal(join('for i', 'in a b; do :; done'), 'for i in a b; do :; done');
  assert.equal(join('ls |', 'wc -l'), 'ls | wc -l');
  assert.equal(join("echo 'a", "b'"), "echo 'a\nb'");
  assert.equal(join('case $x in', 'a) echo a;;', 'esac'), 'case $x in a) echo a;; esac');
});
