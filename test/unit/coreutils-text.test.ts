// The text tools (seq, sort, uniq, cut, tr, yes, basename, dirname, tac, nl) on the simulated
// machine, against what GNU coreutils 8.32 prints (Ubuntu 22.04, LC_ALL=C).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runScript, shs, sh } from './shellHarness';
import { compareBytes, numCompare, parseKey, sortLines } from '../../src/programs/coreutils/sort';
import { formatFloat, scanOperand } from '../../src/programs/coreutils/seq';
import { parseList } from '../../src/programs/coreutils/cut';
import { baseName, dirName } from '../../src/programs/coreutils/paths';
import { assertProperty } from './helpers/property';


test('seq: FIRST INCR LAST, -s, -w, -f, decimals', () => {
  assert.equal(sh('seq 3'), '1\n2\n3\n');
  assert.equal(sh('seq 2 4; seq 1 3 10; seq 5 -2 1'), '2\n3\n4\n1\n4\n7\n10\n5\n3\n1\n');
  assert.equal(sh('seq -s, 5; seq -s " " 3 5'), '1,2,3,4,5\n3 4 5\n');
  assert.equal(sh('seq -w 8 10; seq -w -1 1'), '08\n09\n10\n-1\n00\n01\n');
  assert.equal(sh('seq 1 0.5 3'), '1.0\n1.5\n2.0\n2.5\n3.0\n');
  // 0.1 + 2 × 0.1 is a hair above 0.3 in binary; seq still prints 0.3
  assert.equal(sh('seq 0.1 0.1 0.3'), '0.1\n0.2\n0.3\n');
  assert.equal(sh('seq -f %.2f 1 2; seq -f "%05.1f" 9 10; seq -f "n=%g%%" 2'), '1.00\n2.00\n009.0\n010.0\nn=1%\nn=2%\n');
  assert.equal(sh('seq 5 1; echo $?'), '0\n');
  assert.equal(sh('seq -3 -1'), '-3\n-2\n-1\n');
});

test('seq: errors and exit statuses', () => {
  assert.equal(shs('seq x'), "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n[1]");
  assert.equal(shs('seq'), "seq: missing operand\nTry 'seq --help' for more information.\n[1]");
  assert.equal(shs('seq 1 2 3 4'), "seq: extra operand '4'\nTry 'seq --help' for more information.\n[1]");
  assert.equal(shs('seq 1 0 3'), "seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n[1]");
  assert.equal(shs('seq -f %d 3'), "seq: format '%d' has unknown %d directive\n[1]");
  assert.equal(shs('seq -f abc 3'), "seq: format 'abc' has no % directive\n[1]");
  assert.equal(shs('seq -w -f %g 3'), "seq: format string may not be specified when printing equal width strings\nTry 'seq --help' for more information.\n[1]");
  assert.equal(shs('seq -q 3'), "seq: invalid option -- 'q'\nTry 'seq --help' for more information.\n[1]");
});

test('seq helpers: printf conversions and operand widths', () => {
  assert.equal(formatFloat(3.14159, { flags: '', precision: 2, conv: 'f' }), '3.14');
  assert.equal(formatFloat(-2, { flags: '0', width: 6, precision: 1, conv: 'f' }), '-002.0');
  assert.equal(formatFloat(1234567, { flags: '', conv: 'g' }), '1.23457e+06');
  assert.equal(formatFloat(0.0001, { flags: '', conv: 'g' }), '0.0001');
  assert.equal(formatFloat(0.00001, { flags: '', conv: 'G' }), '1E-05');
  assert.equal(formatFloat(100, { flags: '', conv: 'g' }), '100');
  assert.equal(formatFloat(5, { flags: '-', width: 4, precision: 0, conv: 'f' }), '5   ');
  assert.equal(formatFloat(5, { flags: '+', precision: 1, conv: 'e' }), '+5.0e+00');
  assert.deepEqual(scanOperand('1.50'), { value: 1.5, precision: 2, width: 4 });
  assert.deepEqual(scanOperand('.5'), { value: 0.5, precision: 1, width: 3 });
  assert.deepEqual(scanOperand('1e2'), { value: 100, precision: 0, width: 3 });
  assert.equal(scanOperand('x'), undefined);
});

test('seq: integer sequences match a reference (property)', () => {
  assertProperty(
    fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -7, max: 7 }).filter((s) => s !== 0), fc.integer({ min: -20, max: 20 }), (first, step, last) => {
      const want: number[] = [];
      for (let x = first; step > 0 ? x <= last : x >= last; x += step) want.push(x);
      assert.equal(sh(`seq ${first} ${step} ${last}`), want.map((x) => `${x}\n`).join(''));
    }),
    { numRuns: 25 },
  );
});

test('sort: keys, numeric, reverse, unique, separators, last resort', () => {
  const setup = 'echo -e "b 2\\nA 10\\na 1\\nB 10\\n c 3" > f; ';
  assert.equal(sh(`${setup}sort f`), ' c 3\nA 10\nB 10\na 1\nb 2\n');
  assert.equal(sh(`${setup}sort -r f`), 'b 2\na 1\nB 10\nA 10\n c 3\n');
  assert.equal(sh(`${setup}sort -n -k2 f`), 'a 1\nb 2\n c 3\nA 10\nB 10\n');
  // the key has its own ordering: global -r only reverses the last-resort comparison
  assert.equal(sh(`${setup}sort -k2,2n -r f`), 'a 1\nb 2\n c 3\nB 10\nA 10\n');
  assert.equal(sh(`${setup}sort -k2nr f`), 'A 10\nB 10\n c 3\nb 2\na 1\n');
  assert.equal(sh(`${setup}sort -f f`), ' c 3\na 1\nA 10\nB 10\nb 2\n');
  assert.equal(sh(`${setup}sort -u -k2,2n f`), 'a 1\nb 2\n c 3\nA 10\n');
  assert.equal(sh(`${setup}sort -s -k2,2n f`), 'a 1\nb 2\n c 3\nA 10\nB 10\n');
  assert.equal(sh('echo -e "x:3\\ny:1\\nz:2" | sort -t: -k2n'), 'y:1\nz:2\nx:3\n');
  assert.equal(sh('echo -e "1K\\n2M\\n500\\n1G\\n-1M" | sort -h'), '-1M\n500\n1K\n2M\n1G\n');
  assert.equal(sh('echo -e "3\\n1\\n2\\n1\\n01" | sort -nu'), '1\n2\n3\n');
  assert.equal(sh('echo -e "10\\n9\\n-1\\n-1.5\\nabc\\n0" | sort -n'), '-1.5\n-1\n0\nabc\n9\n10\n');
  assert.equal(sh('echo -e "b\\na" | sort -o out; cat out; echo -n c | sort'), 'a\nb\nc\n');
  assert.equal(sh('echo -e "b\\na" > f; echo -e "c\\na" | sort -u f -'), 'a\nb\nc\n');
});

test('sort: errors and exit statuses', () => {
  assert.equal(shs('sort nope'), 'sort: cannot read: nope: No such file or directory\n[2]');
  assert.equal(shs('echo a > f; sort f nope'), 'sort: cannot read: nope: No such file or directory\n[2]');
  assert.equal(shs('sort -k 0 f'), "sort: field number is zero: invalid field specification '0'\n[2]");
  assert.equal(shs('sort -k 1.0'), "sort: character offset is zero: invalid field specification '1.0'\n[2]");
  assert.equal(shs('sort -k x'), "sort: invalid number at field start: invalid count at start of 'x'\n[2]");
  assert.equal(shs('sort -z'), "sort: invalid option -- 'z'\nTry 'sort --help' for more information.\n[2]");
  assert.equal(shs('sort -t ab'), "sort: multi-character tab 'ab'\n[2]");
  assert.equal(shs('sort /tmp'), 'sort: read failed: /tmp: Is a directory\n[2]');
  assert.equal(shs('sort -k'), "sort: option requires an argument -- 'k'\nTry 'sort --help' for more information.\n[2]");
});

test('sort helpers: byte order, exact numbers, key specs', () => {
  assert.ok(compareBytes('B', 'a') < 0);
  assert.ok(compareBytes('\u{1F600}', '\uFFFD') > 0, 'code point (UTF-8 byte) order, not UTF-16');
  assert.equal(numCompare('  007', '7.000'), 0);
  assert.ok(numCompare('-0.5', '-0.25') < 0);
  assert.ok(numCompare('123456789012345678901', '123456789012345678900') > 0);
  assert.equal(numCompare('-0', '0'), 0);
  assert.equal(typeof parseKey('2,3n'), 'object');
  assert.equal(parseKey('1x'), "stray character in field spec: invalid field specification '1x'");
});

/** A reference for `sort -n`: exact decimal value first, then the whole line byte by byte. */
function referenceNumericSort(lines: string[]): string[] {
  const value = (l: string): number => {
    const m = /^\s*(-?\d*(?:\.\d*)?)/.exec(l)![1];
    const v = Number(m === '-' || m === '' || m === '.' || m === '-.' ? 0 : m);
    return Number.isNaN(v) ? 0 : v;
  };
  return [...lines].sort((a, b) => value(a) - value(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const numericLine = fc.tuple(
  fc.constantFrom('', ' ', '  '),
  fc.constantFrom('', '-'),
  fc.integer({ min: 0, max: 99999 }),
  fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
  fc.constantFrom('', ' x', 'a'),
).map(([sp, sign, int, frac, tail]) => `${sp}${sign}${String(int).padStart(int % 3 === 0 ? 3 : 1, '0')}${frac === undefined ? '' : `.${frac}`}${tail}`);

test('sort -n agrees with a reference (property, pure)', () => {
  assertProperty(
    fc.property(fc.array(numericLine, { maxLength: 40 }), (lines) => {
      assert.deepEqual(sortLines(lines, { keys: [{ numeric: true, general: false, human: false, fold: false, reverse: false, skipStartBlanks: false, skipEndBlanks: false, sword: -1, schar: 0, eword: Infinity, echar: 0 }], reverse: false, unique: false, stable: false }), referenceNumericSort(lines));
    }),
    { numRuns: 300 },
  );
});

test('sort -n agrees with a reference (property, through the shell)', () => {
  assertProperty(
    fc.property(fc.array(numericLine, { minLength: 1, maxLength: 12 }), (lines) => {
      assert.equal(sh(`echo -e "${lines.join('\\n')}" | sort -n`), referenceNumericSort(lines).map((l) => `${l}\n`).join(''));
    }),
    { numRuns: 20 },
  );
});

test('uniq: -c -d -u -i -f, files, errors', () => {
  const setup = 'echo -e "a\\na\\nb\\nc\\nc\\nc\\na" > f; ';
  assert.equal(sh(`${setup}uniq f`), 'a\nb\nc\na\n');
  assert.equal(sh(`${setup}uniq -c f`), '      2 a\n      1 b\n      3 c\n      1 a\n');
  assert.equal(sh(`${setup}uniq -d f; uniq -u f`), 'a\nc\nb\na\n');
  assert.equal(sh(`${setup}sort f | uniq -c | sort -rn | head -1`), '      3 c\n');
  assert.equal(sh('echo -e "x A\\ny a\\nz b" | uniq -i -f1'), 'x A\nz b\n');
  assert.equal(sh(`${setup}uniq f g; cat g`), 'a\nb\nc\na\n');
  assert.equal(shs('uniq nope'), 'uniq: nope: No such file or directory\n[1]');
  assert.equal(shs('uniq a b c'), "uniq: extra operand 'c'\nTry 'uniq --help' for more information.\n[1]");
  assert.equal(shs('uniq -f x'), 'uniq: x: invalid number of fields to skip\n[1]');
});

test('cut: fields, bytes, complement, errors', () => {
  const setup = 'echo -e "a:b:c\\nd:e:f\\nnodelim" > g; ';
  assert.equal(sh(`${setup}cut -d: -f2 g`), 'b\ne\nnodelim\n');
  assert.equal(sh(`${setup}cut -d: -f3,1 g`), 'a:c\nd:f\nnodelim\n');
  assert.equal(sh(`${setup}cut -d: -f2- -s g`), 'b:c\ne:f\n');
  assert.equal(sh(`${setup}cut -c2-3 g; cut -b -2 g | head -1`), ':b\n:e\nod\na:\n');
  assert.equal(sh(`${setup}cut -d: --complement -f2 g | head -2`), 'a:c\nd:f\n');
  assert.equal(sh(`${setup}cut -d: -f1,3 --output-delimiter=" " g | head -1`), 'a c\n');
  assert.equal(sh('echo -e "1\\t2\\t3" | cut -f2'), '2\n');
  assert.equal(shs('cut g'), "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n[1]");
  assert.equal(shs('cut -f x g'), "cut: invalid field value 'x'\nTry 'cut --help' for more information.\n[1]");
  assert.equal(shs('cut -f 0 g'), "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n[1]");
  assert.equal(shs('cut -d ab -f1 g'), "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n[1]");
  assert.equal(shs('cut -c1 -d: g'), "cut: an input delimiter may be specified only when operating on fields\nTry 'cut --help' for more information.\n[1]");
  assert.equal(shs('cut -f1 -c1 g'), "cut: only one type of list may be specified\nTry 'cut --help' for more information.\n[1]");
  assert.equal(shs('cut -f 3-1'), "cut: invalid decreasing range\nTry 'cut --help' for more information.\n[1]");
  assert.equal(shs('cut -f1 nope'), 'cut: nope: No such file or directory\n[1]');
  assert.deepEqual(parseList('5,1-3,2-4,7-', true), [{ lo: 1, hi: 5 }, { lo: 7, hi: Infinity }]);
});

test('tr: ranges, classes, escapes, -d -s -c, errors', () => {
  assert.equal(sh('echo hello world | tr a-z A-Z'), 'HELLO WORLD\n');
  assert.equal(sh('echo "a  b   c" | tr -s " "'), 'a b c\n');
  assert.equal(sh('echo "a b c" | tr " " "\\n"'), 'a\nb\nc\n');
  assert.equal(sh('echo hello | tr -d l; echo "Hello 123" | tr "[:lower:]" "[:upper:]"'), 'heo\nHELLO 123\n');
  assert.equal(sh('echo abc | tr abc x; echo aabbcc | tr -s a-c; echo hello | tr -s l L'), 'xxx\nabc\nheLo\n');
  assert.equal(sh('echo "hello world" | tr -cd "a-z\\n"; echo abcd | tr a-d "[x*]"'), 'helloworld\nxxxx\n');
  assert.equal(sh('echo "a1b22" | tr -d "[:digit:]"; echo "x\\\\y" | tr "\\\\\\\\" /'), 'ab\nx/y\n');
  assert.equal(shs('tr'), "tr: missing operand\nTry 'tr --help' for more information.\n[1]");
  assert.equal(shs('tr a'), "tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n[1]");
  assert.equal(shs('tr -d a b'), "tr: extra operand 'b'\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n[1]");
  assert.equal(shs('tr a b c'), "tr: extra operand 'c'\nTry 'tr --help' for more information.\n[1]");
  assert.equal(shs('tr z-a x'), "tr: range-endpoints of 'z-a' are in reverse collating sequence order\n[1]");
  assert.equal(shs('tr "[:foo:]" x'), "tr: invalid character class 'foo'\n[1]");
});

test('head stops reading after its lines, so endless writers end (SIGPIPE)', () => {
  const r = runScript('yes | head -3; seq inf | head -c 4; yes | head -c 3; echo; echo $?');
  assert.equal(r.out, 'y\ny\ny\n1\n2\ny\ny\n0\n');
  assert.equal(shs('head -1 nope'), "head: cannot open 'nope' for reading: No such file or directory\n[1]");
  assert.equal(shs('head /tmp'), "head: error reading '/tmp': Is a directory\n[1]");
  assert.equal(sh('seq 3 > f; head -n1 f f; seq 5 | head -n 0'), '==> f <==\n1\n\n==> f <==\n1\n');
});

test('tac, head, cat: inputs that cannot be opened or read, and a closed standard output', () => {
  const setup = 'printf "1\\n2\\n" > f; ';
  assert.equal(shs(`${setup}tac f nope - < /tmp`), "2\n1\ntac: failed to open 'nope' for reading: No such file or directory\ntac: -: read error: Is a directory\n[1]");
  // a failed write ends tac at once: the next input is not even opened
  assert.equal(shs(`${setup}tac f nope >&-`), '[1]');
  assert.equal(shs(`${setup}head -c1 nope f - < /tmp`), "head: cannot open 'nope' for reading: No such file or directory\n==> f <==\n1\n==> standard input <==\nhead: error reading '-': Is a directory\n[1]");
  assert.equal(shs(`${setup}cat nope f >&-`), 'cat: nope: No such file or directory\ncat: write error: Bad file descriptor\n[1]');
});

test('yes, basename, dirname, tac, nl', () => {
  assert.equal(sh('yes | head -3; yes a b | head -2'), 'y\ny\ny\na b\na b\n');
  assert.equal(sh('basename /a/b/c.txt .txt; basename -a x/y z/w/; basename -s .c a.c b.c; basename /'), 'c\ny\nw\na\nb\n/\n');
  assert.equal(sh('dirname /a/b/c; dirname a; dirname /; dirname a/b/ /x'), '/a/b\n.\n/\na\n/\n');
  assert.equal(shs('basename'), "basename: missing operand\nTry 'basename --help' for more information.\n[1]");
  assert.equal(shs('basename a b c'), "basename: extra operand 'c'\nTry 'basename --help' for more information.\n[1]");
  assert.equal(shs('dirname'), "dirname: missing operand\nTry 'dirname --help' for more information.\n[1]");
  assert.equal(sh('echo -e "1\\n2\\n3" | tac; echo -en "a\\nb" | tac; echo'), '3\n2\n1\nba\n\n');
  assert.equal(shs('tac nope'), "tac: failed to open 'nope' for reading: No such file or directory\n[1]");
  // nl: blank lines get width + separator spaces, as nl.c's print_no_line_fmt
  assert.equal(sh('echo -e "a\\n\\nb" | nl'), '     1\ta\n       \n     2\tb\n');
  assert.equal(sh('echo -e "a\\n\\nb" | nl -ba -w3 -s": " -nrz'), '001: a\n002: \n003: b\n');
  assert.equal(shs('nl -bx'), "nl: invalid body numbering style: 'x'\n[1]");
  assert.equal(baseName('a//'), 'a');
  assert.equal(dirName('//a//b'), '//a');
});

test('grep: repeated -e, context with -- separators, -m, counts per file, missing files', () => {
  const data = 'echo -e "a\\nb\\nc\\nd\\ne\\nf\\ng\\nh\\nb" > g; ';
  assert.equal(sh(`${data}grep -n -C1 -e b -e g g`), '1-a\n2:b\n3-c\n--\n6-f\n7:g\n8-h\n9:b\n');
  assert.equal(sh(`${data}grep -A1 -m1 b g; grep -B2 e g`), 'b\nc\nc\nd\ne\n');
  assert.equal(sh(`${data}grep -c b g nope 2>&1; echo $?`), 'g:2\ngrep: nope: No such file or directory\n2\n');
  assert.equal(sh(`${data}grep -H -o 'b' g | head -1; grep -L zz g; grep -e x -e h g`), 'g:b\ng\nh\n');
  assert.equal(sh('grep -A x y /dev/null 2>&1; echo $?'), 'grep: x: invalid context length argument\n2\n');
});

test('grep streams: it prints as lines arrive and stops reading at -m / -q (yes never ends)', () => {
  assert.equal(sh('yes | grep y | head -n 2'), 'y\ny\n');
  assert.equal(sh('yes abc | grep -m 3 b'), 'abc\nabc\nabc\n');
  assert.equal(sh('yes | grep -q y; echo $?'), '0\n');
});
