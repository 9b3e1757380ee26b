// Pipes (fs/pipe.c): a 64 KiB buffer, readers sleep while it is empty and writers while it is
// full; EOF when every writer has closed, EPIPE (and SIGPIPE) when every reader has.
import * as E from '../errno';
import { WaitQueue, wakeUpAll, type Waker } from '../sched/wait';
import { File, BLOCK } from './file';
import type { Inode } from './inode';
import type { Task } from '../sched/task';
import { O_RDONLY, O_WRONLY, SIGPIPE } from '../uapi';

const PIPE_BUF_SIZE = 65536;
const FIFO_MODE = 0o010600;

export function createPipe(waker: Waker, signal: (task: Task, sig: number) => void): [File, File] {
  let buf: number[] = [];
  let readers = 1;
  let writers = 1;
  const readWait = new WaitQueue('pipe_read');
  const writeWait = new WaitQueue('pipe_write');
  const inode: Inode = { mode: FIFO_MODE, size: () => buf.length, mtimeNs: () => 0, open: () => -E.ENXIO };
  const r = new File(
    {
      read(_f, out) {
        if (buf.length === 0) return writers === 0 ? 0 : BLOCK;
        const n = Math.min(out.length, buf.length);
        for (let i = 0; i < n; i++) out[i] = buf[i];
        buf = buf.slice(n);
        wakeUpAll(writeWait, waker);
        return n;
      },
      write: () => -E.EBADF,
      release() {
        readers--;
        wakeUpAll(writeWait, waker);
      },
    },
    O_RDONLY, inode, 'pipe:',
  );
  const w = new File(
    {
      read: () => -E.EBADF,
      write(_f, data, task) {
        if (readers === 0) {
          signal(task, SIGPIPE); // to the writer, as pipe_write() does
          return -E.EPIPE;
        }
        const room = PIPE_BUF_SIZE - buf.length;
        if (room === 0) return BLOCK;
        const n = Math.min(room, data.length);
        for (let i = 0; i < n; i++) buf.push(data[i]);
        wakeUpAll(readWait, waker);
        return n;
      },
      release() {
        writers--;
        wakeUpAll(readWait, waker);
      },
    },
    O_WRONLY, inode, 'pipe:',
  );
  r.wq = readWait;
  w.wq = writeWait;
  return [r, w];
}
