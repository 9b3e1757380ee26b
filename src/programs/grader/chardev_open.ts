// chardev_open: the course grader's "char dev" probe. Opens the device node read-write and
// closes it again; the module's open and release run, nothing else. Usage: chardev_open [node]
import { O_RDWR, type Program } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, out } from '../coreutils/lib';

export const chardevOpen: Program = function* chardevOpen(sys, argv) {
  const path = argv[1] ?? 'node';
  const fd = yield* sys.open(path, O_RDWR);
  if (fd < 0) {
    yield* err(sys, `chardev_open: open ${path}: ${strerror(fd)}\n`);
    return 1;
  }
  const r = yield* sys.close(fd);
  if (r < 0) {
    yield* err(sys, `chardev_open: close ${path}: ${strerror(r)}\n`);
    return 1;
  }
  yield* out(sys, `chardev_open: opened and closed ${path}\n`);
  return 0;
};
