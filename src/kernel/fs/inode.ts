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

/** The host-side store behind a directory of regular files (a real folder, or memory). */
export interface HostFs {
  readFile(name: string): Uint8Array | undefined;
  /** Replaces (append=false) or extends the file; throws on a host error. */
  writeFile(name: string, data: Uint8Array, append: boolean): void;
  list(): string[];
  remove(name: string): boolean;
  /** `mode`: the permission bits, when the store keeps them (0644 is assumed otherwise). */
  stat(name: string): { size: number; mtimeMs: number; mode?: number } | undefined;
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
