// The page-fault handler (mm/memory.c) and the user-mode access loop that raises faults.
//
//   handle_mm_fault → do_anonymous_page   first touch: a zeroed frame, a minor fault
//                   → do_swap_page        swapped out: in the swap cache → minor fault;
//                                         otherwise read it (plus read-ahead) → major fault,
//                                         the task sleeps until the device completes
//                   → do_wp_page          write to the shared zero page → copy (minor)
//
// Faults are counted once per fault when it resolves, on the faulting task (min_flt/maj_flt),
// exactly what mm_account_fault() does: a fault that slept for I/O and is retried still counts
// as one major fault.
import type { Kernel } from '../kernel';
import type { Task, AccessBurst } from '../sched/task';
import type { MmStruct } from './mm_types';
import { vpnOf, VM_WRITE, VM_PFNMAP } from './mm_types';
import { PG_dirty, PG_locked, PG_lru, PG_readahead, PG_swapcache } from './page_alloc';
import { ALLOC_BLOCKED, ALLOC_OOM_SELF } from './vmscan';
import { WaitQueue, wakeUpAll } from '../sched/wait';
import { PAGE_SIZE } from '../config';

/** Outcomes of a fault other than "resolved after N ns of system time". */
export const FAULT_BLOCKED = -1;
export const FAULT_SIGSEGV = -2;
export const FAULT_KILLED = -3;

/** page_cluster = 3: swap read-ahead reads at most 8 pages. */
export const SWAP_RA_MAX = 8;

/** The PTE of the shared zero page: pfn 0 is reserved at boot for it (ZERO_PAGE). */
export const ZERO_PFN = 0;
const ZERO_PTE = ZERO_PFN + 1;

export class FaultHandler {
  /** Swap read-ahead state (swapin_nr_pages): hits since the last fault, and the last slot. */
  private raHits = 0;
  private raPrevSlot = -1;
  /** System time spent allocating in the fault being handled (reused: faults do not nest). */
  private readonly cost = { ns: 0 };
  /** vmstat counters */
  pgfault = 0;
  pgmajfault = 0;
  pswpin = 0;

  constructor(private readonly k: Kernel) {}

  /**
   * handle_mm_fault(): resolves a fault at addr for task, at simulated time now. Returns the
   * system time spent (≥ 0; the access is then retried), or FAULT_BLOCKED / FAULT_SIGSEGV /
   * FAULT_KILLED.
   */
  handleMmFault(task: Task, addr: number, write: boolean, now: number): number {
    const mm = task.mm;
    if (!mm) return FAULT_SIGSEGV;
    const vma = mm.findVma(addr);
    if (!vma || (write && !(vma.vm_flags & VM_WRITE))) return FAULT_SIGSEGV;
    if (vma.vm_flags & VM_PFNMAP) return FAULT_SIGSEGV; // remap_pfn_range maps it all up front
    const vpn = vpnOf(addr);
    const pte = mm.pte(vpn);
    if (pte === 0 || (pte === ZERO_PTE && write)) return this.doAnonymousPage(task, mm, vpn, write, now);
    if (pte < 0) return this.doSwapPage(task, mm, vpn, -pte - 1, write, now);
    return 0; // present: another CPU resolved it meanwhile
  }

  private doAnonymousPage(task: Task, mm: MmStruct, vpn: number, write: boolean, now: number): number {
    const k = this.k;
    if (!write) {
      // A read of untouched anonymous memory maps the shared zero page: no allocation at all.
      mm.setPte(vpn, ZERO_PTE);
      return this.resolved(task, k.config.costs.minorFaultNs / 2);
    }
    const cost = this.cost;
    cost.ns = 0;
    const pfn = k.reclaim.allocUserPage(task, now, cost);
    if (pfn === ALLOC_BLOCKED) return FAULT_BLOCKED;
    if (pfn === ALLOC_OOM_SELF || pfn < 0) return FAULT_KILLED;
    this.mapAnon(mm, vpn, pfn, now);
    k.phys.flags[pfn] |= PG_dirty;
    return this.resolved(task, cost.ns + k.config.costs.minorFaultNs);
  }

  private doSwapPage(task: Task, mm: MmStruct, vpn: number, slot: number, write: boolean, now: number): number {
    const k = this.k;
    const phys = k.phys;
    const swap = k.swap;
    const cached = swap.cacheFrame[slot];
    if (cached >= 0) {
      if (phys.flags[cached] & PG_locked) {
        // The read is in flight (started by us or by read-ahead): wait for it (lock_page).
        k.sched.sleepOn(task, this.readWait(cached), 'D', 'swap_readpage');
        return FAULT_BLOCKED;
      }
      if (phys.flags[cached] & PG_readahead) {
        phys.flags[cached] &= ~PG_readahead;
        this.raHits++;
      }
      // Swap cache hit: map the frame again.
      mm.setPte(vpn, cached + 1);
      phys.ownerMm[cached] = mm.id;
      phys.ownerVpn[cached] = vpn;
      mm.swapEntries--;
      mm.rssAnon++;
      if (mm.rssAnon > mm.hiwaterRss) mm.hiwaterRss = mm.rssAnon;
      if (!(phys.flags[cached] & PG_lru)) {
        k.policy.insert(cached, now);
        phys.flags[cached] |= PG_lru;
      }
      phys.referenced[cached] = 1;
      if (write) {
        // do_swap_page with FAULT_FLAG_WRITE: the page is now exclusive and dirty; free the slot.
        swap.cacheFrame[slot] = -1;
        swap.freeSlot(slot);
        phys.swapSlot[cached] = -1;
        phys.flags[cached] = (phys.flags[cached] & ~PG_swapcache) | PG_dirty;
      }
      return this.resolved(task, k.config.costs.swapCacheFaultNs);
    }

    // Not cached: allocate a frame and read the slot, with read-ahead around it.
    const cost = this.cost;
    cost.ns = 0;
    const pfn = k.reclaim.allocUserPage(task, now, cost);
    if (pfn === ALLOC_BLOCKED) return FAULT_BLOCKED;
    if (pfn === ALLOC_OOM_SELF || pfn < 0) return FAULT_KILLED;
    const frames = [pfn];
    this.addToSwapCache(pfn, slot);
    const window = this.swapinNrPages(slot);
    if (window > 1) {
      // swap_cluster_readahead(): the aligned window of slots around the target.
      const start = slot - (slot % window);
      for (let s = start; s < start + window && s < swap.nrSlots; s++) {
        if (s === slot || !swap.inUse(s) || swap.cacheFrame[s] >= 0) continue;
        if (phys.nrFree <= phys.watermarks.low) break; // read-ahead never reclaims
        const ra = phys.allocFrame();
        this.addToSwapCache(ra, s);
        phys.flags[ra] |= PG_readahead;
        frames.push(ra);
      }
    }
    this.pgmajfault++;
    this.pswpin += frames.length;
    task.faultMajor = true;
    const wq = this.readWait(pfn);
    k.swapDev.submit(now + cost.ns, {
      write: false,
      pages: frames.length,
      done: (t) => {
        for (const f of frames) {
          phys.flags[f] &= ~PG_locked;
          if (phys.flags[f] & PG_swapcache) {
            k.policy.insert(f, t);
            phys.flags[f] |= PG_lru;
          } else {
            phys.freeFrame(f); // its owner exited while the read was in flight
          }
        }
        this.readWaits.delete(pfn);
        wakeUpAll(wq, k.sched);
      },
    });
    k.sched.sleepOn(task, wq, 'D', 'swap_readpage');
    task.sysTimePending += cost.ns + k.config.costs.majorFaultNs;
    return FAULT_BLOCKED;
  }

  private readonly readWaits = new Map<number, WaitQueue>();
  private readWait(pfn: number): WaitQueue {
    let wq = this.readWaits.get(pfn);
    if (!wq) {
      wq = new WaitQueue('swap_readpage');
      this.readWaits.set(pfn, wq);
    }
    return wq;
  }

  private addToSwapCache(pfn: number, slot: number): void {
    const phys = this.k.phys;
    phys.flags[pfn] = PG_swapcache | PG_locked;
    phys.swapSlot[pfn] = slot;
    this.k.swap.cacheFrame[slot] = pfn;
  }

  /**
   * swapin_nr_pages() (mm/swap_state.c): the read-ahead window adapts to how many read-ahead
   * pages were used since the last fault; with no hits and a non-adjacent slot it is one page,
   * which is what random access gets.
   */
  private swapinNrPages(slot: number): number {
    const hits = this.raHits;
    this.raHits = 0;
    let pages = hits + 2;
    if (pages === 2) {
      if (slot !== this.raPrevSlot + 1 && slot !== this.raPrevSlot - 1) pages = 1;
    } else {
      let p = 1;
      while (p < pages) p <<= 1;
      pages = p;
    }
    this.raPrevSlot = slot;
    return Math.min(pages, SWAP_RA_MAX);
  }

  mapAnon(mm: MmStruct, vpn: number, pfn: number, now: number): void {
    const phys = this.k.phys;
    mm.setPte(vpn, pfn + 1);
    phys.ownerMm[pfn] = mm.id;
    phys.ownerVpn[pfn] = vpn;
    phys.referenced[pfn] = 1;
    mm.rssAnon++;
    if (mm.rssAnon > mm.hiwaterRss) mm.hiwaterRss = mm.rssAnon;
    this.k.policy.insert(pfn, now);
    phys.flags[pfn] |= PG_lru;
  }

  /** The fault is done: count it (major if this fault read from swap) and return its cost. */
  private resolved(task: Task, costNs: number): number {
    const major = task.faultMajor;
    task.faultMajor = false;
    task.countFault(major);
    this.pgfault++;
    const pending = task.sysTimePending;
    task.sysTimePending = 0;
    return costNs + pending;
  }
}

/** Outcome of running part of an access burst. */
export const enum BurstResult {
  Done,
  Limit,
  Blocked,
  Segv,
  Killed,
}

/**
 * Runs the task's access burst on its CPU from `cpuNow` until the burst ends, the task blocks,
 * or time reaches `limit`. This is the hot path: a hit is two loads, a compare and a store.
 * Returns the result; the time reached is left in `clock.t`.
 */
export function runAccessBurst(k: Kernel, task: Task, burst: AccessBurst, cpuNow: number, limit: number, clock: { t: number }): BurstResult {
  const mm = task.mm!;
  const leaves = mm.leaves;
  const referenced = k.phys.referenced;
  const flags = k.phys.flags;
  const policy = k.policy;
  const needsTouch = policy.needsTouch;
  const accessNs = k.config.costs.memoryAccessNs;
  const localNs = k.config.costs.localOpNs;
  const write = burst.write;
  const next = burst.next;
  let t = cpuNow;
  let remaining = burst.remaining;
  let addr = burst.pending;
  let result = BurstResult.Limit;
  let inKernel = false;
  while (remaining > 0) {
    if (t >= limit) break;
    if (addr === -2) addr = next();
    if (addr < 0) {
      inKernel = false;
      t += localNs;
      remaining--;
      addr = -2;
      continue;
    }
    const vpn = (addr / PAGE_SIZE) | 0;
    const leaf = leaves[vpn >>> 9];
    if (leaf !== undefined) {
      const pte = leaf[vpn & 511];
      if (pte > 1 || (pte === 1 && !write)) {
        const pfn = pte - 1;
        referenced[pfn] = 1;
        if (write) flags[pfn] |= PG_dirty;
        if (needsTouch) policy.touch(pfn, t);
        inKernel = false;
        t += accessNs;
        remaining--;
        addr = -2;
        continue;
      }
    }
    // Page fault: the kernel runs on the task's behalf.
    k.clock.now = Math.max(k.clock.now, t);
    const r = k.faults.handleMmFault(task, addr, write, t);
    if (r >= 0) {
      t += r;
      inKernel = true;
      continue;
    }
    inKernel = true;
    result = r === FAULT_BLOCKED ? BurstResult.Blocked : r === FAULT_SIGSEGV ? BurstResult.Segv : BurstResult.Killed;
    break;
  }
  task.inKernel = inKernel;
  burst.remaining = remaining;
  burst.pending = addr;
  clock.t = t;
  if (remaining === 0 && result === BurstResult.Limit) result = BurstResult.Done;
  return result;
}
