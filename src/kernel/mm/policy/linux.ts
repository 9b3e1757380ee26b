// Linux 5.15's anonymous-page reclaim order (the two-list LRU before MGLRU), after mm/vmscan.c and
// mm/swap.c. What is modelled, and what it corresponds to:
//
//   lists                 lruvec->lists[LRU_INACTIVE_ANON], lruvec->lists[LRU_ACTIVE_ANON]
//   referenced[frame]     the PTE accessed ("young") bit the MMU sets on every access;
//                         page_referenced() tests and clears it (ptep_clear_flush_young)
//   insert()              lru_cache_add_inactive_or_unevictable() from do_anonymous_page() and
//                         do_swap_page(): a new anon page starts at the head of the INACTIVE list
//                         (since 5.9); the faulting access leaves its accessed bit set
//   victim()              one round of shrink_lruvec() for one page:
//     inactive_is_low()     the inactive:active target, inactive * int_sqrt(10 * GiB) < active
//     shrink_active_list()  isolate pages from the ACTIVE tail, clear their accessed bits and move
//                           them to the INACTIVE head. Referenced or not: only VM_EXEC file pages
//                           keep their place on the active list, and these are all anon pages
//     shrink_inactive_list()/shrink_page_list()/page_check_references()
//                           take the INACTIVE tail; a referenced anon page is PAGEREF_ACTIVATE'd
//                           (bit cleared, moved to the ACTIVE head: its second chance); an
//                           unreferenced one is PAGEREF_RECLAIM'd: that is the victim
//   remove()              del_page_from_lru_list() when the page is freed (munmap, exit)
//   activeCount/inactiveCount   Active(anon) / Inactive(anon) of /proc/meminfo, in pages
//
// Simplifications: one lruvec (no memcg, no per-node lists), anon pages only, no refault-distance
// workingset activation, no lru_add pagevec batching (pages reach the list at once), and the scan
// is per victim instead of in batches sized by get_scan_count() and sc->priority: the active list
// is shrunk just enough to restore the target ratio, at most SWAP_CLUSTER_MAX pages per step.

import { FrameListPolicy } from './lists';
import type { ReplacementPolicy } from './types';

/** enum lru_list, anon half. */
const LRU_INACTIVE_ANON = 0;
const LRU_ACTIVE_ANON = 1;
/** include/linux/swap.h: the reclaim batch size. */
export const SWAP_CLUSTER_MAX = 32;
/** 4 KiB pages: GiB = pages >> (30 - PAGE_SHIFT). */
const PAGE_SHIFT = 12;

/**
 * Linux 5.15's active/inactive anon LRU (see the file comment for the mm/vmscan.c mapping).
 * needsTouch is false: a hit only sets referenced[frame] (the accessed bit), exactly like the MMU.
 * `activeCount` and `inactiveCount` are the list lengths for /proc/meminfo's Active(anon) and
 * Inactive(anon) (multiply by the page size for kB).
 */
export class LinuxPolicy extends FrameListPolicy implements ReplacementPolicy {
  readonly name = 'linux' as const;
  readonly needsTouch = false;
  private readonly referenced: Uint8Array;
  /** 1 while the frame is on the active list (PG_active). */
  private readonly active: Uint8Array;
  private nrActive = 0;
  private nrInactive = 0;

  constructor(frames: number, referenced: Uint8Array) {
    super(frames, 2);
    this.referenced = referenced;
    this.active = new Uint8Array(frames);
  }

  get size(): number {
    return this.nrActive + this.nrInactive;
  }

  /** Pages on the active anon list: /proc/meminfo Active(anon). */
  get activeCount(): number {
    return this.nrActive;
  }

  /** Pages on the inactive anon list: /proc/meminfo Inactive(anon). */
  get inactiveCount(): number {
    return this.nrInactive;
  }

  /** Whether `frame` is on the active list (for tests and a /proc/kpageflags-like view). */
  isActive(frame: number): boolean {
    return this.active[frame] === 1;
  }

  /** lru_cache_add_inactive_or_unevictable(): a new anon page goes to the inactive head. */
  insert(frame: number, _now: number): void {
    this.checkInsert(frame);
    this.listAdd(LRU_INACTIVE_ANON, frame);
    this.nrInactive++;
    this.referenced[frame] = 1;
  }

  touch(frame: number, _now: number): void {
    // Not needed (needsTouch = false): the accessed bit is all Linux sees of a hit.
    this.referenced[frame] = 1;
  }

  /** del_page_from_lru_list(). */
  remove(frame: number): void {
    this.checkTracked(frame);
    if (this.active[frame] === 1) {
      this.active[frame] = 0;
      this.nrActive--;
    } else {
      this.nrInactive--;
    }
    this.listDel(frame);
  }

  /**
   * Reclaim one page: rebalance the lists (shrink_active_list while inactive_is_low), then scan
   * the inactive tail (shrink_inactive_list), activating referenced pages, until an unreferenced
   * one is found. Terminates: every step clears an accessed bit or moves a page with a clear bit
   * towards the inactive tail. Amortised O(1): each page is activated once per access and
   * deactivated once per activation.
   */
  victim(): number {
    if (this.nrActive + this.nrInactive === 0) return -1;
    const referenced = this.referenced;
    for (;;) {
      if (this.inactiveIsLow()) this.shrinkActiveList(SWAP_CLUSTER_MAX);
      const frame = this.listTail(LRU_INACTIVE_ANON);
      // (inactive is never empty here: if it were, inactive_is_low held and refilled it)
      if (referenced[frame] !== 0) {
        // page_check_references() → PAGEREF_ACTIVATE: second chance on the active list
        referenced[frame] = 0;
        this.listMove(LRU_ACTIVE_ANON, frame);
        this.active[frame] = 1; // SetPageActive
        this.nrInactive--;
        this.nrActive++;
        continue;
      }
      // PAGEREF_RECLAIM: the caller writes it to swap and frees the frame
      this.listDel(frame);
      this.nrInactive--;
      return frame;
    }
  }

  /**
   * inactive_is_low(lruvec, LRU_INACTIVE_ANON): is the inactive list smaller than its target?
   * gb = (inactive + active) >> (30 - PAGE_SHIFT); inactive_ratio = gb ? int_sqrt(10 * gb) : 1;
   * low when inactive * inactive_ratio < active.
   */
  inactiveIsLow(): boolean {
    const inactive = this.nrInactive;
    const active = this.nrActive;
    const gb = (inactive + active) >>> (30 - PAGE_SHIFT);
    const inactiveRatio = gb !== 0 ? intSqrt(10 * gb) : 1;
    return inactive * inactiveRatio < active;
  }

  /**
   * shrink_active_list(nr_to_scan, ..., LRU_ACTIVE_ANON): take pages from the active tail, clear
   * their accessed bits (page_referenced) and put them at the inactive head (ClearPageActive +
   * move_pages_to_lru). Here it stops as soon as the ratio is restored, after at most `nrToScan`.
   */
  private shrinkActiveList(nrToScan: number): void {
    const referenced = this.referenced;
    for (let scanned = 0; scanned < nrToScan && this.inactiveIsLow(); scanned++) {
      const frame = this.listTail(LRU_ACTIVE_ANON);
      if (frame < 0) return;
      referenced[frame] = 0;
      this.listMove(LRU_INACTIVE_ANON, frame);
      this.active[frame] = 0; // ClearPageActive
      this.nrActive--;
      this.nrInactive++;
    }
  }
}

/** lib/math/int_sqrt.c: floor(sqrt(x)) for a non-negative integer. */
export function intSqrt(x: number): number {
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}
