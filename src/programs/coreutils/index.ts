// The lab's commands, registered at /bin/<name> the way a distribution installs them, plus the
// shell at /bin/bash and /bin/sh. Every one is a user program that runs on the simulated kernel
// through system calls only.
import type { Program } from '../../kernel/uapi';
import { shell } from '../shell/index';
import { cat } from './cat';
import { chmod } from './chmod';
import { cp, mkdir, mv } from './cp';
import { cut } from './cut';
import { dmesg } from './dmesg';
import { echo } from './echo';
import { free } from './free';
import { grep } from './grep';
import { head, tail } from './head';
import { kill } from './kill';
import { nl, tac, yes } from './lines';
import { insmod, lsmod, rmmod } from './kmod';
import { ls } from './ls';
import { lscpu } from './lscpu';
import { mknod } from './mknod';
import { nice } from './nice';
import { basename, dirname } from './paths';
import { pgrep, pkill } from './pgrep';
import { printf } from './printf';
import { pidof, ps } from './ps';
import { rm } from './rm';
import { seq } from './seq';
import { clear, date, env, falseProgram, pwd, sleep, trueProgram, uname, which } from './simple';
import { sort } from './sort';
import { getconf, hostname, id, nproc, printenv, sync, whoami } from './sysinfo';
import { tee } from './tee';
import { top } from './top';
import { touch } from './touch';
import { tr } from './tr';
import { uniq } from './uniq';
import { uptime } from './uptime';
import { make } from '../make/make';
import { vmstat } from './vmstat';
import { watch } from './watch';
import { wc } from './wc';

/** name → program, for everything in /bin. */
export const COREUTILS: Readonly<Record<string, Program>> = {
  cat, ls, rm, mknod, ps, kill, sleep, nice, free, vmstat, dmesg, insmod, rmmod, lsmod, uptime,
  true: trueProgram, false: falseProgram, head, tail, wc, grep, touch, clear, env, uname, date, tee,
  pidof, pgrep, which, echo, pwd, chmod, bash: shell, sh: shell,
  seq, sort, uniq, cut, tr, yes, basename, dirname, tac, nl,
  whoami, id, hostname, nproc, printenv, getconf, sync, lscpu, pkill,
  cp, mv, mkdir, top, watch, printf, make,
};

export function registerCoreutils(kernel: { registerProgram(path: string, p: Program): void }): void {
  for (const [name, program] of Object.entries(COREUTILS)) kernel.registerProgram(`/bin/${name}`, program);
}

export { shell };
