// chmod: GNU's mode language (applyMode), the chmod(2) system call's errno, execve's execute-bit
// check, and a real folder's file mode following a chmod in the simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMode, symbolic } from '../../src/programs/coreutils/chmod';
import { NodeHostFs } from '../../src/host/nodeHostFs';
import { runScript } from './shellHarness';
import { assertProperty } from './helpers/property';

test('applyMode: the answers GNU chmod gives (umask 022)', () => {
  const cases: Array<[string, number, boolean, number]> = [
    ['755', 0o644, false, 0o755],
    ['0640', 0o777, false, 0o640],
    ['+x', 0o644, false, 0o755],
    ['+w', 0o444, false, 0o644], // the umask keeps group and other from gaining write
    ['a+w', 0o444, false, 0o666],
    ['u+x', 0o644, false, 0o744],
    ['go-r', 0o644, false, 0o600],
    ['=r', 0o755, false, 0o444],
    ['u=rwx,go=u-w', 0o600, false, 0o755],
    ['g=u', 0o640, false, 0o660],
    ['a-x,u+X', 0o755, false, 0o644], // X after the x bits are gone: nothing
    ['a+X', 0o644, false, 0o644],
    ['a+X', 0o644, true, 0o755], // directories always get X
    ['u+s', 0o755, false, 0o4755],
    ['+t', 0o755, false, 0o1755],
    ['o=', 0o777, false, 0o770],
  ];
  for (const [spec, old, dir, want] of cases) assert.equal(applyMode(spec, old, dir), want, `${spec} on ${old.toString(8)}`);
  for (const bad of ['abc', '8', '77777', '+q', 'u+x,', ',', 'z=r', '']) {
    assert.equal(applyMode(bad, 0o644, false), undefined, bad);
  }
  assert.equal(applyMode('u+', 0o644, false), 0o644);
  assert.equal(symbolic(0o4755), 'rwsr-xr-x');
  assert.equal(symbolic(0o1644), 'rw-r--r-T');
});

test('property: u=…,g=…,o=… spelled from an octal mode gives exactly that mode, whatever the old one', () => {
  const letters = (d: number): string => `${d & 4 ? 'r' : ''}${d & 2 ? 'w' : ''}${d & 1 ? 'x' : ''}`;
  assertProperty(
    fc.property(fc.integer({ min: 0, max: 0o777 }), fc.integer({ min: 0, max: 0o7777 }), (target, old) => {
      const spec = `u=${letters(target >> 6)},g=${letters((target >> 3) & 7)},o=${letters(target & 7)}`;
      const got = applyMode(spec, old, false)!;
      return got === target; // '=' on u, g and o also clears setuid, setgid and sticky
    }),
  );
});

test('chmod in the shell: a script becomes runnable, a program can be made not to be, root files refuse', () => {
  const r = runScript([
    'echo "echo hi from run.sh" > run.sh',
    './run.sh; echo "status $?"',
    'chmod +x run.sh && ./run.sh',
    'ls -l run.sh | head -c 10; echo',
    'chmod -x work; ./work 1 R 1; echo "status $?"',
    'chmod 600 nope; echo "status $?"',
    'chmod 755 /bin/ls; echo "status $?"',
    'chmod; chmod u+x; chmod zz run.sh',
  ].join('\n'));
  assert.equal(r.out, [
    'bash: line 2: ./run.sh: Permission denied', 'status 126',
    'hi from run.sh',
    '-rwxr-xr-x',
    'bash: line 5: ./work: Permission denied', 'status 126',
    "chmod: cannot access 'nope': No such file or directory", 'status 1',
    "chmod: changing permissions of '/bin/ls': Operation not permitted", 'status 1',
    "chmod: missing operand\nTry 'chmod --help' for more information.",
    "chmod: missing operand after 'u+x'\nTry 'chmod --help' for more information.",
    "chmod: invalid mode: 'zz'\nTry 'chmod --help' for more information.",
    '',
  ].join('\n'));
});

test('a folder-backed home: the real file takes the mode, and a mode set outside shows inside', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmlab-chmod-'));
  try {
    writeFileSync(join(dir, 'a.sh'), 'echo a\n');
    const host = new NodeHostFs(dir);
    host.chmod('a.sh', 0o751);
    assert.equal(statSync(join(dir, 'a.sh')).mode & 0o777, 0o751);
    assert.equal(host.stat('a.sh')?.mode, 0o751);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
