// The starting files of "Kernel Memory Lab: New Module Project": what the course hands out
// before the student writes the module. mp3.c is a skeleton (module_init/module_exit and one
// TODO per rubric item), not a solution.

/** The course's Makefile, unchanged. */
export const COURSE_MAKEFILE = `obj-m := mp3.o
KERNEL_SRC := /lib/modules/$(shell uname -r)/build
APP_CFLAGS := -O2 -Wall

all: clean modules monitor work

modules:
\t$(MAKE) -C $(KERNEL_SRC) M=$(PWD) modules

monitor: monitor.c
\t$(CC) $(APP_CFLAGS) $< -o $@

work: work.c
\t$(CC) $(APP_CFLAGS) $< -o $@

clean:
\t$(MAKE) -C $(KERNEL_SRC) M=$(PWD) clean

.PHONY: all modules clean
`;

/** The course's mp3_given.h, as handed out (used when the shipped headers do not carry it). */
export const MP3_GIVEN_H = `#ifndef __MP3_GIVEN_INCLUDE__
#define __MP3_GIVEN_INCLUDE__

#include <linux/pid.h>
#include <linux/sched.h>

struct task_struct *find_task_by_pid(unsigned int nr)
{
	struct task_struct *task;
	rcu_read_lock();
	task = pid_task(find_vpid(nr), PIDTYPE_PID);
	rcu_read_unlock();
	return task;
}

/* THIS FUNCTION RETURNS 0 IF THE PID IS VALID AND THE CPU TIME (IN JIFFIES) IS SUCCESSFULLY
 * RETURNED BY THE PARAMETERS, -1 OTHERWISE. The counters are reset to zero once read. */
int get_cpu_use(int pid, unsigned long *min_flt, unsigned long *maj_flt,
		unsigned long *utime, unsigned long *stime)
{
	int ret = -1;
	struct task_struct *task;
	rcu_read_lock();
	task = find_task_by_pid(pid);
	if (task != NULL) {
		*min_flt = task->min_flt;
		*maj_flt = task->maj_flt;
		*utime = task->utime;
		*stime = task->stime;

		task->maj_flt = 0;
		task->min_flt = 0;
		task->utime = 0;
		task->stime = 0;
		ret = 0;
	}
	rcu_read_unlock();
	return ret;
}

#endif
`;

/** The skeleton: it builds and loads, and does nothing yet. One TODO per rubric item. */
export const MP3_C = `#define LINUX

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include "mp3_given.h"

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Group_ID");
MODULE_DESCRIPTION("CS-423 MP3");

#define DEBUG 1

/*
 * TODO (read/write, 5 pts): /proc/mp3/status. A write "R <pid>" registers a process and
 * "U <pid>" unregisters it; a read lists the registered PIDs, one per line.
 */

/*
 * TODO (work queue, 5 pts): a delayed work queued when the first process registers and
 * cancelled when the last one unregisters.
 */

/*
 * TODO (work handler, 10 pts): every 50 ms, sum the minor and major faults and the CPU time of
 * the registered processes (get_cpu_use()) and append one sample of four unsigned longs
 * (jiffies, minor, major, cpu) to the profiler buffer. Lock the list.
 */

/*
 * TODO (buffer alloc/free, 10 pts): vmalloc the profiler buffer (128 pages), mark every page
 * reserved, fill it with -1; clear the reservations and free it at unload.
 */

/*
 * TODO (char dev, 10 pts): register the character device (major 423, minor 0) with
 * open/release callbacks.
 */

/*
 * TODO (mmap, 25 pts): map the buffer page by page into the monitor's address space
 * (vmalloc_to_pfn + remap_pfn_range).
 */

/* TODO (no floating point, 2.5 pts): the kernel computes in integers only. */

/* mp3_init - Called when module is loaded */
static int __init mp3_init(void)
{
#ifdef DEBUG
	printk(KERN_ALERT "MP3 MODULE LOADING\\n");
#endif
	/* TODO: create the proc entries, the work queue, the buffer and the device. */
	printk(KERN_ALERT "MP3 MODULE LOADED\\n");
	return 0;
}

/* mp3_exit - Called when module is unloaded */
static void __exit mp3_exit(void)
{
#ifdef DEBUG
	printk(KERN_ALERT "MP3 MODULE UNLOADING\\n");
#endif
	/* TODO (clean unload): undo everything init did, in reverse order. */
	printk(KERN_ALERT "MP3 MODULE UNLOADED\\n");
}

module_init(mp3_init);
module_exit(mp3_exit);
`;

export const README_MD = `# MP3: Virtual memory page fault profiler

Group ID:
Members:

## Implementation
<!-- How your module works: the proc interface, the list and its lock, the work queue and its
handler, the profiler buffer, the character device and mmap. -->

## Case study 1: thrashing and locality
<!-- Your plots of profile1.data and profile2.data, and what they show. -->

## Case study 2: multiprogramming
<!-- Your plot of CPU utilization against N, and the thrashing point. -->
`;

/** Editor settings that make #include <linux/...> resolve against the shipped headers. */
export function cCppProperties(headers: string): string {
  return `${JSON.stringify({
    configurations: [{
      name: 'Linux 5.15 module (Kernel Memory Lab)',
      includePath: ['${workspaceFolder}/**', `${headers}/include`, `${headers}/arch/x86/include`, `${headers}/include/uapi`],
      defines: ['__KERNEL__', 'MODULE', 'KBUILD_MODNAME="mp3"'],
      compilerArgs: ['-std=gnu89', '-nostdinc'],
      cStandard: 'gnu89',
      intelliSenseMode: 'linux-gcc-x64',
    }],
    version: 4,
  }, null, 2)}\n`;
}

/** The same for clangd. */
export function clangdConfig(headers: string): string {
  return [
    'CompileFlags:',
    `  Add: [-std=gnu89, -nostdinc, -D__KERNEL__, -DMODULE, '-DKBUILD_MODNAME="mp3"', --target=x86_64-linux-gnu, "-I${headers}/include", "-I${headers}/arch/x86/include", "-I${headers}/include/uapi"]`,
    '',
  ].join('\n');
}
