// /proc/mp3/status: write "R <pid>" to register, "U <pid>" to unregister; read lists the
// registered PIDs, one per line. Unlike the real lab's modules, a bad request fails with an
// errno and changes nothing: EINVAL (malformed), ESRCH (no such process), EEXIST (already
// registered), ENOENT (not registered).
import { EEXIST, EFAULT, EINVAL, ENOENT, ESRCH } from '../kernel/errno';
import { ListHead, list_add_tail, list_del, list_empty, list_for_each_entry_safe } from '../kernel/list';
import type { File } from '../kernel/fs/file';
import type { LoffT, ProcOps, UserPtr } from '../kernel/fs/procfs';
import { SAMPLE_PERIOD_MS, type Mp3State, type Mp3Task } from './mp3_defs';

/** Longest request accepted: "U 4194304\n" and then some. */
const MAX_REQUEST = 64;
const dec = new TextDecoder();
const enc = new TextEncoder();

function find_task(s: Mp3State, pid: number): Mp3Task | undefined {
  for (const t of list_for_each_entry_safe(s.task_list)) if (t.pid === pid) return t;
  return undefined;
}

function mp3_register(s: Mp3State, pid: number): number {
  const { k } = s;
  const task = k.find_task_by_pid(pid);
  if (!task || task.state === 'Z' || task.state === 'X') return -ESRCH;
  k.mutex_lock(s.list_lock);
  if (find_task(s, pid)) {
    k.mutex_unlock(s.list_lock);
    return -EEXIST;
  }
  const entry = k.kmalloc<Mp3Task>({ pid, linux_task: task, list: undefined as unknown as ListHead<Mp3Task> }, k.GFP_KERNEL);
  if (!entry) {
    k.mutex_unlock(s.list_lock);
    return -12;
  }
  entry.list = new ListHead(entry);
  const wasEmpty = list_empty(s.task_list);
  list_add_tail(entry.list, s.task_list);
  k.mutex_unlock(s.list_lock);
  // The first process starts the sampling.
  if (wasEmpty) k.queue_delayed_work(s.wq!, s.profiler_work!, k.msecs_to_jiffies(SAMPLE_PERIOD_MS));
  return 0;
}

function mp3_unregister(s: Mp3State, pid: number): number {
  const { k } = s;
  k.mutex_lock(s.list_lock);
  const entry = find_task(s, pid);
  if (!entry) {
    k.mutex_unlock(s.list_lock);
    return -ENOENT;
  }
  list_del(entry.list);
  k.kfree(entry);
  const nowEmpty = list_empty(s.task_list);
  k.mutex_unlock(s.list_lock);
  // The last one stops it. Never cancel_delayed_work_sync() under list_lock: the work
  // function takes that lock, and waiting for it while holding it deadlocks.
  if (nowEmpty) k.cancel_delayed_work_sync(s.profiler_work!);
  return 0;
}

export function mp3_write(s: Mp3State, _file: File, buf: UserPtr, count: number, _ppos: LoffT): number {
  const { k } = s;
  if (count === 0) return -EINVAL;
  if (count > MAX_REQUEST) return -EINVAL;
  const kbuf = new Uint8Array(count);
  if (k.copy_from_user(kbuf, buf, count)) return -EFAULT;
  const line = dec.decode(kbuf);
  // "R 1234" or "U 1234", one optional trailing newline (what echo appends).
  const m = /^([RU]) ([^\n]*)\n?$/.exec(line);
  if (!m) return -EINVAL;
  const pid = { value: 0 };
  if (k.kstrtoint(m[2], 10, pid) || pid.value <= 0) return -EINVAL;
  const r = m[1] === 'R' ? mp3_register(s, pid.value) : mp3_unregister(s, pid.value);
  return r < 0 ? r : count;
}

export function mp3_read(s: Mp3State, _file: File, buf: UserPtr, count: number, ppos: LoffT): number {
  const { k } = s;
  let text = '';
  k.mutex_lock(s.list_lock);
  for (const t of list_for_each_entry_safe(s.task_list)) text += `${t.pid}\n`;
  k.mutex_unlock(s.list_lock);
  // A second read at the same offset returns 0: end of file.
  return k.simple_read_from_buffer(buf, count, ppos, enc.encode(text));
}

export function mp3_proc_ops(s: Mp3State): ProcOps {
  return {
    proc_read: (file, buf, count, ppos) => mp3_read(s, file, buf, count, ppos),
    proc_write: (file, buf, count, ppos) => mp3_write(s, file, buf, count, ppos),
  };
}

/** At unload: free every entry left on the list (processes still registered). */
export function task_list_free(s: Mp3State): void {
  const { k } = s;
  k.mutex_lock(s.list_lock);
  for (const t of list_for_each_entry_safe(s.task_list)) {
    list_del(t.list);
    k.kfree(t);
  }
  k.mutex_unlock(s.list_lock);
}
