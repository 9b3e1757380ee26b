// The shell end to end on the simulated machine: a tty, keystrokes in, what the terminal shows out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startShell, runScript } from './shellHarness';
import { assertProperty } from './helpers/property';

const PROMPT = 'student@mp3:~$ ';

test('prompt, echo to a file, cat it back', () => {
  const s = startShell();
  assert.equal(s.output(), PROMPT);
  assert.equal(s.run('echo hi > f; cat f'), `echo hi > f; cat f\nhi\n${PROMPT}`);
  assert.equal(s.run('echo more >> f; cat f | wc -l'), `echo more >> f; cat f | wc -l\n2\n${PROMPT}`);
  assert.equal(s.run('cd /proc'), `cd /proc\nstudent@mp3:/proc$ `);
  assert.equal(s.run('cd'), `cd\n${PROMPT}`);
});

test('the lab: insmod, /proc/mp3/status, write errors, rmmod', () => {
  const s = startShell();
  assert.equal(s.run('cat /proc/mp3/status'), `cat /proc/mp3/status\ncat: /proc/mp3/status: No such file or directory\n${PROMPT}`);
  assert.equal(s.run("echo 'R 1' > /proc/mp3/status"), `echo 'R 1' > /proc/mp3/status\nbash: /proc/mp3/status: No such file or directory\n${PROMPT}`);
  assert.equal(s.run('insmod mp3.ko'), `insmod mp3.ko\n${PROMPT}`);
  assert.equal(s.run('insmod mp3.ko'), `insmod mp3.ko\ninsmod: ERROR: could not insert module mp3.ko: File exists\n${PROMPT}`);
  assert.equal(s.run('insmod nope.ko'), `insmod nope.ko\ninsmod: ERROR: could not load module nope.ko: No such file or directory\n${PROMPT}`);
  assert.equal(s.run('cat /proc/mp3/status'), `cat /proc/mp3/status\n${PROMPT}`);
  assert.equal(s.run("echo 'R abc' > /proc/mp3/status"), `echo 'R abc' > /proc/mp3/status\nbash: echo: write error: Invalid argument\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n1\n${PROMPT}`);
  assert.match(s.run('lsmod'), /^lsmod\nModule {18}Size {2}Used by\nmp3 +\d+ {2}0\n/);
  assert.equal(s.run('mknod node c 423 0; ls -l node | cut -c1-10 2>/dev/null; ls node'), `mknod node c 423 0; ls -l node | cut -c1-10 2>/dev/null; ls node\ncrw-r--r--\nnode\n${PROMPT}`);
  assert.equal(s.run('rmmod mp3'), `rmmod mp3\n${PROMPT}`);
  assert.equal(s.run('rmmod mp3'), `rmmod mp3\nrmmod: ERROR: Module mp3 is not currently loaded\n${PROMPT}`);
});

test('a work process registers itself; background jobs, jobs, wait, Done notices', () => {
  const s = startShell();
  s.run('insmod mp3.ko');
  const started = s.run('./work 10 R 1000 &');
  const m = /^\.\/work 10 R 1000 &\n\[1\] (\d+)\n/.exec(started);
  assert.ok(m, started);
  const pid = m[1];
  s.run('sleep 0.1');
  assert.equal(s.run('cat /proc/mp3/status'), `cat /proc/mp3/status\n${pid}\n${PROMPT}`);
  assert.equal(s.run('jobs'), `jobs\n[1]+  Running                 ./work 10 R 1000 &\n${PROMPT}`);
  assert.equal(s.run('echo $!'), `echo $!\n${pid}\n${PROMPT}`);
  const waited = s.run('wait');
  assert.match(waited, /\[\d+\] 19 iteration\n/);
  assert.ok(waited.endsWith(`[1]+  Done                    ./work 10 R 1000\n${PROMPT}`), waited);
  assert.equal(s.run('jobs'), `jobs\n${PROMPT}`);
  assert.equal(s.run('cat /proc/mp3/status'), `cat /proc/mp3/status\n${PROMPT}`);
});

test('two background jobs, kill %1, status words', () => {
  const s = startShell();
  assert.match(s.run('sleep 100 & sleep 200 &'), /^sleep 100 & sleep 200 &\n\[1\] \d+\n\[2\] \d+\n/);
  assert.equal(s.run('jobs'), `jobs\n[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 200 &\n${PROMPT}`);
  assert.equal(s.run('kill %1'), `kill %1\n${PROMPT}`);
  assert.equal(s.run(''), `\n[1]-  Terminated              sleep 100\n${PROMPT}`);
  assert.equal(s.run('kill -9 %2; wait'), `kill -9 %2; wait\n[2]+  Killed                  sleep 200\n${PROMPT}`);
  assert.equal(s.run('kill %1'), `kill %1\nbash: kill: %1: no such job\n${PROMPT}`);
  assert.equal(s.run('kill 99999'), `kill 99999\nbash: kill: (99999) - No such process\n${PROMPT}`);
  assert.equal(s.run('wait 99999'), `wait 99999\nbash: wait: pid 99999 is not a child of this shell\n${PROMPT}`);
  assert.equal(s.run('false & wait $!; echo $?'), `false & wait $!; echo $?\n[1] ${/\[1\] (\d+)/.exec(s.output().split('false & wait')[1])?.[1]}\n1\n[1]+  Exit 1                  false\n${PROMPT}`);
});

test('^C kills the foreground job, not the shell', () => {
  const s = startShell();
  assert.equal(s.run('sleep 100', 2e9), 'sleep 100\n');
  assert.equal(s.type('\x03'), `^C\n${PROMPT}`);
  assert.ok(s.alive());
  assert.equal(s.run('echo $?'), `echo $?\n130\n${PROMPT}`);
  // at the prompt ^C only abandons the line
  assert.equal(s.type('echo never\x03'), `echo never^C\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n130\n${PROMPT}`);
});

test('^Z stops the foreground job; jobs, bg, fg, kill %n and exit behave as in bash', () => {
  const s = startShell();
  s.run('insmod mp3.ko');
  assert.equal(s.run('./work 200 R 100000 >/dev/null', 2e9), './work 200 R 100000 >/dev/null\n');
  assert.equal(s.type('\x1a'), `^Z\n[1]+  Stopped                 ./work 200 R 100000 >/dev/null\n${PROMPT}`);
  assert.ok(s.alive());
  assert.equal(s.run('echo $?'), `echo $?\n148\n${PROMPT}`);
  const pid = /^(\d+)$/m.exec(s.run('jobs -p'))![1];
  assert.match(s.run(`ps -o pid,stat,comm -p ${pid}`), new RegExp(`^ +${pid} T +work$`, 'm'));
  assert.match(s.run(`cat /proc/${pid}/status`), /^State:\tT \(stopped\)$/m);
  // a stopped process uses no CPU (the kernel's total, which the module's sampling does not reset)
  const cpu = (): number => [...s.kernel.tasks].find((t) => String(t.pid) === pid)!.total_cpu;
  const before = cpu();
  s.run('sleep 2');
  assert.equal(cpu(), before);
  assert.equal(s.run('jobs'), `jobs\n[1]+  Stopped                 ./work 200 R 100000 >/dev/null\n${PROMPT}`);
  assert.equal(s.run('bg'), `bg\n[1]+ ./work 200 R 100000 >/dev/null &\n${PROMPT}`);
  assert.equal(s.run('jobs'), `jobs\n[1]+  Running                 ./work 200 R 100000 >/dev/null &\n${PROMPT}`);
  assert.equal(s.run('bg %1'), `bg %1\nbash: bg: job 1 already in background\n${PROMPT}`);
  s.run('sleep 1');
  assert.notEqual(cpu(), before, 'running again after bg');
  // fg brings it back; ^Z stops it again, with the same job number
  assert.equal(s.run('fg', 2e9), 'fg\n./work 200 R 100000 >/dev/null\n');
  assert.equal(s.type('\x1a'), `^Z\n[1]+  Stopped                 ./work 200 R 100000 >/dev/null\n${PROMPT}`);
  // a second stopped job becomes the current one
  assert.equal(s.run('sleep 100', 1e9), 'sleep 100\n');
  assert.equal(s.type('\x1a'), `^Z\n[2]+  Stopped                 sleep 100\n${PROMPT}`);
  assert.equal(s.run('jobs'), `jobs\n[1]-  Stopped                 ./work 200 R 100000 >/dev/null\n[2]+  Stopped                 sleep 100\n${PROMPT}`);
  // exit with stopped jobs: a warning first, and the shell stays
  assert.equal(s.run('exit'), `exit\nexit\nThere are stopped jobs.\n${PROMPT}`);
  assert.ok(s.alive());
  // kill %2 (SIGTERM) reaches a stopped job: bash continues it so that it can die
  assert.equal(s.run('kill %2'), `kill %2\n${PROMPT}`);
  assert.equal(s.run(''), `\n[2]+  Terminated              sleep 100\n${PROMPT}`);
  // kill -STOP of a background job is noticed at the next prompt
  assert.equal(s.run('bg %1'), `bg %1\n[1]+ ./work 200 R 100000 >/dev/null &\n${PROMPT}`);
  assert.equal(s.run(`kill -STOP ${pid}`), `kill -STOP ${pid}\n${PROMPT}`);
  assert.equal(s.run(''), `\n[1]+  Stopped (signal)        ./work 200 R 100000 >/dev/null\n${PROMPT}`);
  assert.equal(s.run('bg 9'), `bg 9\nbash: bg: 9: no such job\n${PROMPT}`);
  // exit twice in a row leaves, and the stopped job is terminated rather than left stopped forever
  assert.equal(s.run('exit'), `exit\nexit\nThere are stopped jobs.\n${PROMPT}`);
  s.run('exit');
  assert.ok(!s.alive());
  s.kernel.runFor(100e6);
  const left = [...s.kernel.tasks].find((t) => String(t.pid) === pid);
  assert.ok(!left || !left.alive, 'the stopped job did not outlive the shell');
});

test('a script (no job control) still waits for a job that gets stopped and continued', () => {
  const r = runScript('sleep 0.5 & p=$!; kill -STOP $p; sleep 0.2; kill -CONT $p; wait $p; echo done $?');
  assert.equal(r.out, 'done 0\n');
  assert.equal(r.status, 0);
});

test('exit statuses and messages like bash', () => {
  const s = startShell();
  assert.equal(s.run('foo'), `foo\nbash: foo: command not found\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n127\n${PROMPT}`);
  assert.equal(s.run('./nope'), `./nope\nbash: ./nope: No such file or directory\n${PROMPT}`);
  assert.equal(s.run('./mp3.ko; echo $?'), `./mp3.ko; echo $?\nbash: ./mp3.ko: Permission denied\n126\n${PROMPT}`);
  assert.equal(s.run('false; echo $?; true; echo $?; ! true; echo $?'), `false; echo $?; true; echo $?; ! true; echo $?\n1\n0\n1\n${PROMPT}`);
  assert.equal(s.run('false && echo a || echo b'), `false && echo a || echo b\nb\n${PROMPT}`);
  assert.equal(s.run('ls ;;'), `ls ;;\nbash: syntax error near unexpected token \`;;'\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n2\n${PROMPT}`);
  assert.equal(s.run('cd /nope'), `cd /nope\nbash: cd: /nope: No such file or directory\n${PROMPT}`);
  assert.equal(s.run('cat < nope'), `cat < nope\nbash: nope: No such file or directory\n${PROMPT}`);
  assert.equal(s.run('foo 2>/dev/null; echo $?'), `foo 2>/dev/null; echo $?\n127\n${PROMPT}`);
  assert.equal(s.run('sleep 100 & kill -SEGV $!; wait $!; echo $?'), `sleep 100 & kill -SEGV $!; wait $!; echo $?\n[1] ${/\[1\] (\d+)/.exec(s.output().split('kill -SEGV')[1])?.[1]}\n139\n[1]+  Segmentation fault      sleep 100\n${PROMPT}`);
});

test('a foreground job killed by a signal is reported', () => {
  const s = startShell();
  assert.equal(s.run('sh -c "kill -9 \\$\\$"'), `sh -c "kill -9 \\$\\$"\nKilled\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n137\n${PROMPT}`);
});

test('redirections: 2>&1, 2>, >> and &>', () => {
  const s = startShell();
  s.run('cat nope > out 2>&1; ls nope 2> err; echo x &> both; echo y >> both');
  assert.equal(s.run('cat out err both'), `cat out err both\ncat: nope: No such file or directory\nls: cannot access 'nope': No such file or directory\nx\ny\n${PROMPT}`);
  assert.equal(s.run('echo to-stderr >&2 2>/dev/null'), `echo to-stderr >&2 2>/dev/null\nto-stderr\n${PROMPT}`);
  assert.equal(s.run('> empty; wc -c empty'), `> empty; wc -c empty\n0 empty\n${PROMPT}`);
});

test('expansion: variables, command substitution, globbing', () => {
  const s = startShell();
  assert.equal(s.run('X="a b"; echo $X "$X" ${X}!'), `X="a b"; echo $X "$X" \${X}!\na b a b a b!\n${PROMPT}`);
  assert.equal(s.run('echo $(echo one two) "$(echo three)"'), `echo $(echo one two) "$(echo three)"\none two three\n${PROMPT}`);
  assert.equal(s.run('touch p1.data p2.data; echo *.data; echo "*.data"; echo *.none'), `touch p1.data p2.data; echo *.data; echo "*.data"; echo *.none\np1.data p2.data\n*.data\n*.none\n${PROMPT}`);
  assert.equal(s.run('echo $$ | grep -c .'), `echo $$ | grep -c .\n1\n${PROMPT}`);
});

test('line editing over the tty: history, cursor keys, tab completion, continuation', () => {
  const s = startShell();
  s.run('echo first');
  assert.ok(s.type('\x1b[A\r').endsWith(`first\n${PROMPT}`));
  assert.ok(s.type('echo abc\x1b[D\x1b[DX\r').endsWith(`aXbc\n${PROMPT}`));
  assert.ok(s.type('ec\tzz\r').endsWith(`zz\n${PROMPT}`));
  assert.ok(s.type('cat mp\t\r').includes('cat mp3.ko'));
  assert.equal(s.run("echo 'a"), "echo 'a\n> ");
  assert.equal(s.run("b'"), `b'\na\nb\n${PROMPT}`);
  assert.ok(s.run('history').includes("    1  echo first\n"));
  assert.equal(s.type('\x04'), 'exit\n');
  assert.equal(s.alive(), false);
});

test('exit and exit N', () => {
  const s = startShell();
  assert.equal(s.run('exit 3'), 'exit 3\nexit\n');
  assert.equal(s.alive(), false);
});

test('bash -c runs line by line with bash -c messages and statuses', () => {
  assert.deepEqual(runScript('echo a; foo; exit 3'), { out: 'a\nbash: line 1: foo: command not found\n', status: 3 });
  assert.deepEqual(runScript('echo a\necho b;;\necho c'), { out: "a\nbash: -c: line 2: syntax error near unexpected token `;;'\nbash: -c: line 2: `echo b;;'\n", status: 2 });
  assert.deepEqual(runScript('false'), { out: '', status: 1 });
  assert.deepEqual(runScript('sleep 100 & kill $!; wait $!'), { out: '', status: 143 });
  assert.deepEqual(runScript('echo "open'), { out: 'bash: -c: line 1: unexpected EOF while looking for matching `"\'\nbash: -c: line 2: syntax error: unexpected end of file\n', status: 2 });
});

test('a script file runs with bash FILE and with source', () => {
  const s = startShell();
  s.run("echo 'echo in script $1; exit 4' > run.sh");
  assert.equal(s.run('bash run.sh arg; echo $?'), `bash run.sh arg; echo $?\nin script arg\n4\n${PROMPT}`);
  assert.equal(s.run('source run.sh'), `source run.sh\nin script\nexit\n`);
});

test('builtins in a pipeline run in a subshell: jobs | cat, history -c | cat, cd | cat', () => {
  const s = startShell();
  s.run('sleep 50 &');
  assert.equal(s.run('jobs | cat'), `jobs | cat\n[1]+  Running                 sleep 50 &\n${PROMPT}`);
  s.run('history -c | cat');
  assert.match(s.run('history | tail -1'), /^history \| tail -1\n +\d+ {2}history \| tail -1\n/);
  assert.equal(s.run('cd /proc | cat; pwd'), `cd /proc | cat; pwd\n/home/student\n${PROMPT}`);
});

/**
 * What a user does to get the prompt back: ^C for an unfinished line at PS2 or a loop that does
 * not end, ^D for a command reading the terminal. Returns everything the terminal showed.
 */
function backToPrompt(s: ReturnType<typeof startShell>, out: string): string {
  if (out.endsWith('> ')) out += s.type('\x03', 2e9);
  for (let i = 0; i < 4 && !out.endsWith('$ '); i++) {
    out += s.type('\x03', 2e9);
    if (!out.endsWith('$ ')) out += s.type('\x04', 2e9);
  }
  return out;
}

test('fuzz: random command lines never kill the shell and always bring the prompt back', async () => {
  const fc = (await import('fast-check')).default;
  const s = startShell();
  const token = fc.constantFrom(
    'echo', 'cat', 'ls', 'x', '"a b"', "'q'", '$?', '$X', '$(echo y)', '>', '>>', '<', '2>&1', '|', '&&', '||', ';', 'f', '/proc/mp3/status',
    'true', 'false', 'nope', '*', '~', '\\$', '#c', 'X=1', 'wc', '-l', 'kill', '%1', 'wait', 'jobs', 'cd', '/tmp', 'head', '-1', 'grep', 'a',
    // the words and operators of compound commands, in any order
    'for', 'in', 'do', 'done', 'while', 'until', 'if', 'then', 'elif', 'else', 'fi', 'case', 'esac', ';;', ')', '(', '{', '}', 'f()', 'function',
    'break', 'continue', 'return', 'local', '[[', ']]', '[', ']', '-e', '==', '-eq', '((', '))', '$((1+X))', '$((1/0))', 'time', '!', '&', 'let', 'X++',
  );
  assertProperty(
    fc.property(fc.array(token, { minLength: 1, maxLength: 10 }), (tokens) => {
      const line = tokens.join(' ');
      const out = backToPrompt(s, s.run(line, 5e9));
      assert.ok(s.alive(), `shell died on: ${line}`);
      assert.ok(out.endsWith('$ '), `no prompt after ${JSON.stringify(line)}: ${JSON.stringify(out)}`);
    }),
    { numRuns: 200 },
  );
});

test('fuzz: nested compound commands run to the end (or to ^C) and leave the shell usable', async () => {
  const fc = (await import('fast-check')).default;
  const s = startShell({}, { cols: 400 });
  const simple = fc.constantFrom(
    'echo $v', 'true', 'false', 'cat /proc/mp3/status', 'x=$((x+1))', 'break', 'continue', 'continue 2', 'break 2', 'return 3',
    'local v=1', '[ -e /proc/meminfo ]', '[[ $x -gt 2 ]]', '(( x % 2 ))', 'sleep 0.01', 'echo out > /dev/null', 'nope', 'echo $((1/0))', 'g',
  );
  const { list } = fc.letrec<{ list: string; command: string }>((tie) => ({
    list: fc.array(tie('command'), { minLength: 1, maxLength: 3 }).map((cs) => cs.join('; ')),
    command: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      simple,
      tie('list').map((l) => `for v in a b; do ${l}; done`),
      // each loop counts with a variable of its own, so that loops end however they nest
      fc.tuple(fc.nat(), tie('list')).map(([k, l]) => `n${k}=0; while [ $n${k} -lt 2 ]; do n${k}=$((n${k}+1)); ${l}; done`),
      tie('list').map((l) => `until true; do ${l}; done`),
      fc.tuple(tie('list'), tie('list'), tie('list')).map(([c, a, b]) => `if ${c}; then ${a}; else ${b}; fi`),
      fc.tuple(tie('list'), tie('list')).map(([a, b]) => `case $v in a) ${a};; *) ${b};; esac`),
      tie('list').map((l) => `{ ${l}; }`),
      tie('list').map((l) => `( ${l} )`),
      tie('list').map((l) => `{ ${l}; } | cat`),
      fc.tuple(fc.nat(), tie('list')).map(([k, l]) => `for ((i${k} = 0; i${k} < 2; i${k}++)); do ${l}; done > /dev/null`),
      tie('list').map((l) => `time { ${l}; }`),
      tie('list').map((l) => `{ ${l}; } & wait`),
    ),
  }));
  s.run('g() { echo in g; return 1; }');
  assertProperty(
    fc.property(list, (line) => {
      const out = backToPrompt(s, s.run(`x=0; ${line}`, 10e9));
      assert.ok(s.alive(), `shell died on: ${line}`);
      assert.ok(out.endsWith('$ '), `no prompt after ${JSON.stringify(line)}: ${JSON.stringify(out)}`);
      assert.doesNotMatch(out, /syntax error/, line);
      // nothing is left half done: no loop or function still unwinding, descriptors restored
      assert.equal(s.run('echo ok'), 'echo ok\nok\nstudent@mp3:~$ ');
    }),
    { numRuns: 120 },
  );
  s.run('wait', 60e9);
});

test('a background job reading the terminal is stopped by SIGTTIN and never takes the shell\'s input (the fuzz seed -423018453)', () => {
  const s = startShell();
  assert.match(s.run('grep elif &'), /^grep elif &\n\[1\] \d+\n/);
  assert.equal(s.run('echo hi'), `echo hi\nhi\n[1]+  Stopped (tty input)     grep elif\n${PROMPT}`);
  assert.equal([...s.kernel.tasks].find((t) => t.comm === 'grep')!.state, 'T');
  // continued in the foreground, it reads the terminal at last
  assert.equal(s.run('fg'), 'fg\ngrep elif\n');
  assert.equal(s.run('x elif y'), 'x elif y\nx elif y\n');
  assert.equal(s.type('\x04'), PROMPT);
});

test('a background job that exits is reaped at once (SIGCHLD at the prompt); its notice comes at the next prompt', () => {
  const s = startShell();
  assert.match(s.run('sleep 1 &'), /^sleep 1 &\n\[1\] \d+\n/);
  s.kernel.runFor(2e9);
  assert.deepEqual([...s.kernel.tasks].filter((t) => t.comm === 'sleep').map((t) => t.state), [], 'no zombie left');
  assert.equal(s.run('true'), `true\n[1]+  Done                    sleep 1\n${PROMPT}`);
  assert.equal(s.run('sleep 100 & kill -9 $!; wait').replace(/\[1\] \d+/, '[1] N'), `sleep 100 & kill -9 $!; wait\n[1] N\n[1]+  Killed                  sleep 100\n${PROMPT}`);
  assert.equal(s.run('kill %1'), `kill %1\nbash: kill: %1: no such job\n${PROMPT}`);
});
