// The machine's side of the profiler buffer hand-over: the frames the module mapped for the
// monitor (reached through the driver's own mmap, Kernel.hostMapDevice), with a dirty bit per
// page set by the kernel's store hook. After a slice of simulation the session copies the dirty
// pages as they are and posts them; the renderer reads its samples out of those bytes
// (bufferMirror.ts). Nothing here counts or interprets a sample.
import type { Kernel } from '../kernel/kernel';
import { makedev } from '../kernel/uapi';
import { PAGE_SIZE } from '../kernel/config';
import { BUFFER_PAGES, MP3_MAJOR, MP3_MINOR } from '../module/mp3_defs';
import type { BufferPage } from './sessionProtocol';

export class BufferPages {
  /** Bumped on every (re)attach: a new module instance, a new buffer. */
  generation = 0;
  private pfns: number[] = [];
  private readonly dirty = new Set<number>();
  /** The attach/detach not posted yet (the renderer must start over). */
  private changedAttachment = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly k: Kernel) {
    const onModule = (name: string, loaded: boolean) => {
      if (name !== 'mp3') return;
      this.detach();
      if (loaded) this.attach();
    };
    k.moduleListeners.push(onModule);
    this.unsubscribe = () => {
      const i = k.moduleListeners.indexOf(onModule);
      if (i >= 0) k.moduleListeners.splice(i, 1);
    };
    if (k.modules.has('mp3')) this.attach();
  }

  get attached(): boolean {
    return this.pfns.length > 0;
  }

  /** True when take() has something to post. */
  get pending(): boolean {
    return this.changedAttachment || this.dirty.size > 0;
  }

  /** Copies of the pages written since the last call (every page after an attach). */
  take(): { generation: number; attached: boolean; pages: BufferPage[] } {
    const pages: BufferPage[] = [];
    for (const page of [...this.dirty].sort((a, b) => a - b)) {
      const view = this.k.phys.bytes(this.pfns[page]);
      pages.push({ page, bytes: new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + PAGE_SIZE)) });
    }
    this.dirty.clear();
    this.changedAttachment = false;
    return { generation: this.generation, attached: this.attached, pages };
  }

  dispose(): void {
    this.detach();
    this.unsubscribe();
  }

  private attach(): void {
    const r = this.k.hostMapDevice(makedev(MP3_MAJOR, MP3_MINOR), BUFFER_PAGES);
    if (typeof r === 'number') return;
    this.pfns = r;
    this.generation++;
    this.changedAttachment = true;
    r.forEach((pfn, page) => {
      this.dirty.add(page);
      this.k.phys.watch(pfn, () => this.dirty.add(page));
    });
  }

  private detach(): void {
    if (!this.pfns.length) return;
    for (const pfn of this.pfns) this.k.phys.watch(pfn, undefined);
    this.pfns = [];
    this.dirty.clear();
    this.changedAttachment = true;
  }
}
