// Page reclaim (mm/vmscan.c): kswapd, direct reclaim, writing anon pages to swap, and the OOM
// killer (mm/oom_kill.c) as the last resort.
//
// Which page goes is the replacement policy's decision (policy/linux.ts is 5.15's
// active/inactive LRU with second chance); this file does what happens to the chosen page:
// try_to_unmap() turns its PTE into a swap entry, pageout() queues the write, and the frame is
// freed when the write completes (end_page_writeback). Pages under writeback cannot be freed, so
// an allocation that finds nothing free below the min watermark sleeps until a write completes:
// that stall, and the swap device's queue, are what collapse CPU utilization under thrashing.
import type { Kernel } from '../kernel';
import { PG_dirty, PG_locked, PG_lru, PG_swapcache, PG_writeback } from './page_alloc';
import { WaitQueue, wakeUpAll } from '../sched/wait';
import type { Task } from '../sched/task';
import { SIGKILL } from '../uapi';

/** SWAP_CLUSTER_MAX: pages reclaimed per batch, and written in one request. */
export const SWAP_CLUSTER_MAX = 32;

/** Results of allocating a user page. */
export const ALLOC_BLOCKED = -1;
export const ALLOC_OOM_SELF = -2;

export class PageReclaim {
  /** Tasks waiting in direct reclaim for a frame to become free (like reclaim_throttle). */
  readonly freeWait = new WaitQueue('reclaim_throttle');
  /** Pages being written to swap right now. */
  writebackPages = 0;
  private kswapdScheduled = false;
  kswapdRuns = 0;
  /** /proc/vmstat counters */
  pgscan = 0;
  pgsteal = 0;
  pswpout = 0;
  allocstall = 0;
  oomKills = 0;

  constructor(private readonly k: Kernel) {}

  /**
   * alloc_page(GFP_HIGHUSER_MOVABLE) for a faulting task: the fast path above the low watermark,
   * waking kswapd below it, and direct reclaim at the min watermark. Returns a pfn (with the
   * system time spent added to *cost), ALLOC_BLOCKED (the task now sleeps on freeWait), or
   * ALLOC_OOM_SELF (the OOM killer chose the caller).
   */
  allocUserPage(task: Task, now: number, cost: { ns: number }): number {
    const phys = this.k.phys;
    const wm = phys.watermarks;
    if (phys.nrFree <= wm.low) this.wakeKswapd(now);
    if (phys.nrFree > wm.min) return phys.allocFrame();

    // __alloc_pages_direct_reclaim: the allocating task reclaims a batch itself.
    this.allocstall++;
    const scanned = this.shrink(SWAP_CLUSTER_MAX, now);
    cost.ns += scanned * this.k.config.costs.reclaimScanNs;
    if (phys.nrFree > wm.min) return phys.allocFrame();
    if (this.writebackPages > 0 || this.k.swapDev.inFlight > 0) {
      this.k.sched.sleepOn(task, this.freeWait, 'D', 'reclaim_throttle');
      return ALLOC_BLOCKED;
    }
    if (phys.nrFree > 0 && scanned === 0 && this.k.policy.size === 0) return phys.allocFrame();
    // Nothing left to reclaim and nothing in flight: out_of_memory().
    const victim = this.outOfMemory(task, now);
    if (victim === task) return ALLOC_OOM_SELF;
    if (phys.nrFree > 0) return phys.allocFrame();
    this.k.sched.sleepOn(task, this.freeWait, 'D', 'oom');
    return ALLOC_BLOCKED;
  }

  /** wakeup_kswapd(): kswapd runs shortly after, in its own context. */
  wakeKswapd(now: number): void {
    if (this.kswapdScheduled) return;
    this.kswapdScheduled = true;
    this.k.events.schedule(now + 5_000, () => this.kswapd());
  }

  /** balance_pgdat(): reclaim until free pages plus pages being written reach the high watermark. */
  private kswapd(): void {
    this.kswapdScheduled = false;
    this.kswapdRuns++;
    const phys = this.k.phys;
    const high = phys.watermarks.high;
    let guard = 0;
    while (phys.nrFree + this.writebackPages < high && guard++ < 64) {
      if (this.shrink(SWAP_CLUSTER_MAX, this.k.clock.now) === 0) break;
    }
  }

  /**
   * shrink_inactive_list() + shrink_page_list(): takes up to nr victims from the policy and
   * reclaims each: clean swap-cache pages are freed at once, dirty anon pages are unmapped and
   * written to swap in one batch. Returns the pages scanned.
   */
  shrink(nr: number, now: number): number {
    const k = this.k;
    const phys = k.phys;
    const swap = k.swap;
    const flags = phys.flags;
    const batch: number[] = [];
    const putBack: number[] = [];
    let scanned = 0;
    while (scanned < nr) {
      const pfn = k.policy.victim();
      if (pfn < 0) break;
      scanned++;
      flags[pfn] &= ~PG_lru;
      const f = flags[pfn];
      if (f & (PG_writeback | PG_locked)) {
        putBack.push(pfn);
        continue;
      }
      const mmId = phys.ownerMm[pfn];
      const mapped = mmId >= 0;
      if ((f & PG_swapcache) && !(f & PG_dirty)) {
        // Clean copy already in swap: unmap if mapped, drop from the swap cache, free.
        const slot = phys.swapSlot[pfn];
        if (mapped) k.unmapToSwap(mmId, phys.ownerVpn[pfn], slot);
        swap.cacheFrame[slot] = -1;
        phys.freeFrame(pfn);
        this.pgsteal++;
        continue;
      }
      if (!mapped) {
        // An orphan (its owner exited): nothing to save.
        phys.freeFrame(pfn);
        continue;
      }
      // add_to_swap(): needs a slot; with swap full the page stays (activate it again).
      let slot = phys.swapSlot[pfn];
      if (!(f & PG_swapcache)) {
        slot = swap.allocSlot();
        if (slot < 0) {
          putBack.push(pfn);
          continue;
        }
        swap.cacheFrame[slot] = pfn;
        phys.swapSlot[pfn] = slot;
      }
      k.unmapToSwap(mmId, phys.ownerVpn[pfn], slot);
      flags[pfn] = (flags[pfn] | PG_swapcache | PG_writeback) & ~PG_dirty;
      batch.push(pfn);
    }
    for (const pfn of putBack) {
      k.policy.insert(pfn, now);
      flags[pfn] |= PG_lru;
    }
    this.pgscan += scanned;
    if (batch.length) this.pageout(batch, now);
    if (phys.nrFree > phys.watermarks.min) wakeUpAll(this.freeWait, k.sched);
    return scanned;
  }

  /** pageout() for a batch: one write request; end_page_writeback() frees what is still unmapped. */
  private pageout(batch: number[], now: number): void {
    const k = this.k;
    this.writebackPages += batch.length;
    this.pswpout += batch.length;
    k.swapDev.submit(now, {
      write: true,
      pages: batch.length,
      done: (t) => {
        const phys = k.phys;
        for (const pfn of batch) {
          this.writebackPages--;
          phys.flags[pfn] &= ~PG_writeback;
          if (phys.ownerMm[pfn] >= 0) continue; // faulted back in meanwhile: it is mapped again
          if (phys.flags[pfn] & PG_swapcache) k.swap.cacheFrame[phys.swapSlot[pfn]] = -1;
          phys.freeFrame(pfn);
          this.pgsteal++;
        }
        wakeUpAll(this.freeWait, k.sched);
        if (phys.nrFree <= phys.watermarks.low) this.wakeKswapd(t);
      },
    });
  }

  /**
   * out_of_memory(): kill the task with the largest footprint (oom_badness: RSS + swap) and free
   * its memory at once (the OOM reaper). Returns the victim, or undefined if no user task is left.
   */
  outOfMemory(current: Task, now: number): Task | undefined {
    let victim: Task | undefined;
    let worst = -1;
    for (const t of this.k.sched.tasks.values()) {
      if (!t.mm || !t.alive || t.kthread || t.pid === 1) continue;
      const badness = t.mm.rssAnon + t.mm.swapEntries;
      if (badness > worst) {
        worst = badness;
        victim = t;
      }
    }
    const k = this.k;
    if (!victim || !victim.mm) {
      k.printk(`<0>Kernel panic - not syncing: System is deadlocked on memory (current ${current.comm})`);
      return undefined;
    }
    const mm = victim.mm;
    k.printk(`<4>${current.comm} invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0`);
    k.printk(`<3>Out of memory: Killed process ${victim.pid} (${victim.comm}) total-vm:${mm.totalVm / 1024}kB, anon-rss:${mm.rssAnon * 4}kB, file-rss:${mm.rssFile * 4}kB, shmem-rss:0kB, UID:1000 pgtables:${Math.ceil(mm.totalVm / 512 / 1024)}kB oom_score_adj:0`);
    this.oomKills++;
    k.sched.sendSignal(victim, SIGKILL);
    k.exitMmap(victim, now);
    wakeUpAll(this.freeWait, k.sched);
    return victim;
  }
}
