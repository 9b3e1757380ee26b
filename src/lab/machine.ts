// The lab's machine: a simulated kernel with the lab's files in the student's home directory
// (the built module mp3.ko and the given programs work and monitor) and the usual commands in
// /bin, as the course VM had them.
import { Kernel, HOME, type KernelOptions } from '../kernel/kernel';
import type { MachineConfig } from '../kernel/config';
import { mp3Module } from '../module/mp3';
import { work } from '../programs/work';
import { monitor } from '../programs/monitor';
import { registerCoreutils } from '../programs/coreutils/index';

export { HOME };

export function createLabMachine(config: Partial<MachineConfig> = {}, opts: KernelOptions = {}): Kernel {
  const k = new Kernel(config, opts);
  registerCoreutils(k);
  k.registerModuleFile('mp3.ko', mp3Module);
  k.registerProgram(`${HOME}/work`, work);
  k.registerProgram(`${HOME}/monitor`, monitor);
  return k;
}
