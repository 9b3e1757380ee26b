// Physical memory: the frame table (what Linux keeps in `struct page`, here as parallel typed
// arrays indexed by pfn), the free list, and zone watermarks (mm/page_alloc.c).
//
// User pages hold no bytes: a work process's 1 GiB of anonymous memory is only bookkeeping.
// Frames that kernel code reads and writes (vmalloc'd buffers, such as the profiler's) get real
// storage on demand, so a remap_pfn_range() mapping shows user space the very same bytes.
import { PAGE_SIZE } from '../config';

/** Page flags (include/linux/page-flags.h), the subset the simulation needs. */
export const PG_reserved = 1 << 0; // never reclaimed (kernel memory; the profiler buffer)
export const PG_lru = 1 << 1; // on the reclaim policy's lists (a user anon page)
export const PG_swapcache = 1 << 2; // in the swap cache: swapSlot[pfn] is valid
export const PG_writeback = 1 << 3; // being written to swap
export const PG_dirty = 1 << 4; // modified since it was last written to swap
export const PG_kernel = 1 << 5; // allocated by kernel code (vmalloc/kmalloc), not a user page
export const PG_readahead = 1 << 6; // brought in by swap read-ahead and not yet used
export const PG_locked = 1 << 7; // a read from swap is in flight (lock_page waits for it)

/** Watermarks in pages, as /proc/zoneinfo shows them for the one zone simulated. */
export interface Watermarks {
  min: number;
  low: number;
  high: number;
}

export class PhysMem {
  readonly nrFrames: number;
  /** Page flags per frame. */
  readonly flags: Uint8Array;
  /** The hardware accessed bit, set on every access through a PTE; reclaim reads and clears it. */
  readonly referenced: Uint8Array;
  /** Reverse map for anon pages: owning mm id (or -1) and virtual page number. */
  readonly ownerMm: Int32Array;
  readonly ownerVpn: Int32Array;
  /** Swap slot of a swap-cache page, -1 otherwise. */
  readonly swapSlot: Int32Array;
  private readonly freeStack: Int32Array;
  private freeTop = 0;
  private readonly storage = new Map<number, DataView>();
  private readonly watches = new Map<number, (pfn: number, offset: number) => void>();
  readonly watermarks: Watermarks;

  constructor(nrFrames: number) {
    this.nrFrames = nrFrames;
    this.flags = new Uint8Array(nrFrames);
    this.referenced = new Uint8Array(nrFrames);
    this.ownerMm = new Int32Array(nrFrames).fill(-1);
    this.ownerVpn = new Int32Array(nrFrames).fill(-1);
    this.swapSlot = new Int32Array(nrFrames).fill(-1);
    this.freeStack = new Int32Array(nrFrames);
    // Highest pfn at the bottom so that pfn 0, 1, 2… are handed out first (deterministic).
    for (let pfn = nrFrames - 1; pfn >= 0; pfn--) this.freeStack[this.freeTop++] = pfn;
    this.watermarks = computeWatermarks(nrFrames);
  }

  get nrFree(): number {
    return this.freeTop;
  }

  /** Takes a free frame (flags cleared), or -1. The caller checks watermarks first. */
  allocFrame(): number {
    if (this.freeTop === 0) return -1;
    const pfn = this.freeStack[--this.freeTop];
    this.flags[pfn] = 0;
    this.referenced[pfn] = 0;
    return pfn;
  }

  /** Returns a frame to the free list. Freeing a free or reserved frame is a kernel bug. */
  freeFrame(pfn: number): void {
    const f = this.flags[pfn];
    if (f & PG_reserved) throw new Error(`BUG: Bad page state: freeing reserved pfn ${pfn}`);
    if (f & PG_kernel) {
      // Only kernel frames ever hold bytes or watches; user frames skip the map look-ups.
      this.storage.delete(pfn);
      this.watches.delete(pfn);
    }
    this.flags[pfn] = 0;
    this.referenced[pfn] = 0;
    this.ownerMm[pfn] = -1;
    this.ownerVpn[pfn] = -1;
    this.swapSlot[pfn] = -1;
    this.freeStack[this.freeTop++] = pfn;
  }

  /** The frame's bytes (kernel frames only), created zero-filled on first use. */
  bytes(pfn: number): DataView {
    let view = this.storage.get(pfn);
    if (!view) {
      view = new DataView(new ArrayBuffer(PAGE_SIZE));
      this.storage.set(pfn, view);
    }
    return view;
  }

  /**
   * Calls `onWrite(pfn, offset)` after every kernel or user store into the frame: the
   * simulation's version of dirty-page logging, used by the host to follow the profiler buffer
   * as it is written without keeping a second copy of the data.
   */
  watch(pfn: number, onWrite: ((pfn: number, offset: number) => void) | undefined): void {
    if (onWrite) this.watches.set(pfn, onWrite);
    else this.watches.delete(pfn);
  }

  /** Stores a signed 64-bit word (an `unsigned long` as the lab uses it, -1 being all ones). */
  store64(pfn: number, offset: number, value: number): void {
    this.bytes(pfn).setBigInt64(offset, BigInt(value), true);
    const w = this.watches.get(pfn);
    if (w) w(pfn, offset);
  }

  load64(pfn: number, offset: number): number {
    return Number(this.bytes(pfn).getBigInt64(offset, true));
  }

  fill(pfn: number, byte: number): void {
    new Uint8Array(this.bytes(pfn).buffer).fill(byte);
    const w = this.watches.get(pfn);
    if (w) w(pfn, -1);
  }
}

/**
 * min_free_kbytes = 4·sqrt(lowmem KiB) clamped to [128 KiB, 256 MiB] (mm/page_alloc.c,
 * init_per_zone_wmark_min); low = min + max(min/4, 0.1 % of memory) and high = min + 2·that gap
 * (__setup_per_zone_wmarks with watermark_scale_factor = 10).
 */
export function computeWatermarks(nrFrames: number): Watermarks {
  const kib = nrFrames * 4;
  const minKib = Math.min(262144, Math.max(128, Math.floor(4 * Math.sqrt(kib))));
  const min = Math.ceil(minKib / 4);
  const gap = Math.max(Math.floor(min / 4), Math.floor((nrFrames * 10) / 10000));
  return { min, low: min + gap, high: min + 2 * gap };
}
