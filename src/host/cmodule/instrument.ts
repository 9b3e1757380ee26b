// binaryen's part of the recipe (recipe.ts step 4): the linked wasm64 module is instrumented so
// that module bugs become kernel faults instead of silent corruption or a hung editor, then
// lowered to wasm32, and the .modinfo strings are copied into a custom section of that name.
//
// The hooks it leaves, all imported from "env" and served by the kernel's C runtime
// (src/kernel/cmodule/runtime.ts), and the globals it exports for that runtime:
//   __kml_fault(addr i64, bytes i32, write i32)   a load/store outside the module's memory or
//                                                 in page 0 (NULL): the runtime raises the Oops
//   __kml_lockup()                                the instruction budget is spent: soft lockup
//   __kml_store_watch(addr i64)                   a store landed in [__kml_watch_lo, _hi): pages
//                                                 someone follows (the profiler buffer's frames)
//   __handle_stack_overflow(sp i64)               the stack pointer left [__stack_limit, __stack_base]
//   __kml_mem_end (mut i64)       bytes of linear memory the module may touch (memory size)
//   __kml_budget (mut i32)        loop/function entries left before the soft lockup
//   __kml_watch_lo/_hi (mut i64)  the followed range (empty: lo = hi = 0)
// binaryen's safe-heap only rejects address 0 exactly; the check below rejects the whole NULL
// page, which is what `p->field` with p == NULL reaches.
import type binaryenNs from 'binaryen';
import { NULL_PAGE_END } from '../../kernel/cmodule/layout';

export type Binaryen = typeof binaryenNs;

/** The custom section insmod reads, as in a Linux .ko. */
export const MODINFO_SECTION = '.modinfo';

interface BlockApi {
  getNumChildren(block: number): number;
  getChildAt(block: number, index: number): number;
  setChildAt(block: number, index: number, child: number): void;
  appendChild(block: number, child: number): number;
}

export function instrumentModule(b: Binaryen, wasm: Uint8Array): Uint8Array {
  const m = b.readBinary(wasm);
  try {
    const modinfo = dataSegment(b, m, MODINFO_SECTION);
    b.setDebugInfo(true); // keep the name section: the Oops names the C functions
    m.setFeatures(m.getFeatures() | b.Features.Memory64 | b.Features.MutableGlobals | b.Features.SignExt);
    const i64 = b.i64;
    const i32 = b.i32;
    m.addFunctionImport('__kml_fault', 'env', '__kml_fault', b.createType([i64, i32, i32]), b.none);
    m.addFunctionImport('__kml_lockup', 'env', '__kml_lockup', b.none, b.none);
    m.addFunctionImport('__kml_store_watch', 'env', '__kml_store_watch', i64, b.none);
    m.addFunctionImport('__handle_stack_overflow', 'env', '__handle_stack_overflow', i64, b.none);
    m.addGlobal('__kml_mem_end', i64, true, m.i64.const(0, 0));
    m.addGlobal('__kml_budget', i32, true, m.i32.const(0));
    m.addGlobal('__kml_watch_lo', i64, true, m.i64.const(0, 0));
    m.addGlobal('__kml_watch_hi', i64, true, m.i64.const(0, 0));
    for (const g of ['__kml_mem_end', '__kml_budget', '__kml_watch_lo', '__kml_watch_hi']) m.addGlobalExport(g, g);

    // Order matters: the loop/entry hooks first, so the safe-heap helpers carry none.
    m.runPasses(['log-execution']);
    m.runPasses(['safe-heap']);
    b.setPassArgument('stack-check-handler', '__handle_stack_overflow');
    m.runPasses(['stack-check']);
    b.clearPassArguments();

    patchSafeHeap(b, m);
    // log_execution(id) becomes a budget decrement in wasm: no call into JS per loop iteration.
    replaceImport(b, m, 'log_execution', i32, b.none, [], m.block(null, [
      m.global.set('__kml_budget', m.i32.sub(m.global.get('__kml_budget', i32), m.i32.const(1))),
      m.if(m.i32.lt_s(m.global.get('__kml_budget', i32), m.i32.const(0)), m.call('__kml_lockup', [], b.none)),
    ]));
    // x86 has no alignment faults: a misaligned access is slow, not a bug.
    replaceImport(b, m, 'alignfault', b.none, b.none, [], m.nop());
    replaceImport(b, m, 'segfault', b.none, b.none, [], m.call('__kml_fault', [m.i64.const(0, 0), m.i32.const(0), m.i32.const(0)], b.none));
    replaceImport(b, m, 'emscripten_get_sbrk_ptr', b.none, i64, [], m.i64.const(0, 0));

    m.runPasses(['inlining-optimizing']);
    m.runPasses(['memory64-lowering', 'table64-lowering']);
    if (!m.validate()) throw new Error('instrumented module does not validate');
    if (modinfo) m.addCustomSection(MODINFO_SECTION, modinfo);
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

/** A named data segment's bytes (wasm-ld names them after the ELF-style section). */
function dataSegment(b: Binaryen, m: binaryenNs.Module, name: string): Uint8Array | undefined {
  const n = m.getNumMemorySegments();
  for (let i = 0; i < n; i++) {
    const ref = m.getDataSegmentByIndex(i);
    const info = (b as unknown as { getDataSegmentInfo(r: number): { name: string; data: Uint8Array | ArrayBuffer } }).getDataSegmentInfo(ref);
    if (info.name === name) return new Uint8Array(info.data);
  }
  return undefined;
}

function replaceImport(b: Binaryen, m: binaryenNs.Module, name: string, params: number, results: number, vars: number[], body: number): void {
  const f = m.getFunction(name);
  if (!f) return;
  const info = b.getFunctionInfo(f);
  if (!info.module) return; // already defined
  m.removeFunction(name);
  m.addFunction(name, params, results, vars, body);
}

/**
 * binaryen's SAFE_HEAP_{LOAD,STORE}_<type>_<bytes>_<align> helpers are
 *   block [ local.set $2 (ptr + offset); if (bad) { segfault; unreachable }; if (misaligned) alignfault; access ]
 * The bounds check (child 1) is replaced by ours; stores get the watch hook after the access.
 */
function patchSafeHeap(b: Binaryen, m: binaryenNs.Module): void {
  const Block = (b as unknown as { Block: BlockApi }).Block;
  const i64 = b.i64;
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const f = m.getFunctionByIndex(i);
    const info = b.getFunctionInfo(f);
    const match = /^SAFE_HEAP_(LOAD|STORE)_[a-z0-9]+_(\d+)_/.exec(info.name);
    if (!match || info.module) continue;
    const store = match[1] === 'STORE';
    const bytes = Number(match[2]);
    const body = info.body;
    if (b.getExpressionId(body) !== b.BlockId || Block.getNumChildren(body) < 3) throw new Error(`unexpected shape of ${info.name}`);
    const addr = () => m.local.get(2, i64);
    const bad = m.i32.or(
      m.i64.lt_u(addr(), m.i64.const(NULL_PAGE_END, 0)),
      m.i64.gt_u(m.i64.add(addr(), m.i64.const(bytes, 0)), m.global.get('__kml_mem_end', i64)),
    );
    Block.setChildAt(body, 1, m.if(bad, m.block(null, [m.call('__kml_fault', [addr(), m.i32.const(bytes), m.i32.const(store ? 1 : 0)], b.none), m.unreachable()])));
    if (store) {
      Block.appendChild(body, m.if(
        m.i32.and(m.i64.ge_u(addr(), m.global.get('__kml_watch_lo', i64)), m.i64.lt_u(addr(), m.global.get('__kml_watch_hi', i64))),
        m.call('__kml_store_watch', [addr()], b.none),
      ));
    }
  }
}
