// whoami, id, hostname, nproc, printenv, getconf, sync, /proc/cpuinfo and lscpu on the simulated
// machine: GNU/util-linux/glibc wording, and agreement with the rest of the simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScript, shs } from './shellHarness';

const sh = (script: string, cpus?: number): string => runScript(script, cpus ? { cpus } : {}).out;

test('whoami and id agree with ls -l, ps and the environment', () => {
  assert.equal(sh('whoami'), 'student\n');
  assert.equal(sh('id'), 'uid=1000(student) gid=1000(student) groups=1000(student)\n');
  assert.equal(sh('id -u; id -un; id -g; id -Gn; id root'), '1000\nstudent\n1000\nstudent\nuid=0(root) gid=0(root) groups=0(root)\n');
  // the same user everywhere the simulation names one
  const owner = sh('touch f; ls -l f').split(/\s+/)[2];
  const psUser = sh('ps -o user=,uid= -p $$').trim().split(/\s+/);
  assert.deepEqual([owner, psUser[0], psUser[1]], [sh('whoami').trim(), sh('id -un').trim(), sh('id -u').trim()]);
  assert.equal(sh('printenv USER LOGNAME'), `${sh('whoami')}${sh('whoami')}`);
  assert.equal(shs('id bob'), "id: 'bob': no such user\n[1]");
  assert.equal(shs('id -n'), 'id: cannot print only names or real IDs in default format\n[1]');
  assert.equal(shs('id -ug'), 'id: cannot print "only" of more than one choice\n[1]');
  assert.equal(shs('whoami x'), "whoami: extra operand 'x'\nTry 'whoami --help' for more information.\n[1]");
});

test('hostname is uname -n', () => {
  assert.equal(sh('hostname; uname -n; hostname -s'), 'mp3\nmp3\nmp3\n');
  assert.equal(shs('hostname other'), 'hostname: you must be root to change the host name\n[1]');
});

test('nproc, getconf and /proc/cpuinfo follow the configured CPUs', () => {
  for (const cpus of [1, 2, 3, 5]) {
    assert.equal(sh('nproc', cpus), `${cpus}\n`);
    assert.equal(sh('getconf _NPROCESSORS_ONLN', cpus), `${cpus}\n`);
    assert.equal(sh('grep -c "^processor" /proc/cpuinfo', cpus), `${cpus}\n`);
    assert.match(sh('lscpu', cpus), new RegExp(`^CPU\\(s\\): +${cpus}\\n`, 'm'));
  }
  assert.equal(sh('nproc --ignore=1', 3), '2\n');
  assert.equal(sh('nproc --ignore=9', 3), '1\n');
  assert.equal(shs('nproc x'), "nproc: extra operand 'x'\nTry 'nproc --help' for more information.\n[1]");
  assert.equal(sh('getconf PAGESIZE; getconf PAGE_SIZE; getconf CLK_TCK; getconf LONG_BIT'), '4096\n4096\n100\n64\n');
  // PHYS_PAGES is MemTotal in pages
  const memTotalKb = Number(/MemTotal:\s+(\d+)/.exec(sh('cat /proc/meminfo'))![1]);
  assert.equal(sh('getconf PHYS_PAGES'), `${memTotalKb / 4}\n`);
  assert.equal(shs('getconf FOO'), "getconf: Unrecognized variable `FOO'\n[1]");
});

test('/proc/cpuinfo has the x86-64 layout and lscpu is derived from it', () => {
  const info = sh('cat /proc/cpuinfo', 2);
  const blocks = info.split('\n\n').filter((b) => b !== '');
  assert.equal(blocks.length, 2);
  assert.ok(info.endsWith('power management:\n\n'));
  assert.match(blocks[1], /^processor\t: 1\nvendor_id\t: GenuineIntel\ncpu family\t: \d+\nmodel\t\t: \d+\nmodel name\t: .+\n/);
  for (const field of ['cpu MHz\t\t: ', 'cache size\t: ', 'flags\t\t: ', 'bogomips\t: ', 'clflush size\t: 64', 'address sizes\t: ']) assert.ok(blocks[0].includes(field), field);
  assert.match(blocks[0], /^flags\t\t: fpu .* lm .*$/m);
  const lscpu = sh('lscpu', 2);
  const model = /^model name\t: (.+)$/m.exec(info)![1];
  assert.match(lscpu, new RegExp(`^  Model name: +${model}$`, 'm'));
  assert.match(lscpu, /^Architecture: +x86_64\n {2}CPU op-mode\(s\): +32-bit, 64-bit\n/);
  assert.match(lscpu, /^ {2}On-line CPU\(s\) list: +0,1$/m);
  // one value column for all rows
  const cols = new Set(lscpu.split('\n').filter((l) => /:\s+\S/.test(l)).map((l) => l.search(/(?<=:\s+)\S/)));
  assert.equal(cols.size, 1);
});

test('printenv is consistent with env', () => {
  const env = sh('env').split('\n').filter((l) => l && !l.startsWith('_='));
  const printenv = sh('printenv').split('\n').filter((l) => l && !l.startsWith('_='));
  assert.deepEqual(printenv, env);
  assert.equal(sh('printenv HOME PWD'), '/home/student\n/home/student\n');
  assert.equal(sh('cd /tmp; printenv PWD'), '/tmp\n');
  assert.equal(shs('printenv HOME NOPE'), '/home/student\n[1]');
  assert.equal(shs('printenv -x'), "printenv: invalid option -- 'x'\nTry 'printenv --help' for more information.\n[2]");
});

test('sync', () => {
  assert.equal(shs('sync'), '[0]');
  assert.equal(shs('sync nope'), "sync: error opening 'nope': No such file or directory\n[1]");
});
