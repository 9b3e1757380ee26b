// The system-call table (arch/x86/entry/syscalls/syscall_64.tbl, in spirit): argument checks,
// then the work. Every error is a -errno return; nothing here throws on bad input from a
// program, and a failed call changes no state.
import type { Kernel } from './kernel';
import type { Task } from './sched/task';
import * as E from './errno';
import { BLOCK } from './fs/file';
import { WaitQueue } from './sched/wait';
import { normalizePath, splitPath, lookupPath, openPath } from './fs/vfs';
import { createPipe } from './fs/pipe';
import { PAGE_SIZE } from './config';
import { Vma, VM_READ, VM_WRITE, VM_SHARED, TASK_SIZE } from './mm/mm_types';
import { createModuleApi } from './api';
import type { LoadedModule } from './module';
import type { HostCallState } from './host_call';
import type { ModuleEntry } from './oops';
import {
  O_ACCMODE, O_RDONLY, O_WRONLY, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE, S_IFMT, S_IFCHR, S_IFREG,
  RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD, SIGKILL, WCONTINUED, WNOHANG, WUNTRACED, sys, type SyscallRequest, type AddressStream, type Program,
} from './uapi';

/** The task now sleeps; the call is re-run when it wakes. */
export const SYSCALL_BLOCKED = Symbol('blocked');
/** The task no longer runs this code (exited, or execve replaced it). */
export const SYSCALL_GONE = Symbol('gone');
/** The call started a user-mode access burst. */
export const SYSCALL_BURST = Symbol('burst');
/** execve() succeeded: the task continues in the new program. */
export const SYSCALL_EXEC = Symbol('exec');

type Result = unknown;
type Handler = (k: Kernel, t: Task, a: readonly unknown[]) => Result;

const enc = new TextEncoder();
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const sleepQueues = new WeakMap<Task, WaitQueue>();
/** execve's limits: all argument and environment strings ≤ _STK_LIM / 4, each ≤ 32 pages. */
const ARG_MAX = 2 * 1024 * 1024;
const MAX_ARG_STRLEN = 32 * 4096;
/** The options wait4 accepts (kernel/exit.c): WNOHANG, WUNTRACED, WCONTINUED, __WNOTHREAD, __WALL, __WCLONE. */
const WAIT4_OPTIONS = WNOHANG | WUNTRACED | WCONTINUED | 0x20000000 | 0x40000000 | 0x80000000;

export function dispatchSyscall(k: Kernel, task: Task, req: SyscallRequest): Result {
  const h = req && typeof req === 'object' ? TABLE[req.nr] : undefined;
  if (!h || !Array.isArray(req.args)) return -E.ENOSYS;
  let r: Result;
  try {
    r = h(k, task, req.args);
  } catch (err) {
    // Module code runs behind kernel.callModule; whatever still gets here is a bug in kernel
    // code, and it is contained the same way: an Oops in this task's context, never a
    // JavaScript exception out of the machine.
    r = k.callModule(undefined, SYSCALL_ENTRY[req.nr] ?? 'ioctl', () => {
      throw err;
    }, () => -E.EFAULT);
  }
  // An Oops in this call killed the task (oops.ts): it ends here, as make_task_dead() does.
  if (k.guard.doomed.size) {
    const sig = k.guard.doomed.get(task);
    if (sig !== undefined) {
      k.guard.doomed.delete(task);
      k.doExit(task, sig);
      return SYSCALL_GONE;
    }
  }
  return r;
}

/** The entry kind a system call's trace shows, for an Oops raised by kernel code itself. */
const SYSCALL_ENTRY: Partial<Record<SyscallRequest['nr'], ModuleEntry>> = {
  open: 'open', close: 'release', read: 'read', write: 'write', mmap: 'mmap', munmap: 'vm_close', ioctl: 'ioctl', lseek: 'llseek',
  init_module: 'init', delete_module: 'exit',
};
/** Woken when a module finishes loading (module_wq): a second insmod of a half-loaded module waits. */
const moduleWq = new WeakMap<Kernel, WaitQueue>();

function fileOf(t: Task, fd: unknown) {
  return isInt(fd) ? t.files.get(fd) : undefined;
}

function sleepOnFile(k: Kernel, t: Task, wq: WaitQueue | undefined, wchan: string): Result {
  k.sched.sleepOn(t, wq ?? new WaitQueue(wchan), 'S', wchan);
  return SYSCALL_BLOCKED;
}

function validPath(p: unknown): p is string {
  return isStr(p) && p.length > 0 && p.length < 4096 && !p.includes('\0');
}

const TABLE: Record<SyscallRequest['nr'], Handler> = {
  open(k, t, [path, flags]) {
    if (!validPath(path)) return -E.ENOENT;
    if (!isInt(flags)) return -E.EINVAL;
    const f = openPath(k.root, t, normalizePath(t.cwd, path), flags);
    if (typeof f === 'number') return f;
    const fd = t.files.install(f);
    if (fd < 0) {
      f.put();
      return -E.EMFILE;
    }
    return fd;
  },
  close(_k, t, [fd]) {
    if (!fileOf(t, fd)) return -E.EBADF;
    t.files.set(fd as number, undefined);
    return 0;
  },
  read(k, t, [fd, buf]) {
    const f = fileOf(t, fd);
    if (!f || (f.f_flags & O_ACCMODE) === O_WRONLY) return -E.EBADF;
    if (!(buf instanceof Uint8Array)) return -E.EFAULT;
    if (!f.f_op.read) return -E.EINVAL;
    const r = f.f_op.read(f, buf, t);
    return r === BLOCK ? sleepOnFile(k, t, f.wq, 'read') : r;
  },
  write(k, t, [fd, data]) {
    const f = fileOf(t, fd);
    if (!f || (f.f_flags & O_ACCMODE) === O_RDONLY) return -E.EBADF;
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    if (!(bytes instanceof Uint8Array)) return -E.EFAULT;
    if (!f.f_op.write) return -E.EINVAL;
    const r = f.f_op.write(f, bytes, t);
    return r === BLOCK ? sleepOnFile(k, t, f.writeWq ?? f.wq, 'write') : r;
  },
  lseek(_k, t, [fd, off, whence]) {
    const f = fileOf(t, fd);
    if (!f) return -E.EBADF;
    if (!isInt(off) || !isInt(whence)) return -E.EINVAL;
    return f.f_op.llseek ? f.f_op.llseek(f, off, whence) : -E.ESPIPE;
  },
  dup2(_k, t, [oldfd, newfd]) {
    const f = fileOf(t, oldfd);
    if (!f || !isInt(newfd) || newfd < 0 || newfd >= 1024) return -E.EBADF;
    if (oldfd === newfd) return newfd;
    t.files.set(newfd, f.get());
    return newfd;
  },
  pipe(k, t) {
    const [r, w] = createPipe(k.sched, (writer, sig) => k.sched.sendSignal(writer, sig));
    const rfd = t.files.install(r);
    const wfd = rfd < 0 ? -1 : t.files.install(w);
    if (rfd < 0 || wfd < 0) {
      if (rfd >= 0) t.files.set(rfd, undefined);
      return -E.EMFILE;
    }
    return [rfd, wfd];
  },

  mmap(k, t, [addr, length, prot, flags, fd, offset]) {
    const mm = t.mm;
    if (!mm) return -E.ENOMEM;
    if (!isInt(addr) || !isInt(length) || !isInt(prot) || !isInt(flags) || !isInt(offset)) return -E.EINVAL;
    if (length <= 0 || offset < 0 || offset % PAGE_SIZE) return -E.EINVAL;
    if (!(flags & (MAP_SHARED | MAP_PRIVATE)) || (flags & MAP_SHARED && flags & MAP_PRIVATE)) return -E.EINVAL;
    const len = Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
    if (len > TASK_SIZE / 2) return -E.ENOMEM;
    const start = mm.getUnmappedArea(len);
    if (start < 0) return -E.ENOMEM;
    const vmFlags = (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (flags & MAP_SHARED ? VM_SHARED : 0);
    const vma = new Vma(start, start + len, vmFlags, offset / PAGE_SIZE);
    vma.vm_mm = mm;
    if (flags & MAP_ANONYMOUS) {
      mm.insertVma(vma);
      return start;
    }
    const f = fileOf(t, fd);
    if (!f) return -E.EBADF;
    if (flags & MAP_SHARED && prot & PROT_WRITE && (f.f_flags & O_ACCMODE) !== 2) return -E.EACCES;
    if (!f.f_op.mmap) return -E.ENODEV;
    const r = f.f_op.mmap(f, vma);
    if (r < 0) {
      // the driver refused: undo any PTEs it set
      k.zapRange(mm, vma, vma.vm_start / PAGE_SIZE, vma.vm_end / PAGE_SIZE);
      return r;
    }
    const file = f.get();
    vma.vm_file = { release: () => file.put() };
    mm.insertVma(vma);
    vma.vm_ops?.open?.(vma);
    return start;
  },
  munmap(k, t, [addr, length]) {
    const mm = t.mm;
    if (!mm) return -E.EINVAL;
    if (!isInt(addr) || !isInt(length) || addr % PAGE_SIZE || length <= 0) return -E.EINVAL;
    const start = addr;
    const end = addr + Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
    for (const vma of [...mm.vmas]) {
      if (vma.vm_end <= start || vma.vm_start >= end) continue;
      const s = Math.max(start, vma.vm_start);
      const e = Math.min(end, vma.vm_end);
      if (s === vma.vm_start && e === vma.vm_end) {
        k.unmapVma(mm, vma);
        continue;
      }
      k.zapRange(mm, vma, s / PAGE_SIZE, e / PAGE_SIZE);
      mm.removeVma(vma);
      if (s > vma.vm_start) {
        const head = new Vma(vma.vm_start, s, vma.vm_flags, vma.vm_pgoff);
        head.vm_mm = mm;
        mm.insertVma(head);
      }
      if (e < vma.vm_end) {
        const tail = new Vma(e, vma.vm_end, vma.vm_flags, vma.vm_pgoff + (e - vma.vm_start) / PAGE_SIZE);
        tail.vm_mm = mm;
        mm.insertVma(tail);
      }
    }
    return 0;
  },
  brk: () => -E.ENOMEM,

  getpid: (_k, t) => t.pid,
  gettid: (_k, t) => t.pid,
  getppid: (_k, t) => t.parent?.pid ?? 0,
  getpgid(k, t, [pid]) {
    if (!isInt(pid)) return -E.EINVAL;
    const target = pid === 0 ? t : k.sched.tasks.get(pid);
    return target ? target.pgid : -E.ESRCH;
  },
  setpgid(k, t, [pid, pgid]) {
    if (!isInt(pid) || !isInt(pgid) || pgid < 0) return -E.EINVAL;
    const target = pid === 0 ? t : k.sched.tasks.get(pid);
    if (!target || (target !== t && target.parent !== t)) return -E.ESRCH;
    target.pgid = pgid === 0 ? target.pid : pgid;
    return 0;
  },

  nanosleep(k, t, [ns]) {
    if (!isInt(ns) || ns < 0) return -E.EINVAL;
    let deadline = t.sysState as number | undefined;
    if (deadline === undefined) {
      // hrtimer with the default 50 µs timer slack
      deadline = k.clock.now + ns + 50_000;
      t.sysState = deadline;
      const wq = sleepQueues.get(t) ?? new WaitQueue('hrtimer_nanosleep');
      sleepQueues.set(t, wq);
      k.events.schedule(deadline, () => {
        if (wq.waiters.has(t)) k.sched.wakeUp(t);
      });
    }
    if (k.clock.now >= deadline) return 0;
    k.sched.sleepOn(t, sleepQueues.get(t)!, 'S', 'hrtimer_nanosleep');
    return SYSCALL_BLOCKED;
  },
  clock_gettime: (k) => k.clock.now,
  getrusage(_k, t, [who]) {
    if (who === RUSAGE_SELF || who === RUSAGE_THREAD) return { utime: t.total_utime, stime: t.total_stime };
    if (who === RUSAGE_CHILDREN) return { utime: t.cutime, stime: t.cstime };
    return -E.EINVAL;
  },

  fork(k, t, [child]) {
    if (typeof child !== 'function') return -E.EINVAL;
    if (k.sched.tasks.size >= 4096) return -E.EAGAIN;
    return k.forkTask(t, child as never).pid;
  },
  execve(k, t, [path, argv, envp]) {
    if (!validPath(path)) return -E.ENOENT;
    if (!Array.isArray(argv) || !argv.every(isStr)) return -E.EFAULT;
    if (envp !== undefined && (!Array.isArray(envp) || !envp.every(isStr))) return -E.EFAULT;
    const env: readonly string[] = envp === undefined ? t.environ : [...(envp as string[])];
    // The strings are copied onto the new stack; together they may take at most a quarter of
    // the 8 MiB stack limit (MAX_ARG_STRLEN per string, fs/exec.c).
    let bytes = 0;
    for (const s of [...(argv as string[]), ...env]) {
      const n = enc.encode(s).length + 1;
      if (n > MAX_ARG_STRLEN) return -E.E2BIG;
      bytes += n;
    }
    if (bytes > ARG_MAX) return -E.E2BIG;
    const inode = lookupPath(k.root, normalizePath(t.cwd, path));
    if (typeof inode === 'number') return inode;
    if (inode.dir) return -E.EACCES;
    // may_open(MAY_EXEC): no execute bit, no exec, whatever the file holds
    if ((inode.mode & S_IFMT) === S_IFREG && !(inode.mode & 0o111)) return -E.EACCES;
    if (!inode.program) return inode.moduleImage || (inode.mode & S_IFMT) === S_IFREG ? -E.ENOEXEC : -E.EACCES;
    const program: Program = inode.program;
    // Point of no return: the old image goes.
    k.exitMmap(t, k.clock.now);
    t.mm = k.newMm();
    t.comm = splitPath(normalizePath(t.cwd, path)).name.slice(0, 15);
    t.cmdline = [...argv];
    t.environ = env;
    // flush_signal_handlers(): the old image's handlers are gone; ignored signals stay ignored
    t.sighand.clear();
    t.code = program(sys, argv as string[], env);
    t.retval = undefined;
    t.syscall = undefined;
    return SYSCALL_EXEC;
  },
  exit(k, t, [code]) {
    k.doExit(t, ((isInt(code) ? code : 0) & 0xff) << 8);
    return SYSCALL_GONE;
  },
  wait4(k, t, [pid, options]) {
    if (!isInt(pid) || !isInt(options) || (options & ~WAIT4_OPTIONS) !== 0) return { pid: -E.EINVAL, status: 0 };
    const matches = [...t.children].filter((c) => pid === -1 || c.pid === pid || (pid < -1 && c.pgid === -pid) || (pid === 0 && c.pgid === t.pgid));
    if (matches.length === 0) return { pid: -E.ECHILD, status: 0 };
    // wait_consider_task(), child by child in the order they were forked: an exit is reaped; a
    // stop (WUNTRACED) or a continue (WCONTINUED) is reported once and the child stays.
    for (const c of matches) {
      if (c.state === 'Z') {
        const status = c.exitStatus;
        // wait_task_zombie(): the child's times and those of the children it reaped become ours
        t.cutime += c.total_utime + c.cutime;
        t.cstime += c.total_stime + c.cstime;
        k.sched.release(c);
        return { pid: c.pid, status };
      }
      if (options & WUNTRACED && c.state === 'T' && c.stopCode !== 0) {
        const status = (c.stopCode << 8) | 0x7f;
        c.stopCode = 0;
        return { pid: c.pid, status };
      }
      if (options & WCONTINUED && c.continuedPending) {
        c.continuedPending = false;
        return { pid: c.pid, status: 0xffff };
      }
    }
    if (options & WNOHANG) return { pid: 0, status: 0 };
    k.sched.sleepOn(t, k.sched.childWait.get(t)!, 'S', 'do_wait');
    return SYSCALL_BLOCKED;
  },
  kill(k, t, [pid, sig]) {
    if (!isInt(pid) || !isInt(sig) || sig < 0 || sig > 64) return -E.EINVAL;
    const targets = [...k.sched.tasks.values()].filter((x) => !x.kthread && x.alive && (pid > 0 ? x.pid === pid : pid === 0 ? x.pgid === t.pgid : pid === -1 ? x.pid !== 1 && x !== t : x.pgid === -pid));
    if (pid > 0 && targets.length === 0) {
      const kt = k.sched.tasks.get(pid);
      if (kt?.kthread) return sig === 0 ? 0 : -E.EPERM;
      if (kt && kt.state === 'Z') return 0;
    }
    if (targets.length === 0) return -E.ESRCH;
    if (sig !== 0) for (const x of targets) k.sched.sendSignal(x, sig);
    return 0;
  },
  signal(_k, t, [sig, disp]) {
    if (!isInt(sig) || sig <= 0 || sig >= 32 || sig === SIGKILL || sig === 19) return -E.EINVAL;
    if (disp === 'ignore') t.ignoredSignals |= 1 << sig;
    else if (disp === 'default' || typeof disp === 'function') t.ignoredSignals &= ~(1 << sig);
    else return -E.EINVAL;
    if (typeof disp === 'function') t.sighand.set(sig, disp as (sig: number) => void);
    else t.sighand.delete(sig);
    return 0;
  },
  setpriority(k, t, [pid, nice]) {
    if (!isInt(pid) || !isInt(nice)) return -E.EINVAL;
    const target = pid === 0 ? t : k.sched.tasks.get(pid);
    if (!target || target.kthread) return -E.ESRCH;
    target.nice = Math.max(-20, Math.min(19, nice));
    return 0;
  },
  getpriority(k, t, [pid]) {
    if (!isInt(pid)) return -E.EINVAL;
    const target = pid === 0 ? t : k.sched.tasks.get(pid);
    return target ? 20 - target.nice : -E.ESRCH; // the raw syscall returns 20 - nice
  },

  mknod(k, t, [path, mode, dev]) {
    if (!validPath(path)) return -E.ENOENT;
    if (!isInt(mode) || !isInt(dev) || dev < 0) return -E.EINVAL;
    const fmt = mode & S_IFMT;
    if (fmt !== S_IFCHR && fmt !== S_IFREG && fmt !== 0) return -E.EINVAL;
    const { parent, name } = splitPath(normalizePath(t.cwd, path));
    const dir = lookupPath(k.root, parent);
    if (typeof dir === 'number') return dir;
    if (!dir.dir) return -E.ENOTDIR;
    if (dir.dir.lookup(name)) return -E.EEXIST;
    if (!dir.dir.mknod) return -E.EPERM;
    return dir.dir.mknod(name, fmt === 0 ? mode | S_IFREG : mode, dev);
  },
  unlink(k, t, [path]) {
    if (!validPath(path)) return -E.ENOENT;
    const abs = normalizePath(t.cwd, path);
    const inode = lookupPath(k.root, abs);
    if (typeof inode === 'number') return inode;
    if (inode.dir) return -E.EISDIR;
    const { parent, name } = splitPath(abs);
    const dir = lookupPath(k.root, parent);
    if (typeof dir === 'number' || !dir.dir?.unlink) return -E.EACCES;
    return dir.dir.unlink(name);
  },
  chmod(k, t, [path, mode]) {
    if (!validPath(path)) return -E.ENOENT;
    if (!isInt(mode)) return -E.EINVAL;
    const abs = normalizePath(t.cwd, path);
    const inode = lookupPath(k.root, abs);
    if (typeof inode === 'number') return inode;
    const { parent, name } = splitPath(abs);
    const dir = lookupPath(k.root, parent);
    // only the student's own files change mode; /bin, /dev and /proc belong to root
    if (typeof dir === 'number' || !dir.dir?.chmod || name === '') return -E.EPERM;
    return dir.dir.chmod(name, mode);
  },
  stat(k, t, [path]) {
    if (!validPath(path)) return -E.ENOENT;
    const inode = lookupPath(k.root, normalizePath(t.cwd, path));
    if (typeof inode === 'number') return inode;
    return { mode: inode.mode, size: inode.size(), rdev: inode.rdev ?? 0, mtimeNs: inode.mtimeNs() };
  },
  readlink(k, t, [path]) {
    if (!validPath(path)) return -E.ENOENT;
    const inode = lookupPath(k.root, normalizePath(t.cwd, path));
    if (typeof inode === 'number') return inode;
    return inode.symlink ?? -E.EINVAL;
  },
  getdents(k, t, [path]) {
    if (!validPath(path)) return -E.ENOENT;
    const inode = lookupPath(k.root, normalizePath(t.cwd, path));
    if (typeof inode === 'number') return inode;
    if (!inode.dir) return -E.ENOTDIR;
    return inode.dir.list();
  },
  chdir(k, t, [path]) {
    if (!validPath(path)) return -E.ENOENT;
    const abs = normalizePath(t.cwd, path);
    const inode = lookupPath(k.root, abs);
    if (typeof inode === 'number') return inode;
    if (!inode.dir) return -E.ENOTDIR;
    t.cwd = abs;
    return 0;
  },
  getcwd: (_k, t) => t.cwd,
  ioctl(_k, t, [fd, request, arg]) {
    const f = fileOf(t, fd);
    if (!f) return -E.EBADF;
    if (!isInt(request)) return -E.EINVAL;
    return f.f_op.ioctl ? f.f_op.ioctl(f, request, arg, t) : -E.ENOTTY;
  },

  init_module(k, t, [path]) {
    if (!validPath(path)) return -E.ENOENT;
    const inode = lookupPath(k.root, normalizePath(t.cwd, path));
    if (typeof inode === 'number') return inode;
    const image = inode.moduleImage;
    if (!image) return -E.ENOEXEC;
    const old = k.modules.get(image.name);
    if (old && old.state !== 'live') {
      // add_unformed_module(): "Wait in case it fails to load" — for a module whose init
      // oopsed (or whose exit did) that is forever; a signal ends the wait.
      const wq = moduleWq.get(k) ?? new WaitQueue('load_module');
      moduleWq.set(k, wq);
      k.sched.sleepOn(t, wq, 'S', 'load_module');
      return SYSCALL_BLOCKED;
    }
    if (old) return -E.EEXIST;
    const mod: LoadedModule = { name: image.name, image, refcount: 0, state: 'coming', instance: undefined };
    mod.base = k.guard.allocModuleBase(image.size);
    k.taint(image.name);
    const api = createModuleApi(k, mod);
    k.modules.set(mod.name, mod);
    // do_one_initcall(): a fault kills insmod (Killed) and leaves the module as Linux does: in
    // the list, "Loading" (refcount 1, held during init), never live, and not removable.
    const FAULT = Symbol('oops');
    const r = k.callModule(mod, 'init', () => {
      mod.instance = image.create(api);
      return mod.instance.init();
    }, (): number | typeof FAULT => FAULT);
    if (r === FAULT) {
      mod.refcount = 1;
      return -E.EFAULT;
    }
    if (r < 0) {
      k.modules.delete(mod.name);
      return r;
    }
    if (r > 0) k.printk(`<4>do_init_module: '${image.name}'->init suspiciously returned ${r}, it should follow 0/-E convention`);
    mod.state = 'live';
    for (const l of k.moduleListeners) l(mod.name, true);
    return 0;
  },
  delete_module(k, _t, [name]) {
    if (!isStr(name) || !name) return -E.ENOENT;
    const mod = k.modules.get(name.replace(/\.ko$/, '').replace(/-/g, '_'));
    if (!mod) return -E.ENOENT;
    // delete_module(): a module that is not live (its init or exit oopsed) is "already dying"
    if (mod.state !== 'live' || mod.refcount > 0) return -E.EBUSY;
    mod.state = 'going';
    const FAULT = Symbol('oops');
    // A fault in exit kills rmmod and leaves the module "Unloading" for good, as on Linux.
    if (k.callModule(mod, 'exit', (): void | typeof FAULT => mod.instance?.exit(), (): void | typeof FAULT => FAULT) === FAULT) return -E.EFAULT;
    k.modules.delete(mod.name);
    // free_module(): the code pages go; anything still pointing at them faults when called
    mod.state = 'gone';
    k.guard.moduleUnloaded(mod.name);
    reportLeaks(k, mod.name);
    for (const l of k.moduleListeners) l(mod.name, false);
    return 0;
  },
  getrandom: (k) => k.random.nextU32(),
  host_call(k, t, [service, request]) {
    let state = t.sysState as HostCallState | undefined;
    if (state === undefined) {
      if (!isStr(service)) return -E.EINVAL;
      const started = k.hostCalls.start(service, request, (s) => {
        if (s.wq.waiters.has(t)) k.sched.wakeUp(t);
      });
      if (!started) return -E.ENOSYS;
      state = started;
      t.sysState = state;
    }
    if (state.done) return state.value;
    k.sched.sleepOn(t, state.wq, 'S', 'host_call');
    return SYSCALL_BLOCKED;
  },
  syslog(k, _t, [clear]) {
    const text = k.log.format();
    if (clear === true) k.log.clear();
    return text;
  },

  user_access(_k, t, [count, next, write]) {
    if (!isInt(count) || count < 0 || typeof next !== 'function') return -E.EINVAL;
    if (count === 0) return 0;
    t.burst = { remaining: count, next: next as AddressStream, write: write !== false, pending: -2 };
    return SYSCALL_BURST;
  },
  user_compute(k, t, [ns]) {
    if (!isInt(ns) || ns < 0) return -E.EINVAL;
    const step = Math.max(1, k.config.costs.localOpNs);
    const n = Math.ceil(ns / step);
    if (n === 0) return 0;
    t.burst = { remaining: n, next: () => -1, write: false, pending: -2 };
    return SYSCALL_BURST;
  },
  user_load64(k, t, [addr]) {
    return userWord(k, t, addr, undefined);
  },
  user_store64(k, t, [addr, value]) {
    if (!isInt(value) && !(typeof value === 'number' && Number.isFinite(value))) return -E.EINVAL;
    return userWord(k, t, addr, value as number);
  },
};

/** Loads/stores an aligned 64-bit word through the task's page table (shared mappings of kernel memory). */
function userWord(k: Kernel, t: Task, addr: unknown, value: number | undefined): Result {
  const mm = t.mm;
  if (!mm || !isInt(addr) || addr < 0 || addr % 8) return fault(k, t, addr);
  const pte = mm.pte(Math.floor(addr / PAGE_SIZE));
  const vma = mm.findVma(addr);
  if (pte <= 1 || !vma || (value !== undefined && !(vma.vm_flags & VM_WRITE))) return fault(k, t, addr);
  const pfn = pte - 1;
  if (value === undefined) return k.phys.load64(pfn, addr % PAGE_SIZE);
  k.phys.store64(pfn, addr % PAGE_SIZE, value);
  return 0;
}

function fault(k: Kernel, t: Task, addr: unknown): Result {
  k.printk(`<6>${t.comm}[${t.pid}]: segfault at ${typeof addr === 'number' ? addr.toString(16) : '0'} ip 0000000000401136 error 4 in ${t.comm}`);
  k.sched.sendSignal(t, 11);
  return -E.EFAULT;
}

/** After a module's exit: what it left registered stays, and the log says so. */
function reportLeaks(k: Kernel, name: string): void {
  for (const e of k.procfs.ownedBy(name)) k.printk(`<4>${name}: leaked /proc/${e.path} after module exit`);
  const { regions, cdevs } = k.chrdevs.ownedBy(name);
  for (const r of regions) k.printk(`<4>${name}: leaked char device region ${Math.floor(r.first / 2 ** 20)}:${r.first % 2 ** 20} (${r.name}) after module exit`);
  for (const c of cdevs) if (c.added) k.printk(`<4>${name}: leaked cdev ${Math.floor(c.dev / 2 ** 20)}:${c.dev % 2 ** 20} after module exit`);
  for (const w of k.workqueues.ownedBy(name)) k.printk(`<4>${name}: leaked workqueue ${w.name} after module exit`);
  for (const a of k.vmalloc.ownedBy(name)) k.printk(`<4>${name}: leaked ${a.size / 1024} KiB of vmalloc memory after module exit`);
}

