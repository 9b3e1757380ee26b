// The simulated machine: one Linux kernel with its CPUs, memory, swap device, file systems and
// tasks. Everything above (the lab's module, programs, the CLI and the extension) drives it
// through this class: system calls for programs, the module API for modules, and the small
// host API at the end of this file for terminals and the simulation's clock.
import { resolveConfig, MiB, PAGE_SIZE, type MachineConfig } from './config';
import { EventQueue } from './events';
import { Clock } from './time';
import { KernelLog } from './printk';
import { Prng } from './prng';
import { PhysMem, PG_lru, PG_locked, PG_reserved, PG_swapcache, PG_writeback, PG_kernel } from './mm/page_alloc';
import { SwapArea, BlockDevice } from './mm/swapfile';
import { PageReclaim } from './mm/vmscan';
import { FaultHandler, ZERO_PFN, runAccessBurst, BurstResult } from './mm/memory';
import { MmStruct, Vma, VM_READ, VM_SHARED } from './mm/mm_types';
import { Vmalloc } from './mm/vmalloc';
import { createPolicy, type ReplacementPolicy } from './mm/policy/index';
import { Scheduler, isStopSignal, type Cpu } from './sched/core';
import { Task } from './sched/task';
import { WaitQueue } from './sched/wait';
import { FdTable, File } from './fs/file';
import { ProcFs } from './fs/procfs';
import { CharDevices } from './fs/char_dev';
import { Tty } from './fs/tty';
import { HostDir, StaticDir, dirInode, generatedFile, normalizePath, openPath } from './fs/vfs';
import { MemHostFs, type HostFs, type Inode } from './fs/inode';
import { Timers } from './timer';
import { EINTR } from './errno';
import { Workqueues } from './workqueue';
import { LockChecker } from './locking';
import { HostCalls } from './host_call';
import type { LoadedModule, ModuleImage } from './module';
import { dispatchSyscall, SYSCALL_BLOCKED, SYSCALL_GONE, SYSCALL_BURST, SYSCALL_EXEC } from './syscalls';
import { installProcFiles } from './proc_files';
import { ModuleGuard, type ModuleEntry, type OopsReport } from './oops';
import { Taints, TAINT_OOT_MODULE } from './panic';
import { Watchdog } from './watchdog';
import { O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, S_IFREG, SIGKILL, SIGSEGV, SIGSTOP, type Program, type WinSize, sys, LOGIN_ENVIRONMENT } from './uapi';

export interface KernelOptions {
  /** What backs the student's home directory (/home/student); memory by default. */
  hostFs?: HostFs;
}

export const HOME = '/home/student';

export class Kernel {
  readonly config: MachineConfig;
  readonly clock: Clock;
  readonly events = new EventQueue();
  readonly log = new KernelLog();
  readonly random: Prng;
  readonly phys: PhysMem;
  readonly swap: SwapArea;
  readonly swapDev: BlockDevice;
  readonly policy: ReplacementPolicy;
  readonly reclaim: PageReclaim;
  readonly faults: FaultHandler;
  readonly vmalloc: Vmalloc;
  readonly sched: Scheduler;
  readonly procfs: ProcFs;
  readonly chrdevs = new CharDevices();
  readonly timers: Timers;
  readonly workqueues: Workqueues;
  readonly locks: LockChecker;
  /** Asynchronous host services programs may wait on (see host_call.ts). */
  readonly hostCalls = new HostCalls();
  readonly modules = new Map<string, LoadedModule>();
  readonly mms = new Map<number, MmStruct>();
  readonly ttys: Tty[] = [];
  /** Frames the kernel holds for itself and the rest of the system (never reclaimed). */
  readonly reservedFrames: number;
  readonly root: Inode;
  readonly home: HostDir;
  readonly bin = new StaticDir();
  private readonly dev = new StaticDir();
  /** The task whose system call or fault is being executed (`current`), if any. */
  current: Task | undefined;
  slabObjects = 0;
  /** tainted_mask (/proc/sys/kernel/tainted, the "Tainted:" of every Oops). */
  readonly taints = new Taints();
  /** The soft-lockup detector that module code charges its CPU time to. */
  readonly watchdog: Watchdog;
  /** Contains faults in module code (callModule); see oops.ts. */
  readonly guard: ModuleGuard;
  /** The kworker that runs work items (kworker/0:1 at boot; replaced when one dies). */
  kworker!: Task;
  private kworkerSeq = 1;
  readonly init: Task;

  constructor(config: Partial<MachineConfig> = {}, opts: KernelOptions = {}) {
    this.config = resolveConfig(config);
    const c = this.config;
    this.clock = new Clock(c.hz);
    this.random = new Prng(c.seed);
    const nrFrames = (c.ramMiB * MiB) / PAGE_SIZE;
    this.phys = new PhysMem(nrFrames);
    this.swap = new SwapArea((c.swapMiB * MiB) / PAGE_SIZE);
    this.swapDev = new BlockDevice(c.disk, this.events);
    this.policy = createPolicy(c.policy, { frames: nrFrames, referenced: this.phys.referenced, random: this.random.fork() });
    this.reclaim = new PageReclaim(this);
    this.faults = new FaultHandler(this);
    this.vmalloc = new Vmalloc(this.phys);
    this.sched = new Scheduler(this, c.cpus);
    this.sched.runner = (cpu, task, limit) => this.runTask(cpu, task, limit);
    this.procfs = new ProcFs((m) => this.printk(m));
    this.timers = new Timers(this.clock, this.events);
    this.locks = new LockChecker((m) => this.printk(m));
    this.watchdog = new Watchdog(c.watchdogThresh);
    this.guard = new ModuleGuard(this);
    this.workqueues = new Workqueues(this.events, this.clock, this.timers, (m) => this.printk(m), (at, fn) => this.guard.warn(at, fn));

    // Boot-time memory: the zero page, the kernel and the rest of the system, all reserved.
    this.reservedFrames = ((c.kernelReservedMiB + c.systemUsedMiB) * MiB) / PAGE_SIZE;
    for (let i = 0; i < this.reservedFrames; i++) {
      const pfn = this.phys.allocFrame();
      this.phys.flags[pfn] = PG_reserved | PG_kernel;
    }
    if (this.phys.flags[ZERO_PFN] === 0) throw new Error('the zero page must be reserved at boot');

    // The file system tree.
    const rootDir = new StaticDir();
    const homes = new StaticDir();
    this.home = new HostDir(opts.hostFs ?? new MemHostFs(), (mode, dev) => this.chrdevs.nodeInode(mode, dev, () => this.clock.now));
    homes.children.set('student', dirInode(this.home));
    const tmp = new HostDir(new MemHostFs(), (mode, dev) => this.chrdevs.nodeInode(mode, dev, () => this.clock.now));
    rootDir.children.set('bin', dirInode(this.bin));
    rootDir.children.set('dev', dirInode(this.dev));
    rootDir.children.set('home', dirInode(homes));
    rootDir.children.set('proc', this.procfs.inode());
    rootDir.children.set('tmp', dirInode(tmp, 0o1777));
    this.root = dirInode(rootDir);
    this.dev.children.set('null', generatedFile(0o666, () => '', (t) => t.length));
    installProcFiles(this);

    // pid 1 and the kernel threads ps shows.
    this.init = new Task(1, 'init', { files: new FdTable(), now: 0, kthread: true });
    this.init.state = 'S';
    this.sched.tasks.set(1, this.init);
    this.sched.childWait.set(this.init, new WaitQueue('wait4:1'));
    for (const [pid, comm] of [[2, 'kthreadd'], [3, 'kswapd0'], [4, 'kworker/0:1'], [5, 'kworker/1:1']] as const) {
      const kt = new Task(pid, comm, { files: new FdTable(), now: 0, kthread: true, parent: this.init });
      kt.state = 'S';
      this.sched.tasks.set(pid, kt);
      if (pid === 4) this.kworker = kt;
    }
    this.printk(`<5>Linux version 5.15.0-kmlab (simulated) #1 SMP x86_64`);
    this.printk(`<6>Memory: ${((nrFrames - this.reservedFrames) * 4)}K/${c.ramMiB * 1024}K available`);
    this.printk(`<6>Adding ${c.swapMiB * 1024}k swap on /dev/vda2.  Priority:-2 extents:1 across:${c.swapMiB * 1024}k SS`);
  }

  // --- logging ------------------------------------------------------------------------------

  printk(message: string): void {
    this.log.add(this.clock.now, message);
  }

  /**
   * The guard every entry into module code goes through (oops.ts): returns fn()'s value, or,
   * when module code faults, prints the Oops, kills the current task and returns onFault().
   * A module already unloaded (state 'gone') is not called: its code pages are freed, so the
   * call is the instruction-fetch Oops.
   */
  callModule<T>(mod: LoadedModule | string | undefined, entry: ModuleEntry, fn: () => T, onFault: () => T, fnName?: string): T {
    const m = typeof mod === 'string' ? this.modules.get(mod) ?? mod : mod;
    if (typeof m === 'object' && m.state === 'gone') {
      this.guard.ifetchUnloaded(m, entry, this.guard.functionAddress(m, fnName ?? entry));
      return onFault();
    }
    return this.guard.call(m, entry, fn, onFault);
  }

  /** Runs a work item's function in the kworker's context (process_one_work). */
  inKworker<T>(fn: () => T): T {
    const saved = this.current;
    this.current = this.kworker;
    try {
      return fn();
    } finally {
      this.current = saved;
    }
  }

  /** A kworker died in an Oops: it exits, and the pool creates a new one (kworker/0:N). */
  kworkerDied(task: Task, signr: number): void {
    if (task === this.kworker) {
      const kt = new Task(this.sched.allocPid(), `kworker/0:${++this.kworkerSeq}`, { files: new FdTable(), now: this.clock.now, kthread: true, parent: this.init });
      kt.state = 'S';
      this.sched.tasks.set(kt.pid, kt);
      this.init.children.add(kt);
      this.kworker = kt;
    }
    this.doExit(task, signr);
  }

  /** Each Oops and soft lockup, for the host (an editor can point at the function). */
  onOops(listener: (r: OopsReport) => void): () => void {
    return this.guard.onOops(listener);
  }

  /** panic(): the machine has stopped; the lab session boots a fresh one. */
  onPanic(listener: (reason: string) => void): () => void {
    return this.guard.onPanic(listener);
  }

  /** The panic reason once the machine has panicked (nothing runs any more). */
  get panicked(): string | undefined {
    return this.guard.panicked;
  }

  /** The name of the execution context, for lock checking: a task's comm/pid or a kworker. */
  currentContext(): string {
    return this.current ? `${this.current.comm}/${this.current.pid}` : 'kworker';
  }

  // --- programs, modules and terminals (host API) --------------------------------------------

  /** Makes a program executable at an absolute path under /bin or the home directory. */
  registerProgram(path: string, program: Program): void {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const inode: Inode = { mode: S_IFREG | 0o755, size: () => 16384, mtimeNs: () => 0, open: () => -13, program };
    if (path.startsWith('/bin/')) this.bin.children.set(name, inode);
    else if (path.startsWith(`${HOME}/`)) this.home.overlay.set(name, inode);
    else throw new Error(`registerProgram: ${path} must be under /bin or ${HOME}`);
  }

  /** Places a module image as a .ko file in the home directory (what `make` would have built). */
  registerModuleFile(fileName: string, image: ModuleImage): void {
    const inode: Inode = { mode: S_IFREG | 0o644, size: () => image.size, mtimeNs: () => 0, open: () => -13, moduleImage: image };
    this.home.overlay.set(fileName, inode);
  }

  /**
   * A terminal whose output goes to `onOutput` (which returns false when the host cannot take
   * more now: see Tty) and whose input comes from Tty.input().
   */
  openTty(onOutput: (text: string) => unknown, size?: WinSize): Tty {
    // devpts hands out the lowest free number
    let index = 0;
    while (this.ttys.some((t) => t.index === index)) index++;
    const tty = new Tty(index, {
      waker: this.sched,
      signalTask: (t, sig) => this.sched.sendSignal(t, sig),
      isPgrpOrphaned: (pgid, sid) => this.sched.isPgrpOrphaned(pgid, sid),
      signalGroup: (pgid, sig) => {
        for (const t of this.sched.tasks.values()) if (t.pgid === pgid && !t.kthread) this.sched.sendSignal(t, sig);
      },
    }, onOutput);
    if (size) tty.resize(size);
    this.ttys.push(tty);
    return tty;
  }

  /** Forgets a terminal nobody types on any more (it keeps taking output from who holds it). */
  closeTty(tty: Tty): void {
    const i = this.ttys.indexOf(tty);
    if (i >= 0) this.ttys.splice(i, 1);
  }

  /**
   * Starts a program as a child of init with the terminal as stdin/stdout/stderr (or /dev/null;
   * `stdin` replaces fd 0),
   * in a session and process group of its own. Returns the pid, or -errno.
   */
  spawn(path: string, argv: readonly string[], opts: { tty?: Tty; cwd?: string; env?: readonly string[]; stdin?: File } = {}): number {
    const files = new FdTable();
    const stdio = opts.tty ? opts.tty.openFile(O_RDWR) : undefined;
    if (stdio) {
      files.install(stdio);
      files.install(stdio.get());
      files.install(stdio.get());
    }
    // stdin from a file instead (`kmlab sh < script.sh`: bash reads the script from fd 0)
    if (opts.stdin) files.set(0, opts.stdin);
    const task = new Task(this.sched.allocPid(), path.slice(path.lastIndexOf('/') + 1), { files, parent: this.init, now: this.clock.now });
    task.cwd = opts.cwd ?? HOME;
    task.sid = task.pid;
    this.init.children.add(task);
    const env = opts.env ?? LOGIN_ENVIRONMENT;
    task.code = (function* boot() {
      const r: number = yield* sys.execve(path, argv, env);
      return r < 0 ? 127 : 0;
    })();
    if (opts.tty) {
      // the session leader's terminal becomes its controlling terminal (tiocsctty)
      opts.tty.fgPgrp = task.pgid;
      opts.tty.sid = task.sid;
    }
    this.sched.addTask(task, true);
    return task.pid;
  }

  /** Creates a task for fork(): a copy of the parent's descriptors, cwd and nice value. */
  forkTask(parent: Task, child: (s: typeof sys) => Generator<unknown, number, unknown>): Task {
    const task = new Task(this.sched.allocPid(), parent.comm, { files: parent.files.clone(), parent, now: this.clock.now });
    task.cwd = parent.cwd;
    task.nice = parent.nice;
    task.pgid = parent.pgid;
    task.sid = parent.sid;
    task.ignoredSignals = parent.ignoredSignals;
    for (const [sig, handler] of parent.sighand) task.sighand.set(sig, handler);
    task.cmdline = parent.cmdline;
    task.environ = parent.environ;
    task.mm = this.newMm();
    task.code = child(sys) as Task['code'];
    parent.children.add(task);
    this.sched.addTask(task, true);
    return task;
  }

  newMm(): MmStruct {
    const mm = new MmStruct();
    this.mms.set(mm.id, mm);
    return mm;
  }

  // --- time ---------------------------------------------------------------------------------

  get now(): number {
    return this.clock.now;
  }

  get jiffies(): number {
    return this.clock.jiffies;
  }

  get tasks(): Iterable<Task> {
    return this.sched.tasks.values();
  }

  /** Advances simulated time by ns. */
  runFor(ns: number): void {
    this.sched.runUntil(this.clock.now + ns);
  }

  /** Advances to absolute simulated time t (ns since boot). */
  runUntilTime(t: number): void {
    this.sched.runUntil(t);
  }

  /**
   * Runs until done() holds (checked every `stepNs` of simulated time) or maxNs have passed.
   * Returns whether done() held.
   */
  runUntil(done: () => boolean, maxNs: number, stepNs = 1_000_000): boolean {
    const end = this.clock.now + maxNs;
    while (!done()) {
      if (this.clock.now >= end) return false;
      this.sched.runUntil(Math.min(end, this.clock.now + stepNs));
    }
    return true;
  }

  // --- the task runner (what a CPU does with a task) -----------------------------------------

  private runTask(cpu: Cpu, task: Task, limit: number): void {
    const clockBox = { t: 0 };
    const costs = this.config.costs;
    while (cpu.now < limit) {
      if (task.state !== 'R') return;
      const sig = this.sched.takeSignal(task);
      if (sig) {
        const handler = sig === SIGKILL ? undefined : task.sighand.get(sig);
        if (handler) {
          // handle_signal(): the handler runs; a call that slept returns -EINTR (no SA_RESTART)
          task.pendingSignals &= ~(1 << sig);
          if (task.syscall && task.syscallSlept) {
            task.retval = task.syscall.nr === 'wait4' ? { pid: -EINTR, status: 0 } : -EINTR;
            task.syscall = undefined;
            task.sysState = undefined;
            task.syscallSlept = false;
          }
          try {
            handler(sig);
          } catch (err) {
            this.printk(`<6>${task.comm}[${task.pid}]: general protection fault in a signal handler (${err instanceof Error ? err.message : String(err)})`);
            this.doExit(task, SIGSEGV);
            return;
          }
          continue;
        }
        if (!isStopSignal(sig)) {
          this.doExit(task, sig);
          return;
        }
        // get_signal(): the terminal's stop signals are discarded in an orphaned process group,
        // which has no shell left to continue it; SIGSTOP always stops.
        if (sig !== SIGSTOP && this.sched.isPgrpOrphaned(task.pgid, task.sid)) {
          task.pendingSignals &= ~(1 << sig);
          continue;
        }
        this.sched.stopTask(task, sig);
        return;
      }
      if (task.burst) {
        this.current = task;
        const r = runAccessBurst(this, task, task.burst, cpu.now, limit, clockBox);
        this.current = undefined;
        cpu.now = clockBox.t;
        if (r === BurstResult.Done) {
          task.burst = undefined;
          task.retval = 0;
          continue;
        }
        if (r === BurstResult.Limit || r === BurstResult.Blocked) return;
        if (r === BurstResult.Segv) {
          const addr = task.burst.pending;
          task.burst = undefined;
          this.printk(`<6>${task.comm}[${task.pid}]: segfault at ${addr.toString(16)} ip 0000000000401136 sp 00007ffc8e3d1e50 error 6 in ${task.comm}[401000+1000]`);
          this.sched.sendSignal(task, SIGSEGV);
          continue;
        }
        this.doExit(task, SIGKILL);
        return;
      }
      if (task.syscall) {
        this.current = task;
        if (cpu.now > this.clock.now) this.clock.now = cpu.now;
        const req = task.syscall;
        const r = dispatchSyscall(this, task, req);
        this.current = undefined;
        if (r === SYSCALL_BLOCKED) {
          task.syscallSlept = true;
          return;
        }
        if (r === SYSCALL_GONE) return;
        task.syscallSlept = false;
        // A load or store through a mapping is one memory access in user mode, not a syscall.
        const userOp = req.nr === 'user_load64' || req.nr === 'user_store64';
        cpu.now += Math.max(1, userOp ? costs.memoryAccessNs : costs.syscallNs);
        task.inKernel = !userOp;
        if (r === SYSCALL_BURST || r === SYSCALL_EXEC) {
          task.syscall = undefined;
          continue;
        }
        task.syscall = undefined;
        task.sysState = undefined;
        task.retval = r;
        continue;
      }
      // User code runs until its next system call.
      let step: IteratorResult<unknown, number>;
      try {
        step = task.code!.next(task.retval);
      } catch (err) {
        this.printk(`<6>${task.comm}[${task.pid}]: general protection fault (${err instanceof Error ? err.message : String(err)})`);
        this.doExit(task, SIGSEGV);
        return;
      }
      task.retval = undefined;
      cpu.now += 1;
      task.inKernel = false;
      if (step.done) {
        this.doExit(task, ((step.value ?? 0) & 0xff) << 8);
        return;
      }
      task.syscall = step.value as Task['syscall'];
    }
  }

  /** do_exit(): releases memory and files, reparents children, becomes a zombie. */
  doExit(task: Task, status: number): void {
    if (!task.alive) return;
    this.exitMmap(task, this.clock.now);
    task.files.closeAll();
    this.sched.deschedule(task);
    task.state = 'Z';
    task.exitStatus = status;
    task.burst = undefined;
    task.syscall = undefined;
    task.code = undefined;
    for (const child of [...task.children]) {
      task.children.delete(child);
      child.parent = this.init;
      this.init.children.add(child);
      if (child.state === 'Z') this.sched.release(child);
    }
    for (const l of this.sched.onExit) l(task);
    if (!task.parent || task.parent === this.init) this.sched.release(task);
    else this.sched.notifyParent(task);
  }

  // --- memory management helpers used by mm/ and the syscalls --------------------------------

  /** try_to_unmap() for one anon page: its PTE becomes the swap entry. */
  unmapToSwap(mmId: number, vpn: number, slot: number): void {
    const mm = this.mms.get(mmId);
    if (!mm) return;
    const pte = mm.pte(vpn);
    if (pte > 0) this.phys.ownerMm[pte - 1] = -1;
    mm.setPte(vpn, -(slot + 1));
    mm.rssAnon--;
    mm.swapEntries++;
  }

  /** zap_page_range(): frees the frames and swap slots behind [startVpn, endVpn) of a mapping. */
  zapRange(mm: MmStruct, vma: Vma, startVpn: number, endVpn: number): void {
    const phys = this.phys;
    const swap = this.swap;
    const anonymous = vma.anonymous;
    const leaves = mm.leaves;
    for (let vpn = startVpn; vpn < endVpn; vpn++) {
      const leaf = leaves[vpn >>> 9];
      if (leaf === undefined) {
        vpn |= 511; // skip the whole empty leaf
        continue;
      }
      const pte = leaf[vpn & 511];
      if (pte === 0) continue;
      leaf[vpn & 511] = 0;
      if (!anonymous) continue;
      if (pte > 0) {
        const pfn = pte - 1;
        if (pfn === ZERO_PFN) continue;
        mm.rssAnon--;
        this.releaseUserFrame(pfn);
      } else {
        const slot = -pte - 1;
        mm.swapEntries--;
        const cached = swap.cacheFrame[slot];
        if (cached >= 0) {
          swap.cacheFrame[slot] = -1;
          phys.swapSlot[cached] = -1;
          phys.flags[cached] &= ~PG_swapcache;
          if (!(phys.flags[cached] & (PG_locked | PG_writeback))) this.releaseUserFrame(cached);
        }
        swap.freeSlot(slot);
      }
    }
  }

  /** Frees a user frame now, or orphans it when I/O is in flight (the completion frees it). */
  private releaseUserFrame(pfn: number): void {
    const phys = this.phys;
    if (phys.flags[pfn] & PG_lru) {
      this.policy.remove(pfn);
      phys.flags[pfn] &= ~PG_lru;
    }
    phys.ownerMm[pfn] = -1;
    if (phys.flags[pfn] & PG_swapcache) {
      this.swap.cacheFrame[phys.swapSlot[pfn]] = -1;
      this.swap.freeSlot(phys.swapSlot[pfn]);
      phys.flags[pfn] &= ~PG_swapcache;
      phys.swapSlot[pfn] = -1;
    }
    if (phys.flags[pfn] & (PG_locked | PG_writeback)) return;
    phys.freeFrame(pfn);
  }

  /** Removes one mapping entirely (munmap of the whole VMA, or exit). */
  unmapVma(mm: MmStruct, vma: Vma, detach = true): void {
    this.zapRange(mm, vma, vma.vm_start / PAGE_SIZE, vma.vm_end / PAGE_SIZE);
    if (detach) mm.removeVma(vma);
    vma.vm_ops?.close?.(vma);
    vma.vm_file?.release();
    vma.vm_file = undefined;
  }

  /** exit_mmap(): the whole address space goes. */
  exitMmap(task: Task, _now: number): void {
    const mm = task.mm;
    if (!mm) return;
    for (const vma of mm.vmas) this.unmapVma(mm, vma, false);
    mm.vmas.length = 0;
    mm.totalVm = 0;
    this.mms.delete(mm.id);
    task.mm = undefined;
  }

  /** Called after a module is loaded or unloaded (the host drops mappings of its memory). */
  readonly moduleListeners: Array<(name: string, loaded: boolean) => void> = [];

  /**
   * Maps `pages` pages of a character device for the host, through the driver's own mmap
   * handler, exactly as a process's mmap() would; returns the frames behind them (or -errno).
   * No file stays open, so the host holds no reference on the module: it must drop the view
   * when the module goes (moduleListeners).
   */
  hostMapDevice(dev: number, pages: number): number[] | number {
    const cdev = this.chrdevs.lookup(dev);
    if (!cdev || !cdev.ops) return -6; // ENXIO
    if (!cdev.ops.mmap) return -19; // ENODEV
    const mm = new MmStruct();
    const start = mm.getUnmappedArea(pages * PAGE_SIZE);
    const vma = new Vma(start, start + pages * PAGE_SIZE, VM_READ | VM_SHARED);
    vma.vm_mm = mm;
    const inode = { mode: 0o20444, rdev: dev, size: () => 0, mtimeNs: () => 0, open: () => -6 };
    const r = cdev.ops.mmap(new File(cdev.ops, 0, inode, '(host)'), vma);
    if (r < 0) return r;
    const pfns: number[] = [];
    for (let i = 0; i < pages; i++) pfns.push(mm.pte(start / PAGE_SIZE + i) - 1);
    return pfns;
  }

  /**
   * Reads a whole file as the host (e.g. a /proc document in the editor), through the same
   * open/read path a program uses, in init's context. Returns the text or -errno.
   */
  hostReadFile(path: string): string | number {
    const f = openPath(this.root, this.init, normalizePath(HOME, path), O_RDONLY);
    if (typeof f === 'number') return f;
    const chunks: Uint8Array[] = [];
    try {
      for (;;) {
        const buf = new Uint8Array(65536);
        const n = f.f_op.read ? f.f_op.read(f, buf, this.init) : -22;
        if (typeof n !== 'number') return -11; // would block: EAGAIN
        if (n < 0) return n;
        if (n === 0) break;
        chunks.push(buf.subarray(0, n));
      }
    } finally {
      f.put();
    }
    return new TextDecoder().decode(concatBytes(chunks));
  }

  /** Writes data to a file as the host (one write(2)), e.g. "R 1234\n" to /proc/mp3/status. Returns bytes written or -errno. */
  hostWriteFile(path: string, data: string | Uint8Array): number {
    const f = openPath(this.root, this.init, normalizePath(HOME, path), O_WRONLY | O_TRUNC);
    if (typeof f === 'number') return f;
    try {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      const n = f.f_op.write ? f.f_op.write(f, bytes, this.init) : -22;
      return typeof n === 'number' ? n : -11;
    } finally {
      f.put();
    }
  }

  /** Module bookkeeping for the loader (see syscalls init_module/delete_module). */
  taint(mod: string): void {
    // module_augment_kernel_taints(): the message once per boot, as the course's logs show it
    // (its kernel had no CONFIG_MODULE_SIG, so no unsigned-module "E" taint).
    if (this.taints.has(TAINT_OOT_MODULE)) return;
    this.taints.add(TAINT_OOT_MODULE);
    this.printk(`<4>${mod}: loading out-of-tree module taints kernel.`);
  }

  /** Page counts for /proc/meminfo and the UI. */
  memoryStats() {
    const phys = this.phys;
    let anon = 0;
    let swapCached = 0;
    let writeback = 0;
    let vmallocPages = 0;
    for (let pfn = 0; pfn < phys.nrFrames; pfn++) {
      const f = phys.flags[pfn];
      if (f === 0) continue;
      if (f & PG_writeback) writeback++;
      if (phys.ownerMm[pfn] >= 0) anon++;
      else if (f & PG_swapcache) swapCached++;
      if ((f & PG_kernel) && !(f & PG_reserved)) vmallocPages++;
    }
    return {
      totalPages: phys.nrFrames - this.config.kernelReservedMiB * (MiB / PAGE_SIZE),
      freePages: phys.nrFree,
      systemPages: this.config.systemUsedMiB * (MiB / PAGE_SIZE),
      anonPages: anon,
      swapCachedPages: swapCached,
      writebackPages: writeback,
      vmallocPages: this.vmalloc.totalPages,
      kernelPagesInUse: vmallocPages,
      swapTotalPages: this.swap.nrSlots,
      swapFreePages: this.swap.nrFree,
    };
  }
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
