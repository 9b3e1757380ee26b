import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, ParseError, needsMoreInput, type List, type Word } from '../../src/programs/shell/parse';
import { expandWord, globToRegExp, type ExpandContext } from '../../src/programs/shell/expand';
import type { UserCode } from '../../src/kernel/uapi';

/** Expands a word with a fixed environment (no command substitution, no globbing). */
function expand(word: Word, vars: Record<string, string> = {}): string[] {
  const ctx: ExpandContext = {
    getVar: (n) => vars[n],
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

function argv(list: List, i = 0, vars: Record<string, string> = {}): string[] {
  return list[i].first.commands[0].words.flatMap((w) => expand(w, vars));
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
  const redirs = l[2].first.commands[0].redirects;
  assert.deepEqual(redirs.map((r) => [r.fd, r.op, expand(r.target)[0]]), [[1, '>', 'profile1.data'], [2, '>&', '1'], [0, '<', 'in']]);
  const p = parse('cat f | grep x | wc -l')[0].first;
  assert.equal(p.commands.length, 3);
  const app = parse('echo x >> log 2> err &>all')[0].first.commands[0].redirects;
  assert.deepEqual(app.map((r) => [r.fd, r.op]), [[1, '>>'], [2, '>'], [1, '&>']]);
  assert.deepEqual(argv(parse('echo 2 > f')), ['echo', '2']);
});

test('comments, blank lines, assignments, negation', () => {
  assert.equal(parse('# nothing').length, 0);
  assert.equal(parse('\n\n').length, 0);
  assert.deepEqual(argv(parse('echo a # b c')), ['echo', 'a']);
  assert.deepEqual(argv(parse('echo a#b')), ['echo', 'a#b']);
  const a = parse('X=1 Y="a b" cmd')[0].first.commands[0];
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
  assert.equal(parse("echo 'a\nb'")[0].first.commands[0].words.length, 2);
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
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (src) => {
      try {
        parse(src);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
    }),
    { numRuns: 3000 },
  );
  fc.assert(
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
});
