// vmalloc (mm/vmalloc.c): virtually contiguous kernel memory made of frames that need not be
// physically contiguous — which is exactly why a driver must map such a buffer to user space
// one page at a time (vmalloc_to_pfn + remap_pfn_range per page).
//
// Kernel virtual addresses are numbers in a range of their own (VMALLOC_START below), far from
// user addresses; each area is followed by an unmapped guard page as in Linux.
import { PAGE_SIZE } from '../config';
import { PG_kernel, type PhysMem } from './page_alloc';

export const VMALLOC_START = 2 ** 46;
export const VMALLOC_END = 2 ** 47;

export interface VmStruct {
  addr: number;
  size: number;
  pfns: number[];
  owner?: string;
}

export class Vmalloc {
  private readonly areas: VmStruct[] = [];
  private nextAddr = VMALLOC_START;

  constructor(private readonly phys: PhysMem) {}

  /** vmalloc(): 0 (NULL) when size is 0 or memory is short (kernel allocations do not reclaim here). */
  alloc(size: number, owner?: string): number {
    if (!(size > 0) || !Number.isFinite(size)) return 0;
    const pages = Math.ceil(size / PAGE_SIZE);
    if (this.phys.nrFree - pages <= this.phys.watermarks.min) return 0;
    const pfns: number[] = [];
    for (let i = 0; i < pages; i++) {
      const pfn = this.phys.allocFrame();
      this.phys.flags[pfn] |= PG_kernel;
      pfns.push(pfn);
    }
    const area = { addr: this.nextAddr, size: pages * PAGE_SIZE, pfns, owner };
    this.nextAddr += area.size + PAGE_SIZE; // guard page
    this.areas.push(area);
    return area.addr;
  }

  /** vfree(): the kernel warns about an address it never handed out, as "Trying to vfree() nonexistent vm area". */
  free(addr: number): string | undefined {
    if (addr === 0) return undefined;
    const i = this.areas.findIndex((a) => a.addr === addr);
    if (i < 0) return `Trying to vfree() nonexistent vm area (${hex(addr)})`;
    const [area] = this.areas.splice(i, 1);
    for (const pfn of area.pfns) this.phys.freeFrame(pfn); // throws on a still-reserved page
    return undefined;
  }

  find(addr: number): VmStruct | undefined {
    return this.areas.find((a) => addr >= a.addr && addr < a.addr + a.size);
  }

  /** vmalloc_to_pfn(): the frame behind a vmalloc address, or -1. */
  toPfn(addr: number): number {
    const a = this.find(addr);
    return a ? a.pfns[Math.floor((addr - a.addr) / PAGE_SIZE)] : -1;
  }

  ownedBy(owner: string): VmStruct[] {
    return this.areas.filter((a) => a.owner === owner);
  }

  get totalPages(): number {
    return this.areas.reduce((n, a) => n + a.pfns.length, 0);
  }
}

export function hex(n: number): string {
  return '0x' + n.toString(16).padStart(16, '0');
}
