// struct task_struct, reduced to what the lab observes: identity, state, scheduling, the
// fault and CPU counters that get_cpu_use() reads, files, and the program it runs.
import type { MmStruct } from '../mm/mm_types';
import type { AddressStream, SignalHandler, SyscallRequest, UserCode, Termios } from '../uapi';
import type { FdTable } from '../fs/file';
import type { WaitQueue } from './wait';

/** Task states as ps(1) shows them (fs/proc/array.c task_state_array); T = stopped (job control). */
export type TaskState = 'R' | 'S' | 'D' | 'T' | 'Z' | 'X';

/** A memory-access burst in progress (Sys.access): where the task is in it. */
export interface AccessBurst {
  remaining: number;
  next: AddressStream;
  write: boolean;
  /** The address whose access faulted and must be retried on resume, or -2 for none. */
  pending: number;
}

export class Task {
  state: TaskState = 'R';
  /** What the task sleeps on while state is S or D (for /proc/<pid>/wchan and wake-ups). */
  waitingOn: WaitQueue | undefined = undefined;
  wchan = '';
  exitCode = 0;
  /** wait status once a zombie */
  exitStatus = 0;
  nice = 0;
  pgid: number;
  sid = 0;
  parent: Task | undefined;
  readonly children = new Set<Task>();
  comm: string;
  cmdline: readonly string[];
  /** The environment of the running program ("NAME=value"), for /proc/<pid>/environ and the next execve. */
  environ: readonly string[] = [];
  cwd = '/home/student';

  // --- what get_cpu_use() reads and resets (the lab's patched kernel) ---
  min_flt = 0;
  maj_flt = 0;
  /** user and system CPU time in ns, charged a tick at a time (kernel/sched/cputime.c) */
  utime = 0;
  stime = 0;
  /** Totals that get_cpu_use() does not reset (what taskstats would report); for the UI. */
  total_min_flt = 0;
  total_maj_flt = 0;
  total_cpu = 0;
  /** User and system time that get_cpu_use() does not reset: what getrusage(RUSAGE_SELF) reports. */
  total_utime = 0;
  total_stime = 0;
  /**
   * signal->cutime and cstime: the user and system time of the children this task has reaped,
   * each with its own reaped children's, added when wait4 reaps it (getrusage(RUSAGE_CHILDREN)).
   */
  cutime = 0;
  cstime = 0;
  /** CFS: exact runtime and virtual runtime (ns). */
  sum_exec_runtime = 0;
  vruntime = 0;
  /** When the current slice started (sum_exec_runtime at pick time). */
  sliceStart = 0;
  readonly start_time: number;

  // --- user code ---
  code: UserCode<number> | undefined;
  /** The system call being executed (re-run after a sleep, like -ERESTARTSYS), or undefined. */
  syscall: SyscallRequest | undefined = undefined;
  /** The system call has slept at least once (a signal handler then makes it return -EINTR). */
  syscallSlept = false;
  /** Value to resume the generator with. */
  retval: unknown = undefined;
  burst: AccessBurst | undefined = undefined;
  /** Per-syscall scratch state kept across a sleep (e.g. nanosleep's deadline). */
  sysState: unknown = undefined;
  /** The fault being handled read from swap: count it as major when it resolves. */
  faultMajor = false;
  /** System time spent in a fault before the task slept, charged when it resolves. */
  sysTimePending = 0;
  /** True while the last instruction executed was kernel code (for tick accounting). */
  inKernel = false;

  pendingSignals = 0;
  ignoredSignals = 0;
  /** sighand->action[]: the signals with a handler, and the handler. */
  readonly sighand = new Map<number, SignalHandler>();
  /** Set when a fatal signal arrived in uninterruptible sleep: die on wake-up. */
  killed = false;
  /** The signal that stopped the task, until a wait4(WUNTRACED) reports it (signal->group_exit_code). */
  stopCode = 0;
  /** A SIGCONT resumed the stopped task and no wait4(WCONTINUED) has reported it (SIGNAL_STOP_CONTINUED). */
  continuedPending = false;

  files: FdTable;
  mm: MmStruct | undefined;
  /** Kernel threads have no user code and no mm (kthreadd, kswapd0, kworker). */
  readonly kthread: boolean;
  /** Which CPU the task last ran on. */
  cpu = 0;
  /** Saved tty modes for job-control shells are the shell's business; this is the tty's owner. */
  savedTermios: Termios | undefined = undefined;

  constructor(
    readonly pid: number,
    comm: string,
    opts: { parent?: Task; files: FdTable; mm?: MmStruct; kthread?: boolean; now: number },
  ) {
    this.comm = comm.slice(0, 15); // TASK_COMM_LEN 16
    this.cmdline = [comm];
    this.parent = opts.parent;
    this.files = opts.files;
    this.mm = opts.mm;
    this.kthread = opts.kthread ?? false;
    this.pgid = pid;
    this.start_time = opts.now;
  }

  /** Charges `ns` of CPU time at a tick (user or system) to both the resettable and total counters. */
  chargeTick(ns: number, user: boolean): void {
    if (user) {
      this.utime += ns;
      this.total_utime += ns;
    } else {
      this.stime += ns;
      this.total_stime += ns;
    }
    this.total_cpu += ns;
  }

  countFault(major: boolean): void {
    if (major) {
      this.maj_flt++;
      this.total_maj_flt++;
    } else {
      this.min_flt++;
      this.total_min_flt++;
    }
  }

  get alive(): boolean {
    return this.state !== 'Z' && this.state !== 'X';
  }
}
