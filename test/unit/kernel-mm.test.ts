// The memory manager against what real Linux does (mp3-facts §8): first touch is a minor
// fault, a page read back from swap is a major fault, the zero page, swap-cache hits, OOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bareKernel, runProgram, checkMemoryInvariants, SMALL } from './helpers/kernel';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, type Program } from '../../src/kernel/uapi';
import { EINVAL } from '../../src/kernel/errno';
import { assertProperty } from './helpers/property';

const PAGE = 4096;

/** mmaps `pages` anonymous pages and touches each page once per pass (write or read). */
function toucher(pages: number, passes: number, write = true, report?: (min: number, maj: number) => void): Program {
  return function* (sys) {
    const base = yield* sys.mmap(0, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base < 0) return 1;
    for (let p = 0; p < passes; p++) {
      let i = 0;
      yield* sys.access(pages, () => base + (i++ % pages) * PAGE + 123, write);
    }
    if (report) {
      const pid = yield* sys.getpid();
      const text = yield* readText(sys, `/proc/${pid}/stat`);
      const f = text.split(' ');
      report(Number(f[9]), Number(f[11]));
    }
    return 0;
  };
}

function* readText(sys: Parameters<Program>[0], path: string) {
  const fd = yield* sys.open(path, 0);
  const buf = new Uint8Array(8192);
  const n = yield* sys.read(fd, buf);
  yield* sys.close(fd);
  return new TextDecoder().decode(buf.subarray(0, Math.max(0, n)));
}

test('first touch of an anonymous page is one minor fault; touching it again is free', () => {
  const k = bareKernel();
  let faults: [number, number] = [0, 0];
  const r = runProgram(k, toucher(1000, 3, true, (a, b) => (faults = [a, b])));
  assert.equal(r.status, 0);
  assert.deepEqual(faults, [1000, 0]);
  checkMemoryInvariants(k);
});

test('reading untouched memory maps the zero page (minor fault); a later write copies it (another minor)', () => {
  const k = bareKernel();
  let afterRead: [number, number] = [0, 0];
  const program: Program = function* (sys) {
    const base = yield* sys.mmap(0, 10 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    let i = 0;
    yield* sys.access(10, () => base + (i++) * PAGE, false);
    const rssBefore = k.mms.size ? [...k.mms.values()].find((m) => m.vmas.some((v) => v.vm_start === base))!.rssAnon : -1;
    assert.equal(rssBefore, 0, 'the zero page is not counted as resident anon memory');
    const pid = yield* sys.getpid();
    const t = k.sched.tasks.get(pid)!;
    afterRead = [t.total_min_flt, t.total_maj_flt];
    let j = 0;
    yield* sys.access(10, () => base + (j++) * PAGE, true);
    return t.total_min_flt === 20 ? 0 : 3;
  };
  const r = runProgram(k, program);
  assert.deepEqual(afterRead, [10, 0]);
  assert.equal(r.status, 0);
});

test('under memory pressure pages go to swap and come back as major faults; invariants hold', () => {
  const k = bareKernel(SMALL);
  const usable = k.phys.nrFrames - k.reservedFrames;
  let faults: [number, number] = [0, 0];
  const pages = Math.floor(usable * 1.5);
  const r = runProgram(k, toucher(pages, 2, true, (a, b) => (faults = [a, b])), 600e9);
  assert.ok(r.finished, 'the program finished');
  assert.equal(r.status, 0);
  assert.ok(faults[1] > 0, `major faults appear (got ${faults[1]})`);
  assert.ok(faults[0] >= pages, 'every page had its first-touch minor fault');
  assert.ok(k.reclaim.pswpout > 0 && k.faults.pswpin > 0, 'pages were written to and read from swap');
  checkMemoryInvariants(k);
  // Everything is returned at exit.
  assert.equal(k.swap.nrUsed, 0, 'no swap slot leaked');
  assert.equal(k.policy.size, 0, 'no frame left on the LRU');
});

test('without swap, exhausting memory invokes the OOM killer, which kills the largest process', () => {
  const k = bareKernel({ ...SMALL, swapMiB: 0 });
  const usable = k.phys.nrFrames - k.reservedFrames;
  const r = runProgram(k, toucher(usable + 100, 1), 60e9);
  assert.ok(r.finished);
  assert.equal(r.status & 0x7f, 9, 'killed by SIGKILL');
  assert.match(k.log.format(), /Out of memory: Killed process \d+ \(t\d+\)/);
  checkMemoryInvariants(k);
  assert.equal(k.policy.size, 0);
});

test('mmap and munmap check their arguments and return -EINVAL without changing anything', () => {
  const k = bareKernel();
  const results: number[] = [];
  runProgram(k, function* (sys) {
    results.push(yield* sys.mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    results.push(yield* sys.mmap(0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0)); // neither shared nor private
    results.push(yield* sys.munmap(123, PAGE));
    const a = yield* sys.mmap(0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    let i = 0;
    yield* sys.access(4, () => a + (i++) * PAGE);
    results.push(yield* sys.munmap(a + PAGE, PAGE)); // punch a hole: split the mapping
    results.push(yield* sys.access(1, () => a + PAGE)); // now unmapped: SIGSEGV
    return 0;
  });
  assert.deepEqual(results.slice(0, 4), [-EINVAL, -EINVAL, -EINVAL, 0]);
  assert.match(k.log.format(), /segfault at/);
  checkMemoryInvariants(k);
});

test('property: any mix of mmap, touch and munmap keeps the memory invariants', () => {
  assertProperty(
    fc.property(
      fc.array(fc.record({ op: fc.constantFrom('map', 'touch', 'unmap'), n: fc.integer({ min: 1, max: 3000 }), i: fc.nat() }), { maxLength: 25 }),
      fc.integer({ min: 0, max: 1000 }),
      (ops, seed) => {
        const k = bareKernel({ ...SMALL, seed });
        runProgram(k, function* (sys) {
          const maps: { base: number; pages: number }[] = [];
          for (const o of ops) {
            if (o.op === 'map' || maps.length === 0) {
              const base = yield* sys.mmap(0, o.n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
              if (base > 0) maps.push({ base, pages: o.n });
            } else if (o.op === 'touch') {
              const m = maps[o.i % maps.length];
              let x = o.i;
              yield* sys.access(o.n, () => m.base + ((x = (x * 1103515245 + 12345) % 2147483648) % m.pages) * PAGE);
            } else {
              const [m] = maps.splice(o.i % maps.length, 1);
              yield* sys.munmap(m.base, m.pages * PAGE);
            }
          }
          return 0;
        }, 600e9);
        checkMemoryInvariants(k);
        assert.equal(k.swap.nrUsed, 0);
      },
    ),
    { numRuns: 25 },
  );
});
