// monitor: the lab's given consumer of the profiler buffer (monitor.c).
// Opens ./node, maps 128 pages shared, starts at the first slot that is not -1, prints each
// sample as "%ld %ld %ld %ld\n" (jiffies, minor, major, cpu) until it meets a -1, writing -1
// back over every slot it consumed (a second run shows only new samples), wraps at BUFD_MAX
// longs, and ends with "read <n> profiled data". Output is buffered like stdio's.
import { MAP_SHARED, O_RDWR, PROT_READ, PROT_WRITE, type Program, type Sys, type UserCode } from '../kernel/uapi';
import { strerror } from '../kernel/errno';
import { err, writeAll } from './coreutils/lib';

const NPAGES = 128;
const BUFD_MAX = 48000;
const BUFSIZ = 4096;

export const monitor: Program = function* monitor(sys) {
  const fd = yield* sys.open('node', O_RDWR);
  if (fd < 0) {
    yield* err(sys, `open: ${strerror(fd)}\n`);
    return 1;
  }
  const buf = yield* sys.mmap(0, NPAGES * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (buf < 0) {
    yield* err(sys, `mmap: ${strerror(buf)}\n`);
    yield* sys.close(fd);
    return 1;
  }
  const stdout = new Stdout(sys);
  let index = 0;
  while (index < BUFD_MAX && (yield* sys.load64(buf + index * 8)) === -1) index += 4;
  let count = 0;
  if (index < BUFD_MAX) {
    for (;;) {
      const j = yield* sys.load64(buf + index * 8);
      if (j === -1) break;
      const min = yield* sys.load64(buf + (index + 1) * 8);
      const maj = yield* sys.load64(buf + (index + 2) * 8);
      const cpu = yield* sys.load64(buf + (index + 3) * 8);
      yield* stdout.print(`${j} ${min} ${maj} ${cpu}\n`);
      for (let i = 0; i < 4; i++) yield* sys.store64(buf + (index + i) * 8, -1);
      count++;
      index = (index + 4) % BUFD_MAX;
    }
  }
  yield* stdout.print(`read ${count} profiled data\n`);
  yield* stdout.flush();
  yield* sys.munmap(buf, NPAGES * 4096);
  yield* sys.close(fd);
  return 0;
};

/** A minimal FILE* for stdout: full buffering, flushed at BUFSIZ and at exit. */
class Stdout {
  private pending = '';
  constructor(private readonly sys: Sys) {}
  *print(text: string): UserCode<void> {
    this.pending += text;
    if (this.pending.length >= BUFSIZ) yield* this.flush();
  }
  *flush(): UserCode<void> {
    if (this.pending) yield* writeAll(this.sys, 1, this.pending);
    this.pending = '';
  }
}
