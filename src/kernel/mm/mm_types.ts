// A process's address space (struct mm_struct) and its mappings (struct vm_area_struct).
//
// The page table is two-level, 512 entries per leaf like an x86-64 PTE page, over a 64 GiB user
// address space (the simulation's TASK_SIZE; real x86-64 has 128 TiB and four levels — the
// extra levels change nothing the lab can observe). A PTE is one Int32:
//     0        pte_none: never touched
//     > 0      present: pfn + 1
//     < 0      swap entry: -(slot + 1)
// so the hit path of a memory access is two array loads and a compare.
import { PAGE_SIZE } from '../config';

export const TASK_SIZE = 64 * 1024 ** 3;
export const USER_PAGES = TASK_SIZE / PAGE_SIZE;
export const PTRS_PER_PTE = 512;
const LEAF_SHIFT = 9;

/** Where mmap() places mappings, growing down as on x86-64 (mmap_base below the stack). */
export const MMAP_BASE = 60 * 1024 ** 3;
/** The program text and heap start here (ELF default for x86-64 non-PIE). */
export const TEXT_START = 0x400000;

export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_SHARED = 0x8;
export const VM_IO = 0x4000;
export const VM_DONTEXPAND = 0x40000;
export const VM_PFNMAP = 0x400;

/** Operations a driver may attach to a mapping (vm_operations_struct), e.g. to count users. */
export interface VmOperations {
  open?(vma: Vma): void;
  close?(vma: Vma): void;
}

export class Vma {
  /** Driver-private data, like vma->vm_private_data. */
  vm_private_data: unknown = undefined;
  vm_ops: VmOperations | undefined = undefined;
  /** The address space this mapping belongs to (vma->vm_mm). */
  vm_mm: MmStruct | undefined = undefined;
  /** The file mapped (for device mappings), released at munmap. */
  vm_file: { release(): void } | undefined = undefined;

  constructor(
    public vm_start: number,
    public vm_end: number,
    public vm_flags: number,
    public vm_pgoff = 0,
  ) {}

  get size(): number {
    return this.vm_end - this.vm_start;
  }

  get anonymous(): boolean {
    return (this.vm_flags & VM_PFNMAP) === 0;
  }
}

let nextMmId = 0;

export class MmStruct {
  readonly id = nextMmId++;
  /** Mappings sorted by start address, non-overlapping. */
  readonly vmas: Vma[] = [];
  /** Leaf page tables indexed by vpn >> 9; undefined where nothing was ever mapped. */
  readonly leaves: (Int32Array | undefined)[] = new Array(USER_PAGES >>> LEAF_SHIFT);
  /** Next address mmap() tries (top-down). */
  mmapBase = MMAP_BASE;
  /** Resident anon pages (RSS anon), swap entries held, and total mapped bytes. */
  rssAnon = 0;
  rssFile = 0;
  swapEntries = 0;
  totalVm = 0;
  /** High-water mark of rssAnon, for /proc/<pid>/status VmHWM. */
  hiwaterRss = 0;

  pte(vpn: number): number {
    const leaf = this.leaves[vpn >>> LEAF_SHIFT];
    return leaf === undefined ? 0 : leaf[vpn & (PTRS_PER_PTE - 1)];
  }

  setPte(vpn: number, value: number): void {
    let leaf = this.leaves[vpn >>> LEAF_SHIFT];
    if (leaf === undefined) {
      if (value === 0) return;
      leaf = new Int32Array(PTRS_PER_PTE);
      this.leaves[vpn >>> LEAF_SHIFT] = leaf;
    }
    leaf[vpn & (PTRS_PER_PTE - 1)] = value;
  }

  /** find_vma(): the mapping containing addr, or undefined. */
  findVma(addr: number): Vma | undefined {
    const v = this.vmas;
    let lo = 0;
    let hi = v.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const vma = v[mid];
      if (addr < vma.vm_start) hi = mid - 1;
      else if (addr >= vma.vm_end) lo = mid + 1;
      else return vma;
    }
    return undefined;
  }

  insertVma(vma: Vma): void {
    let i = this.vmas.length;
    while (i > 0 && this.vmas[i - 1].vm_start > vma.vm_start) i--;
    this.vmas.splice(i, 0, vma);
    this.totalVm += vma.size;
  }

  removeVma(vma: Vma): void {
    const i = this.vmas.indexOf(vma);
    if (i >= 0) {
      this.vmas.splice(i, 1);
      this.totalVm -= vma.size;
    }
  }

  /** get_unmapped_area(): a free range of `len` bytes below the last mapping, top-down. */
  getUnmappedArea(len: number): number {
    let candidate = this.mmapBase - len;
    // Walk down past any mapping that overlaps; mappings are few enough for a linear pass.
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const vma = this.vmas[i];
      if (vma.vm_start < candidate + len && vma.vm_end > candidate) candidate = vma.vm_start - len;
    }
    return candidate >= TEXT_START + 1024 * PAGE_SIZE ? candidate : -1;
  }
}

export const vpnOf = (addr: number): number => Math.floor(addr / PAGE_SIZE);
export const pageAlignUp = (n: number): number => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
