// Loadable modules (kernel/module/): init_module() runs a module's init, delete_module() its
// exit. What a module leaves behind after exit stays behind, as in a real kernel: the next
// insmod then fails on the proc entry or device numbers still registered, the classic symptom
// of an incomplete cleanup path. This file reports such leaks in the kernel log.
import type { KernelApi } from './api';

/** What a .ko file holds: the module's name and code, instantiated per load with its statics. */
export interface ModuleImage {
  readonly name: string;
  readonly license: string;
  readonly description?: string;
  readonly author?: string;
  /** Size of the module's text and data, as lsmod shows it. */
  readonly size: number;
  /** Instantiates the module's code (its `static` variables live in this closure). */
  create(k: KernelApi): { init(): number; exit(): void };
}

/** struct module, the parts lsmod and rmmod look at. */
export interface LoadedModule {
  readonly name: string;
  readonly image: ModuleImage;
  /** Users: open files of its devices, mappings (module_refcount). */
  refcount: number;
  /** 'gone' once unloaded: its code pages are freed, and anything left pointing at them faults. */
  state: 'coming' | 'live' | 'going' | 'gone';
  instance: { init(): number; exit(): void } | undefined;
  /** Where its code is loaded in module space (for RIP and the page-fault address). */
  base?: bigint;
}
