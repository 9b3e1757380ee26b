// struct file, struct file_operations and the per-task descriptor table (fs/file.c).
import type { Task } from '../sched/task';
import type { Vma } from '../mm/mm_types';
import type { Inode } from './inode';
import type { WaitQueue } from '../sched/wait';

/** Returned by a file operation that must sleep; the system call is re-run after the wake-up. */
export const BLOCK = Symbol('BLOCK');
export type Blocking<T> = T | typeof BLOCK;

/**
 * struct file_operations. Buffers are the program's own bytes (the syscall layer has already
 * checked them, as access_ok() would). Return values are byte counts or -errno.
 */
export interface FileOperations {
  /** THIS_MODULE for a module's device: an open file pins the module (rmmod → EBUSY). */
  owner?: { refcount: number };
  open?(inode: Inode, file: File): number;
  release?(inode: Inode, file: File): number | void;
  read?(file: File, buf: Uint8Array, task: Task): Blocking<number>;
  write?(file: File, data: Uint8Array, task: Task): Blocking<number>;
  mmap?(file: File, vma: Vma): number;
  ioctl?(file: File, request: number, arg: unknown, task: Task): number | object;
  llseek?(file: File, offset: number, whence: number): number;
}

export class File {
  f_pos = 0;
  private_data: unknown = undefined;
  /** Where a read or write that returned BLOCK sleeps (the device's wait queue). */
  wq: WaitQueue | undefined = undefined;
  /** Where a write that returned BLOCK sleeps when that is not `wq` (a terminal's stopped output). */
  writeWq: WaitQueue | undefined = undefined;
  /** References from descriptors and mappings; release() runs when the last one goes. */
  refs = 1;

  constructor(
    readonly f_op: FileOperations,
    readonly f_flags: number,
    readonly inode: Inode,
    readonly path: string,
  ) {}

  get() {
    this.refs++;
    return this;
  }

  /** fput(): drops a reference and releases the file with the last one. */
  put(): void {
    if (--this.refs > 0) return;
    this.f_op.release?.(this.inode, this);
    if (this.f_op.owner) this.f_op.owner.refcount--;
  }
}

/** RLIMIT_NOFILE default soft limit. */
export const NR_OPEN_DEFAULT = 1024;

export class FdTable {
  readonly fds: (File | undefined)[] = [];

  install(file: File, min = 0): number {
    for (let fd = min; fd < NR_OPEN_DEFAULT; fd++) {
      if (!this.fds[fd]) {
        this.fds[fd] = file;
        return fd;
      }
    }
    return -1;
  }

  get(fd: number): File | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.fds[fd] : undefined;
  }

  set(fd: number, file: File | undefined): void {
    const old = this.fds[fd];
    this.fds[fd] = file;
    old?.put();
  }

  /** dup_fd() for fork: every descriptor shared with the child. */
  clone(): FdTable {
    const t = new FdTable();
    this.fds.forEach((f, i) => {
      if (f) t.fds[i] = f.get();
    });
    return t;
  }

  closeAll(): void {
    this.fds.forEach((f, i) => {
      if (f) {
        this.fds[i] = undefined;
        f.put();
      }
    });
  }
}
