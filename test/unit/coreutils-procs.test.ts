// Process tools on the simulated machine: pgrep/pkill (procps-ng 3.3.17).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shs, sh } from './shellHarness';


test('pgrep: -l -a -d -n -o -c -x -u -v, never itself', () => {
  const bg = 'sleep 10 & A=$!; sleep 20 & B=$!; sleep 0.1; ';
  assert.match(sh(`${bg}pgrep sleep | tr "\\n" " "; echo "= $A $B"`), /^(\d+) (\d+) = \1 \2\n$/);
  assert.match(sh(`${bg}echo "$(pgrep -d, sleep) = $A,$B"`), /^(\d+,\d+) = \1\n$/);
  assert.equal(sh(`${bg}pgrep -l sleep | cut -d" " -f2; pgrep -a -x sleep | cut -d" " -f2-`), 'sleep\nsleep\nsleep 10\nsleep 20\n');
  assert.match(sh(`${bg}echo "$(pgrep -n sleep) $(pgrep -o sleep) = $B $A"`), /^(\d+) (\d+) = \1 \2\n$/);
  // -v negates the whole selection (procps: match ^ opt_negate): the 5 kernel threads and bash
  assert.equal(sh(`${bg}pgrep -c sleep; pgrep -c -u root; pgrep -c -u student -v sleep`), '2\n5\n6\n');
  assert.equal(sh('pgrep pgrep; echo $?; pgrep -x slee; echo $?'), '1\n1\n');
  assert.equal(shs('pgrep'), "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n[2]");
  assert.equal(shs('pgrep a b'), "pgrep: only one pattern can be provided\nTry `pgrep --help' for more information.\n[2]");
  assert.match(shs('pgrep -z x'), /^pgrep: invalid option -- 'z'\n\nUsage:\n pgrep \[options\] <pattern>\n[^]*\[2\]$/);
  assert.equal(shs('pgrep -u bob x'), 'pgrep: invalid user name: bob\n[2]');
});

test('pkill: signals, -e, exit statuses, kernel threads', () => {
  assert.equal(sh('sleep 10 & sleep 0.1; pkill -x sleep; wait $!; echo $?'), '143\n');
  assert.equal(sh('sleep 10 & sleep 0.1; pkill -KILL sleep; wait $!; echo $?'), '137\n');
  assert.equal(sh('sleep 10 & sleep 0.1; pkill --signal 1 sleep; wait $!; echo $?'), '129\n');
  // -STOP leaves the process stopped (state T), -CONT resumes it
  assert.match(sh('sleep 10 & sleep 0.1; pkill -STOP -x sleep; ps -o s=,comm= -p $!; pkill -CONT -x sleep; ps -o s=,comm= -p $!'), /^T sleep\nS sleep\n$/);
  assert.match(sh('sleep 10 & sleep 0.1; pkill -e -x sleep'), /^sleep killed \(pid \d+\)\n$/);
  assert.equal(shs('pkill -x nope'), '[1]');
  assert.equal(shs('pkill'), "pkill: no matching criteria specified\nTry `pkill --help' for more information.\n[2]");
  assert.equal(shs('pkill -l x').split('\n')[0], "pkill: invalid option -- 'l'");
  // "work" also names the kworker threads, which a user may not signal (as on Linux)
  assert.equal(shs('pkill -STOP work'), 'pkill: killing pid 4 failed: Operation not permitted\npkill: killing pid 5 failed: Operation not permitted\n[0]');
  assert.equal(shs('pkill -u student -x kworker'), '[1]');
});

test('ps takes a value option at the end of a cluster: -eo, -ep', () => {
  assert.equal(sh('ps -eo pid,comm | head -3'), '    PID COMMAND\n      1 init\n      2 kthreadd\n');
  assert.equal(sh('ps -eopid= | head -2; ps -ep 1 -o comm='), '      1\n      2\ninit\n');
});
