// Inodes and directories of the simulated file system tree. Only what the lab needs: a root
// with /bin (the programs), /dev, /proc, /tmp and the student's home directory, which can be
// backed by a real folder on the host (HostFs) so that `./monitor > profile1.data` writes a
// file the student can open.
import type { File } from './file';
import type { Task } from '../sched/task';
import type { DirEntry, Program } from '../uapi';
import type { ModuleImage } from '../module';

export interface Inode {
  /** st_mode: file type and permission bits */
  readonly mode: number;
  /** device number for character devices */
  readonly rdev?: number;
  size(): number;
  mtimeNs(): number;
  /** Opens the inode (after permission checks); returns a File or -errno. */
  open(task: Task, flags: number, path: string): File | number;
  /** For directories. */
  dir?: Directory;
  /** An executable: the program execve() runs. */
  program?: Program;
  /** A kernel module image (a .ko file): what init_module() loads. */
  moduleImage?: ModuleImage;
  /** A symbolic link: its target (readlink). The simulation never follows one (open → ELOOP). */
  readonly symlink?: string;
}

export interface Directory {
  lookup(name: string): Inode | undefined;
  list(): DirEntry[];
  /** Creates a regular file (O_CREAT); -errno when the directory does not allow it. */
  create?(name: string): Inode | number;
  mknod?(name: string, mode: number, dev: number): number;
  unlink?(name: string): number;
  /** chmod(2) of an entry (notify_change with ATTR_MODE): 0 or -errno. */
  chmod?(name: string, mode: number): number;
}

/** What a HostFs reports of one entry. Symbolic links are reported, never followed (lstat). */
export interface HostStat {
  size: number;
  mtimeMs: number;
  /** The permission bits, when the store keeps them (0644 is assumed otherwise). */
  mode?: number;
  /** Set when the entry is a symbolic link: its target, as readlink(2) gives it. */
  symlink?: string;
}

/** The bound a host-backed home directory gets unless told otherwise (setting and --home-quota-mib). */
export const DEFAULT_HOME_QUOTA_MIB = 256;

/**
 * The host-side store behind a directory of regular files (a real folder, or memory). Errors are
 * thrown as Errors whose Node-style `code` ("ENOSPC", "ELOOP", "EACCES"…) names the errno the
 * system call returns.
 */
export interface HostFs {
  readFile(name: string): Uint8Array | undefined;
  /** Replaces (append=false) or extends the file; throws on a host error. */
  writeFile(name: string, data: Uint8Array, append: boolean): void;
  /** pread(2): up to buf.length bytes at `pos`, 0 at the end. Absent: read() takes readFile's bytes. */
  readAt?(name: string, pos: number, buf: Uint8Array): number;
  /**
   * pwrite(2): writes `data` at `pos`; returns the bytes written, fewer than asked when only
   * that much room is left, and throws ENOSPC when none is. Absent: writeFile rewrites the file.
   */
  writeAt?(name: string, pos: number, data: Uint8Array): number;
  list(): string[];
  remove(name: string): boolean;
  stat(name: string): HostStat | undefined;
  /** Sets a file's permission bits; throws on a host error. Absent: permissions cannot change. */
  chmod?(name: string, mode: number): void;
}

/** A HostFs in memory: the default when nothing backs the home directory. */
export class MemHostFs implements HostFs {
  private files = new Map<string, { data: Uint8Array; mtimeMs: number; mode: number }>();
  private tick = 0;

  readFile(name: string): Uint8Array | undefined {
    return this.files.get(name)?.data;
  }
  writeFile(name: string, data: Uint8Array, append: boolean): void {
    const old = this.files.get(name);
    let next = data.slice();
    if (append && old) {
      next = new Uint8Array(old.data.length + data.length);
      next.set(old.data);
      next.set(data, old.data.length);
    }
    this.files.set(name, { data: next, mtimeMs: ++this.tick, mode: old?.mode ?? 0o644 });
  }
  list(): string[] {
    return [...this.files.keys()].sort();
  }
  remove(name: string): boolean {
    return this.files.delete(name);
  }
  stat(name: string): { size: number; mtimeMs: number; mode: number } | undefined {
    const f = this.files.get(name);
    return f ? { size: f.data.length, mtimeMs: f.mtimeMs, mode: f.mode } : undefined;
  }
  chmod(name: string, mode: number): void {
    const f = this.files.get(name);
    if (!f) throw new Error(`no file ${name}`);
    f.mode = mode & 0o7777;
  }
}
