// Character devices (fs/char_dev.c): device-number regions and the cdev map that open() of a
// device node consults. A node made by mknod with no cdev behind it opens with ENXIO.
import * as E from '../errno';
import { File, type FileOperations } from './file';
import type { Inode } from './inode';
import { S_IFCHR, major as MAJOR, minor as MINOR } from '../uapi';

export interface Cdev {
  ops: FileOperations | undefined;
  dev: number;
  count: number;
  added: boolean;
  /** the module that owns it, for the leak check */
  owner?: string;
}

interface Region {
  first: number;
  count: number;
  name: string;
  owner?: string;
}

export class CharDevices {
  readonly regions: Region[] = [];
  private readonly cdevs: Cdev[] = [];
  /** Built-in devices (mem, tty...) listed in /proc/devices. */
  readonly builtin = new Map<number, string>([[1, 'mem'], [4, 'tty'], [5, '/dev/tty'], [136, 'pts']]);

  /** register_chrdev_region(): -EBUSY if any number in the range is taken. */
  registerRegion(first: number, count: number, name: string, owner?: string): number {
    if (count <= 0 || MINOR(first) + count > 1 << 20) return -E.EINVAL;
    if (this.builtin.has(MAJOR(first))) return -E.EBUSY;
    for (const r of this.regions) if (first < r.first + r.count && r.first < first + count) return -E.EBUSY;
    this.regions.push({ first, count, name, owner });
    return 0;
  }

  /** unregister_chrdev_region(): silently ignores a range it does not know, like the kernel. */
  unregisterRegion(first: number, count: number): void {
    const i = this.regions.findIndex((r) => r.first === first && r.count === count);
    if (i >= 0) this.regions.splice(i, 1);
  }

  /** cdev_add(): makes the device live; -EBUSY if the numbers are already served. */
  add(cdev: Cdev, dev: number, count: number): number {
    if (count <= 0) return -E.EINVAL;
    for (const c of this.cdevs) if (c.added && dev < c.dev + c.count && c.dev < dev + count) return -E.EBUSY;
    cdev.dev = dev;
    cdev.count = count;
    cdev.added = true;
    this.cdevs.push(cdev);
    return 0;
  }

  /** cdev_del(): already-open files keep working until closed, as in Linux. */
  del(cdev: Cdev): void {
    const i = this.cdevs.indexOf(cdev);
    if (i >= 0) this.cdevs.splice(i, 1);
    cdev.added = false;
  }

  lookup(dev: number): Cdev | undefined {
    return this.cdevs.find((c) => c.added && dev >= c.dev && dev < c.dev + c.count);
  }

  ownedBy(owner: string): { regions: Region[]; cdevs: Cdev[] } {
    return { regions: this.regions.filter((r) => r.owner === owner), cdevs: this.cdevs.filter((c) => c.owner === owner) };
  }

  /** /proc/devices' "Character devices:" section. */
  list(): [number, string][] {
    const m = new Map(this.builtin);
    for (const r of this.regions) m.set(MAJOR(r.first), r.name);
    return [...m.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** The inode of a device node (what mknod creates): chrdev_open() finds the cdev at open. */
  nodeInode(mode: number, dev: number, now: () => number): Inode {
    const created = now();
    const self: Inode = {
      mode: S_IFCHR | (mode & 0o7777),
      rdev: dev,
      size: () => 0,
      mtimeNs: () => created,
      open: (_task, flags, path) => {
        const cdev = this.lookup(dev);
        if (!cdev || !cdev.ops) return -E.ENXIO;
        const ops = cdev.ops;
        const file = new File(ops, flags, self, path);
        if (ops.owner) ops.owner.refcount++; // try_module_get()
        if (ops.open) {
          const r = ops.open(self, file);
          if (r < 0) {
            if (ops.owner) ops.owner.refcount--;
            return r;
          }
        }
        return file;
      },
    };
    return self;
  }
}
