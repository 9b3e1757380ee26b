// The character device (major 423, minor 0) and its mmap: the buffer is vmalloc memory, whose
// pages are not physically contiguous, so it is mapped one page at a time with
// vmalloc_to_pfn() + remap_pfn_range(). A mapping larger than the buffer is refused.
import { EAGAIN, EINVAL } from '../kernel/errno';
import type { FileOperations } from '../kernel/fs/file';
import type { Vma } from '../kernel/mm/mm_types';
import { BUFFER_PAGES, DEVICE_NAME, MP3_MAJOR, MP3_MINOR, type Mp3State } from './mp3_defs';

export function mp3_mmap(s: Mp3State, vma: Vma): number {
  const { k } = s;
  const size = vma.vm_end - vma.vm_start;
  const offset = vma.vm_pgoff * k.PAGE_SIZE;
  if (size + offset > BUFFER_PAGES * k.PAGE_SIZE) return -EINVAL;
  for (let off = 0; off < size; off += k.PAGE_SIZE) {
    const pfn = k.vmalloc_to_pfn(s.buffer + offset + off);
    if (k.remap_pfn_range(vma, vma.vm_start + off, pfn, k.PAGE_SIZE, 0)) return -EAGAIN;
  }
  return 0;
}

export function mp3_fops(s: Mp3State): FileOperations {
  return {
    owner: s.k.THIS_MODULE,
    open: () => 0, // nothing to do: the buffer exists for the module's lifetime
    release: () => 0,
    mmap: (_file, vma) => mp3_mmap(s, vma),
  };
}

export function chrdev_setup(s: Mp3State): number {
  const { k } = s;
  s.dev = k.MKDEV(MP3_MAJOR, MP3_MINOR);
  const r = k.register_chrdev_region(s.dev, 1, DEVICE_NAME);
  if (r) return r;
  s.cdev = k.cdev_init(mp3_fops(s));
  const err = k.cdev_add(s.cdev, s.dev, 1);
  if (err) {
    k.unregister_chrdev_region(s.dev, 1);
    s.cdev = null;
    return err;
  }
  k.pr_info(`mp3: registered char device ${MP3_MAJOR}:${MP3_MINOR}\n`);
  return 0;
}

export function chrdev_teardown(s: Mp3State): void {
  const { k } = s;
  if (s.cdev) k.cdev_del(s.cdev);
  s.cdev = null;
  k.unregister_chrdev_region(s.dev, 1);
}
