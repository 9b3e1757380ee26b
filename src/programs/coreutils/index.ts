// The lab's commands, registered at /bin/<name> the way a distribution installs them, plus the
// shell at /bin/bash and /bin/sh. Every one is a user program that runs on the simulated kernel
// through system calls only.
import type { Program } from '../../kernel/uapi';
import { shell } from '../shell/index';
import { cat } from './cat';
import { dmesg } from './dmesg';
import { echo } from './echo';
import { free } from './free';
import { grep } from './grep';
import { head, tail } from './head';
import { kill } from './kill';
import { insmod, lsmod, rmmod } from './kmod';
import { ls } from './ls';
import { mknod } from './mknod';
import { nice } from './nice';
import { pgrep, pidof, ps } from './ps';
import { rm } from './rm';
import { clear, date, env, falseProgram, pwd, seq, sleep, trueProgram, uname, which } from './simple';
import { tee } from './tee';
import { touch } from './touch';
import { uptime } from './uptime';
import { vmstat } from './vmstat';
import { wc } from './wc';

/** name → program, for everything in /bin. */
export const COREUTILS: Readonly<Record<string, Program>> = {
  cat, ls, rm, mknod, ps, kill, sleep, nice, free, vmstat, dmesg, insmod, rmmod, lsmod, uptime,
  true: trueProgram, false: falseProgram, head, tail, wc, grep, touch, clear, env, uname, date, tee,
  pidof, pgrep, which, echo, pwd, seq, bash: shell, sh: shell,
};

export function registerCoreutils(kernel: { registerProgram(path: string, p: Program): void }): void {
  for (const [name, program] of Object.entries(COREUTILS)) kernel.registerProgram(`/bin/${name}`, program);
}

export { shell };
