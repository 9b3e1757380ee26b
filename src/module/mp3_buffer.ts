// The profiler buffer: vmalloc'd, every page marked reserved so it is never swapped, filled
// with -1 (the monitor's "no sample" sentinel). The teardown clears PG_reserved before vfree.
import { BUFFER_PAGES, type Mp3State } from './mp3_defs';

export function buffer_alloc(s: Mp3State): number {
  const { k } = s;
  const size = BUFFER_PAGES * k.PAGE_SIZE;
  s.buffer = k.vmalloc(size);
  if (!s.buffer) return -12; // -ENOMEM
  k.memset(s.buffer, 0xff, size); // every long = -1
  for (let off = 0; off < size; off += k.PAGE_SIZE) k.SetPageReserved(k.vmalloc_to_page(s.buffer + off)!);
  s.buffer_index = 0;
  // Sizes, not the address: %p prints a hashed pointer on 5.15, which tells the reader nothing.
  k.pr_info(`mp3: profiler buffer allocated: ${BUFFER_PAGES} pages (${size} bytes), filled with -1\n`);
  return 0;
}

export function buffer_free(s: Mp3State): void {
  const { k } = s;
  if (!s.buffer) return;
  const size = BUFFER_PAGES * k.PAGE_SIZE;
  for (let off = 0; off < size; off += k.PAGE_SIZE) k.ClearPageReserved(k.vmalloc_to_page(s.buffer + off)!);
  k.vfree(s.buffer);
  s.buffer = 0;
}

/** Appends one long to the ring; the index wraps at BUFD_MAX and overwrites the oldest data. */
export function buffer_put(s: Mp3State, value: number, bufdMax: number): void {
  s.k.store_ulong(s.buffer + s.buffer_index * 8, value);
  s.buffer_index = (s.buffer_index + 1) % bufdMax;
}
