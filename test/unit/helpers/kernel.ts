// Test helpers: a kernel with the lab's module and programs, and a way to run a program
// written inline as a generator and collect what it printed.
import { Kernel, HOME } from '../../../src/kernel/kernel';
import type { MachineConfig } from '../../../src/kernel/config';
import { mp3Module } from '../../../src/module/mp3';
import { work } from '../../../src/programs/work';
import { monitor } from '../../../src/programs/monitor';
import { PG_lru } from '../../../src/kernel/mm/page_alloc';
import type { Program } from '../../../src/kernel/uapi';

/** A small machine so tests reach memory pressure quickly. */
export const SMALL: Partial<MachineConfig> = { ramMiB: 64, swapMiB: 64, kernelReservedMiB: 4, systemUsedMiB: 4 };

export function bareKernel(config: Partial<MachineConfig> = {}): Kernel {
  const k = new Kernel(config);
  k.registerModuleFile('mp3.ko', mp3Module);
  k.registerProgram(`${HOME}/work`, work);
  k.registerProgram(`${HOME}/monitor`, monitor);
  return k;
}

let nextName = 0;

/** Runs `program` to completion (or maxNs), returns its output, exit status and pid. */
export function runProgram(k: Kernel, program: Program, maxNs = 60e9, argv: string[] = []): { out: string; status: number; pid: number; finished: boolean } {
  const name = `t${nextName++}`;
  k.registerProgram(`/bin/${name}`, program);
  let out = '';
  const tty = k.openTty((text) => (out += text));
  const pid = k.spawn(`/bin/${name}`, [name, ...argv], { tty });
  const task = k.sched.tasks.get(pid)!;
  let status = -1;
  k.sched.onExit.push((t) => {
    if (t === task) status = t.exitStatus;
  });
  const finished = k.runUntil(() => !task.alive, maxNs, 1_000_000);
  return { out: out.replace(/\r\n/g, '\n'), status, pid, finished };
}

/** Spawns a program without waiting; returns its pid and an accessor of its output. */
export function startProgram(k: Kernel, program: Program, argv: string[] = []): { pid: number; out: () => string } {
  const name = `t${nextName++}`;
  k.registerProgram(`/bin/${name}`, program);
  let out = '';
  const tty = k.openTty((text) => (out += text));
  const pid = k.spawn(`/bin/${name}`, [name, ...argv], { tty });
  return { pid, out: () => out.replace(/\r\n/g, '\n') };
}

/**
 * The memory invariants: every frame is free or accounted for, every resident user page is
 * mapped by exactly one PTE, the policy tracks exactly the frames flagged PG_lru, and swap
 * entries match the slots in use.
 */
export function checkMemoryInvariants(k: Kernel): void {
  const phys = k.phys;
  const mapped = new Map<number, number>();
  let swapPtes = 0;
  for (const mm of k.mms.values()) {
    let rss = 0;
    let swapped = 0;
    for (const vma of mm.vmas) {
      for (let vpn = vma.vm_start / 4096; vpn < vma.vm_end / 4096; vpn++) {
        const pte = mm.pte(vpn);
        if (pte > 1 && vma.anonymous) {
          mapped.set(pte - 1, (mapped.get(pte - 1) ?? 0) + 1);
          if (phys.ownerMm[pte - 1] !== mm.id || phys.ownerVpn[pte - 1] !== vpn) throw new Error(`rmap of pfn ${pte - 1} is wrong`);
          rss++;
        } else if (pte < 0) {
          swapped++;
          if (!k.swap.inUse(-pte - 1)) throw new Error(`PTE points at free swap slot ${-pte - 1}`);
        }
      }
    }
    if (rss !== mm.rssAnon) throw new Error(`mm ${mm.id}: rssAnon ${mm.rssAnon} but ${rss} present PTEs`);
    if (swapped !== mm.swapEntries) throw new Error(`mm ${mm.id}: swapEntries ${mm.swapEntries} but ${swapped} swap PTEs`);
    swapPtes += swapped;
  }
  for (const [pfn, n] of mapped) if (n !== 1) throw new Error(`pfn ${pfn} is mapped ${n} times`);
  let used = 0;
  let lru = 0;
  for (let pfn = 0; pfn < phys.nrFrames; pfn++) {
    if (phys.flags[pfn] !== 0 || phys.ownerMm[pfn] >= 0) used++;
    if (phys.flags[pfn] & PG_lru) lru++;
  }
  if (used + phys.nrFree !== phys.nrFrames) throw new Error(`frames not conserved: used ${used} + free ${phys.nrFree} ≠ ${phys.nrFrames}`);
  if (lru !== k.policy.size) throw new Error(`policy tracks ${k.policy.size} frames but ${lru} are PG_lru`);
  if (swapPtes > k.swap.nrUsed) throw new Error(`${swapPtes} swap PTEs but only ${k.swap.nrUsed} slots in use`);
}
