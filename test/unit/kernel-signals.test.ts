// Signals in the kernel: SIGPIPE to a pipe's writer, and job control: stop signals put a task in state T, SIGCONT resumes it, and
// wait4(WUNTRACED | WCONTINUED) reports each change once, encoded as <sys/wait.h> does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareKernel, runProgram, startProgram } from './helpers/kernel';
import { EINTR, EINVAL, EPIPE } from '../../src/kernel/errno';
import {
  O_RDONLY, SIGCONT, SIGINT, SIGKILL, SIGPIPE, SIGSTOP, SIGTERM, SIGTSTP, WCONTINUED, WEXITSTATUS, WIFCONTINUED, WIFEXITED, WIFSIGNALED,
  WIFSTOPPED, WNOHANG, WSTOPSIG, WTERMSIG, WUNTRACED, type Sys, type UserCode,
} from '../../src/kernel/uapi';
import type { Kernel } from '../../src/kernel/kernel';

/** A child in a process group of its own (as a shell starts a job) that computes for `seconds`. */
function* spinningChild(sys: Sys, seconds: number): UserCode<number> {
  return yield* sys.fork(function* (s) {
    yield* s.setpgid(0, 0);
    for (let i = 0; i < seconds * 100; i++) yield* s.compute(10e6);
    return 7;
  });
}

function cpuOf(k: Kernel, pid: number): number {
  const t = k.sched.tasks.get(pid);
  return t ? t.total_cpu : -1;
}

test('SIGTSTP stops a task (T, no CPU), WUNTRACED reports it once, SIGCONT resumes it and WCONTINUED says so', () => {
  const k = bareKernel();
  const seen: Record<string, unknown> = {};
  runProgram(k, function* (sys) {
    const child = yield* spinningChild(sys, 2);
    yield* sys.nanosleep(200e6);
    yield* sys.kill(child, SIGTSTP);
    const stopped = yield* sys.wait4(child, WUNTRACED);
    seen.stopped = stopped;
    seen.stateAfterStop = k.sched.tasks.get(child)?.state;
    seen.again = yield* sys.wait4(child, WUNTRACED | WNOHANG); // reported once only
    seen.withoutUntraced = yield* sys.wait4(child, WNOHANG); // a stop is not an exit
    const cpu0 = cpuOf(k, child);
    yield* sys.nanosleep(1e9);
    seen.cpuWhileStopped = cpuOf(k, child) - cpu0;
    yield* sys.kill(child, SIGCONT);
    seen.continued = yield* sys.wait4(child, WCONTINUED);
    seen.continuedAgain = yield* sys.wait4(child, WCONTINUED | WNOHANG);
    const end = yield* sys.wait4(child);
    seen.end = end;
    return 0;
  });
  const stopped = seen.stopped as { pid: number; status: number };
  assert.ok(stopped.pid > 0);
  assert.ok(WIFSTOPPED(stopped.status) && !WIFEXITED(stopped.status) && !WIFSIGNALED(stopped.status));
  assert.equal(WSTOPSIG(stopped.status), SIGTSTP);
  assert.equal(seen.stateAfterStop, 'T');
  assert.equal((seen.again as { pid: number }).pid, 0);
  assert.equal((seen.withoutUntraced as { pid: number }).pid, 0);
  assert.equal(seen.cpuWhileStopped, 0, 'a stopped task is never scheduled');
  const cont = seen.continued as { pid: number; status: number };
  assert.equal(cont.pid, stopped.pid);
  assert.ok(WIFCONTINUED(cont.status) && !WIFSTOPPED(cont.status) && !WIFEXITED(cont.status) && !WIFSIGNALED(cont.status));
  assert.equal((seen.continuedAgain as { pid: number }).pid, 0);
  const end = seen.end as { status: number };
  assert.ok(WIFEXITED(end.status));
  assert.equal(WEXITSTATUS(end.status), 7, 'the child finished its work after being continued');
});

test('a stopped task keeps other signals pending until SIGCONT; SIGKILL ends it at once', () => {
  const k = bareKernel();
  const seen: Record<string, unknown> = {};
  runProgram(k, function* (sys) {
    const a = yield* spinningChild(sys, 5);
    const b = yield* spinningChild(sys, 5);
    yield* sys.kill(a, SIGSTOP);
    yield* sys.kill(b, SIGSTOP);
    yield* sys.wait4(a, WUNTRACED);
    yield* sys.wait4(b, WUNTRACED);
    yield* sys.kill(a, SIGTERM);
    yield* sys.nanosleep(100e6);
    seen.aAfterTerm = k.sched.tasks.get(a)?.state;
    yield* sys.kill(a, SIGCONT);
    seen.a = (yield* sys.wait4(a)).status;
    yield* sys.kill(b, SIGKILL);
    seen.b = (yield* sys.wait4(b)).status;
    return 0;
  });
  assert.equal(seen.aAfterTerm, 'T');
  assert.ok(WIFSIGNALED(seen.a as number) && WTERMSIG(seen.a as number) === SIGTERM);
  assert.ok(WIFSIGNALED(seen.b as number) && WTERMSIG(seen.b as number) === SIGKILL);
});

test('a sleep interrupted by a stop is resumed after SIGCONT and still ends; /proc shows T (stopped)', () => {
  const k = bareKernel();
  const seen: Record<string, unknown> = {};
  runProgram(k, function* (sys) {
    const child = yield* sys.fork(function* (s) {
      yield* s.setpgid(0, 0);
      yield* s.nanosleep(500e6);
      return 3;
    });
    yield* sys.nanosleep(100e6);
    yield* sys.kill(child, SIGTSTP);
    yield* sys.wait4(child, WUNTRACED);
    for (const file of ['stat', 'status']) {
      const fd = yield* sys.open(`/proc/${child}/${file}`, O_RDONLY);
      const buf = new Uint8Array(4096);
      const n = yield* sys.read(fd, buf);
      yield* sys.close(fd);
      seen[file] = new TextDecoder().decode(buf.subarray(0, n));
    }
    yield* sys.nanosleep(1e9); // past the deadline while stopped
    yield* sys.kill(child, SIGCONT);
    seen.end = (yield* sys.wait4(child)).status;
    return 0;
  });
  assert.match(seen.stat as string, /^\d+ \(t\d+\) T /);
  assert.match(seen.status as string, /^State:\tT \(stopped\)$/m);
  assert.equal(WEXITSTATUS(seen.end as number), 3);
});

test('a write to a pipe nobody reads: EPIPE, and SIGPIPE kills the writer (not the pipe creator)', () => {
  const k = bareKernel();
  const seen: Record<string, number> = {};
  runProgram(k, function* (sys) {
    const p = yield* sys.pipe();
    if (typeof p === 'number') throw new Error('pipe');
    const [r, w] = p;
    yield* sys.close(r);
    const writer = yield* sys.fork(function* (s) {
      yield* s.write(w, 'x');
      return 0; // not reached: SIGPIPE's default action ends the writer
    });
    seen.writer = (yield* sys.wait4(writer)).status;
    const ignoring = yield* sys.fork(function* (s) {
      yield* s.signal(SIGPIPE, 'ignore');
      return -(yield* s.write(w, 'x'));
    });
    seen.ignoring = (yield* sys.wait4(ignoring)).status;
    seen.alive = 1;
    return 0;
  });
  assert.ok(WIFSIGNALED(seen.writer) && WTERMSIG(seen.writer) === SIGPIPE);
  assert.equal(WEXITSTATUS(seen.ignoring), EPIPE);
  assert.equal(seen.alive, 1, 'the pipe creator lives on');
});

test('wait4 rejects unknown option bits with EINVAL', () => {
  const k = bareKernel();
  let r = 0;
  runProgram(k, function* (sys) {
    r = (yield* sys.wait4(-1, 0x100)).pid;
    return 0;
  });
  assert.equal(r, -EINVAL);
});

test('^Z is discarded in an orphaned process group (no shell could continue it); SIGSTOP still stops', () => {
  // An orphaned group: a program started straight from the terminal, its parent is init.
  const k = bareKernel();
  const orphan = startProgram(k, function* (sys) {
    for (let i = 0; i < 100; i++) yield* sys.compute(10e6);
    return 0;
  });
  k.runUntil(() => false, 100e6);
  const tty = k.ttys[k.ttys.length - 1];
  tty.input('\x1a');
  k.runUntil(() => false, 100e6);
  assert.notEqual(k.sched.tasks.get(orphan.pid)?.state, 'T', 'nobody could continue it: ^Z is discarded');
  assert.match(orphan.out(), /\^Z/);
  // SIGSTOP is never discarded
  k.sched.sendSignal(k.sched.tasks.get(orphan.pid)!, SIGSTOP);
  k.runUntil(() => false, 10e6);
  assert.equal(k.sched.tasks.get(orphan.pid)?.state, 'T');
  k.sched.sendSignal(k.sched.tasks.get(orphan.pid)!, SIGCONT);
  assert.ok(k.runUntil(() => !k.sched.tasks.get(orphan.pid)?.alive, 5e9));
});

test('a signal handler runs instead of the default action; a call that slept returns -EINTR; fork keeps handlers, execve resets them', () => {
  const k = bareKernel();
  const caught: number[] = [];
  k.registerProgram('/bin/napper', function* (sys) {
    yield* sys.nanosleep(1e9);
    return 0;
  });
  const seen: Record<string, unknown> = {};
  runProgram(k, function* (sys) {
    const child = yield* sys.fork(function* (s) {
      yield* s.signal(SIGINT, (sig) => caught.push(sig));
      const t0 = yield* s.clock_gettime();
      seen.sleep = yield* s.nanosleep(500e6);
      seen.slept = (yield* s.clock_gettime()) - t0;
      // a child of the child inherits the handler ...
      const inherits = yield* s.fork(function* (g) {
        yield* g.nanosleep(100e6);
        return 5;
      });
      yield* s.nanosleep(20e6);
      yield* s.kill(inherits, SIGINT);
      seen.inherited = (yield* s.wait4(inherits)).status;
      // ... until it runs another program
      const execs = yield* s.fork(function* (g) {
        return yield* g.execve('/bin/napper', ['napper']);
      });
      yield* s.nanosleep(20e6);
      yield* s.kill(execs, SIGINT);
      seen.afterExec = (yield* s.wait4(execs)).status;
      // a wait4 that sleeps is interrupted too
      const long = yield* s.fork(function* (g) {
        yield* g.nanosleep(300e6);
        return 0;
      });
      seen.wait = yield* s.wait4(long);
      yield* s.wait4(long);
      yield* s.signal(SIGINT, 'default');
      yield* s.nanosleep(1e9);
      return 0;
    });
    yield* sys.nanosleep(100e6);
    yield* sys.kill(child, SIGINT);
    yield* sys.nanosleep(200e6);
    yield* sys.kill(child, SIGINT);
    yield* sys.nanosleep(1e9);
    yield* sys.kill(child, SIGINT);
    seen.end = (yield* sys.wait4(child)).status;
    seen.badHandler = yield* sys.signal(SIGKILL, () => {});
    return 0;
  });
  assert.equal(seen.sleep, -EINTR, 'the sleep the handler interrupted returns -EINTR');
  assert.ok((seen.slept as number) < 500e6);
  assert.deepEqual(caught, [SIGINT, SIGINT, SIGINT], 'the handler ran for the child (twice) and for its forked child');
  assert.equal(WEXITSTATUS(seen.inherited as number), 5, 'the forked child slept on after its handler ran');
  assert.ok(WIFSIGNALED(seen.afterExec as number) && WTERMSIG(seen.afterExec as number) === SIGINT, 'execve reset the handler');
  assert.deepEqual(seen.wait, { pid: -EINTR, status: 0 });
  assert.ok(WIFSIGNALED(seen.end as number) && WTERMSIG(seen.end as number) === SIGINT, "'default' restores the default action");
  assert.equal(seen.badHandler, -EINVAL);
});
