// A sleeping task uses no CPU: whatever the lab does around it (register, kill, rmmod, monitor,
// insmod) and however the host advances the clock (by wall-clock deltas × speed, so by fractions
// of a nanosecond), `sleep` stays in S and accrues no CPU time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startShell, type ShellSession } from './shellHarness';
import { assertProperty } from './helpers/property';
import type { Task } from '../../src/kernel/sched/task';

/** A host tick: what the extension's session.advance() does with a real-time delta. */
function advance(s: ShellSession, ns: number): void {
  const k = s.kernel;
  const target = k.now + ns;
  while (k.now < target) k.runUntilTime(Math.min(target, k.now + 10_000_000));
}

/** A `sleep`, alive or just exited, has used at most a few µs of CPU in its whole life. */
function checkSleeper(s: ShellSession, t: Task, what: string): void {
  assert.ok(t.sum_exec_runtime < 1_000_000, `${what}: sleep ${t.pid} ran ${t.sum_exec_runtime} ns (state ${t.state})`);
  assert.ok(t.total_utime + t.total_stime <= s.kernel.clock.tickNs, `${what}: sleep ${t.pid} was charged ${t.total_utime + t.total_stime} ns`);
}

function checkSleepers(s: ShellSession, what: string): void {
  for (const t of s.kernel.tasks) if (t.comm === 'sleep' && t.alive) checkSleeper(s, t, what);
}

/** Checks each sleep also as it exits, so that one that spun until its deadline is caught too. */
function watchExits(s: ShellSession): void {
  s.kernel.sched.onExit.push((t) => {
    if (t.comm !== 'sleep') return;
    checkSleeper(s, t, 'at exit');
    // it ends when its time is up (0) or by a signal, never with an error of its own
    assert.ok((t.exitStatus & 0x7f) !== 0 || t.exitStatus === 0, `sleep ${t.pid} exited with status ${t.exitStatus >> 8}`);
  });
}

test('the reported sequence: a registered sleep killed, rmmod, ./monitor, insmod, then sleeps late in an uneven clock', () => {
  const s = startShell();
  // ≈ 400 s after boot, at a clock a host advanced by fractional wall-clock deltas
  advance(s, 400e9 + 0.8459);
  for (const line of ['insmod mp3.ko', 'mknod node c 423 0', 'sleep 300 &', 'echo "R $!" > /proc/mp3/status', 'kill $!', 'rmmod mp3; ./monitor', 'insmod mp3.ko']) s.run(line);
  for (let i = 0; i < 50; i++) {
    s.run('sleep 300 & sleep 400 &');
    advance(s, 1e9 + i * 0.37 + 0.123);
    checkSleepers(s, `round ${i}`);
    s.run('kill %1 %2; wait');
  }
});

test('property: a sleeping task never accrues CPU time, whatever the lab does around it', () => {
  const op = fc.oneof(
    fc.constantFrom('sleep 300 &', 'sleep 300 & sleep 400 &', 'sleep 2 &', 'sleep 0.5 &', 'echo "R $!" > /proc/mp3/status', 'echo "U $!" > /proc/mp3/status',
      'kill $!', 'kill -9 $!', 'rmmod mp3', 'insmod mp3.ko', './monitor > /dev/null', 'mknod node c 423 0', 'wait -n', 'cat /proc/mp3/status'),
    // the host advancing the clock by a wall-clock delta × speed: any fraction of a ns
    fc.tuple(fc.integer({ min: 0, max: 1200e9 }), fc.integer({ min: 0, max: 9999 }).map((n) => n / 10_000)).map(([whole, part]) => ({ ns: whole + part })),
  );
  assertProperty(
    fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
      const s = startShell();
      watchExits(s);
      for (const o of ops) {
        if (typeof o === 'string') s.run(o, 10e9);
        else advance(s, o.ns);
        checkSleepers(s, typeof o === 'string' ? o : `advance ${o.ns}`);
      }
      advance(s, 1e9);
      checkSleepers(s, 'a second later');
    }),
    { numRuns: 25 },
  );
});
