// GNU-style options of the text and file tools (cut, uniq, sort, nl, tr, seq, cp, mv, pgrep,
// pkill, basename, dirname): long options and their abbreviations, clusters, values, "--", a
// lone "-", options after operands, and getopt's messages, as GNU coreutils 8.32 / procps-ng.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shs } from './shellHarness';

const tryHelp = (prog: string): string => `Try '${prog} --help' for more information.\n`;
const IN = 'printf "a:b:c\\nd:e:f\\n" > in; ';

test('cut: long options, abbreviations, clusters, operands first', () => {
  assert.equal(shs(`${IN}cut --fi=2 -d: in`), 'b\ne\n[0]');
  assert.equal(shs(`${IN}cut --fields 2 --delimiter : in`), 'b\ne\n[0]');
  assert.equal(shs(`${IN}cut in -d: -f2`), 'b\ne\n[0]');
  assert.equal(shs(`${IN}cut -sd: -f3 in; cut -nf1 -d: in`), 'c\nf\na\nd\n[0]');
  assert.equal(shs(`${IN}cut -d: -f2 -- - < in`), 'b\ne\n[0]');
  assert.equal(shs(`${IN}cut --complement=x -d: -f2 in`), 'a:c\nd:f\n[0]');
  assert.equal(shs('cut --he | head -1'), 'Usage: cut OPTION... [FILE]...\n[0]');
  assert.equal(shs('cut --help --bogus | head -1'), 'Usage: cut OPTION... [FILE]...\n[0]');
  assert.equal(shs('cut --c=1'), `cut: option '--c=1' is ambiguous\n${tryHelp('cut')}[1]`);
  assert.equal(shs('cut --bogus'), `cut: unrecognized option '--bogus'\n${tryHelp('cut')}[1]`);
  assert.equal(shs('cut --fields'), `cut: option '--fields' requires an argument\n${tryHelp('cut')}[1]`);
  assert.equal(shs('cut -f'), `cut: option requires an argument -- 'f'\n${tryHelp('cut')}[1]`);
  assert.equal(shs('cut -sz'), `cut: invalid option -- 'z'\n${tryHelp('cut')}[1]`);
  assert.equal(shs('cut -C'), `cut: invalid option -- 'C'\n${tryHelp('cut')}[1]`);
  // the options before a bad one are acted on first, as GNU's getopt loop does
  assert.equal(shs('cut -f1 -b1 --bogus'), `cut: only one type of list may be specified\n${tryHelp('cut')}[1]`);
});

test('uniq: long options, abbreviations, clusters, operands first', () => {
  const setup = 'printf "a x\\nb x\\nc y\\n" > in; ';
  assert.equal(shs(`${setup}uniq --co -f1 in`), '      2 a x\n      1 c y\n[0]');
  assert.equal(shs(`${setup}uniq in -cf1`), '      2 a x\n      1 c y\n[0]');
  assert.equal(shs(`${setup}uniq --skip-fields 1 -d -- in`), 'a x\n[0]');
  assert.equal(shs('uniq --s'), `uniq: option '--s' is ambiguous\n${tryHelp('uniq')}[1]`);
  assert.equal(shs('uniq --skip-fields'), `uniq: option '--skip-fields' requires an argument\n${tryHelp('uniq')}[1]`);
  assert.equal(shs('uniq -w'), `uniq: option requires an argument -- 'w'\n${tryHelp('uniq')}[1]`);
  assert.equal(shs('uniq -cz'), `uniq: invalid option -- 'z'\n${tryHelp('uniq')}[1]`);
  assert.equal(shs('uniq -f x -z'), 'uniq: x: invalid number of fields to skip\n[1]');
});

test('sort: long options, abbreviations, clusters, operands first', () => {
  assert.equal(shs(`${IN}sort --k=2 -t: -r in`), 'd:e:f\na:b:c\n[0]');
  assert.equal(shs(`${IN}sort -rt: -k2 in; sort in --reverse=x`), 'd:e:f\na:b:c\nd:e:f\na:b:c\n[0]');
  assert.equal(shs('sort --hel | head -1'), 'Usage: sort [OPTION]... [FILE]...\n[0]');
  assert.equal(shs('sort --h'), `sort: option '--h' is ambiguous\n${tryHelp('sort')}[2]`);
  assert.equal(shs('sort --bogus'), `sort: unrecognized option '--bogus'\n${tryHelp('sort')}[2]`);
  assert.equal(shs('sort --key'), `sort: option '--key' requires an argument\n${tryHelp('sort')}[2]`);
  assert.equal(shs('sort -t'), `sort: option requires an argument -- 't'\n${tryHelp('sort')}[2]`);
  assert.equal(shs('sort -uz'), `sort: invalid option -- 'z'\n${tryHelp('sort')}[2]`);
  assert.equal(shs('sort -t: -t,'), 'sort: incompatible tabs\n[2]');
});

test('nl: long options, abbreviations, operands first', () => {
  assert.equal(shs(`${IN}nl --body=a -w2 in; nl in -v5 -s:`), ' 1\ta:b:c\n 2\td:e:f\n     5:a:b:c\n     6:d:e:f\n[0]');
  assert.equal(shs(`${IN}nl -ba -nln -w 3 -- in`), '1  \ta:b:c\n2  \td:e:f\n[0]');
  assert.equal(shs('nl --he | head -1; nl --help=x | head -1'), 'Usage: nl [OPTION]... [FILE]...\nUsage: nl [OPTION]... [FILE]...\n[0]');
  assert.equal(shs('nl -bx'), "nl: invalid body numbering style: 'x'\n[1]");
  assert.equal(shs('nl --number'), `nl: option '--number' is ambiguous\n${tryHelp('nl')}[1]`);
  assert.equal(shs('nl --number-width'), `nl: option '--number-width' requires an argument\n${tryHelp('nl')}[1]`);
  assert.equal(shs('nl -w'), `nl: option requires an argument -- 'w'\n${tryHelp('nl')}[1]`);
  assert.equal(shs('nl -x'), `nl: invalid option -- 'x'\n${tryHelp('nl')}[1]`);
});

test('tr: long options, abbreviations, "=" on an option without a value', () => {
  assert.equal(shs('echo abc | tr --del b; echo abc | tr -cd b; echo; echo a-b | tr -- - _'), 'ac\nb\na_b\n[0]');
  assert.equal(shs('echo aab | tr a --squeeze x'), 'xb\n[0]');
  assert.equal(shs('tr --he | head -1'), 'Usage: tr [OPTION]... SET1 [SET2]\n[0]');
  assert.equal(shs('tr --delete=x a'), `tr: unrecognized option '--delete=x'\n${tryHelp('tr')}[1]`);
  assert.equal(shs('tr --=x a'), `tr: unrecognized option '--=x'\n${tryHelp('tr')}[1]`);
  assert.equal(shs('tr --bogus a'), `tr: unrecognized option '--bogus'\n${tryHelp('tr')}[1]`);
  assert.equal(shs('tr -dz a'), `tr: invalid option -- 'z'\n${tryHelp('tr')}[1]`);
});

test('seq: long options, negative operands, values that look like options', () => {
  assert.equal(shs('seq -1 1; seq -s, -- -1 1; seq -s -1 3'), '-1\n0\n1\n-1,0,1\n1-12-13\n[0]');
  assert.equal(shs('seq --sep=: 3; seq 8 -w 10; seq --equal-width=x 9 10'), '1:2:3\n08\n09\n10\n09\n10\n[0]');
  assert.equal(shs('seq --=x 1'), `seq: option '--=x' is ambiguous\n${tryHelp('seq')}[1]`);
  assert.equal(shs('seq --format'), `seq: option '--format' requires an argument\n${tryHelp('seq')}[1]`);
  assert.equal(shs('seq -wq'), `seq: invalid option -- 'q'\n${tryHelp('seq')}[1]`);
});

test('cp, mv: long options in full, -t, clusters, operands first', () => {
  assert.equal(shs('echo hi > a; cp -vt /tmp a; cp --target-directory /tmp a; cp a -v b; cp --verbose=x a c'), "'a' -> '/tmp/a'\n'a' -> 'b'\n'a' -> 'c'\n[0]");
  assert.equal(shs('echo hi > ./-x; cp -- -x b; cat b'), 'hi\n[0]');
  assert.equal(shs('cp --verb a b'), `cp: unrecognized option '--verb'\n${tryHelp('cp')}[1]`);
  assert.equal(shs('cp --target-directory'), `cp: option '--target-directory' requires an argument\n${tryHelp('cp')}[1]`);
  assert.equal(shs('cp -vt'), `cp: option requires an argument -- 't'\n${tryHelp('cp')}[1]`);
  assert.equal(shs('echo hi > a; mv -vT a b'), "renamed 'a' -> 'b'\n[0]");
  assert.equal(shs('mv -r a b'), `mv: invalid option -- 'r'\n${tryHelp('mv')}[1]`);
  assert.equal(shs('mv --recursive a b'), `mv: unrecognized option '--recursive'\n${tryHelp('mv')}[1]`);
});

test('pgrep, pkill: long options in full, clusters, -SIGNAL', () => {
  const usage = (prog: string): string => `\nUsage:\n ${prog} [options] <pattern>\n\nFor more details see pgrep(1).\n[2]`;
  assert.match(shs('pgrep -lx bash; pgrep bash --list-name=x; pgrep -d, -- bash'), /^(\d+) bash\n\1 bash\n\1\n\[0\]$/);
  assert.equal(shs('pgrep --list bash'), `pgrep: unrecognized option '--list'\n${usage('pgrep')}`);
  assert.equal(shs('pgrep --delimiter'), `pgrep: option '--delimiter' requires an argument\n${usage('pgrep')}`);
  assert.equal(shs('pgrep -u'), `pgrep: option requires an argument -- 'u'\n${usage('pgrep')}`);
  assert.equal(shs('sleep 10 & sleep 0.1; pkill -x sleep -1; wait $!; echo $?'), '129\n[0]');
  // (a background job ignores SIGINT: USR1 shows the signal arrived)
  assert.equal(shs('sleep 10 & sleep 0.1; pkill --signal=USR1 -x sleep; wait $!; echo $?'), '138\n[0]');
  assert.equal(shs('sleep 10 & sleep 0.1; pkill -SIGKILL -x sleep; wait $!; echo $?'), '137\n[0]');
  assert.equal(shs('pkill -term x'), `pkill: invalid option -- 't'\n${usage('pkill')}`);
  assert.equal(shs('pkill --ec x'), `pkill: unrecognized option '--ec'\n${usage('pkill')}`);
  assert.equal(shs('pkill -P'), `pkill: option requires an argument -- 'P'\n${usage('pkill')}`);
  assert.equal(shs('pkill --signal=bogus x'), 'pkill: Unknown signal "bogus".\n[2]');
});

test('basename, dirname: long options in full, clusters, "--"', () => {
  assert.equal(shs('basename --suffix=.c a.c b.c; basename --suffix .c x/a.c; basename -as.c a.c b.c; basename -- -a'), 'a\nb\na\na\nb\n-a\n[0]');
  assert.equal(shs('basename -az a b | tr "\\000" @'), 'a@b@[0]');
  assert.equal(shs('basename a --help | head -1'), 'Usage: basename NAME [SUFFIX]\n[0]');
  assert.equal(shs('basename --suf=.c a.c'), `basename: unrecognized option '--suf=.c'\n${tryHelp('basename')}[1]`);
  assert.equal(shs('basename --zero=x a'), `basename: unrecognized option '--zero=x'\n${tryHelp('basename')}[1]`);
  assert.equal(shs('basename --suffix'), `basename: option '--suffix' requires an argument\n${tryHelp('basename')}[1]`);
  assert.equal(shs('basename -as'), `basename: option requires an argument -- 's'\n${tryHelp('basename')}[1]`);
  assert.equal(shs('basename -aq'), `basename: invalid option -- 'q'\n${tryHelp('basename')}[1]`);
  assert.equal(shs('dirname -- -z; dirname a/b --zero | tr "\\000" @'), '.\na@[0]');
  assert.equal(shs('dirname -zq'), `dirname: invalid option -- 'q'\n${tryHelp('dirname')}[1]`);
  assert.equal(shs('dirname --ze a'), `dirname: unrecognized option '--ze'\n${tryHelp('dirname')}[1]`);
  assert.equal(shs('dirname --zero=x a'), `dirname: unrecognized option '--zero=x'\n${tryHelp('dirname')}[1]`);
});

test('long option names are the commands\' own, not Object.prototype\'s', () => {
  // these were taken as options (sort crashed with SIGSEGV, nl wanted a value for them)
  for (const [cmd, status] of [['cut -f1', 1], ['uniq', 1], ['sort', 2], ['nl', 1], ['seq 2', 1]] as const) {
    const prog = cmd.split(' ')[0];
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty=1']) {
      assert.equal(shs(`${cmd} --${name} < /dev/null`), `${prog}: unrecognized option '--${name}'\n${tryHelp(prog)}[${status}]`);
    }
  }
});

test('tr: H is the letter of --help only; -H is an invalid option, as in GNU', () => {
  assert.equal(shs('tr -H'), `tr: invalid option -- 'H'\n${tryHelp('tr')}[1]`);
  assert.equal(shs('tr -dH a'), `tr: invalid option -- 'H'\n${tryHelp('tr')}[1]`);
  assert.equal(shs('tr a b --constructor'), `tr: unrecognized option '--constructor'\n${tryHelp('tr')}[1]`);
});

test('cp, mv: a long option named like an Object.prototype property is unrecognized', () => {
  assert.equal(shs('cp a b --constructor'), `cp: unrecognized option '--constructor'\n${tryHelp('cp')}[1]`);
  assert.equal(shs('mv a b --toString'), `mv: unrecognized option '--toString'\n${tryHelp('mv')}[1]`);
});

test('pgrep: a long option named like an Object.prototype property is unrecognized', () => {
  assert.match(shs('pgrep bash --constructor'), /^pgrep: unrecognized option '--constructor'\n\nUsage:\n pgrep \[options\] <pattern>\n[^]*\[2\]$/);
});

test('basename --suffix is one option, not a prefix; dirname -zz is -z twice (GNU)', () => {
  // --suffixfoo used to be taken for --suffix (with the next argument as SUFFIX)
  assert.equal(shs('basename --suffixfoo x.c'), `basename: unrecognized option '--suffixfoo'\n${tryHelp('basename')}[1]`);
  assert.equal(shs('basename --suffix.c x.c'), `basename: unrecognized option '--suffix.c'\n${tryHelp('basename')}[1]`);
  // and -zz was "invalid option -- 'undefined'"
  assert.equal(shs('dirname -zz a/b | tr "\\000" @'), 'a@[0]');
});

test('cat, wc, grep, mknod (getopt): long options in full, clusters, values, operands first', () => {
  assert.equal(shs(`${IN}cat in -n; wc -lw -- in`), '     1\ta:b:c\n     2\td:e:f\n2 2 in\n[0]');
  assert.equal(shs(`${IN}grep -ne e in; grep --regexp=a -c in; grep in -ve a`), '2:d:e:f\n1\nd:e:f\n[0]');
  assert.equal(shs('cat --num'), `cat: unrecognized option '--num'\n${tryHelp('cat')}[1]`);
  assert.equal(shs('wc -lz'), `wc: invalid option -- 'z'\n${tryHelp('wc')}[1]`);
  const grepUsage = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n[2]";
  assert.equal(shs('grep -iz a'), `grep: invalid option -- 'z'\n${grepUsage}`);
  assert.equal(shs('grep -z -e'), `grep: invalid option -- 'z'\n${grepUsage}`);
  assert.equal(shs('grep --regexp'), `grep: option requires an argument -- 'regexp'\n${grepUsage}`);
  assert.equal(shs('grep -m'), `grep: option requires an argument -- 'm'\n${grepUsage}`);
  assert.equal(shs('mknod -m'), `mknod: option requires an argument -- 'm'\n${tryHelp('mknod')}[1]`);
  assert.equal(shs('mknod --mod=1 n p'), `mknod: unrecognized option '--mod=1'\n${tryHelp('mknod')}[1]`);
});

test('getopt commands: a long option named like an Object.prototype property is unrecognized', () => {
  // these were silently taken as flags
  assert.equal(shs('cat --constructor < /dev/null'), `cat: unrecognized option '--constructor'\n${tryHelp('cat')}[1]`);
  assert.equal(shs('wc --toString < /dev/null'), `wc: unrecognized option '--toString'\n${tryHelp('wc')}[1]`);
  assert.equal(shs('ls --__proto__'), `ls: unrecognized option '--__proto__'\n${tryHelp('ls')}[2]`);
});
