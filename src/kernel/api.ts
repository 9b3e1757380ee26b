// The kernel API a module is written against: the same names and semantics as Linux 5.15, so a
// module here reads like the C a student writes. Each loaded module gets its own instance of
// this object, so that what it allocates is attributed to it (and leaks can be reported).
//
// Conventions that stand in for C:
//   pointers to kernel memory are numbers (0 is NULL); `*(unsigned long *)p` is load_ulong(p)
//   and `*(unsigned long *)p = v` is store_ulong(p, v);
//   out-parameters are small objects ({ value }) and structs are plain objects;
//   functions return 0 or -errno exactly as in Linux.
import type { Kernel } from './kernel';
import type { LoadedModule } from './module';
import * as E from './errno';
import { PAGE_SIZE, PAGE_SHIFT } from './config';
import { PG_reserved } from './mm/page_alloc';
import { VM_DONTEXPAND, VM_IO, VM_PFNMAP, type Vma } from './mm/mm_types';
import type { ProcDirEntry, ProcOps, UserPtr, LoffT } from './fs/procfs';
import type { FileOperations } from './fs/file';
import type { Cdev } from './fs/char_dev';
import { DelayedWork, WorkStruct, type WorkqueueStruct } from './workqueue';
import { Mutex, Spinlock } from './locking';
import type { Task } from './sched/task';
import { makedev, major, minor } from './uapi';
import { KERNEL_HELPER_NAMES, KernelFault, type ModuleEntry } from './oops';
import { CPU_RELAX_NS } from './watchdog';
import { TimerList } from './timer';

/** struct page, as vmalloc_to_page() returns it. */
export interface Page {
  readonly pfn: number;
}

/** What the lab's get_cpu_use() fills in. */
export interface CpuUse {
  min_flt: number;
  maj_flt: number;
  utime: number;
  stime: number;
}

export const GFP_KERNEL = 0xcc0;
export const WQ_UNBOUND = 1 << 1;
export const WQ_MEM_RECLAIM = 1 << 3;

export function createModuleApi(k: Kernel, mod: LoadedModule) {
  const owner = mod.name;
  const warn = (msg: string) => k.printk(msg);
  const live = new Set<object>();

  const api = {
    THIS_MODULE: mod,
    PAGE_SIZE,
    PAGE_SHIFT,
    GFP_KERNEL,

    // --- printk ---------------------------------------------------------------------------
    printk: (msg: string): void => k.printk(msg),
    pr_info: (msg: string): void => k.printk(`<6>${msg}`),
    pr_warn: (msg: string): void => k.printk(`<4>${msg}`),
    pr_err: (msg: string): void => k.printk(`<3>${msg}`),

    // --- time -------------------------------------------------------------------------------
    /** The global `jiffies`. */
    get jiffies(): number {
      return k.clock.jiffies;
    },
    HZ: k.clock.hz,
    msecs_to_jiffies: (ms: number): number => k.clock.msecsToJiffies(ms),
    jiffies_to_msecs: (j: number): number => k.clock.jiffiesToMsecs(j),

    // --- memory -----------------------------------------------------------------------------
    /** kmalloc(sizeof(*obj), flags): registers obj as an allocation; returns it (or null). */
    kmalloc<T extends object>(obj: T, _flags: number = GFP_KERNEL): T | null {
      live.add(obj);
      k.slabObjects++;
      return obj;
    },
    kzalloc<T extends object>(obj: T, flags: number = GFP_KERNEL): T | null {
      return api.kmalloc(obj, flags);
    },
    kfree(obj: object | null | undefined): void {
      if (!obj) return;
      if (!live.delete(obj)) {
        warn(`<0>BUG: kfree() of an object that is not allocated (double free?) in ${owner}`);
        return;
      }
      k.slabObjects--;
    },
    vmalloc: (size: number): number => k.vmalloc.alloc(size, owner),
    vzalloc: (size: number): number => k.vmalloc.alloc(size, owner),
    vfree(addr: number): void {
      const area = k.vmalloc.find(addr);
      if (area) {
        const reserved = area.pfns.find((p) => k.phys.flags[p] & PG_reserved);
        if (reserved !== undefined) {
          warn(`<1>BUG: Bad page state in process rmmod  pfn:${reserved.toString(16)} page flags: reserved (vfree of a page still marked PG_reserved; call ClearPageReserved first)`);
          return;
        }
      }
      const err = k.vmalloc.free(addr);
      if (err) warn(`<4>${err}`);
    },
    vmalloc_to_pfn: (addr: number): number => k.vmalloc.toPfn(addr),
    vmalloc_to_page(addr: number): Page | null {
      const pfn = k.vmalloc.toPfn(addr);
      return pfn < 0 ? null : { pfn };
    },
    page_to_pfn: (page: Page): number => page.pfn,
    SetPageReserved: (page: Page): void => void (k.phys.flags[page.pfn] |= PG_reserved),
    ClearPageReserved: (page: Page): void => void (k.phys.flags[page.pfn] &= ~PG_reserved),
    PageReserved: (page: Page): boolean => (k.phys.flags[page.pfn] & PG_reserved) !== 0,
    /** memset() over vmalloc memory. */
    memset(addr: number, c: number, n: number): void {
      for (let off = 0; off < n; ) {
        const pfn = k.vmalloc.toPfn(addr + off);
        if (pfn < 0) throw badAccess(addr + off, 'write');
        const inPage = (addr + off) % PAGE_SIZE;
        const len = Math.min(PAGE_SIZE - inPage, n - off);
        if (inPage === 0 && len === PAGE_SIZE) k.phys.fill(pfn, c & 0xff);
        else new Uint8Array(k.phys.bytes(pfn).buffer, inPage, len).fill(c & 0xff);
        off += len;
      }
    },
    /** *(unsigned long *)addr, as a signed 64-bit value (-1 for all ones). */
    load_ulong(addr: number): number {
      const pfn = k.vmalloc.toPfn(addr);
      if (pfn < 0 || addr % 8) throw badAccess(addr, 'read');
      return k.phys.load64(pfn, addr % PAGE_SIZE);
    },
    /** *(unsigned long *)addr = value. */
    store_ulong(addr: number, value: number): void {
      const pfn = k.vmalloc.toPfn(addr);
      if (pfn < 0 || addr % 8) throw badAccess(addr, 'write');
      k.phys.store64(pfn, addr % PAGE_SIZE, value);
    },

    // --- user memory ------------------------------------------------------------------------
    /** copy_from_user(): returns the number of bytes NOT copied (0 on success). */
    copy_from_user(to: Uint8Array, from: UserPtr, n: number): number {
      const src = from.__user;
      const len = Math.max(0, Math.min(n, src.length, to.length));
      to.set(src.subarray(0, len));
      return n - len;
    },
    copy_to_user(to: UserPtr, from: Uint8Array, n: number): number {
      const dst = to.__user;
      const len = Math.max(0, Math.min(n, dst.length, from.length));
      dst.set(from.subarray(0, len));
      return n - len;
    },
    /** simple_read_from_buffer(): the usual read handler body for a text buffer. */
    simple_read_from_buffer(to: UserPtr, count: number, ppos: LoffT, from: Uint8Array): number {
      const pos = ppos.value;
      if (pos < 0) return -E.EINVAL;
      if (pos >= from.length || count === 0) return 0;
      const n = Math.min(count, from.length - pos);
      const left = api.copy_to_user(to, from.subarray(pos, pos + n), n);
      if (left === n) return -E.EFAULT;
      ppos.value = pos + n - left;
      return n - left;
    },
    /** kstrtoint(): whole string (one trailing newline allowed) in the base; -EINVAL/-ERANGE. */
    kstrtoint(s: string, base: number, res: { value: number }): number {
      return kstrto(s, base, res, -(2 ** 31), 2 ** 31 - 1);
    },
    kstrtoul(s: string, base: number, res: { value: number }): number {
      return kstrto(s, base, res, 0, Number.MAX_SAFE_INTEGER);
    },

    // --- procfs -----------------------------------------------------------------------------
    proc_mkdir: (name: string, parent: ProcDirEntry | null): ProcDirEntry | null => k.procfs.mkdir(name, parent ?? undefined, owner) ?? null,
    proc_create: (name: string, mode: number, parent: ProcDirEntry | null, ops: ProcOps): ProcDirEntry | null =>
      k.procfs.create(name, mode, parent ?? undefined, guardProcOps(ops), owner) ?? null,
    remove_proc_entry: (name: string, parent: ProcDirEntry | null): void => k.procfs.remove(name, parent ?? undefined),
    proc_remove: (entry: ProcDirEntry | null): void => k.procfs.removeTree(entry ?? undefined),

    // --- character devices ------------------------------------------------------------------
    MKDEV: makedev,
    MAJOR: major,
    MINOR: minor,
    register_chrdev_region: (first: number, count: number, name: string): number => k.chrdevs.registerRegion(first, count, name, owner),
    alloc_chrdev_region(dev: { value: number }, firstminor: number, count: number, name: string): number {
      for (let m = 511; m >= 234; m--) {
        const first = makedev(m, firstminor);
        if (k.chrdevs.registerRegion(first, count, name, owner) === 0) {
          dev.value = first;
          return 0;
        }
      }
      return -E.EBUSY;
    },
    unregister_chrdev_region: (first: number, count: number): void => k.chrdevs.unregisterRegion(first, count),
    /** cdev_init(): returns the initialised struct cdev (TypeScript cannot init in place). */
    cdev_init: (fops: FileOperations): Cdev => ({ ops: guardFileOps(fops), dev: 0, count: 0, added: false, owner }),
    cdev_add: (cdev: Cdev, dev: number, count: number): number => k.chrdevs.add(cdev, dev, count),
    cdev_del: (cdev: Cdev): void => k.chrdevs.del(cdev),
    /**
     * remap_pfn_range(): maps [addr, addr+size) of the user mapping to consecutive frames from
     * pfn. Marks the VMA VM_IO | VM_PFNMAP | VM_DONTEXPAND, as the kernel does.
     */
    remap_pfn_range(vma: Vma, addr: number, pfn: number, size: number, _prot: number): number {
      if (addr % PAGE_SIZE || size % PAGE_SIZE || addr < vma.vm_start || addr + size > vma.vm_end) return -E.EINVAL;
      const mm = vma.vm_mm;
      if (!mm) return -E.EINVAL;
      for (let i = 0; i < size / PAGE_SIZE; i++) {
        const p = pfn + i;
        if (p < 0 || p >= k.phys.nrFrames) return -E.EINVAL;
        mm.setPte(addr / PAGE_SIZE + i, p + 1);
      }
      vma.vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND;
      return 0;
    },

    // --- workqueues -------------------------------------------------------------------------
    alloc_workqueue: (name: string, flags: number, maxActive: number): WorkqueueStruct | null => k.workqueues.alloc(name, flags, maxActive, owner),
    create_workqueue: (name: string): WorkqueueStruct | null => k.workqueues.alloc(name, WQ_MEM_RECLAIM, 1, owner),
    create_singlethread_workqueue: (name: string): WorkqueueStruct | null => k.workqueues.alloc(name, WQ_UNBOUND | WQ_MEM_RECLAIM, 1, owner),
    destroy_workqueue: (wq: WorkqueueStruct | null): void => {
      if (wq) k.workqueues.destroy(wq);
    },
    flush_workqueue: (wq: WorkqueueStruct): void => k.workqueues.flush(wq),
    /** INIT_WORK(): returns the initialised work_struct. */
    INIT_WORK: (fn: (work: WorkStruct) => void): WorkStruct => new WorkStruct(guardWork(fn)),
    /** INIT_DELAYED_WORK(): returns the initialised delayed_work. */
    INIT_DELAYED_WORK: (fn: (work: WorkStruct) => void): DelayedWork => new DelayedWork(guardWork(fn)),
    queue_work: (wq: WorkqueueStruct, work: WorkStruct): boolean => k.workqueues.queueWork(wq, work),
    queue_delayed_work: (wq: WorkqueueStruct, dwork: DelayedWork, delay: number): boolean => k.workqueues.queueDelayedWork(wq, dwork, delay),
    cancel_delayed_work: (dwork: DelayedWork): boolean => k.workqueues.cancelDelayedWorkSync(dwork),
    cancel_delayed_work_sync: (dwork: DelayedWork): boolean => k.workqueues.cancelDelayedWorkSync(dwork),
    cancel_work_sync: (work: WorkStruct): boolean => k.workqueues.cancelWorkSync(work),
    /** to_delayed_work(): container_of for a delayed work's embedded work_struct. */
    to_delayed_work: (work: WorkStruct): DelayedWork => work as DelayedWork,

    // --- timers (kernel/time/timer.c) ---------------------------------------------------------
    /** timer_setup(): returns the initialised timer_list; its function runs in softirq context. */
    timer_setup(fn: (t: TimerList) => void, _flags = 0): TimerList {
      const t: TimerList = new TimerList(() => k.callModule(mod, 'timer', () => fn(t), () => undefined, fn.name || 'timer_fn'));
      return t;
    },
    mod_timer: (t: TimerList, expires: number): number => k.timers.mod(t, expires),
    add_timer: (t: TimerList): void => void k.timers.mod(t, t.expires),
    del_timer: (t: TimerList): number => k.timers.del(t),
    del_timer_sync: (t: TimerList): number => k.timers.del(t),

    // --- the watchdog -----------------------------------------------------------------------
    /**
     * cpu_relax(): the pause in a busy-wait loop. It does not schedule, so a loop that never
     * ends is a soft lockup, as in Linux; each call charges the watchdog CPU_RELAX_NS.
     */
    cpu_relax: (): void => k.watchdog.charge(CPU_RELAX_NS),

    // --- locking ----------------------------------------------------------------------------
    DEFINE_MUTEX: (name: string): Mutex => new Mutex(name),
    mutex_init: (name = 'mutex'): Mutex => new Mutex(name),
    mutex_lock: (m: Mutex): void => k.locks.lock(m, k.currentContext()),
    mutex_lock_interruptible(m: Mutex): number {
      k.locks.lock(m, k.currentContext());
      return 0;
    },
    mutex_unlock: (m: Mutex): void => k.locks.unlock(m),
    mutex_is_locked: (m: Mutex): boolean => m.owner !== undefined,
    DEFINE_SPINLOCK: (name: string): Spinlock => new Spinlock(name),
    spin_lock_init: (name = 'spinlock'): Spinlock => new Spinlock(name),
    spin_lock: (s: Spinlock): void => k.locks.spinLock(s),
    spin_unlock: (s: Spinlock): void => k.locks.spinUnlock(s),
    spin_lock_irqsave: (s: Spinlock, _flags?: { value: number }): void => k.locks.spinLock(s),
    spin_unlock_irqrestore: (s: Spinlock, _flags?: number): void => k.locks.spinUnlock(s),

    // --- tasks ------------------------------------------------------------------------------
    /** find_task_by_pid (the lab's helper over find_vpid + pid_task): the task or null. */
    find_task_by_pid: (pid: number): Task | null => k.sched.tasks.get(pid) ?? null,
    /** The pid of `current` (the task in whose context the module code runs). */
    current_pid: (): number => k.current?.pid ?? 0,
    /**
     * The lab's get_cpu_use() (mp3_given.h): copies the task's fault counters and CPU time and
     * resets them to zero, so each sample holds the counts since the previous one. Returns -1
     * when the PID no longer exists.
     */
    get_cpu_use(pid: number, out: CpuUse): number {
      const t = k.sched.tasks.get(pid);
      if (!t || t.state === 'X') return -1;
      out.min_flt = t.min_flt;
      out.maj_flt = t.maj_flt;
      out.utime = t.utime;
      out.stime = t.stime;
      t.min_flt = 0;
      t.maj_flt = 0;
      t.utime = 0;
      t.stime = 0;
      return 0;
    },

    /** Allocations still live (the loader's leak check reads it after exit). */
    liveAllocations: (): number => live.size,
  };
  /** Module callbacks handed to the kernel run behind the guard (oops.ts). */
  function guarded<A extends unknown[], R>(entry: ModuleEntry, fn: (...a: A) => R, onFault: R): (...a: A) => R {
    const name = fn.name || entry;
    return (...a: A): R => k.callModule(mod, entry, () => fn(...a), () => onFault, name);
  }
  function guardProcOps(ops: ProcOps): ProcOps {
    const g: ProcOps = {};
    if (ops.proc_open) g.proc_open = guarded('proc_open', ops.proc_open.bind(ops), -E.EFAULT);
    if (ops.proc_read) g.proc_read = guarded('proc_read', ops.proc_read.bind(ops), -E.EFAULT);
    if (ops.proc_write) g.proc_write = guarded('proc_write', ops.proc_write.bind(ops), -E.EFAULT);
    if (ops.proc_release) g.proc_release = guarded('proc_release', ops.proc_release.bind(ops), 0);
    return g;
  }
  function guardFileOps(f: FileOperations): FileOperations {
    const g: FileOperations = { owner: f.owner };
    if (f.open) g.open = guarded('open', f.open.bind(f), -E.EFAULT);
    if (f.release) g.release = guarded('release', f.release.bind(f), 0);
    if (f.read) g.read = guarded('read', f.read.bind(f), -E.EFAULT);
    if (f.write) g.write = guarded('write', f.write.bind(f), -E.EFAULT);
    if (f.ioctl) g.ioctl = guarded('ioctl', f.ioctl.bind(f), -E.EFAULT);
    if (f.llseek) g.llseek = guarded('llseek', f.llseek.bind(f), -E.EFAULT);
    if (f.mmap) {
      const mmap = guarded('mmap', f.mmap.bind(f), -E.EFAULT);
      g.mmap = (file, vma) => {
        const r = mmap(file, vma);
        // vm_operations_struct set by the driver: its callbacks are module code too
        const ops = vma.vm_ops;
        if (r === 0 && ops) {
          vma.vm_ops = {
            ...ops,
            open: ops.open && guarded('vm_open', ops.open.bind(ops), undefined),
            close: ops.close && guarded('vm_close', ops.close.bind(ops), undefined),
          };
        }
        return r;
      };
    }
    return g;
  }
  /** A work function runs in the kworker; after rmmod its code is gone (the ifetch Oops). */
  function guardWork(fn: (work: WorkStruct) => void): (work: WorkStruct) => void {
    const name = fn.name || 'work_fn';
    const run = (work: WorkStruct): void => k.inKworker(() => k.callModule(mod, 'work', () => fn(work), () => undefined, name));
    // show_pwq() and the Oops print the work function's own name
    return Object.defineProperty(run, 'name', { value: name });
  }
  function badAccess(addr: number, access: 'read' | 'write'): KernelFault {
    return new KernelFault(addr >= 0 && addr < PAGE_SIZE ? 'null-deref' : 'page-fault', addr, access);
  }

  for (const name of [...Object.keys(api), 'guarded', 'badAccess', 'kstrto', 'charge']) KERNEL_HELPER_NAMES.add(name);
  return api;
}

export type KernelApi = ReturnType<typeof createModuleApi>;

function kstrto(s: string, base: number, res: { value: number }, min: number, max: number): number {
  const text = s.endsWith('\n') ? s.slice(0, -1) : s;
  let b = base;
  let body = text.startsWith('+') ? text.slice(1) : text;
  let neg = false;
  if (min < 0 && body.startsWith('-')) {
    neg = true;
    body = body.slice(1);
  }
  if (b === 0) {
    if (/^0x/i.test(body)) {
      b = 16;
      body = body.slice(2);
    } else if (body.length > 1 && body.startsWith('0')) b = 8;
    else b = 10;
  } else if (b === 16 && /^0x/i.test(body)) body = body.slice(2);
  const digits = b === 16 ? /^[0-9a-f]+$/i : b === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) return -E.EINVAL;
  const v = parseInt(body, b) * (neg ? -1 : 1);
  if (!Number.isSafeInteger(v) || v < min || v > max) return -E.ERANGE;
  res.value = v;
  return 0;
}
