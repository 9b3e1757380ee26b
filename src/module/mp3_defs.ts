// mp3.h: the module's constants and its one state structure (the C file's `static` variables).
import type { KernelApi } from '../kernel/api';
import type { ListHead } from '../kernel/list';
import type { Mutex } from '../kernel/locking';
import type { ProcDirEntry } from '../kernel/fs/procfs';
import type { Cdev } from '../kernel/fs/char_dev';
import type { DelayedWork, WorkqueueStruct } from '../kernel/workqueue';
import type { Task } from '../kernel/sched/task';

export const PROC_DIRNAME = 'mp3';
export const PROC_FILENAME = 'status';
/** /proc/mp3/status is world-writable: `work` runs as a normal user and registers itself. */
export const PROC_MODE = 0o666;
/** The character device the monitor maps: `mknod node c 423 0`. */
export const MP3_MAJOR = 423;
export const MP3_MINOR = 0;
export const DEVICE_NAME = 'mp3';
/** 128 pages of 4 KiB = 512 KiB of profiler buffer. */
export const BUFFER_PAGES = 128;
/** The ring holds 12000 samples of 4 longs: the given monitor's BUFD_MAX. */
export const BUFD_MAX = 48000;
export const LONGS_PER_SAMPLE = 4;
/** 20 samples a second. */
export const SAMPLE_PERIOD_MS = 50;

/** struct mp3_task_struct: one registered process. */
export interface Mp3Task {
  pid: number;
  linux_task: Task;
  list: ListHead<Mp3Task>;
}

/** Everything the C module keeps in file-scope statics. */
export interface Mp3State {
  k: KernelApi;
  proc_dir: ProcDirEntry | null;
  proc_entry: ProcDirEntry | null;
  task_list: ListHead<Mp3Task>;
  /** Protects task_list (taken by the proc handlers and the work function). */
  list_lock: Mutex;
  /** Protects buffer_index. */
  buffer_lock: Mutex;
  wq: WorkqueueStruct | null;
  profiler_work: DelayedWork | null;
  /** vmalloc'd profiler buffer (a kernel address; 0 is NULL). */
  buffer: number;
  /** Next long to write in the ring, in [0, BUFD_MAX). */
  buffer_index: number;
  cdev: Cdev | null;
  dev: number;
}
