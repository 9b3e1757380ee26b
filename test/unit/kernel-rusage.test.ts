// getrusage(2): a task's own CPU time, and its children's, which reach it only when it reaps them
// with wait4 (signal->cutime/cstime), each child bringing the times of the children it reaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareKernel, runProgram } from './helpers/kernel';
import { EINVAL } from '../../src/kernel/errno';
import {
  MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, type Rusage, type Sys, type UserCode,
} from '../../src/kernel/uapi';
import type { Kernel } from '../../src/kernel/kernel';

function* rusage(sys: Sys, who: number): UserCode<Rusage> {
  const r = yield* sys.getrusage(who);
  if (typeof r === 'number') throw new Error(`getrusage(${who}) = ${r}`);
  return r;
}

/** Never-reset times of a live (or zombie) task, read from the kernel's side. */
function timesOf(k: Kernel, pid: number): { user: number; sys: number } {
  const t = k.sched.tasks.get(pid);
  if (!t) throw new Error(`no task ${pid}`);
  return { user: t.total_utime, sys: t.total_stime };
}

test('getrusage: children count once reaped, with the grandchildren they reaped; orphans never reach the grandparent', () => {
  const k = bareKernel();
  const seen: Record<string, unknown> = {};
  const exited = new Map<number, { user: number; sys: number }>();
  k.sched.onExit.push((t) => exited.set(t.pid, { user: t.total_utime, sys: t.total_stime }));
  runProgram(k, function* (sys) {
    const child = yield* sys.fork(function* (s) {
      // a grandchild that computes 0.3 s and is reaped by the child
      const g = yield* s.fork(function* (gs) {
        yield* gs.compute(300e6);
        return 0;
      });
      // another that the child never waits for: reparented to init when the child exits
      yield* s.fork(function* (gs) {
        yield* gs.nanosleep(50e6);
        yield* gs.compute(200e6);
        return 0;
      });
      seen.grandchild = g;
      yield* s.compute(500e6);
      yield* s.wait4(g);
      // first-touch faults on 8 MiB: time in the kernel
      const base = yield* s.mmap(0, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      let off = 0;
      yield* s.access(2048, () => {
        off += 4096;
        return base + off - 4096;
      });
      return 0;
    });
    yield* sys.nanosleep(100e6);
    seen.before = yield* rusage(sys, RUSAGE_CHILDREN);
    // the module's get_cpu_use() resets utime/stime; getrusage must not see that
    const task = k.sched.tasks.get(child)!;
    for (;;) {
      if (task.state === 'Z') break;
      task.utime = 0;
      task.stime = 0;
      yield* sys.nanosleep(10e6);
    }
    seen.child = { user: task.total_utime, sys: task.total_stime, cutime: task.cutime, cstime: task.cstime };
    yield* sys.wait4(child);
    seen.after = yield* rusage(sys, RUSAGE_CHILDREN);
    const me = yield* sys.getpid();
    seen.selfBefore = timesOf(k, me);
    seen.self = yield* rusage(sys, RUSAGE_SELF);
    seen.thread = yield* rusage(sys, RUSAGE_THREAD);
    seen.selfAfter = timesOf(k, me);
    seen.invalid = [yield* sys.getrusage(2), yield* sys.getrusage(-2), yield* sys.getrusage(0.5)];
    return 0;
  });
  assert.deepEqual(seen.before, { utime: 0, stime: 0 }, 'a running child counts for nothing yet');
  const child = seen.child as { user: number; sys: number; cutime: number; cstime: number };
  const grandchild = exited.get(seen.grandchild as number)!;
  assert.ok(child.user >= 500e6, `child user ${child.user}`);
  assert.ok(child.sys > 0, 'page faults are system time');
  assert.ok(grandchild.user >= 300e6, `grandchild user ${grandchild.user}`);
  assert.deepEqual({ user: child.cutime, sys: child.cstime }, grandchild, 'the reaped grandchild is in the child\'s children totals');
  const after = seen.after as Rusage;
  assert.equal(after.utime, child.user + child.cutime, 'utime: the child plus what it reaped');
  assert.equal(after.stime, child.sys + child.cstime);
  assert.ok(after.utime < 500e6 + 300e6 + 200e6, 'the orphaned grandchild is not counted');
  const self = seen.self as Rusage;
  const [b, a] = [seen.selfBefore, seen.selfAfter] as Array<{ user: number; sys: number }>;
  assert.ok(b.user <= self.utime && self.utime <= a.user && b.sys <= self.stime && self.stime <= a.sys, 'RUSAGE_SELF: the caller\'s own totals');
  assert.deepEqual(seen.thread, seen.self);
  assert.deepEqual(seen.invalid, [-EINVAL, -EINVAL, -EINVAL]);
});
