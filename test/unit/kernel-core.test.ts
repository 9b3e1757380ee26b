// Time, scheduling, CPU accounting, determinism and the system-call surface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bareKernel, runProgram, startProgram, checkMemoryInvariants, SMALL } from './helpers/kernel';
import { Kernel } from '../../src/kernel/kernel';
import { EBADF, ECHILD, EFAULT, ENOENT, ENOSYS, ESRCH, EINVAL, ENOTDIR, EISDIR, strerror, errnoName } from '../../src/kernel/errno';
import { O_RDONLY, O_WRONLY, O_CREAT, SIGKILL, WNOHANG, type Program, type SyscallName } from '../../src/kernel/uapi';
import { wheelExpiry } from '../../src/kernel/timer';
import { EventQueue } from '../../src/kernel/events';
import { assertProperty } from './helpers/property';

test('event queue: time order, FIFO for ties, cancellation', () => {
  const q = new EventQueue();
  const seen: string[] = [];
  q.schedule(5, () => seen.push('b'));
  q.schedule(1, () => seen.push('a'));
  const c = q.schedule(5, () => seen.push('c'));
  q.schedule(5, () => seen.push('d'));
  q.cancel(c);
  for (let e = q.pop(); e; e = q.pop()) e.fn!();
  assert.deepEqual(seen, ['a', 'b', 'd']);
});

test('timer wheel rounds up: level 0 adds a jiffy, longer delays round to their level granularity', () => {
  assert.equal(wheelExpiry(1000, 1050), 1051);
  assert.equal(wheelExpiry(1000, 1000 + 100), Math.floor(1100 / 8) * 8 + 8);
  for (let d = 1; d < 5000; d += 7) assert.ok(wheelExpiry(123456, 123456 + d) > 123456 + d - 1, 'never early');
});

test('CPU time is charged by the tick: multiples of TICK_NSEC; Σ CPU ≤ CPUs × wall; counters monotone', () => {
  const k = bareKernel({ cpus: 2, hz: 250 });
  const spin: Program = function* (sys) {
    for (let i = 0; i < 5; i++) {
      yield* sys.compute(30_000_000);
      yield* sys.nanosleep(10_000_000);
    }
    return 0;
  };
  const ps = [startProgram(k, spin), startProgram(k, spin), startProgram(k, spin)];
  const tasks = ps.map((p) => k.sched.tasks.get(p.pid)!);
  let last = tasks.map(() => 0);
  const t0 = k.now;
  for (let step = 0; step < 100; step++) {
    k.runFor(5e6);
    const now = tasks.map((t) => t.total_cpu);
    now.forEach((v, i) => assert.ok(v >= last[i], 'CPU time never decreases'));
    last = now;
    for (const t of tasks) {
      assert.equal(t.utime % 4_000_000, 0, 'utime is whole ticks (HZ=250: 4 ms)');
      assert.equal(t.stime % 4_000_000, 0);
    }
    const sum = tasks.reduce((s, t) => s + t.total_cpu, 0);
    assert.ok(sum <= 2 * (k.now - t0) + 3 * 4_000_000, 'Σ CPU ≤ CPUs × wall (+ one tick each)');
  }
  // 3 tasks × 150 ms of CPU on 2 CPUs: each got about its share.
  for (const t of tasks) assert.ok(Math.abs(t.total_cpu - 150e6) <= 20e6, `cpu ${t.total_cpu}`);
});

test('nice: a nice 10 task gets far less CPU than a nice 0 one when they compete', () => {
  const k = bareKernel({ cpus: 1 });
  const spin: Program = function* (sys) {
    yield* sys.compute(2_000_000_000);
    return 0;
  };
  const a = startProgram(k, spin);
  const b = startProgram(k, function* (sys) {
    yield* sys.setpriority(0, 10);
    yield* sys.compute(2_000_000_000);
    return 0;
  });
  k.runFor(1e9);
  const ta = k.sched.tasks.get(a.pid)!;
  const tb = k.sched.tasks.get(b.pid)!;
  assert.ok(ta.sum_exec_runtime > 5 * tb.sum_exec_runtime, `${ta.sum_exec_runtime} vs ${tb.sum_exec_runtime}`);
});

test('determinism: the same configuration and seed give identical monitor data; another seed differs', () => {
  const run = (seed: number) => {
    const k = bareKernel({ ...SMALL, seed, swapMiB: 32 });
    runProgram(k, function* (sys) {
      yield* sys.init_module('mp3.ko');
      return yield* sys.mknod('node', 0o20666, 423 * 2 ** 20);
    });
    const w = startProgram(k, function* (sys) {
      return yield* sys.execve('./work', ['work', '80', 'R', '3000']);
    });
    k.runUntil(() => !k.sched.tasks.has(w.pid), 120e9);
    return runProgram(k, function* (sys) {
      return yield* sys.execve('./monitor', ['monitor']);
    }).out;
  };
  const a = run(7);
  assert.match(a, /read \d+ profiled data/);
  assert.equal(run(7), a);
  assert.notEqual(run(8), a);
});

test('system calls return -errno for bad input, as Linux does', () => {
  const k = bareKernel();
  const r: Record<string, unknown> = {};
  runProgram(k, function* (sys) {
    r.openMissing = yield* sys.open('/nope', O_RDONLY);
    r.openDirWrite = yield* sys.open('/proc', O_WRONLY);
    r.readBadFd = yield* sys.read(42, new Uint8Array(4));
    r.writeReadOnly = yield* sys.write(yield* sys.open('/proc/meminfo', O_RDONLY), 'x');
    r.createInProc = yield* sys.open('/proc/newfile', O_WRONLY | O_CREAT);
    r.killMissing = yield* sys.kill(77777, 15);
    r.waitNoChild = (yield* sys.wait4(-1, WNOHANG)).pid;
    r.chdirFile = yield* sys.chdir('/proc/meminfo');
    r.execMissing = yield* sys.execve('/bin/nothing', ['nothing']);
    r.readBadBuffer = yield* sys.read(0, 'not a buffer' as unknown as Uint8Array);
    r.unknownSyscall = (yield { nr: 'reboot' as SyscallName, args: [] }) as number;
    r.unlinkMissing = yield* sys.unlink('ghost');
    return 0;
  });
  assert.deepEqual(r, {
    openMissing: -ENOENT, openDirWrite: -EISDIR, readBadFd: -EBADF, writeReadOnly: -EBADF, createInProc: -13,
    killMissing: -ESRCH, waitNoChild: -ECHILD, chdirFile: -ENOTDIR, execMissing: -ENOENT, readBadBuffer: -EFAULT,
    unknownSyscall: -ENOSYS, unlinkMissing: -ENOENT,
  });
  assert.equal(strerror(-ESRCH), 'No such process');
  assert.equal(errnoName(EINVAL), 'EINVAL');
});

test('fork, exit, wait4 and kill: statuses as <sys/wait.h> encodes them, zombies reaped', () => {
  const k = bareKernel();
  const st: number[] = [];
  runProgram(k, function* (sys) {
    const a = yield* sys.fork(function* (s) {
      yield* s.getpid();
      return 3;
    });
    st.push((yield* sys.wait4(a)).status);
    const b = yield* sys.fork(function* (s) {
      yield* s.nanosleep(10e9);
      return 0;
    });
    yield* sys.kill(b, SIGKILL);
    st.push((yield* sys.wait4(b)).status);
    return 0;
  });
  assert.deepEqual(st, [3 << 8, SIGKILL]);
  assert.equal([...k.tasks].filter((t) => t.state === 'Z').length, 0);
});

test('fuzz: random system calls never throw, never corrupt memory, and never leak', () => {
  const names: SyscallName[] = ['open', 'close', 'read', 'write', 'lseek', 'dup2', 'mmap', 'munmap', 'kill', 'signal', 'setpriority', 'mknod', 'unlink', 'stat', 'getdents', 'chdir', 'ioctl', 'wait4', 'init_module', 'delete_module', 'user_load64', 'user_store64', 'nanosleep'];
  const arg = fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.string({ maxLength: 12 }), fc.constantFrom('/proc/mp3/status', 'mp3.ko', 'mp3', 'node', '/proc', '.', undefined, null, {}, [], NaN, -1, 2 ** 60));
  assertProperty(
    fc.property(fc.array(fc.record({ nr: fc.constantFrom(...names), args: fc.array(arg, { maxLength: 6 }) }), { maxLength: 40 }), (calls) => {
      const k = new Kernel(SMALL);
      runProgram(k, function* () {
        for (const c of calls) yield { nr: c.nr, args: c.args };
        return 0;
      }, 30e9);
      checkMemoryInvariants(k);
    }),
    { numRuns: 150 },
  );
});
