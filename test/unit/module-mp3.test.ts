// The MP3 profiler module through its user interfaces: /proc/mp3/status, the sampling work,
// the character device's mmap, and a clean unload/reload (mp3-facts §1–3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bareKernel, runProgram, startProgram } from './helpers/kernel';
import { EBUSY, EEXIST, EINVAL, ENOENT, ESRCH } from '../../src/kernel/errno';
import { MAP_SHARED, O_RDONLY, O_RDWR, O_WRONLY, PROT_READ, PROT_WRITE, S_IFCHR, makedev, type Program, type Sys } from '../../src/kernel/uapi';
import { initialJiffies } from '../../src/kernel/time';
import type { Kernel } from '../../src/kernel/kernel';
import { assertProperty } from './helpers/property';

function* write(sys: Sys, path: string, text: string) {
  const fd = yield* sys.open(path, O_WRONLY);
  if (fd < 0) return fd;
  const r = yield* sys.write(fd, text);
  yield* sys.close(fd);
  return r;
}
function* read(sys: Sys, path: string) {
  const fd = yield* sys.open(path, O_RDONLY);
  const buf = new Uint8Array(4096);
  const n = yield* sys.read(fd, buf);
  const again = yield* sys.read(fd, buf);
  yield* sys.close(fd);
  return { text: new TextDecoder().decode(buf.subarray(0, Math.max(0, n))), again };
}
const insmod: Program = function* (sys) {
  return -(yield* sys.init_module('mp3.ko'));
};
/** A process that registers itself and sleeps for `seconds`. */
function sleeper(seconds: number): Program {
  return function* (sys) {
    const pid = yield* sys.getpid();
    const r = yield* write(sys, '/proc/mp3/status', `R ${pid}\n`);
    if (r < 0) return 2;
    yield* sys.nanosleep(seconds * 1e9);
    return 0;
  };
}

function loaded(): Kernel {
  const k = bareKernel();
  assert.equal(runProgram(k, insmod).status, 0);
  return k;
}

test('proc write: R registers, U unregisters, read lists PIDs then returns EOF', () => {
  const k = loaded();
  const a = startProgram(k, sleeper(100));
  const b = startProgram(k, sleeper(100));
  k.runFor(10e6);
  let listed = { text: '', again: -1 };
  let afterU = '';
  runProgram(k, function* (sys) {
    listed = yield* read(sys, '/proc/mp3/status');
    assert.equal(yield* write(sys, '/proc/mp3/status', `U ${a.pid}\n`), `U ${a.pid}\n`.length);
    afterU = (yield* read(sys, '/proc/mp3/status')).text;
    return 0;
  });
  assert.equal(listed.text, `${a.pid}\n${b.pid}\n`);
  assert.equal(listed.again, 0, 'second read at the same offset is end of file');
  assert.equal(afterU, `${b.pid}\n`);
});

test('proc write errors: EINVAL malformed, ESRCH no such process, EEXIST duplicate, ENOENT unknown; state unchanged', () => {
  const k = loaded();
  const a = startProgram(k, sleeper(100));
  k.runFor(10e6);
  const results: Record<string, number> = {};
  let list = '';
  runProgram(k, function* (sys) {
    for (const [name, text] of [
      ['garbage', 'hello\n'], ['no pid', 'R \n'], ['letters', 'R abc\n'], ['negative', 'R -5\n'], ['two lines', `R ${a.pid}\nU ${a.pid}\n`],
      ['lowercase', `r ${a.pid}\n`], ['empty', ''], ['nonexistent', 'R 99999\n'], ['duplicate', `R ${a.pid}\n`], ['unknown', 'U 4242\n'],
    ]) results[name] = yield* write(sys, '/proc/mp3/status', text);
    list = (yield* read(sys, '/proc/mp3/status')).text;
    return 0;
  });
  assert.deepEqual(results, {
    garbage: -EINVAL, 'no pid': -EINVAL, letters: -EINVAL, negative: -EINVAL, 'two lines': -EINVAL,
    lowercase: -EINVAL, empty: -EINVAL, nonexistent: -ESRCH, duplicate: -EEXIST, unknown: -ENOENT,
  });
  assert.equal(list, `${a.pid}\n`, 'the registration list is unchanged');
});

test('fuzz: random writes to /proc/mp3/status never throw and never corrupt the list', () => {
  const k = loaded();
  const a = startProgram(k, sleeper(1000));
  k.runFor(10e6);
  assertProperty(
    fc.property(fc.oneof(fc.string(), fc.constantFrom('R ', 'U ', 'R 0', 'R 1', `R ${a.pid}`, `U ${a.pid}`, 'R 4294967296', 'R 1e3')), (text) => {
      let list = '';
      const r = runProgram(k, function* (sys) {
        yield* write(sys, '/proc/mp3/status', text);
        // Whatever the write did, the list holds only live PIDs, each once.
        const pids = (yield* read(sys, '/proc/mp3/status')).text.split('\n').filter(Boolean).map(Number);
        assert.equal(new Set(pids).size, pids.length);
        for (const pid of pids) assert.ok(k.sched.tasks.get(pid)?.alive, `registered pid ${pid} is alive`);
        // Back to the known state: only a registered.
        for (const pid of pids) if (pid !== a.pid) yield* write(sys, '/proc/mp3/status', `U ${pid}\n`);
        yield* write(sys, '/proc/mp3/status', `R ${a.pid}\n`);
        list = (yield* read(sys, '/proc/mp3/status')).text;
        return 0;
      });
      assert.equal(r.status, 0);
      assert.equal(list, `${a.pid}\n`);
    }),
    { numRuns: 200 },
  );
});

test('sampling: starts with the first registration, 20 per second, 51 jiffies apart, stops with the last', () => {
  const k = loaded();
  const j0 = initialJiffies(1000);
  assert.ok(k.jiffies >= j0 && k.jiffies < j0 + 1000, 'jiffies start at INITIAL_JIFFIES');
  const view: number[][] = [];
  const a = startProgram(k, sleeper(3));
  k.runFor(5e9);
  runProgram(k, function* (sys) {
    assert.equal(yield* sys.mknod('node', S_IFCHR | 0o666, makedev(423, 0)), 0);
    const fd = yield* sys.open('node', O_RDWR);
    const buf = yield* sys.mmap(0, 128 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    for (let i = 0; i < 48000; i += 4) {
      const j = yield* sys.load64(buf + i * 8);
      if (j === -1) break;
      view.push([j, yield* sys.load64(buf + (i + 1) * 8), yield* sys.load64(buf + (i + 2) * 8), yield* sys.load64(buf + (i + 3) * 8)]);
    }
    return 0;
  });
  void a;
  // The sleeper lived 3 s: about 58 samples 51 jiffies apart, then the work was cancelled.
  assert.ok(view.length >= 55 && view.length <= 60, `samples: ${view.length}`);
  for (let i = 1; i < view.length; i++) assert.equal(view[i][0] - view[i - 1][0], 51);
  const total = k.sched.tasks.size;
  k.runFor(5e9);
  assert.equal(k.sched.tasks.size, total);
  assert.ok(k.workqueues.all.size === 1 && [...k.workqueues.all][0].queue.length === 0, 'nothing queued once no one is registered');
});

test('ring: after 12000 samples the index wraps; the monitor consumes, a second run reads only new samples', () => {
  const k = loaded();
  startProgram(k, sleeper(700)); // 700 s ≈ 13700 samples > 12000
  runProgram(k, function* (sys) {
    return yield* sys.mknod('node', S_IFCHR | 0o666, makedev(423, 0));
  });
  k.runFor(650e9);
  const first = runProgram(k, function* (sys) {
    const r = yield* sys.execve('./monitor', ['monitor']);
    return r;
  });
  assert.match(first.out, /read 12000 profiled data\n$/, 'a full ring: 12000 samples');
  const lines = first.out.trim().split('\n').slice(0, -1).map((l) => l.split(' ').map(Number));
  // The given monitor starts at slot 0, which after the wrap holds newer samples than the slots after it.
  const jumps = lines.filter((l, i) => i > 0 && l[0] < lines[i - 1][0]).length;
  assert.equal(jumps, 1, 'exactly one place where the wrapped ring goes back in time');
  k.runFor(1e9);
  const second = runProgram(k, function* (sys) {
    return yield* sys.execve('./monitor', ['monitor']);
  });
  const n = Number(/read (\d+) profiled data/.exec(second.out)![1]);
  assert.ok(n >= 19 && n <= 21, `the second run sees only the ~20 new samples, got ${n}`);
});

test('mmap of the device: larger than the buffer is refused with EINVAL; rmmod while mapped is EBUSY', () => {
  const k = loaded();
  const results: number[] = [];
  runProgram(k, function* (sys) {
    yield* sys.mknod('node', S_IFCHR | 0o666, makedev(423, 0));
    const fd = yield* sys.open('node', O_RDWR);
    results.push(yield* sys.mmap(0, 129 * 4096, PROT_READ, MAP_SHARED, fd, 0));
    const buf = yield* sys.mmap(0, 128 * 4096, PROT_READ, MAP_SHARED, fd, 0);
    yield* sys.close(fd);
    results.push(yield* sys.delete_module('mp3')); // the mapping still pins the module
    yield* sys.munmap(buf, 128 * 4096);
    results.push(yield* sys.delete_module('mp3'));
    return 0;
  });
  assert.deepEqual(results, [-EINVAL, -EBUSY, 0]);
});

test('load and unload 1000 times: no leaked frame, device number, proc entry or workqueue; reload works at once', () => {
  const k = bareKernel();
  const free0 = k.phys.nrFree;
  let failures = 0;
  runProgram(k, function* (sys) {
    for (let i = 0; i < 1000; i++) {
      if ((yield* sys.init_module('mp3.ko')) !== 0) failures++;
      if ((yield* sys.delete_module('mp3')) !== 0) failures++;
    }
    return 0;
  }, 600e9);
  assert.equal(failures, 0);
  assert.equal(k.phys.nrFree, free0, 'every frame of the profiler buffer came back');
  assert.equal(k.chrdevs.regions.length, 0);
  assert.equal(k.procfs.root.children.has('mp3'), false);
  assert.equal(k.workqueues.all.size, 0);
  assert.equal(k.slabObjects, 0);
  assert.doesNotMatch(k.log.format(), /leaked|BUG|WARNING/);
});

test('rmmod with processes still registered frees their entries; insmod twice is EEXIST', () => {
  const k = loaded();
  startProgram(k, sleeper(100));
  startProgram(k, sleeper(100));
  k.runFor(1e9);
  assert.equal(k.slabObjects, 2);
  const r: number[] = [];
  runProgram(k, function* (sys) {
    r.push(yield* sys.init_module('mp3.ko'));
    r.push(yield* sys.delete_module('mp3'));
    return 0;
  });
  assert.deepEqual(r, [-EEXIST, 0]);
  assert.equal(k.slabObjects, 0);
  k.runFor(1e9); // the cancelled work must not fire after unload
  assert.doesNotMatch(k.log.format(), /BUG|Oops/);
});

test('a registered process that exits is dropped at the next sample', () => {
  const k = loaded();
  const a = startProgram(k, sleeper(1));
  k.runFor(3e9);
  assert.equal(k.sched.tasks.has(a.pid), false);
  assert.equal(k.hostReadFile('/proc/mp3/status'), '');
  assert.equal(k.slabObjects, 0);
});

test('a module whose exit forgets to unregister its device numbers cannot be loaded again (EBUSY), and the log says why', async () => {
  const { makedev: mk } = await import('../../src/kernel/uapi');
  const k = bareKernel();
  k.registerModuleFile('leaky.ko', {
    name: 'leaky',
    license: 'GPL',
    size: 4096,
    create(api) {
      return {
        init: () => api.register_chrdev_region(mk(424, 0), 1, 'leaky'),
        exit: () => {
          /* the classic bug: unregister_chrdev_region() forgotten */
        },
      };
    },
  });
  const r: number[] = [];
  runProgram(k, function* (sys) {
    r.push(yield* sys.init_module('leaky.ko'));
    r.push(yield* sys.delete_module('leaky'));
    r.push(yield* sys.init_module('leaky.ko'));
    return 0;
  });
  assert.deepEqual(r, [0, 0, -EBUSY]);
  assert.match(k.log.format(), /leaky: leaked char device region 424:0/);
});

test('insmod logs what the guide (step 1.4) promises: the buffer and char device 423:0; rmmod logs the unload', () => {
  const k = loaded();
  const log = k.log.format();
  assert.match(log, /\] mp3: profiler buffer allocated: 128 pages \(524288 bytes\), filled with -1\n/);
  assert.match(log, /\] mp3: registered char device 423:0\n/);
  assert.match(log, /\] mp3: module loaded\n/);
  const rmmod: Program = function* (sys) {
    return -(yield* sys.delete_module('mp3'));
  };
  assert.equal(runProgram(k, rmmod).status, 0);
  assert.match(k.log.format(), /\] mp3: module unloaded\n$/);
});
