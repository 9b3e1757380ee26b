// mp3.ko: the virtual-memory page-fault profiler, as a good student solution writes it.
// mp3_init sets everything up in order and unwinds on any failure (the goto-ladder of C);
// mp3_exit undoes all of it in reverse, so that the module can be loaded again at once.
import type { ModuleImage } from '../kernel/module';
import type { KernelApi } from '../kernel/api';
import { ENOMEM } from '../kernel/errno';
import { ListHead } from '../kernel/list';
import { PROC_DIRNAME, PROC_FILENAME, PROC_MODE, type Mp3State } from './mp3_defs';
import { buffer_alloc, buffer_free } from './mp3_buffer';
import { mp3_proc_ops, task_list_free } from './mp3_proc';
import { profiler_work_fn } from './mp3_profiler';
import { chrdev_setup, chrdev_teardown } from './mp3_chrdev';

function mp3_init(s: Mp3State): number {
  const { k } = s;
  s.proc_dir = k.proc_mkdir(PROC_DIRNAME, null);
  if (!s.proc_dir) return -ENOMEM;
  s.proc_entry = k.proc_create(PROC_FILENAME, PROC_MODE, s.proc_dir, mp3_proc_ops(s));
  if (!s.proc_entry) {
    k.remove_proc_entry(PROC_DIRNAME, null);
    return -ENOMEM;
  }
  let err = buffer_alloc(s);
  if (err) {
    k.remove_proc_entry(PROC_FILENAME, s.proc_dir);
    k.remove_proc_entry(PROC_DIRNAME, null);
    return err;
  }
  s.wq = k.create_singlethread_workqueue('mp3_wq');
  if (!s.wq) {
    buffer_free(s);
    k.remove_proc_entry(PROC_FILENAME, s.proc_dir);
    k.remove_proc_entry(PROC_DIRNAME, null);
    return -ENOMEM;
  }
  s.profiler_work = k.INIT_DELAYED_WORK((work) => profiler_work_fn(s, work));
  err = chrdev_setup(s);
  if (err) {
    k.destroy_workqueue(s.wq);
    buffer_free(s);
    k.remove_proc_entry(PROC_FILENAME, s.proc_dir);
    k.remove_proc_entry(PROC_DIRNAME, null);
    return err;
  }
  k.pr_info('mp3: module loaded\n');
  return 0;
}

function mp3_exit(s: Mp3State): void {
  const { k } = s;
  // Stop sampling first, then take down what the work function uses.
  k.cancel_delayed_work_sync(s.profiler_work!);
  k.flush_workqueue(s.wq!);
  k.destroy_workqueue(s.wq);
  s.wq = null;
  chrdev_teardown(s);
  task_list_free(s);
  buffer_free(s);
  k.remove_proc_entry(PROC_FILENAME, s.proc_dir);
  k.remove_proc_entry(PROC_DIRNAME, null);
  k.pr_info('mp3: module unloaded\n');
}

export const mp3Module: ModuleImage = {
  name: 'mp3',
  license: 'GPL',
  description: 'Virtual memory page fault profiler (MP3)',
  author: 'Kernel Memory Lab',
  size: 20480,
  create(k: KernelApi) {
    const s: Mp3State = {
      k,
      proc_dir: null,
      proc_entry: null,
      task_list: new ListHead(),
      list_lock: k.DEFINE_MUTEX('mp3_list_lock'),
      buffer_lock: k.DEFINE_MUTEX('mp3_buffer_lock'),
      wq: null,
      profiler_work: null,
      buffer: 0,
      buffer_index: 0,
      cdev: null,
      dev: 0,
    };
    return { init: () => mp3_init(s), exit: () => mp3_exit(s) };
  },
};
