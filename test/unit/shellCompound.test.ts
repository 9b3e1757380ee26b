// Compound commands, functions, arithmetic and conditionals end to end: `bash -c` on the
// simulated machine, output and status compared with what bash 5.1 prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScript } from './shellHarness';

const out = (script: string): string => runScript(script).out;

test('for, while, until: bodies, statuses, "$@" without `in`', () => {
  assert.equal(out('for i in 1 2 3; do echo $i; done'), '1\n2\n3\n');
  assert.equal(out('for f in a "b c"; do echo "[$f]"; done'), '[a]\n[b c]\n');
  assert.equal(out('f() { for a; do echo "<$a>"; done; }; f x "y z" ""'), '<x>\n<y z>\n<>\n');
  assert.equal(out('f() { for a in "$@"; do echo "[$a]"; done; echo $#; }; f "a b" c'), '[a b]\n[c]\n2\n');
  assert.equal(out('i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done'), '0\n1\n2\n');
  assert.equal(out('n=3; until [ $n -eq 0 ]; do echo -n "$n "; n=$((n-1)); done; echo'), '3 2 1 \n');
  assert.equal(out('for ((i = 0; i < 3; i++)); do echo -n $i; done; echo'), '012\n');
  assert.equal(out('for i in; do echo never; done; echo $?'), '0\n');
  assert.equal(out('for i in 1 2; do false; done; echo $?'), '1\n', "a loop's status is its last body's");
  assert.equal(out('while false; do :; done; echo $?'), '0\n');
  assert.equal(out('for 1x in a; do :; done; echo $?'), "bash: line 1: `1x': not a valid identifier\n1\n");
  assert.equal(out('i=0; while :; do i=$((i+1)); [ $i -ge 1000 ] && break; done; echo $i'), '1000\n', 'a thousand iterations of builtins');
  assert.equal(out('for i in 1 2; do echo $i; done | wc -l'), '2\n');
  assert.equal(out('echo -e "a b\\nc" > f; while read x y; do echo "[$x][$y]"; done < f'), '[a][b]\n[c][]\n');
  assert.equal(out('echo -e "1\\n2" | while read n; do echo $((n * 10)); done'), '10\n20\n');
});

test('break and continue, with levels; outside a loop they complain', () => {
  assert.equal(out('for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done'), '1\n3\n');
  assert.equal(out('for i in 1 2 3; do for j in a b c; do [ $j = b ] && continue 2; echo $i$j; done; done'), '1a\n2a\n3a\n');
  assert.equal(out('for i in 1 2; do for j in a b; do echo $i$j; break 2; done; done; echo end'), '1a\nend\n');
  assert.equal(out('while true; do break 5; done; echo $?'), '0\n');
  assert.equal(out('break; echo $?'), "bash: line 1: break: only meaningful in a `for', `while', or `until' loop\n0\n");
  assert.equal(out('for i in 1 2; do break 0; done; echo $?'), 'bash: line 1: break: 0: loop count out of range\n1\n');
});

test('if/elif/else and case with bash patterns and ;& ;;&', () => {
  assert.equal(out('if false; then echo a; elif true; then echo b; else echo c; fi'), 'b\n');
  assert.equal(out('if false; then echo a; fi; echo $?'), '0\n');
  assert.equal(out('if ! false; then echo negated; fi'), 'negated\n');
  assert.equal(out('case profile1.data in *.csv) echo csv;; *.data) echo data;; esac'), 'data\n');
  assert.equal(out('case /proc/mp3 in */mp3) echo slash;; esac'), 'slash\n', '* matches / in case patterns');
  assert.equal(out('case x in [!a]) echo class;; esac; case "a b" in "a b") echo quoted;; esac; case "*" in "*") echo star;; esac'), 'class\nquoted\nstar\n');
  assert.equal(out('case a in "*") echo literal;; *) echo pattern;; esac'), 'pattern\n', 'a quoted * matches only *');
  assert.equal(out('case foo in f*) echo 1;& x) echo 2;; *) echo 3;; esac'), '1\n2\n');
  assert.equal(out('case foo in f*) echo 1;;& *o) echo 2;;& x) echo 3;; esac'), '1\n2\n');
  assert.equal(out('case R in R|U) echo op;; esac; case z in a) ;; esac; echo $?'), 'op\n0\n');
  assert.equal(out('x=2; case $((x+1)) in 3) echo three;; esac'), 'three\n');
});

test('functions: arguments, return, local, recursion, in pipelines, unset -f', () => {
  assert.equal(out('f() { echo "$# $1 $2"; return 7; }; f a "b c"; echo $?'), '2 a b c\n7\n');
  assert.equal(out('function g { echo g; }; g; function h() { echo h; }; h'), 'g\nh\n');
  assert.equal(out('x=1; f() { local x=2; echo $x; g; }; g() { echo g:$x; }; f; echo $x'), '2\ng:2\n1\n');
  assert.equal(out('f() { x=set; }; f; echo $x'), 'set\n', 'without local a function sets the global');
  assert.equal(out('fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }; fact 6'), '720\n');
  assert.equal(out('f() { echo in-f; }; f | cat; echo x | f'), 'in-f\nin-f\n');
  assert.equal(out('f() { shift; echo "$@"; }; f a b c'), 'b c\n');
  assert.equal(out('f() { for i in 1 2 3; do [ $i = 2 ] && return 4; done; echo no; }; f; echo $?'), '4\n');
  assert.equal(out('f() { echo $1; }; unset -f f; f'), 'bash: line 1: f: command not found\n');
  assert.equal(out('return'), "bash: line 1: return: can only `return' from a function or sourced script\n");
  assert.equal(out('local x'), 'bash: line 1: local: can only be used in a function\n');
  assert.equal(out('f() { f; }; f; echo same line\necho next line'), 'bash: line 1: f: maximum function nesting level exceeded (256)\nnext line\n');
  // deeper bodies stop sooner, before the engine's stack would run out
  assert.match(out('f() { for i in 1; do while true; do if true; then { f; }; fi; done; done; }; f\necho next line'), /^bash: line 1: f: maximum function nesting level exceeded \(\d+\)\nnext line\n$/);
  assert.equal(out('f() { echo out; echo err >&2; } ; f 2>/dev/null'), 'out\n');
  assert.equal(out('f() {\n  echo "line 2"\n  nope\n}\nf'), 'line 2\nbash: line 3: nope: command not found\n', 'messages from a function name its own line');
});

test('groups, subshells, redirections and pipelines of compound commands', () => {
  assert.equal(out('for i in a b; do echo $i; done > f; cat f'), 'a\nb\n');
  assert.equal(out('{ echo out; echo err >&2; } 2>&1 > /dev/null | cat'), 'err\n');
  assert.equal(out('{ echo one; echo two; } | wc -l'), '2\n');
  assert.equal(out('x=1; (x=2; echo $x); echo $x'), '2\n1\n');
  assert.equal(out('(exit 3); echo $?; ! { false; }; echo $?'), '3\n0\n');
  assert.equal(out('if true; then echo a; fi > f; while read l; do echo got $l; done < f'), 'got a\n');
  assert.equal(out('{ echo 1; } > /nope/x; echo $?'), 'bash: line 1: /nope/x: No such file or directory\n1\n');
  assert.equal(out('for i in 1 2; do echo $i; done >> f2; for i in 3; do echo $i; done >> f2; cat f2'), '1\n2\n3\n');
  assert.equal(out('{ echo bg; } & wait; echo end'), 'bg\nend\n');
  assert.equal(out('for i in 1 2 3; do (sleep 0.$i; echo $i) & done; wait; echo all'), '1\n2\n3\nall\n');
  assert.equal(out('true && for i in 1; do echo in; done || echo no'), 'in\n');
  assert.equal(out('eval "for i in x y; do echo \\$i; done"'), 'x\ny\n');
});

test('arithmetic: $(( )), (( )), let; an expansion error abandons the rest of the line', () => {
  assert.equal(out('echo $((2**10)) $(( (1+2)*3 )) $((7/2)) $((-7%3)) $((1<2)) $((0x1f)) $((2#101))'), '1024 9 3 -1 1 31 5\n');
  assert.equal(out('x=5; echo $((x += 2)) $x $((x++)) $x $((--x))'), '7 7 7 8 7\n');
  assert.equal(out('x=3; ((x > 2)) && echo big; (( 0 )); echo $?; ((y = 4)); echo $y'), 'big\n1\n4\n');
  assert.equal(out('a=2; b=a+1; echo $((b * 2)) $(( $a * 3 ))'), '6 6\n');
  assert.equal(out('echo $((9223372036854775807 + 1))'), '-9223372036854775808\n');
  assert.equal(out('let a=3*4 b=a+1; echo $a $b; let 0; echo $?'), '12 13\n1\n');
  assert.deepEqual(runScript('echo $((1/0)); echo same line\necho next line'), { out: 'bash: line 1: 1/0: division by 0 (error token is "0")\nnext line\n', status: 0 });
  assert.deepEqual(runScript('echo $(( 1 + ))'), { out: 'bash: line 1: 1 + : syntax error: operand expected (error token is "+ ")\n', status: 1 });
  assert.equal(out('let 1/0; echo $?'), 'bash: line 1: let: 1/0: division by 0 (error token is "0")\n1\n');
  assert.equal(out('((08)); echo $?'), 'bash: line 1: ((: 08: value too great for base (error token is "08")\n1\n');
});

test('test and [: files, strings, integers, ! -a -o ( ), and bash\'s messages', () => {
  const t = (expr: string): string => out(`[ ${expr} ]; echo $?`).trim();
  assert.equal(t('-e /proc/meminfo'), '0');
  assert.equal(t('-f /proc/meminfo'), '0');
  assert.equal(t('-d /proc'), '0');
  assert.equal(t('-d /proc/meminfo'), '1');
  assert.equal(t('-e /nope'), '1');
  assert.equal(t('-x work'), '0');
  assert.equal(t('-x mp3.ko'), '1');
  assert.equal(t('-r /proc/meminfo'), '0');
  assert.equal(t('-w /proc/meminfo'), '1');
  assert.equal(t('-s /proc/meminfo'), '1', 'procfs files have size 0, as on Linux');
  assert.equal(out('touch empty; [ -s empty ]; echo $?; echo x > full; [ -s full ]; echo $?'), '1\n0\n');
  assert.equal(out('mknod node c 423 0; [ -c node ]; echo $?; [ -f node ]; echo $?'), '0\n1\n');
  assert.equal(t('-z ""'), '0');
  assert.equal(t('-n ""'), '1');
  assert.equal(t('abc = abc'), '0');
  assert.equal(t('abc != abc'), '1');
  assert.equal(t('a \\< b'), '0');
  assert.equal(t('2 -lt 10'), '0');
  assert.equal(t('-5 -ge -5'), '0');
  assert.equal(t('! -e /nope'), '0');
  assert.equal(t('1 -eq 1 -a 2 -eq 3'), '1');
  assert.equal(t('1 -eq 2 -o 2 -eq 2'), '0');
  assert.equal(t('\\( 1 -eq 2 -o 1 -eq 1 \\) -a -n x'), '0');
  assert.equal(t(''), '1');
  assert.equal(t('x'), '0');
  assert.equal(t('-n'), '0', 'one argument: true when not empty');
  assert.equal(out('test 3 -gt 2 && echo yes; test; echo $?'), 'yes\n1\n');
  assert.equal(out('[ 1 -eq 1; echo $?'), "bash: line 1: [: missing `]'\n2\n");
  assert.equal(out('[ abc -eq 1 ]; echo $?'), 'bash: line 1: [: abc: integer expression expected\n2\n');
  assert.equal(out('[ a b ]; echo $?'), 'bash: line 1: [: a: unary operator expected\n2\n');
  assert.equal(out('[ a b c ]; echo $?'), 'bash: line 1: [: b: binary operator expected\n2\n');
  assert.equal(out('[ a b c d e ]; echo $?'), 'bash: line 1: [: too many arguments\n2\n');
  assert.equal(out('test 1 -eq; echo $?'), 'bash: line 1: test: 1: unary operator expected\n2\n');
  assert.equal(out('x=; [ -z "$x" ] && echo empty; [ $x = a ]; echo $?'), 'empty\nbash: line 1: [: =: unary operator expected\n2\n');
});

test('[[ ]]: no word splitting, pattern matching, =~ with BASH_REMATCH, arithmetic comparisons', () => {
  assert.equal(out('x="a b"; [[ $x == "a b" ]] && echo nosplit; [[ -n $nope ]] || echo empty'), 'nosplit\nempty\n');
  assert.equal(out('[[ abc == a* ]] && echo glob; [[ abc == "a*" ]] || echo literal; [[ abc != b* ]] && echo ne'), 'glob\nliteral\nne\n');
  assert.equal(out('[[ -e /proc/meminfo && ! -d /proc/meminfo ]] && echo file; [[ -d /nope || -d /proc ]] && echo dir'), 'file\ndir\n');
  assert.equal(out('[[ 10 -gt 9 ]] && echo num; [[ 1+1 -eq 2 ]] && echo arith; [[ 10 > 9 ]] || echo string'), 'num\narith\nstring\n');
  assert.equal(out('[[ ( 1 -eq 2 ) || ( a < b ) ]] && echo parens'), 'parens\n');
  assert.equal(out('[[ "work 1234" =~ ([a-z]+)\\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}/${BASH_REMATCH[2]}/$BASH_REMATCH"'), 'work/1234/work 1234\n');
  assert.equal(out('[[ abc =~ ^[[:alpha:]]+$ ]] && echo class; [[ a.c =~ "a.c" ]] && echo quoted; [[ abc =~ "a.c" ]] || echo literal'), 'class\nquoted\nliteral\n');
  assert.equal(out('[[ x =~ a{2,1} ]]; echo $?'), '2\n', 'an invalid regular expression is status 2');
  assert.equal(out('[[ a b ]]'), "bash: -c: line 1: conditional binary operator expected\nbash: -c: line 1: syntax error near `b'\nbash: -c: line 1: `[[ a b ]]'\n");
});

test('syntax errors and unexpected ends of file name the line, as bash -c does', () => {
  assert.deepEqual(runScript('for i in 1 2; done'), { out: "bash: -c: line 1: syntax error near unexpected token `done'\nbash: -c: line 1: `for i in 1 2; done'\n", status: 2 });
  assert.deepEqual(runScript('for i in 1 2; do echo $i'), { out: 'bash: -c: line 1: syntax error: unexpected end of file\n', status: 2 });
  assert.deepEqual(runScript('if true\nthen\n  echo x\n'), { out: 'bash: -c: line 4: syntax error: unexpected end of file\n', status: 2 });
  assert.deepEqual(runScript('echo first\nif true\nthen\nfi'), { out: "first\nbash: -c: line 4: syntax error near unexpected token `fi'\nbash: -c: line 4: `fi'\n", status: 2 });
  assert.deepEqual(runScript('for i in 1\ndo\n  nope\ndone'), { out: 'bash: line 3: nope: command not found\n', status: 127 });
  assert.deepEqual(runScript('echo a; done'), { out: "bash: -c: line 1: syntax error near unexpected token `done'\nbash: -c: line 1: `echo a; done'\n", status: 2 });
});

test('time: bash\'s default format, -p, TIMEFORMAT', () => {
  const r = runScript('time sleep 1.5');
  assert.match(r.out, /^\nreal\t0m1\.50\ds\nuser\t0m0\.00\ds\nsys\t0m0\.00\ds\n$/);
  assert.match(out('time -p sleep 1'), /^real 1\.00\nuser 0\.00\nsys 0\.00\n$/);
  assert.match(out('TIMEFORMAT="%R|%lR|%0R|%%"; time sleep 0.25'), /^0\.25\d\|0m0\.25\ds\|0\|%\n$/);
  assert.equal(out('TIMEFORMAT=; time echo quiet'), 'quiet\n');
  assert.match(out('time { echo a; false; }; echo $?'), /^a\n\nreal\t0m0\.000s\nuser\t0m0\.000s\nsys\t0m0\.000s\n1\n$/);
  assert.match(out('time sleep 0.1 | cat'), /^\nreal\t0m0\.10\ds\n/);
});

test('brace expansion: lists, sequences, zero padding, letters; quoted braces stay', () => {
  assert.equal(out('echo work{1,2}.data {a,b}{1,2} {x,{y,z}}'), 'work1.data work2.data a1 a2 b1 b2 x y z\n');
  assert.equal(out('echo {1..5} {5..1} {01..10..3} {-2..2} {a..e..2} {1..3}x'), '1 2 3 4 5 5 4 3 2 1 01 04 07 10 -2 -1 0 1 2 a c e 1x 2x 3x\n');
  assert.equal(out('echo {} {a} {a,b "{a,b}" \\{a,b} ${x}{c,d}'), '{} {a} {a,b {a,b} {a,b} c d\n');
  assert.equal(out('for i in {1..3}; do echo -n "$i "; done; echo'), '1 2 3 \n');
  assert.equal(out('x={a,b}; echo $x'), '{a,b}\n', 'not in assignments');
});

test('pathological input ends with a message, not a crashed shell', () => {
  const deepTest = `[ ${'\\( '.repeat(3000)}x${' \\)'.repeat(3000)} ]; echo $?`;
  assert.equal(out(deepTest), 'bash: line 1: [: expression nesting level exceeded\n2\n');
  assert.equal(out(`echo ${'{a,b}'.repeat(40)} | wc -c; echo {a,b}{c,d}`), '201\nac ad bc bd\n', 'too many brace words: left as it is');
  assert.match(out(`echo $(( ${'2**'.repeat(300)}1 ))`), /expression recursion level exceeded/);
  assert.match(out(`echo $(( ${'x='.repeat(300)}1 ))`), /expression recursion level exceeded/);
});
