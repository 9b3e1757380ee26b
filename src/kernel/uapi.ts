// The user-space ABI of the simulated kernel: what a program may call, and nothing else.
//
// A program is a generator function. Each system call is a `yield` of a request that the kernel
// executes on the task's behalf; the generator is resumed with the return value, possibly much
// later in simulated time (when the call blocked). `Sys` wraps every call so that programs read
// like C:
//
//     const fd = yield* sys.open('/proc/mp3/status', O_WRONLY);
//     if (fd < 0) { yield* sys.write(2, `open: ${strerror(fd)}\n`); return 1; }
//
// Return values follow the Linux ABI: a negative number is -errno.

/** One system call request. `nr` names the call the way <unistd.h> does. */
export interface SyscallRequest {
  readonly nr: SyscallName;
  readonly args: readonly unknown[];
}

export type SyscallName =
  | 'open' | 'close' | 'read' | 'write' | 'lseek' | 'dup2' | 'pipe'
  | 'mmap' | 'munmap' | 'brk'
  | 'getpid' | 'gettid' | 'getppid' | 'getpgid' | 'setpgid'
  | 'nanosleep' | 'clock_gettime' | 'getrusage'
  | 'fork' | 'execve' | 'exit' | 'wait4' | 'kill' | 'signal'
  | 'setpriority' | 'getpriority'
  | 'mknod' | 'unlink' | 'chmod' | 'stat' | 'readlink' | 'getdents' | 'chdir' | 'getcwd'
  | 'ioctl'
  | 'init_module' | 'delete_module'
  | 'syslog' | 'getrandom'
  | 'host_call'
  | 'user_access' | 'user_compute' | 'user_load64' | 'user_store64';

/** The generator type of a program (or of any helper that makes system calls). */
export type UserCode<T> = Generator<SyscallRequest, T, unknown>;

/**
 * A program's entry point: `main(argc, argv, envp)` in generator form; its return value is the
 * exit code. `envp` is the environment execve() was given, "NAME=value" strings.
 */
export type Program = (sys: Sys, argv: readonly string[], envp: readonly string[]) => UserCode<number>;

/** The environment a login gives its shell (what the lab terminal and `kmlab sh` start with). */
export const LOGIN_ENVIRONMENT: readonly string[] = [
  'HOME=/home/student', 'LANG=C.UTF-8', 'LOGNAME=student', 'PATH=/bin:.', 'SHELL=/bin/bash', 'TERM=xterm-256color', 'USER=student',
];

// open(2) flags (asm-generic/fcntl.h)
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_ACCMODE = 3;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;

// lseek whence
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;

// mmap(2)
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_ANONYMOUS = 0x20;
export const MAP_FAILED = -1;

// file types for mknod/stat (st_mode & S_IFMT)
export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFLNK = 0o120000;

// signals (x86-64 numbering)
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGWINCH = 28;

export const SIGNAL_NAMES: Readonly<Record<number, string>> = {
  1: 'HUP', 2: 'INT', 3: 'QUIT', 9: 'KILL', 11: 'SEGV', 13: 'PIPE', 15: 'TERM', 17: 'CHLD', 18: 'CONT', 19: 'STOP', 20: 'TSTP', 21: 'TTIN', 22: 'TTOU',
};

// wait4 options and status decoding (as <sys/wait.h>)
export const WNOHANG = 1;
/** Also report a child that has stopped (job control), once per stop. */
export const WUNTRACED = 2;
/** Also report a stopped child that a SIGCONT resumed, once per resume. */
export const WCONTINUED = 8;
export const WIFSTOPPED = (status: number): boolean => (status & 0xff) === 0x7f;
export const WSTOPSIG = (status: number): number => (status >> 8) & 0xff;
export const WIFCONTINUED = (status: number): boolean => status === 0xffff;
export const WIFEXITED = (status: number): boolean => (status & 0x7f) === 0;
export const WEXITSTATUS = (status: number): number => (status >> 8) & 0xff;
export const WIFSIGNALED = (status: number): boolean => (status & 0x7f) !== 0 && (status & 0x7f) !== 0x7f;
export const WTERMSIG = (status: number): number => status & 0x7f;

// ioctl requests understood by the tty
export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCGWINSZ = 0x5413;

/** The part of termios the simulated tty honours. */
export interface Termios {
  /** ICANON: line-buffered input with erase/kill editing in the kernel. */
  icanon: boolean;
  /** ECHO: the tty echoes input characters. */
  echo: boolean;
  /** ISIG: ^C sends SIGINT, ^\ SIGQUIT, ^Z SIGTSTP to the foreground process group. */
  isig: boolean;
}

export interface WinSize {
  rows: number;
  cols: number;
}

/** Result of stat(2), reduced to what the lab's tools use. */
export interface Stat {
  mode: number;
  size: number;
  /** device number for character devices: (major << 20) | minor, as the kernel's dev_t */
  rdev: number;
  /** modification time, simulated ns since boot */
  mtimeNs: number;
}

// getrusage(2) `who`
export const RUSAGE_SELF = 0;
export const RUSAGE_CHILDREN = -1;
/** The calling thread; every task here is single-threaded, so the same as RUSAGE_SELF. */
export const RUSAGE_THREAD = 1;

/** struct rusage, reduced to the CPU times (ru_utime, ru_stime), in ns instead of a timeval. */
export interface Rusage {
  utime: number;
  stime: number;
}

/** A signal handler (see Sys.signal). */
export type SignalHandler = (sig: number) => void;

/** One directory entry of getdents(2). */
export interface DirEntry {
  name: string;
  type: 'file' | 'dir' | 'chr' | 'exe' | 'link';
}

export interface WaitResult {
  /** pid of the reaped child, 0 with WNOHANG when none has exited, or -errno */
  pid: number;
  /** wait status, decode with WIFEXITED/WEXITSTATUS, WIFSIGNALED/WTERMSIG, WIFSTOPPED/WSTOPSIG, WIFCONTINUED */
  status: number;
}

/** A source of user-mode addresses for `access`: returns the next address, or -1 for an
 * operation that touches no memory (it costs `localOpNs` of CPU, e.g. work's "local access"). */
export type AddressStream = () => number;

/** Makes dev_t the way the kernel's MKDEV does (20-bit minor). */
export const makedev = (major: number, minor: number): number => major * (1 << 20) + minor;
export const major = (dev: number): number => Math.floor(dev / (1 << 20));
export const minor = (dev: number): number => dev % (1 << 20);

function* call<T>(nr: SyscallName, ...args: unknown[]): UserCode<T> {
  return (yield { nr, args }) as T;
}

/**
 * The system-call wrappers a program uses (glibc's role). Every method is a generator: call it
 * with `yield*`.
 */
export class Sys {
  open(path: string, flags: number, mode = 0o644): UserCode<number> { return call('open', path, flags, mode); }
  close(fd: number): UserCode<number> { return call('close', fd); }
  /** Reads up to buf.length bytes into buf; returns the count, 0 at end of file, or -errno. */
  read(fd: number, buf: Uint8Array): UserCode<number> { return call('read', fd, buf); }
  /** Writes bytes (or a string, UTF-8 encoded); returns the count written or -errno. */
  write(fd: number, data: Uint8Array | string): UserCode<number> { return call('write', fd, data); }
  lseek(fd: number, offset: number, whence: number): UserCode<number> { return call('lseek', fd, offset, whence); }
  dup2(oldfd: number, newfd: number): UserCode<number> { return call('dup2', oldfd, newfd); }
  /** Returns [readFd, writeFd] or -errno. */
  pipe(): UserCode<[number, number] | number> { return call('pipe'); }

  /** Returns the mapped address or -errno (MAP_FAILED semantics: any negative value). */
  mmap(addr: number, length: number, prot: number, flags: number, fd: number, offset: number): UserCode<number> {
    return call('mmap', addr, length, prot, flags, fd, offset);
  }
  munmap(addr: number, length: number): UserCode<number> { return call('munmap', addr, length); }

  getpid(): UserCode<number> { return call('getpid'); }
  /** The thread id; the lab's work program registers this (it is what the kernel counts faults on). */
  gettid(): UserCode<number> { return call('gettid'); }
  getppid(): UserCode<number> { return call('getppid'); }
  getpgid(pid: number): UserCode<number> { return call('getpgid', pid); }
  setpgid(pid: number, pgid: number): UserCode<number> { return call('setpgid', pid, pgid); }

  /** Sleeps for ns simulated nanoseconds; returns 0, or -EINTR if a signal woke the task. */
  nanosleep(ns: number): UserCode<number> { return call('nanosleep', ns); }
  /** CLOCK_MONOTONIC in ns since boot. */
  clock_gettime(): UserCode<number> { return call('clock_gettime'); }
  /**
   * getrusage(2): the CPU time of the caller (RUSAGE_SELF) or of its reaped children and their
   * reaped descendants (RUSAGE_CHILDREN), or -EINVAL.
   */
  getrusage(who: number): UserCode<Rusage | number> { return call('getrusage', who); }

  /**
   * fork(2), with the child's code given explicitly: the child task starts running `child` with
   * a copy of the parent's file descriptors, cwd and nice value (it typically calls execve).
   * The parent gets the child's pid, or -errno.
   */
  fork(child: (sys: Sys) => UserCode<number>): UserCode<number> { return call('fork', child); }
  /**
   * Replaces the program; returns only on failure (-errno). Without `envp` the new program gets
   * the caller's environment, as execv(3) passes `environ`.
   */
  execve(path: string, argv: readonly string[], envp?: readonly string[]): UserCode<number> { return call('execve', path, argv, envp); }
  exit(code: number): UserCode<never> { return call('exit', code); }
  /** wait4(2): pid > 0 one child, -1 any child. */
  wait4(pid: number, options = 0): UserCode<WaitResult> { return call('wait4', pid, options); }
  kill(pid: number, sig: number): UserCode<number> { return call('kill', pid, sig); }
  /**
   * signal(2): the default action, ignore, or a handler. A handler runs between system calls when
   * the signal is delivered and makes none itself (like a C handler that only sets a flag); a
   * call that was sleeping returns -EINTR (sigaction without SA_RESTART; wait4 reports it in
   * `pid`). fork copies handlers; execve resets them to the default action.
   */
  signal(sig: number, disposition: 'default' | 'ignore' | SignalHandler): UserCode<number> { return call('signal', sig, disposition); }

  /** setpriority(PRIO_PROCESS, pid, nice); pid 0 = the caller. */
  setpriority(pid: number, nice: number): UserCode<number> { return call('setpriority', pid, nice); }
  getpriority(pid: number): UserCode<number> { return call('getpriority', pid); }

  mknod(path: string, mode: number, dev: number): UserCode<number> { return call('mknod', path, mode, dev); }
  unlink(path: string): UserCode<number> { return call('unlink', path); }
  /** chmod(2): the permission bits (mode & 07777) of a file in the home directory or /tmp. */
  chmod(path: string, mode: number): UserCode<number> { return call('chmod', path, mode); }
  /** stat(2) of a path; a symbolic link in the home folder is never followed, so it is the link's own (lstat). */
  stat(path: string): UserCode<Stat | number> { return call('stat', path); }
  /** readlink(2): the target of a symbolic link (ls -l shows it), or -EINVAL for anything else. */
  readlink(path: string): UserCode<string | number> { return call('readlink', path); }
  getdents(path: string): UserCode<DirEntry[] | number> { return call('getdents', path); }
  chdir(path: string): UserCode<number> { return call('chdir', path); }
  getcwd(): UserCode<string> { return call('getcwd'); }

  /** ioctl(2) for the tty: TCGETS/TCSETS take/return a Termios, TIOCGPGRP/TIOCSPGRP a pgid, TIOCGWINSZ a WinSize. */
  ioctl(fd: number, request: number, arg?: unknown): UserCode<number | Termios | WinSize> { return call('ioctl', fd, request, arg); }

  /** init_module: load a kernel module image from a file (what insmod does). */
  init_module(path: string, params = ''): UserCode<number> { return call('init_module', path, params); }
  /** delete_module: unload by name (what rmmod does). */
  delete_module(name: string): UserCode<number> { return call('delete_module', name); }
  /** getrandom(2) for 4 bytes: from the kernel's entropy, which the machine's seed determines. */
  getrandom(): UserCode<number> { return call('getrandom'); }
  /**
   * Waits, interruptibly, for an asynchronous service of the host (the C toolchain): returns its
   * result, or -ENOSYS when the host offers no such service (see kernel/host_call.ts).
   */
  host_call(service: string, request: unknown): UserCode<unknown> { return call('host_call', service, request); }
  /** syslog(2) SYSLOG_ACTION_READ_ALL (what dmesg does); `clear` also empties the ring. */
  syslog(clear = false): UserCode<string | number> { return call('syslog', clear); }

  /**
   * User-mode work: `count` operations, each taking the next address from `next` and writing
   * (or reading) one byte there, or, for -1, a register-only operation. Runs at full speed in
   * the kernel's access loop; faults are handled as the hardware and kernel would, and the task
   * may sleep in the middle (major fault, reclaim). Returns 0, or -EFAULT if an address is not
   * mapped (the task then receives SIGSEGV, as on real hardware).
   */
  access(count: number, next: AddressStream, write = true): UserCode<number> { return call('user_access', count, next, write); }
  /** Pure CPU work for ns nanoseconds of user time (no memory traffic). */
  compute(ns: number): UserCode<number> { return call('user_compute', ns); }
  /** Loads a signed 64-bit word from user memory (e.g. a shared mapping); faults like a real load. */
  load64(addr: number): UserCode<number> { return call('user_load64', addr); }
  /** Stores a signed 64-bit word to user memory. */
  store64(addr: number, value: number): UserCode<number> { return call('user_store64', addr, value); }
}

/** The one instance programs share: Sys has no state. */
export const sys = new Sys();
