// Faults in module code, contained the way Linux 5.15 contains them (arch/x86/mm/fault.c,
// arch/x86/kernel/dumpstack.c, kernel/panic.c).
//
// THE API (what every kind of module uses: the built-in TypeScript module, the C runtime):
//
//   kernel.callModule(mod, entry, fn, onFault)
//       Every entry into module code goes through this guard: init, exit, proc ops, file ops
//       (open/release/read/write/mmap/ioctl/llseek), vm ops, work functions and timers. It runs
//       fn() and returns its value. If module code throws, the guard prints the Oops (or the
//       soft-lockup report) in Linux's words, taints the kernel (D, or L), kills the task in
//       whose context the code ran (see "Who dies" below), and returns onFault() instead; with
//       oops=panic (MachineConfig.panicOnOops) it panics the machine. `mod` is the module the
//       code belongs to (LoadedModule, its name, or undefined when unknown); `entry` names the
//       kind of entry (ModuleEntry), which decides the kernel frames of the call trace.
//
//   throw new KernelFault(kind, address, access, frames)
//       What module code throws for a bad memory access. kind: 'null-deref' | 'page-fault' |
//       'smap' | 'ifetch-unloaded' | 'stack-overflow' | 'bug' | 'exception'; address: the
//       faulting address (bigint or number; CR2); access: 'read' | 'write' | 'ifetch'; frames:
//       the module's stack, innermost first ({ fn, off, size, module? }: RIP is frames[0]).
//       A C runtime passes its real function names and offsets; a TypeScript module's plain
//       JavaScript exception becomes kind 'exception' (a TypeError on null/undefined becomes a
//       NULL dereference) with frames taken from the JavaScript stack.
//
//   kernel.watchdog.charge(ns)   (src/kernel/watchdog.ts)
//       Module code reports CPU time it burns without returning (the C runtime from its
//       loop/function-entry hook, a TypeScript module through KernelApi.cpu_relax()); past
//       2 × watchdog_thresh simulated seconds it throws SoftLockup, which the guard reports as
//       "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kworker/0:1:4]".
//
//   kernel.onOops(listener), kernel.onPanic(listener)
//       Events for the host: each Oops (its lines, the module and function, the JavaScript
//       cause if any) and a panic (after which the machine is stopped; the lab session boots a
//       fresh one).
//
// Who dies (oops_end → rewind_stack_and_make_dead(signr) → make_task_dead(signr), 5.15.y):
//   - page faults (page_fault_oops passes SIGKILL): the task dies of SIGKILL, so bash prints
//     "Killed" and $? is 137;
//   - die() (BUG(), invalid opcode, stack guard page) passes SIGSEGV: "Segmentation fault", 139;
//   - a kworker that oopses dies the same way and the pool starts a new kworker;
//   - in interrupt context (a timer callback runs in the timer softirq) oops_end panics:
//     "Kernel panic - not syncing: Fatal exception in interrupt";
//   - with panic_on_oops: "Kernel panic - not syncing: Fatal exception".
// The kill is delivered when the kernel code around the module returns: dispatchSyscall then
// ends the task (SYSCALL_GONE), so no module exception ever escapes as a JavaScript exception.
// A call from the host (the editor reading /proc, no `current` task) is reported as from the
// idle context and only fails (-EFAULT): the host is not a task that could be killed.
import type { Kernel } from './kernel';
import type { Task } from './sched/task';
import type { LoadedModule } from './module';
import { SoftLockup } from './watchdog';
import { TAINT_DIE, TAINT_OOT_MODULE, TAINT_SOFTLOCKUP, TAINT_UNSIGNED_MODULE, TAINT_WARN, panicLines } from './panic';
import { SIGKILL, SIGSEGV } from './uapi';

export { SoftLockup };

export type FaultKind = 'null-deref' | 'page-fault' | 'smap' | 'ifetch-unloaded' | 'stack-overflow' | 'bug' | 'exception';
export type FaultAccess = 'read' | 'write' | 'ifetch';

/** One frame of a stack, as %pS prints it: fn+0xoff/0xsize [module]. */
export interface StackFrame {
  fn: string;
  off: number;
  size: number;
  module?: string;
}

/** A fault in module code (what a C runtime throws from its checked loads and stores). */
export class KernelFault extends Error {
  constructor(
    readonly kind: FaultKind,
    readonly address: bigint | number,
    readonly access: FaultAccess,
    /** The module's stack, innermost first; empty: taken from the JavaScript stack. */
    readonly frames: StackFrame[] = [],
    message?: string,
  ) {
    super(message ?? `${kind} (${access}) at 0x${BigInt.asUintN(64, BigInt(address)).toString(16)}`);
    this.name = 'KernelFault';
  }
}

/** The kinds of entry into module code; each has its own kernel callers in the call trace. */
export type ModuleEntry =
  | 'init' | 'exit'
  | 'proc_open' | 'proc_read' | 'proc_write' | 'proc_release'
  | 'open' | 'release' | 'read' | 'write' | 'mmap' | 'ioctl' | 'llseek'
  | 'vm_open' | 'vm_close'
  | 'work' | 'timer';

/** What the host is told about an Oops (kernel.onOops). */
export interface OopsReport {
  readonly kind: FaultKind | 'soft-lockup';
  readonly module: string | undefined;
  /** The function RIP points into (frames[0]), or undefined for code no longer there. */
  readonly fn: string | undefined;
  readonly pid: number;
  readonly comm: string;
  /** The dmesg lines, without levels. */
  readonly lines: readonly string[];
  /** The JavaScript exception behind it, for a TypeScript module's developer. */
  readonly cause?: unknown;
  /** True when the machine panicked after it. */
  readonly panicked: boolean;
}

/**
 * The kernel's own frames under each kind of entry, innermost first (a 5.15 x86-64 build; the
 * offsets are those of one build and differ from build to build, as on real machines).
 */
const SYSCALL_TAIL = ['do_syscall_64+0x5c/0xc0', 'entry_SYSCALL_64_after_hwframe+0x61/0xcb'];
const KERNEL_CALLERS: Record<ModuleEntry, readonly string[]> = {
  init: ['do_one_initcall+0x46/0x1d0', 'do_init_module+0x52/0x260', 'load_module+0x2b76/0x2d40', '__do_sys_finit_module+0xbf/0x120', '__x64_sys_finit_module+0x18/0x20', ...SYSCALL_TAIL],
  exit: ['__do_sys_delete_module.constprop.0+0x170/0x260', '__x64_sys_delete_module+0x12/0x20', ...SYSCALL_TAIL],
  proc_open: ['proc_reg_open+0xd3/0x1e0', 'do_dentry_open+0x156/0x370', 'vfs_open+0x2d/0x30', 'path_openat+0xb57/0x1030', 'do_filp_open+0xb2/0x160', 'do_sys_openat2+0x9f/0x160', '__x64_sys_openat+0x55/0x90', ...SYSCALL_TAIL],
  proc_read: ['proc_reg_read+0x5b/0xa0', 'vfs_read+0xa0/0x190', 'ksys_read+0x67/0xf0', '__x64_sys_read+0x19/0x20', ...SYSCALL_TAIL],
  proc_write: ['proc_reg_write+0x5b/0xa0', 'vfs_write+0xb9/0x260', 'ksys_write+0x67/0xf0', '__x64_sys_write+0x19/0x20', ...SYSCALL_TAIL],
  proc_release: ['proc_reg_release+0x5d/0x70', '__fput+0x9f/0x260', '____fput+0xe/0x10', 'task_work_run+0x6d/0xa0', 'exit_to_user_mode_prepare+0x1a5/0x1b0', 'syscall_exit_to_user_mode+0x27/0x50', ...SYSCALL_TAIL],
  open: ['chrdev_open+0xc4/0x240', 'do_dentry_open+0x156/0x370', 'vfs_open+0x2d/0x30', 'path_openat+0xb57/0x1030', 'do_filp_open+0xb2/0x160', 'do_sys_openat2+0x9f/0x160', '__x64_sys_openat+0x55/0x90', ...SYSCALL_TAIL],
  release: ['__fput+0x9f/0x260', '____fput+0xe/0x10', 'task_work_run+0x6d/0xa0', 'exit_to_user_mode_prepare+0x1a5/0x1b0', 'syscall_exit_to_user_mode+0x27/0x50', ...SYSCALL_TAIL],
  read: ['vfs_read+0xa0/0x190', 'ksys_read+0x67/0xf0', '__x64_sys_read+0x19/0x20', ...SYSCALL_TAIL],
  write: ['vfs_write+0xb9/0x260', 'ksys_write+0x67/0xf0', '__x64_sys_write+0x19/0x20', ...SYSCALL_TAIL],
  mmap: ['mmap_region+0x4e8/0x6c0', 'do_mmap+0x3cd/0x5a0', 'vm_mmap_pgoff+0xdc/0x190', 'ksys_mmap_pgoff+0x1b7/0x220', '__x64_sys_mmap+0x33/0x50', ...SYSCALL_TAIL],
  ioctl: ['__x64_sys_ioctl+0x92/0xd0', ...SYSCALL_TAIL],
  llseek: ['ksys_lseek+0x81/0xc0', '__x64_sys_lseek+0x18/0x20', ...SYSCALL_TAIL],
  vm_open: ['__split_vma+0x12e/0x1a0', '__do_munmap+0xe6/0x4e0', '__vm_munmap+0x7c/0x130', '__x64_sys_munmap+0x2d/0x40', ...SYSCALL_TAIL],
  vm_close: ['remove_vma+0x2c/0x60', 'exit_mmap+0x11e/0x200', 'mmput+0x5e/0x140', 'do_exit+0x355/0xb10', 'do_group_exit+0x3b/0xb0', '__x64_sys_exit_group+0x18/0x20', ...SYSCALL_TAIL],
  work: ['process_one_work+0x228/0x3d0', 'worker_thread+0x53/0x420', 'kthread+0x127/0x150', 'ret_from_fork+0x1f/0x30'],
  timer: ['call_timer_fn+0x29/0x120', '__run_timers.part.0+0x1e0/0x270', 'run_timer_softirq+0x2a/0x50', '__do_softirq+0xd9/0x2e7', 'irq_exit_rcu+0x8c/0xb0', 'sysvec_apic_timer_interrupt+0x7c/0x90'],
};

/** Entries that run in a task's system call (user registers are shown under the trace). */
const FROM_SYSCALL = new Set<ModuleEntry>(['init', 'exit', 'proc_open', 'proc_read', 'proc_write', 'proc_release', 'open', 'release', 'read', 'write', 'mmap', 'ioctl', 'llseek', 'vm_open', 'vm_close']);

/** Kernel helpers a TypeScript module calls: not module frames when read off a JavaScript stack. */
export const KERNEL_HELPER_NAMES = new Set<string>();

/** Thrown through nested guards of the same context once its task is dead: nothing more runs. */
class TaskDead extends Error {
  constructor(readonly ctx: Task | undefined) {
    super('task killed by an oops');
  }
}

const hex16 = (v: bigint | number): string => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
const hex = (n: number): string => `0x${n.toString(16)}`;

/** Where module code is loaded (module space starts at 0xffffffffc0000000 on x86-64). */
const MODULES_VADDR = 0xffffffffc0000000n;

/** x86 page-fault error code bits. */
const PF_PROT = 1;
const PF_WRITE = 2;
const PF_INSTR = 16;

export class ModuleGuard {
  /** Guarded entries in progress, outermost first, with the context each runs in. */
  private readonly stack: { ctx: Task | undefined; entry: ModuleEntry; module: string | undefined }[] = [];
  /** Tasks killed by an oops, to be ended when their system call returns. */
  readonly doomed = new Map<Task, number>();
  private dieCounter = 0;
  private execSummary: string[] | undefined;
  private oopsId = 0n;
  private nextModuleBase = MODULES_VADDR + 0xa00000n;
  private lastUnloaded = '';
  private readonly oopsListeners: ((r: OopsReport) => void)[] = [];
  private readonly panicListeners: ((reason: string) => void)[] = [];
  panicked: string | undefined;

  constructor(private readonly k: Kernel) {}

  /** Where a newly loaded module's code goes (each load gets fresh pages, as vmalloc gives). */
  allocModuleBase(size: number): bigint {
    const base = this.nextModuleBase;
    this.nextModuleBase += BigInt(Math.ceil((size + 0x1000) / 0x1000) * 0x1000);
    return base;
  }

  moduleUnloaded(name: string): void {
    this.lastUnloaded = name;
  }

  onOops(l: (r: OopsReport) => void): () => void {
    this.oopsListeners.push(l);
    return () => void this.oopsListeners.splice(this.oopsListeners.indexOf(l) >>> 0, 1);
  }

  onPanic(l: (reason: string) => void): () => void {
    this.panicListeners.push(l);
    return () => void this.panicListeners.splice(this.panicListeners.indexOf(l) >>> 0, 1);
  }

  /** The guard: see the top of this file. */
  call<T>(mod: LoadedModule | string | undefined, entry: ModuleEntry, fn: () => T, onFault: () => T): T {
    const ctx = this.k.current;
    const outermostForCtx = !this.stack.some((s) => s.ctx === ctx);
    this.stack.push({ ctx, entry, module: typeof mod === 'string' ? mod : mod?.name });
    this.k.watchdog.enter(this.k.clock.now);
    try {
      return fn();
    } catch (err) {
      if (err instanceof TaskDead && err.ctx === ctx && !outermostForCtx) throw err;
      if (!(err instanceof TaskDead)) this.report(err, mod, entry, ctx);
      if (!outermostForCtx) throw new TaskDead(ctx);
      return onFault();
    } finally {
      this.k.watchdog.leave();
      this.stack.pop();
    }
  }

  /** An instruction fetch from the freed code of an unloaded module (a work item or timer left armed). */
  ifetchUnloaded(mod: LoadedModule | string | undefined, entry: ModuleEntry, address: bigint): void {
    this.call(mod, entry, () => {
      throw new KernelFault('ifetch-unloaded', address, 'ifetch', []);
    }, () => undefined);
  }

  /** The function address of a module's callback (stable per load, for RIP and the ifetch Oops). */
  functionAddress(mod: LoadedModule | undefined, fnName: string): bigint {
    const base = mod?.base ?? MODULES_VADDR + 0xa00000n;
    return base + 0x10n + BigInt((hash(fnName) % 0x3f0) * 0x10);
  }

  private report(err: unknown, mod: LoadedModule | string | undefined, entry: ModuleEntry, ctx: Task | undefined): void {
    const k = this.k;
    const modName = typeof mod === 'string' ? mod : mod?.name;
    const inInterrupt = entry === 'timer';
    const lines: string[] = [];
    const p = (level: number, text: string): void => {
      lines.push(text);
      k.printk(`<${level}>${text}`);
    };
    const task = ctx;
    const cpu = task ? (k.sched.cpus.find((c) => c.curr === task)?.id ?? 0) : 0;
    const pid = task?.pid ?? 0;
    const comm = task?.comm ?? `swapper/${cpu}`;

    if (err instanceof SoftLockup) {
      // watchdog_timer_fn(): report, then add_taint(TAINT_SOFTLOCKUP)
      p(0, `watchdog: BUG: soft lockup - CPU#${cpu} stuck for ${err.seconds}s! [${comm}:${pid}]`);
      p(4, this.modulesLinkedIn());
      this.showRegs(p, { cpu, pid, comm, entry, task }, this.framesOf(err, mod, entry), undefined);
      k.taints.add(TAINT_SOFTLOCKUP);
      this.emit({ kind: 'soft-lockup', module: modName, fn: this.framesOf(err, mod, entry)[0]?.fn, pid, comm, lines, cause: err, panicked: false });
      this.kill(task, SIGKILL);
      return;
    }

    const fault = toFault(err);
    const frames = fault.kind === 'ifetch-unloaded' ? [] : this.framesOf(err, mod, entry);
    let signr = SIGKILL;
    let cr2: bigint | undefined;
    let header: string;
    if (fault.kind === 'bug' || fault.kind === 'exception') {
      // BUG() is ud2: do_error_trap → die("invalid opcode") → oops_end(SIGSEGV)
      const where = jsLocation(err) ?? `${frames[0]?.fn ?? entry}`;
      p(0, `kernel BUG at ${where}!`);
      header = `invalid opcode: 0000 [#${++this.dieCounter}]${SMP_FLAGS}`;
      signr = SIGSEGV;
    } else if (fault.kind === 'stack-overflow') {
      p(0, `BUG: TASK stack guard page was hit at ${hashedPtr(fault.address)} (stack is ${hashedPtr(0xffffc90000a10000n)}..${hashedPtr(0xffffc90000a14000n)})`);
      header = `stack guard page: 0000 [#${++this.dieCounter}]${SMP_FLAGS}`;
      signr = SIGSEGV;
    } else {
      const address = BigInt.asUintN(64, BigInt(fault.address));
      cr2 = address;
      const code = (fault.kind === 'smap' ? PF_PROT : 0) | (fault.access === 'write' ? PF_WRITE : 0) | (fault.access === 'ifetch' ? PF_INSTR : 0);
      // show_fault_oops()
      if (address < 4096n) p(1, `BUG: kernel NULL pointer dereference, address: ${hex16(address)}`);
      else p(1, `BUG: unable to handle page fault for address: ${hex16(address)}`);
      p(1, `#PF: supervisor ${code & PF_INSTR ? 'instruction fetch' : code & PF_WRITE ? 'write access' : 'read access'} in kernel mode`);
      p(1, `#PF: error_code(0x${code.toString(16).padStart(4, '0')}) - ${code & PF_PROT ? 'permissions violation' : 'not-present page'}`);
      // dump_pagetable(): nothing mapped at NULL; a user page (SMAP) or a freed module page
      if (address < 4096n) p(6, 'PGD 0 P4D 0 ');
      else if (fault.kind === 'smap') p(6, 'PGD 10a4c5067 P4D 10a4c5067 PUD 10a4c6067 PMD 10b1e9067 PTE 800000011c2d5867');
      else p(6, 'PGD 2a0e0f067 P4D 2a0e0f067 PUD 2a0e11067 PMD 10b2f3067 PTE 0');
      header = `Oops: ${code.toString(16).padStart(4, '0')} [#${++this.dieCounter}]${SMP_FLAGS}`;
    }
    p(4, header);
    this.showRegs(p, { cpu, pid, comm, entry, task }, frames, fault.kind === 'ifetch-unloaded' ? BigInt(fault.address) : undefined, cr2);
    p(4, this.modulesLinkedIn());
    if (cr2 !== undefined) p(4, `CR2: ${hex16(cr2)}`);
    // oops_end(): taint, end marker, then panic or kill
    k.taints.add(TAINT_DIE);
    p(4, `---[ end trace ${this.nextOopsId()} ]---`);
    // oops_end(): the executive summary, the first Oops' registers, in case it scrolled away
    if (!this.execSummary) {
      const from = lines.findIndex((l) => l.startsWith('RIP: 0010:'));
      const to = lines.findIndex((l) => / CR3: /.test(l));
      this.execSummary = from >= 0 && to > from ? lines.slice(from, to + 1) : [];
    }
    for (const l of this.execSummary) p(4, l);
    const panicReason = inInterrupt ? 'Fatal exception in interrupt' : k.config.panicOnOops ? 'Fatal exception' : undefined;
    this.emit({ kind: fault.kind, module: modName, fn: frames[0]?.fn, pid, comm, lines, cause: err instanceof KernelFault ? undefined : err, panicked: panicReason !== undefined });
    if (panicReason) {
      this.panic(panicReason);
      return;
    }
    this.kill(task, signr);
  }

  /**
   * __warn(): a WARN_ON() that fired in kernel code called by the module: "cut here", the
   * WARNING line with file:line and function, the registers and the trace (the module's frames
   * read off the JavaScript stack), the end marker; taints W. The caller goes on.
   */
  warn(fileLine: string, at: StackFrame): void {
    const k = this.k;
    const task = k.current;
    const cpu = task ? (k.sched.cpus.find((c) => c.curr === task)?.id ?? 0) : 0;
    const top = this.stack[this.stack.length - 1];
    const entry = top?.entry ?? 'ioctl';
    const p = (level: number, text: string): void => k.printk(`<${level}>${text}`);
    p(4, '------------[ cut here ]------------');
    p(4, `WARNING: CPU: ${cpu} PID: ${task?.pid ?? 0} at ${fileLine} ${fmtFrame(at)}`);
    p(4, this.modulesLinkedIn());
    const modFrames = jsFunctionNames(new Error()).filter((n) => n !== 'warn' && n !== at.fn);
    const frames: StackFrame[] = [at, ...modFrames.map((fn) => this.frameFor(fn, this.moduleOfTop()))];
    this.showRegs(p, { cpu, pid: task?.pid ?? 0, comm: task?.comm ?? `swapper/${cpu}`, entry, task }, frames, undefined);
    p(4, `---[ end trace ${this.nextOopsId()} ]---`);
    k.taints.add(TAINT_WARN);
  }

  private moduleOfTop(): string | undefined {
    return this.stack[this.stack.length - 1]?.module;
  }

  private frameFor(fn: string, module: string | undefined): StackFrame {
    const size = 0x40 + (hash(fn) % 0x30) * 0x10;
    return { fn, off: 0x10 + (hash(`${fn}+`) % (size - 0x10)), size, module };
  }

  /** panic(): the lines, then every CPU stops; listeners (the lab session) boot a new machine. */
  panic(reason: string): void {
    const k = this.k;
    if (this.panicked) return;
    this.panicked = reason;
    for (const line of panicLines(reason)) k.printk(line);
    // smp_send_stop(): nothing runs any more; no timer fires, no task is scheduled.
    while (k.events.pop()) {
      /* drained */
    }
    for (const t of k.sched.tasks.values()) {
      k.sched.deschedule(t);
      if (t.state === 'R' || t.state === 'S') t.state = 'D';
    }
    for (const l of [...this.panicListeners]) l(reason);
  }

  private emit(r: OopsReport): void {
    for (const l of [...this.oopsListeners]) l(r);
  }

  /** The task dies with `signr` once the kernel path around the module returns. */
  private kill(task: Task | undefined, signr: number): void {
    if (!task) return;
    if (task.kthread) {
      this.k.kworkerDied(task, signr);
      return;
    }
    this.doomed.set(task, signr);
  }

  private nextOopsId(): string {
    // init_oops_id(): a random 64-bit id, fixed for the boot
    if (this.oopsId === 0n) this.oopsId = BigInt.asUintN(64, (BigInt(this.k.config.seed) + 1n) * 0x9e3779b97f4a7c15n);
    return this.oopsId.toString(16).padStart(16, '0');
  }

  /** print_modules(): "Modules linked in: mp3(O+) [last unloaded: mp3]". */
  private modulesLinkedIn(): string {
    let s = 'Modules linked in:';
    for (const m of this.k.modules.values()) {
      const flags = `${this.k.taints.has(TAINT_OOT_MODULE) ? 'O' : ''}${this.k.taints.has(TAINT_UNSIGNED_MODULE) ? 'E' : ''}${m.state === 'coming' ? '+' : m.state === 'going' ? '-' : ''}`;
      s += ` ${m.name}${flags ? `(${flags})` : ''}`;
    }
    if (this.lastUnloaded) s += ` [last unloaded: ${this.lastUnloaded}]`;
    return s;
  }

  /** show_regs(): the CPU line, hardware, workqueue, RIP, registers, call trace. */
  private showRegs(
    p: (level: number, text: string) => void,
    c: { cpu: number; pid: number; comm: string; entry: ModuleEntry; task: Task | undefined },
    frames: StackFrame[],
    unmappedRip: bigint | undefined,
    cr2?: bigint,
  ): void {
    const k = this.k;
    p(4, `CPU: ${c.cpu} PID: ${c.pid} Comm: ${c.comm.slice(0, 20)} ${k.taints.print()} 5.15.0-kmlab #1`);
    p(4, 'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.15.0-1 04/01/2014');
    const work = c.entry === 'work' ? k.workqueues.current : undefined;
    // print_worker_info(): "%ps" of the work function: its name, or a bare address once freed
    const wfn = frames[frames.length - 1];
    if (work) p(4, `Workqueue: ${work.wq} ${unmappedRip !== undefined ? `0x${unmappedRip.toString(16)}` : `${wfn?.fn ?? 'work_fn'}${wfn?.module ? ` [${wfn.module}]` : ''}`}`);
    const r = new Regs(k.config.seed * 31 + this.dieCounter);
    if (unmappedRip !== undefined) {
      p(4, `RIP: 0010:0x${unmappedRip.toString(16)}`);
      p(4, `Code: Unable to access opcode bytes at RIP 0x${(unmappedRip - 42n).toString(16)}.`);
    } else {
      p(4, `RIP: 0010:${fmtFrame(frames[0] ?? { fn: c.entry, off: 0, size: 0x40 })}`);
      p(4, `Code: ${r.code()}`);
    }
    for (const line of r.kernelRegs(cr2)) p(4, line);
    p(4, 'Call Trace:');
    if (c.entry === 'timer') p(4, ' <IRQ>');
    else p(4, ' <TASK>');
    for (const f of frames.slice(1)) p(4, ` ${fmtFrame(f)}`);
    for (const f of KERNEL_CALLERS[c.entry]) p(4, ` ${f}`);
    if (c.entry === 'timer') {
      p(4, ' </IRQ>');
      p(4, ' <TASK>');
      p(4, ' asm_sysvec_apic_timer_interrupt+0x1b/0x20');
    }
    if (FROM_SYSCALL.has(c.entry)) for (const line of r.userRegs(c.entry)) p(4, line);
    p(4, ' </TASK>');
  }

  /** The module's frames: the fault's own, or read off the JavaScript stack, or the entry alone. */
  private framesOf(err: unknown, mod: LoadedModule | string | undefined, entry: ModuleEntry): StackFrame[] {
    const modName = typeof mod === 'string' ? mod : mod?.name;
    if (err instanceof KernelFault && err.frames.length) return err.frames;
    const names = err instanceof Error ? jsFunctionNames(err) : [];
    const fns = names.length ? names : [entryFunctionName(entry)];
    return fns.map((fn) => this.frameFor(fn, modName));
  }
}

const SMP_FLAGS = ' SMP NOPTI';

function toFault(err: unknown): KernelFault {
  if (err instanceof KernelFault) return err;
  // A TypeScript module's `p.field` with p null: the NULL dereference of C.
  if (err instanceof TypeError) {
    const m = /Cannot (read|set) properties of (null|undefined)/.exec(err.message);
    if (m) return new KernelFault('null-deref', 0, m[1] === 'set' ? 'write' : 'read', [], err.message);
  }
  return new KernelFault('exception', 0, 'read', [], err instanceof Error ? err.message : String(err));
}

function entryFunctionName(entry: ModuleEntry): string {
  return entry === 'work' ? 'work_fn' : entry === 'timer' ? 'timer_fn' : entry === 'init' ? 'init_module' : entry === 'exit' ? 'cleanup_module' : entry;
}

function fmtFrame(f: StackFrame): string {
  return `${f.fn}+${hex(f.off)}/${hex(f.size)}${f.module ? ` [${f.module}]` : ''}`;
}

/** Function names on a JavaScript stack above the guard (module code), innermost first. */
function jsFunctionNames(err: Error): string[] {
  const out: string[] = [];
  for (const line of (err.stack ?? '').split('\n').slice(1)) {
    const m = /^\s*at (?:new )?([^\s(]+) \(/.exec(line);
    const name = m ? m[1].replace(/^(?:Object|Array|Function|[A-Z]\w*)\./, '').replace(/^<anonymous>$/, '') : '';
    if (/ModuleGuard\.call|callModule/.test(line)) break;
    if (!name || name.includes('<') || KERNEL_HELPER_NAMES.has(name) || /^(?:Generator|Map|Set)\b/.test(name)) continue;
    out.push(name);
  }
  return out;
}

/** Where a JavaScript exception was thrown, as BUG() prints file:line. */
function jsLocation(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  for (const line of (err.stack ?? '').split('\n').slice(1)) {
    const m = /\(?([^\s()]+?):(\d+):\d+\)?$/.exec(line.trim());
    if (m) return `${m[1].replace(/^.*\/(src|test)\//, '$1/')}:${m[2]}`;
  }
  return undefined;
}

/** %p prints a hashed pointer, 8 bytes of hex. */
function hashedPtr(v: bigint | number): string {
  return (hash(String(v)) >>> 0).toString(16).padStart(8, '0').padStart(16, '0');
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Register values: deterministic per boot and oops, plausible for a 5.15 x86-64 kernel. */
class Regs {
  private s: number;
  constructor(seed: number) {
    this.s = (seed >>> 0) || 1;
  }

  private next(): number {
    this.s ^= this.s << 13;
    this.s ^= this.s >>> 17;
    this.s ^= this.s << 5;
    return this.s >>> 0;
  }

  private kptr(prefix: string): string {
    return `${prefix}${this.next().toString(16).padStart(8, '0')}`.slice(0, 16);
  }

  code(): string {
    const bytes: string[] = [];
    for (let i = 0; i < 64; i++) {
      const b = (this.next() & 0xff).toString(16).padStart(2, '0');
      bytes.push(i === 42 ? `<${b}>` : b);
    }
    return bytes.join(' ');
  }

  kernelRegs(cr2: bigint | undefined): string[] {
    const stack = this.kptr('ffffb1c2c0');
    const obj = this.kptr('ffff9e1e4');
    return [
      `RSP: 0018:${stack} EFLAGS: 00010246`,
      `RAX: 0000000000000000 RBX: ${obj} RCX: 0000000000000000`,
      `RDX: 0000000000000000 RSI: ${this.kptr('ffff9e1e4')} RDI: ${obj}`,
      `RBP: ${this.kptr('ffffb1c2c0')} R08: 0000000000000000 R09: 0000000000000000`,
      `R10: 0000000000000000 R11: 0000000000000000 R12: ${this.kptr('ffff9e1e4')}`,
      `R13: ${this.kptr('ffff9e1e4')} R14: 0000000000000000 R15: 0000000000000000`,
      `FS:  00007f3c8e1d4740(0000) GS:ffff9e1ebbc00000(0000) knlGS:0000000000000000`,
      `CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033`,
      `CR2: ${hex16(cr2 ?? 0n)} CR3: 000000010a4c4000 CR4: 00000000000006f0`,
    ];
  }

  /** The user registers shown under a system call's trace. */
  userRegs(entry: ModuleEntry): string[] {
    const nr = entry === 'init' ? 0x139 : entry === 'exit' ? 0xb0 : entry.endsWith('read') ? 0 : entry.endsWith('write') ? 1 : entry === 'mmap' ? 9 : entry.endsWith('open') ? 0x101 : 3;
    return [
      `RIP: 0033:0x7f3c8e0f1a37`,
      `Code: 0f 00 f7 d8 64 89 02 48 c7 c0 ff ff ff ff eb b7 0f 1f 00 f3 0f 1e fa 64 8b 04 25 18 00 00 00 85 c0 75 10 b8 01 00 00 00 0f 05 <48> 3d 00 f0 ff ff 77 51 c3 48 83 ec 28 48 89 54 24 18 48 89 74 24`,
      `RSP: 002b:00007ffd${this.next().toString(16).padStart(8, '0')} EFLAGS: 00000246 ORIG_RAX: ${nr.toString(16).padStart(16, '0')}`,
      `RAX: ffffffffffffffda RBX: 0000000000000007 RCX: 00007f3c8e0f1a37`,
      `RDX: 0000000000000007 RSI: 000055d3${this.next().toString(16).padStart(8, '0')} RDI: 0000000000000001`,
      `RBP: 000055d3${this.next().toString(16).padStart(8, '0')} R08: 000000000000000a R09: 0000000000000000`,
      `R10: 00007f3c8e1b6ac0 R11: 0000000000000246 R12: 0000000000000007`,
      `R13: 00007f3c8e1f8780 R14: 0000000000000007 R15: 00007f3c8e1f39e0`,
    ];
  }
}
