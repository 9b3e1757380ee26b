// What students type in the lab's terminal, now that the shell has loops, conditionals and
// `time`: an interactive bash on the simulated machine, keystrokes in, terminal output out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startShell } from './shellHarness';

const PROMPT = 'student@mp3:~$ ';

/** The terminal output without the "[pid] N iteration" lines the work processes print as they go. */
const withoutWorkOutput = (text: string): string => text.replace(/\[\d+\] \d+ iteration\n/g, '');

test('a for loop starts the work processes in the background; they register; wait reports each Done', () => {
  const s = startShell({}, { cols: 200 });
  s.run('insmod mp3.ko');
  const started = withoutWorkOutput(s.run('for i in 1 2 3 4 5; do nice ./work 200 R 10000 & done'));
  const m = /^for i in 1 2 3 4 5; do nice \.\/work 200 R 10000 & done\n((?:\[\d\] \d+\n){5})student@mp3:~\$ $/.exec(started);
  assert.ok(m, started);
  const pids = [...m[1].matchAll(/\[(\d)\] (\d+)/g)];
  assert.deepEqual(pids.map((p) => p[1]), ['1', '2', '3', '4', '5'], 'each an interactive job of its own, announced [n] pid');
  s.run('sleep 0.5');
  const status = withoutWorkOutput(s.run('cat /proc/mp3/status')).split('\n');
  assert.equal(status[0], 'cat /proc/mp3/status');
  assert.deepEqual(status.slice(1, -1).sort(), pids.map((p) => p[2]).sort(), 'every one registered itself');
  assert.match(withoutWorkOutput(s.run('jobs')), /^jobs\n\[1\] {3}Running {17}nice \.\/work 200 R 10000 &\n(.*\n){3}\[5\]\+ {2}Running {17}nice \.\/work 200 R 10000 &\n/);
  const waited = s.run('wait', 200e9);
  for (const p of pids) assert.match(waited, new RegExp(`\\[${p[2]}\\] 19 iteration\\n`));
  assert.ok(waited.endsWith(`[5]+  Done                    nice ./work 200 R 10000\n${PROMPT}`), waited);
  assert.equal(s.run('jobs'), `jobs\n${PROMPT}`);
  assert.equal(s.run('cat /proc/mp3/status'), `cat /proc/mp3/status\n${PROMPT}`, 'all unregistered');
});

test('time ./work: bash\'s format; user and sys are the CPU time the child used', () => {
  const s = startShell({}, { cols: 200 });
  const exited = new Map<number, { comm: string; user: number; sys: number }>();
  s.kernel.sched.onExit.push((t) => exited.set(t.pid, { comm: t.comm, user: t.total_utime, sys: t.total_stime }));
  s.run('insmod mp3.ko');
  const r = s.run('time ./work 100 R 50000 > /dev/null', 100e9);
  const m = /^time \.\/work 100 R 50000 > \/dev\/null\n\nreal\t0m(\d+)\.(\d{3})s\nuser\t0m(\d+)\.(\d{3})s\nsys\t0m(\d+)\.(\d{3})s\nstudent@mp3:~\$ $/.exec(r);
  assert.ok(m, r);
  const [real, user, sys] = [[m[1], m[2]], [m[3], m[4]], [m[5], m[6]]].map(([sec, ms]) => Number(sec) * 1000 + Number(ms));
  assert.ok(real >= 20000 && real < 21000, `real ${real} ms: 20 iterations with sleep(1)`);
  const work = [...exited.values()].find((t) => t.comm === 'work');
  assert.ok(work, 'the work process exited');
  assert.ok(user > 0 && sys > 0, `user ${user} ms, sys ${sys} ms`);
  // the child's times (and the shell's own, a few microseconds), rounded to the millisecond
  assert.ok(Math.abs(user - work.user / 1e6) <= 2, `user ${user} ms vs the child's ${work.user / 1e6} ms`);
  assert.ok(Math.abs(sys - work.sys / 1e6) <= 2, `sys ${sys} ms vs the child's ${work.sys / 1e6} ms`);
  assert.equal(s.run('echo $?'), `echo $?\n0\n${PROMPT}`);
});

test('while reading /proc until ^C; builtin-only loops stop on ^C too; $? is 130', () => {
  const s = startShell({}, { cols: 200 });
  s.run('insmod mp3.ko');
  const pid = /\[1\] (\d+)/.exec(s.run('./work 50 R 1000 > /dev/null &'))![1];
  const looped = s.run('while true; do cat /proc/mp3/status; sleep 1; done', 2.5e9);
  assert.equal(looped, `while true; do cat /proc/mp3/status; sleep 1; done\n${pid}\n${pid}\n${pid}\n`);
  assert.equal(s.type('\x03'), `^C\n${PROMPT}`, 'the loop is abandoned with the sleep it was in');
  assert.equal(s.run('echo $?'), `echo $?\n130\n${PROMPT}`);
  assert.equal(s.run('i=0; while true; do i=$((i+1)); done', 1e9), 'i=0; while true; do i=$((i+1)); done\n');
  assert.equal(s.type('\x03'), `^C\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n130\n${PROMPT}`);
  assert.ok(Number(/\n(\d+)\n/.exec(s.run('echo $i'))![1]) > 1000, 'the loop ran meanwhile');
  // ^C during `wait` gives the prompt back; the background job goes on
  assert.equal(s.run('wait', 1e9), 'wait\n');
  assert.equal(s.type('\x03'), `^C\n${PROMPT}`);
  assert.equal(s.run('echo $?; jobs'), `echo $?; jobs\n130\n[1]+  Running                 ./work 50 R 1000 > /dev/null &\n${PROMPT}`);
  // the rest of a command list is abandoned too
  assert.equal(s.run('sleep 10; echo not reached', 1e9), 'sleep 10; echo not reached\n');
  assert.equal(s.type('\x03'), `^C\n${PROMPT}`);
  assert.ok(s.alive());
});

test('if [ -e /proc/mp3/status ] before and after insmod; [[ ]] and (( )) at the prompt', () => {
  const s = startShell({}, { cols: 200 });
  const check = 'if [ -e /proc/mp3/status ]; then echo loaded; else echo "not loaded"; fi';
  assert.equal(s.run(check), `${check}\nnot loaded\n${PROMPT}`);
  s.run('insmod mp3.ko');
  assert.equal(s.run(check), `${check}\nloaded\n${PROMPT}`);
  assert.equal(s.run('[[ $(cat /proc/mp3/status) == "" ]] && echo none'), `[[ $(cat /proc/mp3/status) == "" ]] && echo none\nnone\n${PROMPT}`);
  assert.equal(s.run('n=5; (( n > 3 )) && echo "$n > 3"'), `n=5; (( n > 3 )) && echo "$n > 3"\n5 > 3\n${PROMPT}`);
  assert.equal(s.run('[ 1 -eq'), `[ 1 -eq\nbash: [: missing \`]'\n${PROMPT}`);
});

test('syntax errors at the prompt, as bash words them', () => {
  const s = startShell({}, { cols: 200 });
  assert.equal(s.run('for i in 1 2; done'), `for i in 1 2; done\nbash: syntax error near unexpected token \`done'\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n2\n${PROMPT}`);
  assert.equal(s.run('fi'), `fi\nbash: syntax error near unexpected token \`fi'\n${PROMPT}`);
  assert.equal(s.run('if true; then; fi'), `if true; then; fi\nbash: syntax error near unexpected token \`;'\n${PROMPT}`);
  assert.equal(s.run('echo done fi then'), `echo done fi then\ndone fi then\n${PROMPT}`);
});

test('an unfinished loop asks for more lines with PS2; history keeps it as one command, as bash does', () => {
  const s = startShell({}, { cols: 200 });
  assert.equal(s.run('for i in 1 2 3'), 'for i in 1 2 3\n> ');
  assert.equal(s.run('do'), 'do\n> ');
  assert.equal(s.run('echo $i'), 'echo $i\n> ');
  assert.equal(s.run('done'), `done\n1\n2\n3\n${PROMPT}`);
  assert.equal(s.run('while false; do'), 'while false; do\n> ');
  assert.equal(s.run(':; done'), `:; done\n${PROMPT}`);
  assert.equal(s.run('history'), `history\n    1  for i in 1 2 3; do echo $i; done\n    2  while false; do :; done\n    3  history\n${PROMPT}`);
  // the up arrow brings the whole loop back on one line
  assert.ok(s.type('\x1b[A\x1b[A\x1b[A').endsWith('for i in 1 2 3; do echo $i; done'));
  assert.ok(s.type('\r').endsWith(`\n1\n2\n3\n${PROMPT}`));
  // ^C at PS2 abandons the command; ^D there is bash's unexpected end of file
  assert.equal(s.run('if true; then'), 'if true; then\n> ');
  assert.equal(s.type('\x03'), `^C\n${PROMPT}`);
  assert.equal(s.run('f() {'), 'f() {\n> ');
  assert.equal(s.type('\x04'), `bash: syntax error: unexpected end of file\n${PROMPT}`);
  assert.equal(s.run('echo $?'), `echo $?\n2\n${PROMPT}`);
});

test('a compound command run in the background is one job; functions and loops at the prompt', () => {
  const s = startShell({}, { cols: 200 });
  assert.match(s.run('for i in 1 2; do sleep 1; done &'), /^for i in 1 2; do sleep 1; done &\n\[1\] \d+\n/);
  assert.equal(s.run('jobs'), `jobs\n[1]+  Running                 for i in 1 2; do sleep 1; done &\n${PROMPT}`);
  assert.equal(s.run('wait', 5e9), `wait\n[1]+  Done                    for i in 1 2; do sleep 1; done\n${PROMPT}`);
  assert.equal(s.run('start() { for n in "$@"; do ./work $n R 100 > /dev/null & done; }'), `start() { for n in "$@"; do ./work $n R 100 > /dev/null & done; }\n${PROMPT}`);
  assert.match(s.run('start 10 20'), /^start 10 20\n\[1\] \d+\n\[2\] \d+\n/);
  assert.match(s.run('type start'), /^type start\nstart is a function\n/);
  assert.equal(s.run('type for'), `type for\nfor is a shell keyword\n${PROMPT}`);
  assert.ok(s.run('wait', 60e9).endsWith(`[2]+  Done                    ./work $n R 100 > /dev/null\n${PROMPT}`));
  // ^Z stops the command in the foreground; the loop goes on with the next one (bash does the same)
  assert.equal(s.run('for i in 1 2; do sleep 5; done', 1e9), 'for i in 1 2; do sleep 5; done\n');
  assert.equal(s.type('\x1a', 1e9), '^Z\n[1]+  Stopped                 sleep 5\n');
  assert.equal(s.type('', 6e9), PROMPT);
  assert.equal(s.run('kill %1'), `kill %1\n${PROMPT}`);
  assert.equal(s.run(''), `\n[1]+  Terminated              sleep 5\n${PROMPT}`);
});

test('tab completion knows reserved words and functions, and that a command follows `do`', () => {
  const s = startShell({}, { cols: 200 });
  assert.ok(s.type('unti\t').endsWith('until '));
  s.type('\x15');
  s.run('monitor_all() { cat /proc/mp3/status; }');
  assert.ok(s.type('monitor_a\t').endsWith('monitor_all '));
  s.type('\x15');
  assert.ok(s.type('for i in 1 2; do ech\t').endsWith('do echo '));
  assert.ok(s.type('$i; done\r').endsWith(`\n1\n2\n${PROMPT}`));
});
