// Path lookup (fs/namei.c) and the directories of the simulated tree.
import * as E from '../errno';
import { errnoOfHostError } from '../errno';
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, O_ACCMODE, O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_TRUNC, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET, type DirEntry } from '../uapi';
import { File, type FileOperations } from './file';
import type { Directory, HostFs, Inode } from './inode';
import type { Task } from '../sched/task';

const enc = new TextEncoder();

/** Joins cwd and path and removes ".", ".." and repeated slashes. */
export function normalizePath(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}

export function splitPath(abs: string): { parent: string; name: string } {
  const i = abs.lastIndexOf('/');
  return { parent: i <= 0 ? '/' : abs.slice(0, i), name: abs.slice(i + 1) };
}

/** A directory made of fixed children (/, /home) or a computed listing. */
export class StaticDir implements Directory {
  readonly children = new Map<string, Inode>();
  lookup(name: string): Inode | undefined {
    return this.children.get(name);
  }
  list(): DirEntry[] {
    return [...this.children.entries()].map(([name, inode]) => ({ name, type: entryType(inode) }));
  }
}

export function entryType(inode: Inode): DirEntry['type'] {
  const fmt = inode.mode & S_IFMT;
  if (fmt === S_IFDIR) return 'dir';
  if (fmt === S_IFCHR) return 'chr';
  if (fmt === S_IFLNK) return 'link';
  return inode.mode & 0o111 ? 'exe' : 'file';
}

export function dirInode(dir: Directory, mode = 0o755): Inode {
  return {
    mode: S_IFDIR | mode,
    size: () => 4096,
    mtimeNs: () => 0,
    open: (_task, flags, path) => ((flags & O_ACCMODE) !== O_RDONLY ? -E.EISDIR : new File(DIR_FOPS, flags, dirInode(dir, mode), path)),
    dir,
  };
}

const DIR_FOPS: FileOperations = {
  read: () => -E.EISDIR,
  write: () => -E.EISDIR,
};

/**
 * A directory of regular files kept by a HostFs, with an overlay of special entries that only
 * exist in the simulation: the lab's programs and module image, and device nodes made with
 * mknod (a real folder cannot hold a character device we invent).
 */
export class HostDir implements Directory {
  readonly overlay = new Map<string, Inode>();

  constructor(
    readonly host: HostFs,
    private readonly makeDevice: (mode: number, dev: number) => Inode,
  ) {}

  lookup(name: string): Inode | undefined {
    const special = this.overlay.get(name);
    if (special) return special;
    const st = this.host.stat(name);
    if (!st) return undefined;
    return st.symlink !== undefined ? this.link(name, st.symlink) : this.regular(name);
  }

  list(): DirEntry[] {
    const names = new Set([...this.host.list(), ...this.overlay.keys()]);
    return [...names].sort().map((name) => ({ name, type: entryType(this.lookup(name)!) }));
  }

  create(name: string): Inode | number {
    if (!isValidName(name)) return -E.EINVAL;
    try {
      this.host.writeFile(name, new Uint8Array(0), false);
    } catch (err) {
      return -errnoOfHostError(err, E.EACCES);
    }
    return this.regular(name);
  }

  mknod(name: string, mode: number, dev: number): number {
    if (!isValidName(name)) return -E.EINVAL;
    if (this.lookup(name)) return -E.EEXIST;
    if ((mode & S_IFMT) === S_IFREG) return typeof this.create(name) === 'number' ? -E.EACCES : 0;
    if ((mode & S_IFMT) !== S_IFCHR) return -E.EPERM;
    this.overlay.set(name, this.makeDevice(mode, dev));
    return 0;
  }

  chmod(name: string, mode: number): number {
    const special = this.overlay.get(name);
    if (special) {
      // the simulation's own entries (programs, devices, the module image): a copy with new bits
      this.overlay.set(name, { ...special, mode: (special.mode & S_IFMT) | (mode & 0o7777) });
      return 0;
    }
    const st = this.host.stat(name);
    if (!st) return -E.ENOENT;
    // chmod follows a link to its target, which may be anywhere on the host: refuse, as for open
    if (st.symlink !== undefined) return -E.ELOOP;
    if (!this.host.chmod) return -E.EPERM;
    try {
      this.host.chmod(name, mode & 0o7777);
      return 0;
    } catch (err) {
      return -errnoOfHostError(err, E.EPERM);
    }
  }

  unlink(name: string): number {
    if (this.overlay.delete(name)) return 0;
    if (!this.host.stat(name)) return -E.ENOENT;
    try {
      return this.host.remove(name) ? 0 : -E.EACCES;
    } catch {
      return -E.EACCES;
    }
  }

  /**
   * A symbolic link in the host folder, shown as what it is (`ls -l`: `l…` and `-> target`) and
   * never followed: its target may lie outside the folder (`../.bashrc`, /proc/self/environ), so
   * opening it, or creating a file through it when it dangles, fails with ELOOP the way
   * open(O_NOFOLLOW) does. unlink removes the link itself.
   */
  private link(name: string, target: string): Inode {
    const host = this.host;
    return {
      mode: S_IFLNK | 0o777,
      symlink: target,
      size: () => target.length,
      mtimeNs: () => (host.stat(name)?.mtimeMs ?? 0) * 1e6,
      open: () => -E.ELOOP,
    };
  }

  /** A regular file's inode: reads see the host's bytes; writes go straight through. */
  private regular(name: string): Inode {
    const host = this.host;
    const self: Inode = {
      get mode() {
        return S_IFREG | (host.stat(name)?.mode ?? 0o644);
      },
      size: () => host.stat(name)?.size ?? 0,
      mtimeNs: () => (host.stat(name)?.mtimeMs ?? 0) * 1e6,
      open: (_task, flags, path) => {
        if (flags & O_TRUNC && (flags & O_ACCMODE) !== O_RDONLY) {
          try {
            host.writeFile(name, new Uint8Array(0), false);
          } catch (err) {
            return -errnoOfHostError(err, E.EACCES);
          }
        }
        return new File(regularFops(host, name), flags, self, path);
      },
    };
    return self;
  }
}

function isValidName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !name.includes('/') && name !== '.' && name !== '..';
}

/**
 * Regular file I/O through the HostFs: pread/pwrite at the file position when the store has them
 * (each read() costs what it returns, so reading a file is linear in its size); otherwise whole-file
 * reads and rewrites. Host errors come back as their errno (ENOSPC past the home's quota).
 */
function regularFops(host: HostFs, name: string): FileOperations {
  return {
    read(file, buf) {
      if (host.readAt) {
        try {
          const n = host.readAt(name, file.f_pos, buf);
          file.f_pos += n;
          return n;
        } catch (err) {
          return -errnoOfHostError(err, E.EIO);
        }
      }
      const data = host.readFile(name);
      if (!data) return -E.ENOENT;
      const n = Math.max(0, Math.min(buf.length, data.length - file.f_pos));
      buf.set(data.subarray(file.f_pos, file.f_pos + n));
      file.f_pos += n;
      return n;
    },
    write(file, data) {
      try {
        if (host.writeAt) {
          if (file.f_flags & O_APPEND) file.f_pos = host.stat(name)?.size ?? 0;
          const n = host.writeAt(name, file.f_pos, data);
          file.f_pos += n;
          return n;
        }
        const size = host.stat(name)?.size ?? 0;
        if (file.f_flags & O_APPEND) file.f_pos = size;
        if (file.f_pos === size) host.writeFile(name, data, true);
        else {
          const old = host.readFile(name) ?? new Uint8Array(0);
          const next = new Uint8Array(Math.max(old.length, file.f_pos + data.length));
          next.set(old);
          next.set(data, file.f_pos);
          host.writeFile(name, next, false);
        }
      } catch (err) {
        return -errnoOfHostError(err, E.EIO);
      }
      file.f_pos += data.length;
      return data.length;
    },
    llseek(file, offset, whence) {
      const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? file.f_pos : whence === SEEK_END ? host.stat(name)?.size ?? 0 : NaN;
      const pos = base + offset;
      if (!Number.isInteger(pos) || pos < 0) return -E.EINVAL;
      file.f_pos = pos;
      return pos;
    },
  };
}

/** read() of a file whose whole content was produced at open (in private_data), like seq_file. */
export function readSnapshot(f: File, buf: Uint8Array): number {
  const bytes = f.private_data as Uint8Array;
  const n = Math.max(0, Math.min(buf.length, bytes.length - f.f_pos));
  buf.set(bytes.subarray(f.f_pos, f.f_pos + n));
  f.f_pos += n;
  return n;
}

/** An inode whose content is produced when it is opened (a seq_file-style /proc file). */
export function generatedFile(mode: number, produce: () => string, write?: (text: string, task: Task) => number): Inode {
  const self: Inode = {
    mode: S_IFREG | mode,
    size: () => 0,
    mtimeNs: () => 0,
    open: (_task, flags, path) => {
      const acc = flags & O_ACCMODE;
      if (acc !== O_RDONLY && !write) return -E.EACCES;
      const file = new File(
        {
          read: readSnapshot,
          write: write ? (_f, data, task) => write(new TextDecoder().decode(data), task) : undefined,
        },
        flags,
        self,
        path,
      );
      file.private_data = acc === O_WRONLY ? new Uint8Array(0) : enc.encode(produce());
      return file;
    },
  };
  return self;
}

/** Resolves an absolute path to its inode, or -errno (ENOENT, ENOTDIR). */
export function lookupPath(root: Inode, abs: string): Inode | number {
  let node = root;
  for (const part of abs.split('/')) {
    if (part === '') continue;
    if (!node.dir) return -E.ENOTDIR;
    const next = node.dir.lookup(part);
    if (!next) return -E.ENOENT;
    node = next;
  }
  return node;
}

/** Opens (and with O_CREAT creates) a path the way do_sys_open does. */
export function openPath(root: Inode, task: Task, abs: string, flags: number): File | number {
  let inode = lookupPath(root, abs);
  if (inode === -E.ENOENT && flags & O_CREAT) {
    const { parent, name } = splitPath(abs);
    const dir = lookupPath(root, parent);
    if (typeof dir === 'number') return dir;
    if (!dir.dir) return -E.ENOTDIR;
    if (!dir.dir.create) return -E.EACCES;
    inode = dir.dir.create(name);
  } else if (typeof inode !== 'number' && flags & O_CREAT && flags & O_EXCL) {
    return -E.EEXIST;
  }
  if (typeof inode === 'number') return inode;
  if (inode.dir && (flags & O_ACCMODE) !== O_RDONLY) return -E.EISDIR;
  return inode.open(task, flags, abs);
}
