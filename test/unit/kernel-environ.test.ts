// The environment through execve: envp reaches main(), fork copies it, execve without envp keeps
// it (execv), /proc/<pid>/environ shows it, and bad or oversized vectors get EFAULT / E2BIG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareKernel, runProgram } from './helpers/kernel';
import { E2BIG, EFAULT } from '../../src/kernel/errno';
import { LOGIN_ENVIRONMENT, O_RDONLY, type Program, type Sys, type UserCode } from '../../src/kernel/uapi';
import { runScript } from './shellHarness';

function* readText(sys: Sys, path: string): UserCode<string> {
  const fd = (yield* sys.open(path, O_RDONLY)) as number;
  if (fd < 0) return `error ${fd}`;
  const buf = new Uint8Array(65536);
  const n = yield* sys.read(fd, buf);
  yield* sys.close(fd);
  return new TextDecoder().decode(buf.subarray(0, n));
}

test('envp reaches the program; fork copies it; execve without envp keeps it; /proc/<pid>/environ shows it', () => {
  const k = bareKernel();
  const seen: Record<string, unknown> = {};
  const printEnv: Program = function* (sys, argv, envp) {
    seen[argv[1]] = [...envp];
    return (yield* sys.getpid()) > 0 ? 0 : 1;
  };
  k.registerProgram('/bin/printenv-test', printEnv);
  runProgram(k, function* (sys) {
    const a = yield* sys.fork(function* (s) {
      return yield* s.execve('/bin/printenv-test', ['p', 'given'], ['A=1', 'B=two=2']);
    });
    yield* sys.wait4(a);
    const b = yield* sys.fork(function* (s) {
      return yield* s.execve('/bin/printenv-test', ['p', 'inherited']);
    });
    yield* sys.wait4(b);
    seen.self = yield* readText(sys, '/proc/self/environ');
    seen.fault = yield* sys.execve('/bin/printenv-test', ['p'], [1 as unknown as string]);
    seen.big = yield* sys.execve('/bin/printenv-test', ['p'], [`X=${'x'.repeat(200_000)}`]);
    seen.tooMany = yield* sys.execve('/bin/printenv-test', ['p'], Array.from({ length: 40 }, (_, i) => `V${i}=${'y'.repeat(60_000)}`));
    return 0;
  });
  assert.deepEqual(seen.given, ['A=1', 'B=two=2']);
  assert.deepEqual(seen.inherited, [...LOGIN_ENVIRONMENT], 'a spawned program starts with the login environment, and children keep it');
  assert.equal(seen.self, LOGIN_ENVIRONMENT.map((e) => `${e}\0`).join(''));
  assert.equal(seen.fault, -EFAULT);
  assert.equal(seen.big, -E2BIG, 'one string over MAX_ARG_STRLEN');
  assert.equal(seen.tooMany, -E2BIG, 'all strings over ARG_MAX');
});

test('the shell passes exported variables and per-command assignments, and nothing else', () => {
  const r = runScript([
    'FOO=bar env | grep -c FOO=bar',
    'env | grep -c FOO',
    'LOCAL=1; env | grep -c LOCAL',
    'export LOCAL; env | grep LOCAL',
    'unset LOCAL; env | grep -c LOCAL',
    'env -i A=b env',
    'env -u HOME env | grep -c HOME=',
    'echo $SHLVL; bash -c "echo \\$SHLVL"',
    'cat /proc/self/environ | grep -c SHLVL',
    'unset PATH; ls',
  ].join('\n'));
  assert.equal(r.out, [
    '1', '0', '0', 'LOCAL=1', '0', 'A=b', '0', '1', '2', '1',
    'bash: line 10: ls: No such file or directory', '',
  ].join('\n'));
});
