// work: the lab's given test program (work.c), step for step.
//   work <memsize in MB, 1..1024> <R|L> <accesses per iteration ≥ 1>
// It registers its own thread id with the profiler, allocates memsize blocks of 1 MiB with
// malloc (glibc serves each with its own anonymous mmap, plus a 16-byte chunk header written at
// once: one minor fault per block), then runs 20 iterations of its accesses, each followed by
// sleep(1), frees the blocks and unregisters.
//
// R: every access writes one byte at a uniformly random offset of the whole region.
// Anything else (L): as given, each access draws rand() % 10; 0 and 1 (20 %) write at a random
// offset as in R mode, the other 80 % are a "local access" that only advances an integer and
// touches no memory. That is what the lab's results reflect, so it is what runs here. `T`
// (an extension, named as such) is a truly local pattern: a sliding 4 MiB window.
import { Prng } from '../kernel/prng';
import { MAP_ANONYMOUS, MAP_PRIVATE, O_WRONLY, PROT_READ, PROT_WRITE, type Program, type Sys, type UserCode } from '../kernel/uapi';
import { strerror } from '../kernel/errno';
import { err, out, writeAll } from './coreutils/lib';

const MB = 1024 * 1024;
/** glibc's malloc chunk header before the user pointer. */
const CHUNK_HEADER = 16;
const ITERATIONS = 20;
const USAGE = 'Usage: ./work <memory chunk size in MB> <R for random, L for locality> <# of memory accesses per iteration>\n';

function* register(sys: Sys, op: 'R' | 'U', pid: number): UserCode<number> {
  // The given program runs `echo 'R <pid>' > /proc/mp3/status` through the shell; these are
  // the same bytes, newline included.
  const fd = yield* sys.open('/proc/mp3/status', O_WRONLY);
  if (fd < 0) return fd;
  const r = yield* writeAll(sys, fd, `${op} ${pid}\n`);
  yield* sys.close(fd);
  return r < 0 ? r : 0;
}

export const work: Program = function* work(sys, argv) {
  if (argv.length !== 4) {
    yield* err(sys, USAGE);
    return 1;
  }
  const memsize = parseStrictInt(argv[1]);
  const mode = argv[2][0] ?? '';
  const accesses = parseStrictInt(argv[3]);
  if (!(memsize >= 1 && memsize <= 1024) || !(accesses >= 1)) {
    yield* err(sys, USAGE);
    return 1;
  }
  const pid = yield* sys.gettid();
  // The given program seeds rand() from the time; here the time of a simulated run is the same
  // every time, so the seed comes from the kernel's entropy (set by the machine's seed) and the pid.
  const rng = new Prng(Math.imul(pid, 2654435761) ^ (yield* sys.getrandom()));

  const reg = yield* register(sys, 'R', pid);
  if (reg < 0) yield* err(sys, `work: register ${pid}: ${strerror(reg)}\n`);

  // malloc(1 MiB) × memsize: each its own mmap of 1 MiB + header, header written at once.
  const blocks: number[] = [];
  const mapLen = MB + 4096;
  for (let i = 0; i < memsize; i++) {
    const base = yield* sys.mmap(0, mapLen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base < 0) {
      yield* err(sys, 'malloc failed\n');
      return 1;
    }
    yield* sys.access(1, () => base + 8); // the chunk's size field
    blocks.push(base + CHUNK_HEADER);
  }

  const randomAddress = (): number => blocks[rng.below(memsize)] + rng.below(MB);
  /** T: a random byte of a 4 MiB window that slides by 4 MiB each iteration (wrapping). */
  const WINDOW = Math.min(4 * MB, memsize * MB);
  let windowStart = 0;
  const windowAddress = (): number => {
    const offset = (windowStart + rng.below(WINDOW)) % (memsize * MB);
    return blocks[Math.floor(offset / MB)] + (offset % MB);
  };
  const next =
    mode === 'R'
      ? randomAddress
      : mode === 'T'
        ? windowAddress
        : // the given local access only advances an integer: -1 = no memory touched (costs localOpNs)
          () => (rng.below(10) < 2 ? randomAddress() : -1);

  for (let iter = 0; iter < ITERATIONS; iter++) {
    yield* out(sys, `[${pid}] ${iter} iteration\n`);
    const r = yield* sys.access(accesses, next);
    if (r < 0) return 139;
    windowStart = (windowStart + WINDOW) % (memsize * MB);
    yield* sys.nanosleep(1_000_000_000);
  }

  for (const b of blocks) yield* sys.munmap(b - CHUNK_HEADER, mapLen);
  const unreg = yield* register(sys, 'U', pid);
  if (unreg < 0) yield* err(sys, `work: unregister ${pid}: ${strerror(unreg)}\n`);
  return 0;
};

/** atoi() that refuses junk, so `work 10x R 5` is a usage error rather than 10. */
function parseStrictInt(s: string): number {
  return /^\d{1,9}$/.test(s) ? Number(s) : NaN;
}
