// The memory layout of a C module's linear memory, shared by the build recipe (which links to
// it) and the runtime (which relies on it). Addresses are the module's "kernel virtual
// addresses"; the runtime shows them to the user offset into the x86-64 module area.
//
//   [0, 4096)                 never mapped: NULL and NULL + small offsets fault
//   [4096, STACK_TOP)         the kernel stack (THREAD_SIZE), growing down from STACK_TOP
//   [DATA_BASE, __heap_base)  the module's .data/.bss/.rodata and .modinfo
//   [__heap_base, …)          kmalloc'd objects and vmalloc'd pages, served by the runtime

/** Page 0 is never mapped: a NULL (or NULL + small offset) dereference faults. */
export const NULL_PAGE_END = 4096;
/** x86-64's THREAD_SIZE: the kernel stack a module's code runs on. */
export const THREAD_SIZE = 16384;
/** Where the stack begins (it grows down towards NULL_PAGE_END). */
export const STACK_TOP = NULL_PAGE_END + THREAD_SIZE;
/** Where module data starts (a guard page above the stack). */
export const DATA_BASE = STACK_TOP + 4096;
/** Where module addresses appear in Oops messages and /proc/modules: x86-64's module area. */
export const MODULE_ADDR_BASE = 0xffffffffc0000000n;
