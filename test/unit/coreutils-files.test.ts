// cp, mv and mkdir on the simulated (flat) file system, with GNU coreutils 8.32's messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shs, sh } from './shellHarness';
import { MemHostFs } from '../../src/kernel/fs/inode';
import { createLabMachine } from '../../src/lab/machine';


test('cp: files, into directories, -v -n -i, and errors', () => {
  assert.equal(sh('echo hi > a; cp a b; cat b; cp a /tmp/; cat /tmp/a; cp a /tmp; ls /tmp'), 'hi\nhi\na\n');
  assert.equal(sh('echo one > a; echo two > b; cp a b; cat b; cp -v a /tmp/c; cp a b /tmp; ls /tmp'), "one\n'a' -> '/tmp/c'\na  b  c\n");
  assert.equal(sh('echo one > a; echo two > b; cp -n a b; cat b'), 'two\n');
  assert.equal(sh('echo one > a; echo two > b; echo n | cp -i a b; cat b; echo y | cp -i a b; cat b'), "cp: overwrite 'b'? two\ncp: overwrite 'b'? one\n");
  // a copy is independent of its source, and keeps every byte
  assert.equal(sh('seq 1000 > a; cp a b; echo x >> a; wc -l < b; cmp=$(tail -1 b); echo $cmp'), '1000\n1000\n');
  assert.equal(shs('cp'), "cp: missing file operand\nTry 'cp --help' for more information.\n[1]");
  assert.equal(shs('cp a'), "cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n[1]");
  assert.equal(shs('cp nope x'), "cp: cannot stat 'nope': No such file or directory\n[1]");
  assert.equal(shs('touch a; cp a a'), "cp: 'a' and 'a' are the same file\n[1]");
  assert.equal(shs('touch a; cp a .'), "cp: 'a' and './a' are the same file\n[1]");
  assert.equal(shs('touch a b; cp a b c'), "cp: target 'c' is not a directory\n[1]");
  assert.equal(shs('cp /tmp x'), "cp: -r not specified; omitting directory '/tmp'\n[1]");
  assert.equal(shs('touch a; cp a /proc/x'), "cp: cannot create regular file '/proc/x': Permission denied\n[1]");
  assert.equal(shs('cp work w2'), "cp: cannot open 'work' for reading: Permission denied\n[1]");
  assert.equal(shs('cp -z a b'), "cp: invalid option -- 'z'\nTry 'cp --help' for more information.\n[1]");
  // a /proc file is copied as what it reads
  assert.match(sh('cp /proc/meminfo m; head -1 m'), /^MemTotal: +\d+ kB\n$/);
});

test('mv: rename, into a directory, device nodes, errors', () => {
  assert.equal(sh('echo hi > a; mv a b; ls; cat b'), 'b  monitor  mp3.ko  work\nhi\n');
  assert.equal(sh('echo hi > a; mv -v a /tmp; ls /tmp; ls a'), "renamed 'a' -> '/tmp/a'\na\nls: cannot access 'a': No such file or directory\n");
  assert.match(sh('mknod node c 423 0; mv node n2; ls -l n2; ls node'), /^crw-r--r-- 1 student student 423, 0 .* n2\nls: cannot access 'node': No such file or directory\n$/);
  assert.equal(sh('echo one > a; echo two > b; mv a b; cat b; ls a'), "one\nls: cannot access 'a': No such file or directory\n");
  assert.equal(shs('mv'), "mv: missing file operand\nTry 'mv --help' for more information.\n[1]");
  assert.equal(shs('mv a'), "mv: missing destination file operand after 'a'\nTry 'mv --help' for more information.\n[1]");
  assert.equal(shs('mv nope x'), "mv: cannot stat 'nope': No such file or directory\n[1]");
  assert.equal(shs('touch a; mv a ./a'), "mv: 'a' and './a' are the same file\n[1]");
  assert.equal(shs('mv /tmp x'), "mv: cannot move '/tmp' to 'x': Operation not permitted\n[1]");
  assert.equal(shs('mv work w'), "mv: cannot open 'work' for reading: Permission denied\n[1]");
});

test('cp and mv write through to the host folder behind the home directory', () => {
  const host = new MemHostFs();
  host.writeFile('data', new TextEncoder().encode('1 2 3\n'), false);
  const k = createLabMachine({}, { hostFs: host });
  let done = false;
  const tty = k.openTty(() => {});
  let pid = -1;
  k.sched.onExit.push((t) => {
    if (t.pid === pid) done = true;
  });
  pid = k.spawn('/bin/bash', ['bash', '-c', 'cp data copy; mv data moved'], { tty });
  k.runUntil(() => done, 10e9);
  assert.deepEqual(host.list(), ['copy', 'moved']);
  assert.equal(new TextDecoder().decode(host.readFile('copy')), '1 2 3\n');
});

test('mkdir: the flat file system has no new directories', () => {
  assert.equal(shs('mkdir d'), "mkdir: cannot create directory 'd': Operation not permitted\n[1]");
  assert.equal(shs('mkdir /tmp'), "mkdir: cannot create directory '/tmp': File exists\n[1]");
  assert.equal(shs('mkdir -p /tmp; mkdir -p /home/student'), '[0]');
  assert.equal(shs('touch f; mkdir f'), "mkdir: cannot create directory 'f': File exists\n[1]");
  assert.equal(shs('mkdir nope/b'), "mkdir: cannot create directory 'nope/b': No such file or directory\n[1]");
  assert.equal(shs('mkdir -p nope/b'), "mkdir: cannot create directory 'nope': Operation not permitted\n[1]");
  assert.equal(shs('touch f; mkdir f/x'), "mkdir: cannot create directory 'f/x': Not a directory\n[1]");
  assert.equal(shs('mkdir'), "mkdir: missing operand\nTry 'mkdir --help' for more information.\n[1]");
});
