// The sampling work: every 50 ms, sum the registered processes' fault counts and CPU time
// since the last sample (get_cpu_use() resets them) and append one sample of four longs:
// jiffies, minor faults, major faults, utime + stime. No floating point: utilization is the
// user's computation, afterwards.
import { list_del, list_empty, list_for_each_entry_safe } from '../kernel/list';
import type { CpuUse } from '../kernel/api';
import type { WorkStruct } from '../kernel/workqueue';
import { BUFD_MAX, SAMPLE_PERIOD_MS, type Mp3State } from './mp3_defs';
import { buffer_put } from './mp3_buffer';

export function profiler_work_fn(s: Mp3State, _work: WorkStruct): void {
  const { k } = s;
  let min_flt = 0;
  let maj_flt = 0;
  let cpu = 0;
  const use: CpuUse = { min_flt: 0, maj_flt: 0, utime: 0, stime: 0 };

  k.mutex_lock(s.list_lock);
  for (const t of list_for_each_entry_safe(s.task_list)) {
    if (k.get_cpu_use(t.pid, use) === -1) {
      // The process is gone: drop it, as a careful module does.
      list_del(t.list);
      k.kfree(t);
      continue;
    }
    min_flt += use.min_flt;
    maj_flt += use.maj_flt;
    cpu += use.utime + use.stime;
  }
  const anyone = !list_empty(s.task_list);
  k.mutex_unlock(s.list_lock);

  k.mutex_lock(s.buffer_lock);
  buffer_put(s, k.jiffies, BUFD_MAX);
  buffer_put(s, min_flt, BUFD_MAX);
  buffer_put(s, maj_flt, BUFD_MAX);
  buffer_put(s, cpu, BUFD_MAX);
  k.mutex_unlock(s.buffer_lock);

  // Re-arm while someone is registered; the last unregister cancels it.
  if (anyone) k.queue_delayed_work(s.wq!, s.profiler_work!, k.msecs_to_jiffies(SAMPLE_PERIOD_MS));
}
