// procfs (fs/proc/generic.c): the tree of proc_dir_entry that modules extend with proc_mkdir()
// and proc_create(), next to the kernel's own generated files.
import * as E from '../errno';
import { S_IFDIR, S_IFREG, O_ACCMODE, O_RDONLY, type DirEntry } from '../uapi';
import { File } from './file';
import type { Directory, Inode } from './inode';
import { entryType, readSnapshot } from './vfs';
import type { Task } from '../sched/task';

/** loff_t *ppos: a position the handler reads and advances. */
export interface LoffT {
  value: number;
}

/** A user-space buffer as a proc handler sees it (char __user *): reach it with copy_*_user. */
export interface UserPtr {
  /** @internal the program's bytes; module code must use copy_to_user/copy_from_user */
  readonly __user: Uint8Array;
}

/** struct proc_ops (Linux ≥ 5.6). */
export interface ProcOps {
  proc_open?(inode: Inode, file: File): number;
  proc_read?(file: File, buf: UserPtr, count: number, ppos: LoffT): number;
  proc_write?(file: File, buf: UserPtr, count: number, ppos: LoffT): number;
  proc_release?(inode: Inode, file: File): number;
}

export class ProcDirEntry {
  readonly children = new Map<string, ProcDirEntry>();
  /** A kernel-generated file's content, produced at open. */
  generate?: (task: Task) => string;
  /** Who created it: the module's name, or undefined for the kernel itself. */
  owner: string | undefined;

  constructor(
    readonly name: string,
    readonly mode: number,
    readonly parent: ProcDirEntry | undefined,
    readonly proc_ops?: ProcOps,
  ) {}

  get isDir(): boolean {
    return (this.mode & S_IFDIR) !== 0;
  }

  get path(): string {
    return this.parent && this.parent.parent ? `${this.parent.path}/${this.name}` : this.name;
  }
}

/** Dynamic /proc/<pid> directories and similar, provided by the kernel. */
export interface ProcDynamic {
  lookup(name: string): Inode | undefined;
  list(): DirEntry[];
}

export class ProcFs {
  readonly root = new ProcDirEntry('', S_IFDIR | 0o555, undefined);
  dynamic: ProcDynamic | undefined;

  constructor(private readonly warn: (msg: string) => void) {}

  /** proc_mkdir(): NULL (undefined) with a warning if the name is taken, as the kernel does. */
  mkdir(name: string, parent: ProcDirEntry | undefined, owner?: string): ProcDirEntry | undefined {
    return this.add(new ProcDirEntry(name, S_IFDIR | 0o555, parent ?? this.root), owner);
  }

  /** proc_create(): a file with proc_ops; mode 0 means 0444. */
  create(name: string, mode: number, parent: ProcDirEntry | undefined, ops: ProcOps, owner?: string): ProcDirEntry | undefined {
    return this.add(new ProcDirEntry(name, S_IFREG | (mode & 0o7777 || 0o444), parent ?? this.root, ops), owner);
  }

  /** A kernel file whose content is generated at open. */
  createGenerated(name: string, parent: ProcDirEntry | undefined, generate: (task: Task) => string): ProcDirEntry {
    const e = new ProcDirEntry(name, S_IFREG | 0o444, parent ?? this.root);
    e.generate = generate;
    (parent ?? this.root).children.set(name, e);
    return e;
  }

  private add(entry: ProcDirEntry, owner?: string): ProcDirEntry | undefined {
    const parent = entry.parent!;
    if (!entry.name || entry.name.includes('/')) {
      this.warn(`<3>name '${entry.name}' is invalid`);
      return undefined;
    }
    if (parent.children.has(entry.name)) {
      // fs/proc/generic.c pde_subdir_insert(): WARN(1, "proc_dir_entry '%s/%s' already registered")
      this.warn(`<4>proc_dir_entry '${parent.path ? parent.path + '/' : ''}${entry.name}' already registered`);
      return undefined;
    }
    entry.owner = owner;
    parent.children.set(entry.name, entry);
    return entry;
  }

  /** remove_proc_entry(): warns about a missing name or a non-empty directory, like the kernel. */
  remove(name: string, parent: ProcDirEntry | undefined): void {
    const dir = parent ?? this.root;
    const e = dir.children.get(name);
    if (!e) {
      this.warn(`<3>remove_proc_entry: ${dir.path ? dir.path + '/' : ''}${name} not found`);
      return;
    }
    if (e.children.size) {
      this.warn(`<4>remove_proc_entry: removing non-empty directory '${e.path}', leaking at least '${[...e.children.keys()][0]}'`);
    }
    dir.children.delete(name);
  }

  /** proc_remove(): removes a whole subtree. */
  removeTree(entry: ProcDirEntry | undefined): void {
    if (!entry || !entry.parent) return;
    entry.parent.children.delete(entry.name);
  }

  /** Entries a module left behind (for the leak check after its exit). */
  ownedBy(owner: string): ProcDirEntry[] {
    const found: ProcDirEntry[] = [];
    const walk = (e: ProcDirEntry): void => {
      for (const c of e.children.values()) {
        if (c.owner === owner) found.push(c);
        walk(c);
      }
    };
    walk(this.root);
    return found;
  }

  /** The VFS view of the whole tree. */
  inode(entry: ProcDirEntry = this.root): Inode {
    if (entry.isDir) {
      const dir: Directory = {
        lookup: (name) => {
          const c = entry.children.get(name);
          if (c) return this.inode(c);
          return entry === this.root ? this.dynamic?.lookup(name) : undefined;
        },
        list: () => {
          const own = [...entry.children.values()].map((c) => ({ name: c.name, type: entryType(this.inode(c)) }));
          return entry === this.root && this.dynamic ? [...this.dynamic.list(), ...own] : own;
        },
      };
      return { mode: entry.mode, size: () => 0, mtimeNs: () => 0, open: (_t, flags, path) => ((flags & O_ACCMODE) !== O_RDONLY ? -E.EISDIR : new File({ read: () => -E.EISDIR }, flags, this.inode(entry), path)), dir };
    }
    const self: Inode = {
      mode: entry.mode,
      size: () => 0,
      mtimeNs: () => 0,
      open: (task, flags, path) => openProcFile(entry, self, task, flags, path),
    };
    return self;
  }
}

const enc = new TextEncoder();

function openProcFile(entry: ProcDirEntry, inode: Inode, task: Task, flags: number, path: string): File | number {
  const acc = flags & O_ACCMODE;
  const wantsWrite = acc !== O_RDONLY;
  const wantsRead = acc !== 1;
  // The lab's user is root, so DAC bits are not enforced, except that a file nobody may write
  // (no w bit at all, e.g. 0444) cannot be opened for writing, as for any /proc file.
  if (wantsWrite && !(entry.mode & 0o222)) return -E.EACCES;
  if (wantsRead && !(entry.mode & 0o444)) return -E.EACCES;
  if (entry.generate) {
    const file = new File({ read: readSnapshot, write: () => -E.EIO }, flags, inode, path);
    file.private_data = enc.encode(entry.generate(task));
    return file;
  }
  const ops = entry.proc_ops!;
  const file = new File({
    read(f, buf) {
      if (!ops.proc_read) return -E.EIO;
      const ppos = { value: f.f_pos };
      const r = ops.proc_read(f, { __user: buf }, buf.length, ppos);
      f.f_pos = ppos.value;
      return r;
    },
    write(f, data) {
      if (!ops.proc_write) return -E.EIO;
      const ppos = { value: f.f_pos };
      const r = ops.proc_write(f, { __user: data }, data.length, ppos);
      f.f_pos = ppos.value;
      return r;
    },
    release(i, f) {
      ops.proc_release?.(i, f);
    },
  }, flags, inode, path);
  if (ops.proc_open) {
    const r = ops.proc_open(inode, file);
    if (r < 0) return r;
  }
  return file;
}
