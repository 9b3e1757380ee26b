// mmap_test: the course grader's "mmap" probe. Maps the profiler buffer through the device node
// as the given monitor does (128 pages, shared), reads it without consuming it, and reports what
// it holds: how many samples, whether every other long is -1, and whether the samples' jiffies
// increase along the ring. Then it asks for one page more than the buffer, which a module
// should refuse. Usage: mmap_test [node]
import { MAP_SHARED, O_RDWR, PROT_READ, PROT_WRITE, type Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, out } from '../coreutils/lib';

const NPAGES = 128;
const PAGE = 4096;
const BUFD_MAX = 48000;

export const mmapTest: Program = function* mmapTest(sys, argv) {
  const path = argv[1] ?? 'node';
  const fd = yield* sys.open(path, O_RDWR);
  if (fd < 0) {
    yield* err(sys, `mmap_test: open ${path}: ${strerror(fd)}\n`);
    return 1;
  }
  const buf = yield* sys.mmap(0, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (buf < 0) {
    yield* err(sys, `mmap_test: mmap of ${NPAGES} pages: ${strerror(buf)}\n`);
    yield* sys.close(fd);
    return 1;
  }
  yield* out(sys, `mmap_test: mapped ${NPAGES * PAGE} bytes (${NPAGES} pages)\n`);
  let samples = 0;
  let stray = 0;
  let first = -1;
  let last = -1;
  let decreasing = 0;
  for (let slot = 0; slot < BUFD_MAX; slot += 4) {
    const j = yield* sys.load64(buf + slot * 8);
    if (j === -1) {
      // the rest of an empty slot must be -1 too
      for (let i = 1; i < 4; i++) if ((yield* sys.load64(buf + (slot + i) * 8)) !== -1) stray++;
      continue;
    }
    samples++;
    if (first < 0) first = j;
    else if (j < last) decreasing++;
    last = j;
  }
  if (samples === 0) yield* out(sys, `mmap_test: 0 samples\n`);
  else yield* out(sys, `mmap_test: ${samples} samples, jiffies ${first} to ${last}\n`);
  yield* out(sys, `mmap_test: ${stray} stray longs in empty slots\n`);
  // a ring that wrapped has exactly one place where jiffies go back
  yield* out(sys, `mmap_test: jiffies go back ${decreasing} times\n`);
  yield* sys.munmap(buf, NPAGES * PAGE);
  const big = yield* sys.mmap(0, (NPAGES + 1) * PAGE, PROT_READ, MAP_SHARED, fd, 0);
  if (big < 0) yield* out(sys, `mmap_test: a mapping of ${NPAGES + 1} pages: ${strerror(big)}\n`);
  else {
    yield* out(sys, `mmap_test: a mapping of ${NPAGES + 1} pages: accepted\n`);
    yield* sys.munmap(big, (NPAGES + 1) * PAGE);
  }
  yield* sys.close(fd);
  return 0;
};
