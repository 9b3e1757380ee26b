// The lab's commands on the simulated machine, checked against the output of the real tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sh } from './shellHarness';
import { formatColumns } from '../../src/programs/coreutils/columns';
import { getopt, humanSize, parseProcStat } from '../../src/programs/coreutils/lib';
import { breToJs } from '../../src/programs/coreutils/grep';
import { parseSignal, signalTable } from '../../src/programs/coreutils/signals';
import { modeString } from '../../src/programs/coreutils/ls';


test('helpers: getopt, sizes, signals, modes, BRE', () => {
  const o = getopt(['-la', 'x', '-n', '5', '--all', '--', '-y'], 'la', 'n', { all: 'a' });
  assert.deepEqual([...o.flags], ['l', 'a']);
  assert.equal(o.values.get('n'), '5');
  assert.deepEqual(o.operands, ['x', '-y']);
  assert.equal(getopt(['-z'], 'a').bad, 'z');
  assert.equal(humanSize(1536), '1.5K');
  assert.equal(humanSize(200 * 1024 * 1024), '200M');
  assert.equal(parseSignal('KILL'), 9);
  assert.equal(parseSignal('SIGTERM'), 15);
  assert.equal(parseSignal('9'), 9);
  assert.equal(parseSignal('NOPE'), undefined);
  assert.ok(signalTable().startsWith(' 1) SIGHUP\t 2) SIGINT'));
  assert.equal(modeString(0o020644), 'crw-r--r--');
  assert.equal(modeString(0o040755), 'drwxr-xr-x');
  assert.equal(breToJs('a\\(b\\)*c+'), 'a(b)*c\\+');
  assert.deepEqual(parseProcStat('12 (a b) S 1 12 12 0 -1')?.fields.slice(1, 5), ['12', 'a b', 'S', '1']);
  assert.equal(formatColumns(['a', 'bb', 'ccc'], 80), 'a  bb  ccc\n');
  assert.equal(formatColumns(['aaaa', 'bbbb', 'cccc'], 10), 'aaaa  cccc\nbbbb\n');
});

test('cat, head, tail, wc, grep, tee', () => {
  assert.equal(sh('printf=1; echo -e "a\\nb\\nc" > f; cat f; cat -n f | head -1'), 'a\nb\nc\n     1\ta\n');
  assert.equal(sh('cat nope; echo $?'), 'cat: nope: No such file or directory\n1\n');
  assert.equal(sh('cat /proc'), 'cat: /proc: Is a directory\n');
  assert.equal(sh('echo -e "1\\n2\\n3\\n4" > f; head -n 2 f; tail -1 f; tail -n +3 f'), '1\n2\n4\n3\n4\n');
  assert.equal(sh('echo -e "a\\nb" > f; echo c > g; head f g'), '==> f <==\na\nb\n\n==> g <==\nc\n');
  assert.equal(sh('echo "one two" > f; wc f; wc -l f; wc -l < f; cat f | wc'), '1 2 8 f\n1 f\n1\n      1       2       8\n');
  assert.equal(sh('echo -e "R 1\\nU 2\\nr 3" > f; grep R f; grep -i r f | wc -l; grep -c x f; echo $?; grep -n U f; grep -v -e R f'), 'R 1\n2\n0\n1\n2:U 2\nU 2\nr 3\n');
  assert.equal(sh('grep x nope; echo $?'), 'grep: nope: No such file or directory\n2\n');
  assert.equal(sh('echo hi | tee t1 t2 > /dev/null; cat t1 t2'), 'hi\nhi\n');
});

test('ls, touch, rm, mknod', () => {
  assert.equal(sh('ls'), 'monitor  mp3.ko  work\n');
  assert.equal(sh('ls | cat'), 'monitor\nmp3.ko\nwork\n');
  assert.equal(sh('touch a b; ls -1; rm a; ls -a | head -3'), 'a\nb\nmonitor\nmp3.ko\nwork\n.\n..\nb\n');
  assert.equal(sh('ls nope; echo $?'), "ls: cannot access 'nope': No such file or directory\n2\n");
  assert.equal(sh('rm nope; rm -f nope; echo $?'), "rm: cannot remove 'nope': No such file or directory\n0\n");
  assert.equal(sh('rm /proc'), "rm: cannot remove '/proc': Is a directory\n");
  assert.equal(sh('touch /proc/x'), "touch: cannot touch '/proc/x': Permission denied\n");
  assert.match(sh('mknod node c 423 0; ls -l node'), /^crw-r--r-- 1 student student 423, 0 \w{3} [ \d]\d \d\d:\d\d node\n$/);
  assert.equal(sh('mknod node c 423 0; mknod node c 423 0'), 'mknod: node: File exists\n');
  assert.equal(sh('mknod node c'), "mknod: missing operand after 'c'\nSpecial files require major and minor device numbers.\nTry 'mknod --help' for more information.\n");
  assert.equal(sh('mknod node x 1 2'), "mknod: invalid device type 'x'\nTry 'mknod --help' for more information.\n");
  assert.match(sh('ls -l /home/student'), /^total \d+\n-rwxr-xr-x 1 student student 16384 .* monitor\n/);
  assert.equal(sh('ls -F1'), 'monitor*\nmp3.ko\nwork*\n');
  assert.equal(sh('ls -d /proc /bin/ls'), '/bin/ls  /proc\n');
});

test('insmod, lsmod, rmmod, dmesg', () => {
  assert.equal(sh('insmod'), 'insmod: ERROR: missing filename.\n');
  assert.equal(sh('insmod work'), 'insmod: ERROR: could not insert module work: Invalid module format\n');
  assert.equal(sh('rmmod'), 'rmmod: ERROR: missing module name.\n');
  assert.match(sh('insmod mp3.ko; lsmod'), /^Module {18}Size {2}Used by\nmp3 {16} *\d+ {2}0\n$/);
  assert.equal(sh('insmod mp3.ko; mknod node c 423 0; sleep 1 < node & sleep 0.1; rmmod mp3; wait'), 'rmmod: ERROR: Module mp3 is in use\n');
  assert.equal(sh('insmod mp3.ko; rmmod mp3.ko; lsmod'), 'Module                  Size  Used by\n');
  assert.match(sh('insmod mp3.ko; dmesg | tail -1'), /^\[ +\d+\.\d{6}\] .+\n$/);
  assert.equal(sh('dmesg -C; dmesg | wc -l'), '0\n');
  assert.match(sh('dmesg -c > /dev/null; insmod mp3.ko; dmesg -t | head -1'), /^[^[]/);
});

test('ps, kill, nice, pidof, pgrep', () => {
  const ps = sh('sleep 10 & sleep 0.1; ps');
  assert.match(ps, /^ {4}PID TTY {10}TIME CMD\n +\d+ pts\/0 {4}00:00:00 bash\n +\d+ pts\/0 {4}00:00:00 sleep\n +\d+ pts\/0 {4}00:00:00 ps\n$/);
  assert.match(sh('ps -e | head -3'), /^ {4}PID TTY {10}TIME CMD\n {6}1 \? {8}00:00:00 init\n {6}2 \? {8}00:00:00 kthreadd\n$/);
  assert.match(sh('ps aux | head -1'), /^USER {9}PID %CPU %MEM {4}VSZ {3}RSS TTY {6}STAT START {3}TIME COMMAND\n$/);
  assert.match(sh('ps -ef | head -1'), /^UID {10}PID {4}PPID {2}C STIME TTY {10}TIME CMD\n$/);
  assert.match(sh('sleep 5 & sleep 0.1; ps -o pid=,comm= -p $!'), /^ +\d+ sleep\n$/);
  assert.match(sh('ps -o min_flt,maj_flt,comm -p $$'), /^MINFL MAJFL COMMAND\n +\d+ +\d+ bash\n$/);
  assert.match(sh('ps -o bogus'), /^error: unknown user-defined format specifier "bogus"\n/);
  assert.equal(sh('sleep 10 & /bin/kill $!; wait $!; echo $?'), '143\n');
  assert.equal(sh('/bin/kill 99999'), 'kill: (99999): No such process\n');
  assert.equal(sh('nice; nice nice; nice -n 5 nice; nice -n -3 nice'), '0\n10\n5\n-3\n');
  assert.equal(sh('nice ./nope'), "nice: './nope': No such file or directory\n");
  assert.equal(sh('sleep 10 & sleep 10 & sleep 0.1; pidof sleep | wc -w; pgrep -c sleep; pgrep nope; echo $?'), '2\n2\n1\n');
});

test('free, vmstat, uptime, uname, date, env, sleep errors', () => {
  const free = sh('free').split('\n');
  assert.equal(free[0], '               total        used        free      shared  buff/cache   available');
  assert.match(free[1], /^Mem: {3} +\d+ +\d+ +\d+ +\d+ +\d+ +\d+$/);
  assert.equal(free[1].length, free[0].length);
  assert.match(free[2], /^Swap: {2} +2097152 +0 +2097152$/);
  assert.match(sh('free -h'), /Swap: +2\.0Gi +0B +2\.0Gi/);
  assert.match(sh('free -m'), /Swap: +2048 +0 +2048/);
  const vm = sh('vmstat').split('\n');
  assert.equal(vm[0], 'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----');
  assert.equal(vm[1], ' r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st');
  assert.match(vm[2], /^ *\d+ +\d+ +0 +\d+ /);
  assert.equal(sh('vmstat 1 3 | wc -l'), '5\n');
  assert.match(sh('uptime'), /^ \d\d:\d\d:\d\d up \d+ min, {2}1 user, {2}load average: \d\.\d\d, \d\.\d\d, \d\.\d\d\n$/);
  assert.equal(sh('uname -a'), 'Linux mp3 5.15.0-kmlab #1 SMP Kernel Memory Lab x86_64 x86_64 x86_64 GNU/Linux\n');
  assert.equal(sh('uname; uname -r; uname -m'), 'Linux\n5.15.0-kmlab\nx86_64\n');
  assert.match(sh('date'), /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/);
  // the login environment, then what bash adds (SHLVL, PWD) and `_`, the program's path
  assert.equal(sh('env'), 'HOME=/home/student\nLANG=C.UTF-8\nLOGNAME=student\nPATH=/bin:.\nSHELL=/bin/bash\nTERM=xterm-256color\nUSER=student\nSHLVL=1\nPWD=/home/student\n_=/bin/env\n');
  assert.equal(sh('sleep x'), "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n");
  assert.equal(sh('sleep'), "sleep: missing operand\nTry 'sleep --help' for more information.\n");
  assert.equal(sh('which ls cd; echo $?'), '/bin/ls\n1\n');
  assert.equal(sh('type cd ls'), 'cd is a shell builtin\nls is /bin/ls\n');
});

test('seq: GNU seq\'s output and messages', () => {
  assert.equal(sh('seq 3'), '1\n2\n3\n');
  assert.equal(sh('seq 2 4; seq 5 -2 1; seq -s, 1 3'), '2\n3\n4\n5\n3\n1\n1,2,3\n');
  assert.equal(sh('seq 0 0.5 1.2; seq -w 8 10; seq 3 1'), '0.0\n0.5\n1.0\n08\n09\n10\n');
  assert.equal(sh('seq'), "seq: missing operand\nTry 'seq --help' for more information.\n");
  assert.equal(sh('seq x'), "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n");
  assert.equal(sh('seq 1 0 3'), "seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n");
  assert.equal(sh('for i in $(seq 1 3); do echo -n $i; done; echo'), '123\n');
});

test('sleep takes simulated time', () => {
  assert.equal(sh('sleep 2 & sleep 0.5; jobs; wait; jobs; jobs'), '[1]+  Running                 sleep 2 &\n[1]+  Done                    sleep 2\n');
});
