// The swap area (mm/swapfile.c) and the block device behind it.
//
// Slots are handed out in increasing order from a cluster cursor, the way scan_swap_map_slots()
// prefers to fill consecutive slots: pages reclaimed together land next to each other, which is
// what makes swap read-ahead useful for sequential access and useless for random access.
import type { DiskModel } from '../config';
import type { EventQueue } from '../events';

export class SwapArea {
  readonly nrSlots: number;
  /** Use count per slot: 0 free, 1 in use (anon pages are never shared here). */
  private readonly used: Uint8Array;
  /** The frame caching each slot (swap cache), -1 if none. */
  readonly cacheFrame: Int32Array;
  private cursor = 0;
  nrUsed = 0;

  constructor(nrSlots: number) {
    this.nrSlots = nrSlots;
    this.used = new Uint8Array(nrSlots);
    this.cacheFrame = new Int32Array(nrSlots).fill(-1);
  }

  get nrFree(): number {
    return this.nrSlots - this.nrUsed;
  }

  /** get_swap_page(): a free slot, or -1 when swap is full. */
  allocSlot(): number {
    if (this.nrUsed >= this.nrSlots) return -1;
    for (let n = 0; n < this.nrSlots; n++) {
      const s = this.cursor;
      this.cursor = this.cursor + 1 === this.nrSlots ? 0 : this.cursor + 1;
      if (this.used[s] === 0) {
        this.used[s] = 1;
        this.nrUsed++;
        return s;
      }
    }
    return -1;
  }

  /** swap_free(): the slot's data is no longer needed. */
  freeSlot(slot: number): void {
    if (this.used[slot] === 0) throw new Error(`BUG: swap_free: freeing unused swap entry ${slot}`);
    this.used[slot] = 0;
    this.nrUsed--;
  }

  inUse(slot: number): boolean {
    return slot >= 0 && slot < this.nrSlots && this.used[slot] === 1;
  }
}

export interface BlockRequest {
  write: boolean;
  pages: number;
  /** Called when the device completes the request, at simulated time `now`. */
  done: (now: number) => void;
}

/**
 * A block device that serves one request at a time, first come first served (the swap
 * device's queue under thrashing is what stretches major-fault latency far beyond the device's
 * own). Each request takes latency + pages × transfer time.
 */
export class BlockDevice {
  private readonly queue: BlockRequest[] = [];
  private head = 0;
  private busyUntil = 0;
  /** Counters for /proc/vmstat and /proc/diskstats. */
  reads = 0;
  writes = 0;
  pagesRead = 0;
  pagesWritten = 0;
  busyNs = 0;

  constructor(
    private readonly model: DiskModel,
    private readonly events: EventQueue,
  ) {}

  get inFlight(): number {
    return this.queue.length - this.head;
  }

  submit(now: number, req: BlockRequest): void {
    this.queue.push(req);
    if (this.inFlight === 1) this.start(Math.max(now, this.busyUntil));
  }

  private start(at: number): void {
    const req = this.queue[this.head];
    const service = this.model.latencyNs + req.pages * this.model.transferNsPerPage;
    this.busyUntil = at + service;
    this.busyNs += service;
    this.events.schedule(this.busyUntil, () => this.complete());
  }

  private complete(): void {
    const req = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (req.write) {
      this.writes++;
      this.pagesWritten += req.pages;
    } else {
      this.reads++;
      this.pagesRead += req.pages;
    }
    const now = this.busyUntil;
    if (this.inFlight > 0) this.start(now);
    req.done(now);
  }
}
