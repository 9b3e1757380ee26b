// Students' C modules (issue 11): the first `make` cold (worker start + LLVM load + build) and
// warm (the same worker, LLVM compiled), through the shell's make and the host toolchain, as a
// student runs it. The .vsix size (with the toolchain inside) is in extension.bench.ts.
import type { BenchReport } from './index';
import { createLabMachine } from '../src/lab/machine';
import { MemHostFs } from '../src/kernel/fs/inode';
import { installKbuildService } from '../src/host/toolchain/kbuildService';
import { Toolchain, locateToolchain } from '../src/host/toolchain/toolchain';

const MAKEFILE = 'obj-m := mp3.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n';
const SOURCE = (n: number): string => `int printk(const char *fmt, ...);\nstatic int n;\nint init_module(void)\n{\n\tn = ${n};\n\tprintk("mp3 %d\\n", n);\n\treturn 0;\n}\nvoid cleanup_module(void)\n{\n}\n`;

async function makeOnce(tc: Toolchain, n: number): Promise<{ ms: number; status: number }> {
  const fs = new MemHostFs();
  const enc = new TextEncoder();
  fs.writeFile('Makefile', enc.encode(MAKEFILE), false);
  fs.writeFile('mp3.c', enc.encode(SOURCE(n)), false);
  const k = createLabMachine({}, { hostFs: fs });
  installKbuildService(k, tc);
  let status = -1;
  let pid = -1;
  k.sched.onExit.push((t) => {
    if (t.pid === pid) status = (t.exitStatus >> 8) & 0xff;
  });
  const tty = k.openTty(() => undefined);
  const t0 = performance.now();
  pid = k.spawn('/bin/make', ['make'], { tty });
  while (status < 0) {
    k.runUntil(() => status >= 0 || k.hostCalls.pending > 0, 60e9);
    if (k.hostCalls.pending) await k.hostCalls.settled();
    else if (status < 0) break;
  }
  return { ms: performance.now() - t0, status };
}

export async function run(r: BenchReport): Promise<void> {
  const tc = new Toolchain(locateToolchain(__dirname));
  try {
    const cold = await makeOnce(tc, 1);
    r.figure('first make, cold (worker + LLVM load + build)', cold.ms, 'ms', '≤ 5000 ms');
    const warm: number[] = [];
    for (let i = 2; i <= 4; i++) warm.push((await makeOnce(tc, i)).ms);
    r.figure('make, warm (median of 3)', warm.sort((a, b) => a - b)[1], 'ms', '≤ 2000 ms');
    if (cold.status !== 0) r.note(`make exited with status ${cold.status}: the figures measure a failed build`);
  } finally {
    await tc.dispose();
  }
}
