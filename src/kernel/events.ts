// The discrete-event core: a priority queue of callbacks keyed by simulated time (ns).
// Ties run in the order they were scheduled (a sequence number breaks them), which keeps the
// simulation deterministic. Cancelling is O(1): the entry is marked dead and skipped.

export interface SimEvent {
  readonly time: number;
  readonly seq: number;
  fn: (() => void) | null;
}

export class EventQueue {
  private heap: SimEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(time: number, fn: () => void): SimEvent {
    // whole nanoseconds, rounded up so that nothing fires early (the clock is ktime_t)
    const ev: SimEvent = { time: Math.ceil(time), seq: this.seq++, fn };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(ev, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = ev;
    return ev;
  }

  cancel(ev: SimEvent): void {
    ev.fn = null;
  }

  /** Time of the earliest live event, or Infinity. */
  peekTime(): number {
    this.dropDead();
    return this.heap.length ? this.heap[0].time : Infinity;
  }

  /** Removes and returns the earliest live event. */
  pop(): SimEvent | undefined {
    this.dropDead();
    return this.popRaw();
  }

  private dropDead(): void {
    while (this.heap.length && this.heap[0].fn === null) this.popRaw();
  }

  private popRaw(): SimEvent | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(h[r], h[l]) ? r : l;
        if (!less(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function less(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
