// The lab guide's text: the MP3 handout as data, one step per thing the student does.
// Markdown subset only (see src/webview/guide/markdown.ts): paragraphs, `- ` lists, `1. ` lists,
// ``` fences, `code`, **bold**, [label](command:id) links (each must match one of the step's
// command actions: the webview renders it as that action's button).
// Facts are from /work/shared/mp3-facts.md; numbers quoted here are for the default machine
// (4 GiB RAM, 2 GiB swap, 2 CPUs, HZ=1000, Linux 5.15).
import type { GuideAction, GuideSectionInfo, GuideStep } from '../../shared/guideProtocol';

/** A step as written here: its section is implied by where it sits. */
export type StepDef = Omit<GuideStep, 'section'>;
export interface SectionDef extends GuideSectionInfo {
  steps: readonly StepDef[];
}

/** Joins lines; double-quoted strings keep backticks and single quotes readable. */
const md = (...lines: string[]): string => lines.join('\n');

const cmd = (label: string, command: string, ...args: unknown[]): GuideAction =>
  args.length ? { kind: 'command', label, command, args } : { kind: 'command', label, command };
const sh = (line: string, label = 'Run in terminal'): GuideAction => ({ kind: 'shell', label, line });

/** What graders of the real MP3 checked (mp3-facts §9), as the report step's checklist. */
export const GRADER_CHECKLIST: readonly string[] = [
  "**Proc read/write parsing**: `R <pid>` / `U <pid>` parsed from a bounded kernel copy (`copy_from_user`, `kstrtoint`), malformed input rejected with `-EINVAL`, a bad pointer with `-EFAULT`; reading lists one PID per line and then returns 0 (end of file through `*ppos`).",
  "**Buffer allocation and free**: at least 128 pages from `vmalloc`, every page `SetPageReserved`, filled with -1; at unload `ClearPageReserved` on every page, then `vfree`.",
  "**Work queue and handler (locking)**: a delayed work every 50 ms (`msecs_to_jiffies(50)`), queued when the first process registers, cancelled when the last one leaves; the handler takes the same mutex as the proc handlers, drops processes that exited, and appends one sample of four `unsigned long` to the ring.",
  "**Character device**: major 423 minor 0 with `register_chrdev_region`, `cdev_init`, `cdev_add`; `open`/`release` do nothing.",
  "**mmap of the buffer (the largest part)**: page by page with `vmalloc_to_pfn` + `remap_pfn_range`; a mapping larger than the buffer is rejected.",
  "**Case-study graphs and analysis**: case 1, accumulated faults against time for both pairs; case 2, CPU utilization against N, with the thrashing point explained.",
  "**No floating point in the kernel**: the module stores integers; utilization is computed afterwards, in user space.",
  "**Clean unload and reload**: `rmmod mp3` undoes everything, and a second `insmod mp3.ko` succeeds.",
];

export const SECTIONS: readonly SectionDef[] = [
  // -------------------------------------------------------------------------------------------
  {
    id: 'load',
    number: 1,
    title: 'Load the profiler',
    intro: md(
      "The profiler is a kernel module. Loading it creates `/proc/mp3/status`, allocates the profiler buffer and registers the character device; nothing is sampled yet because no process is registered.",
    ),
    steps: [
      {
        id: 'load.terminal',
        title: 'Open the lab terminal',
        body: md(
          "The lab runs on a simulated Linux 5.15 machine (by default 4 GiB of RAM, 2 GiB of swap, 2 CPUs, `HZ=1000`) with a shell that understands the handout's commands. Open it and look around: `ls` shows the given programs `work` and `monitor` and the module `mp3.ko`; `lsmod` shows that no module is loaded yet.",
          "",
          "The home directory `/home/student` is your workspace folder plus the lab's given files: `work`, `monitor` and `mp3.ko` (and later the device node `node`) live only inside the simulated machine, so VS Code's Explorer does not list them, while everything the machine writes there, such as `profile1.data`, appears in your workspace folder.",
        ),
        actions: [
          cmd('Open terminal', 'kernelMemoryLab.openTerminal'),
          sh('ls'),
          sh('lsmod'),
          sh('free'),
        ],
        expect: md(
          "A prompt, then `mp3.ko`, `work` and `monitor` in the listing. `lsmod` prints only its header line. `free` shows about 3.9 GiB of usable memory and 2 GiB of swap: remember these numbers for case study 2.",
        ),
        pitfalls: [
          "Reading the machine's size from the host computer: the lab's numbers come from the simulated machine, which you can change in the settings (RAM, swap, CPUs, HZ, disk latency).",
        ],
      },
      {
        id: 'load.insmod',
        title: 'Load the module',
        body: md(
          "`insmod mp3.ko` runs the module's init function. A correct init does, in order, and undoes in reverse if any step fails (the `goto` unwinding of the `mp3-module` snippet):",
          "1. `vmalloc` the profiler buffer (128 pages), fill it with -1, mark every page reserved;",
          "2. `proc_mkdir(\"mp3\", NULL)` and `proc_create(\"status\", 0666, dir, &proc_ops)`;",
          "3. create the workqueue and `INIT_DELAYED_WORK` the sampler (not queued yet);",
          "4. `register_chrdev_region(MKDEV(423, 0), 1, \"mp3\")`, `cdev_init`, `cdev_add`.",
        ),
        actions: [
          sh('insmod mp3.ko'),
          cmd('Load module', 'kernelMemoryLab.loadModule'),
          sh('lsmod', 'Check with lsmod'),
        ],
        expect: md(
          "`insmod` prints nothing when it succeeds (Unix silence). `lsmod` now lists `mp3` with a use count of 0.",
        ),
        pitfalls: [
          "Loading twice: the second `insmod` fails with `File exists`. That is the kernel refusing a duplicate module name, not a bug in your init.",
          "An init that returns an error after a partial setup without undoing it leaves `/proc/mp3` or major 423 behind, and every later `insmod` fails. Graders load and unload your module several times.",
        ],
      },
      {
        id: 'load.proc',
        title: 'Look at /proc/mp3/status',
        body: md(
          "The proc file is the module's control interface. Since Linux 5.6, `proc_create` takes a `struct proc_ops` (`.proc_read`, `.proc_write`), not a `struct file_operations`: the `mp3-proc-create` snippet has the current form. Mode `0666` lets the unprivileged `work` program register itself.",
        ),
        actions: [sh('ls /proc/mp3'), sh('cat /proc/mp3/status')],
        expect: md(
          "`ls` shows `status`. `cat` prints nothing: no process is registered, so the read handler returns 0 bytes at once (end of file).",
        ),
        pitfalls: [
          "Handouts and tutorials written for Linux 4.x use `struct file_operations` with `proc_create`: on 5.15 that does not compile.",
          "A read handler that never returns 0 makes `cat` loop forever printing the same list (see the `*ppos` convention in the next section).",
        ],
      },
      {
        id: 'load.dmesg',
        title: 'Read the kernel log',
        body: md(
          "`printk` (or `pr_info`) is how a module talks; the messages land in the kernel ring buffer that `dmesg` prints. Log what your init did, and every error path, with the errno: it is the first thing you will read when something fails.",
        ),
        actions: [sh('dmesg')],
        expect: md(
          "Timestamped lines from the module's init, after the kernel's own two taint warnings for an out-of-tree, unsigned module:",
          "```text",
          "mp3: profiler buffer allocated: 128 pages (524288 bytes), filled with -1",
          "mp3: registered char device 423:0",
          "mp3: module loaded",
          "```",
        ),
        pitfalls: [
          "Messages without a trailing newline are held back and merged with the next one.",
          "Printing raw kernel pointers with `%p` shows hashed values on 5.15; print sizes and counts instead.",
        ],
      },
    ],
  },
  // -------------------------------------------------------------------------------------------
  {
    id: 'register',
    number: 2,
    title: 'Register and unregister by hand',
    intro: md(
      "The `work` program registers itself by writing `R <pid>` into `/proc/mp3/status`. Doing it by hand first shows what the write handler must accept and what it must refuse.",
    ),
    steps: [
      {
        id: 'register.victim',
        title: 'Start a process to register',
        body: md(
          "Any process will do: start a `sleep` in the background and note the PID that the shell prints as `[1] <pid>` (or find it with `ps`).",
        ),
        actions: [sh('sleep 300 &'), sh('ps')],
        expect: md(
          "`[1] <pid>` after the `sleep` line, and the same PID in the `ps` listing with the command `sleep`.",
        ),
        pitfalls: [
          "Registering the shell's own PID works too, but then the samples count the shell's faults, not a workload's.",
        ],
      },
      {
        id: 'register.write',
        title: 'Register it',
        body: md(
          "Type the write yourself, with the PID from the previous step:",
          "```sh",
          "echo 'R <pid>' > /proc/mp3/status",
          "cat /proc/mp3/status",
          "```",
          "`echo` adds a newline, so the handler receives `R 1234\\n`: copy at most a small bounded buffer with `copy_from_user`, NUL-terminate it, check the letter and the space, then `kstrtoint` the rest (it accepts one trailing newline). The `mp3-proc-write` snippet does exactly this. Registering the first process also queues the delayed work: sampling starts now.",
          "",
          "Or let the extension pick the process: [Register a process](command:kernelMemoryLab.registerProcess).",
        ),
        actions: [
          cmd('Register process…', 'kernelMemoryLab.registerProcess'),
          sh('cat /proc/mp3/status', 'Read the list'),
        ],
        expect: md(
          "The write is silent; `cat` prints the PID on its own line. Reading again prints the same list: each `cat` opens the file anew at offset 0, reads the list, then reads 0 bytes and stops. The **/proc/mp3/status** view in the side bar shows the process with live counters.",
        ),
        pitfalls: [
          "Trusting `count`: copying `count` bytes into a fixed array without checking it overflows the kernel stack. Refuse anything longer than the buffer.",
          "Dereferencing the user pointer directly instead of using `copy_from_user`.",
          "Using `sscanf` with a bare `%d` and ignoring its return value, so `R abc` registers PID 0 or garbage.",
          "Returning 0 from the write handler: the caller retries forever. Return `count` on success.",
        ],
      },
      {
        id: 'register.errors',
        title: 'Try the error cases',
        body: md(
          "A good handler fails loudly and leaves its state unchanged. Try each of these and read the error the shell prints:",
          "- `R 99999`: no such process, `-ESRCH`;",
          "- `hello`: not `R` or `U` followed by a space, `-EINVAL`;",
          "- `R 12x`: not a number, `-EINVAL` (from `kstrtoint`);",
          "- `U 99999`: a PID that is not registered, `-ENOENT`.",
          "",
          "Registering the same PID twice fails with `-EEXIST`. The original lab modules silently ignored these cases; returning an errno is compatible (the given `work` program never triggers them) and much easier to debug.",
        ),
        actions: [
          sh("echo 'R 99999' > /proc/mp3/status", 'R 99999'),
          sh("echo 'hello' > /proc/mp3/status", 'hello'),
          sh("echo 'R 12x' > /proc/mp3/status", 'R 12x'),
          sh("echo 'U 99999' > /proc/mp3/status", 'U 99999'),
          sh('cat /proc/mp3/status', 'List is unchanged'),
        ],
        expect: md(
          "A write error for each line, with the message of its errno (`No such process`, `Invalid argument`, and for the `U` line `No such file or directory`), and afterwards the same list as before.",
        ),
        pitfalls: [
          "Adding the entry to the list before validating the PID, then failing: the list keeps a half-registered process.",
          "Returning a positive number or `-1` instead of a negative errno.",
        ],
      },
      {
        id: 'register.unregister',
        title: 'Unregister it',
        body: md(
          "Type `echo 'U <pid>' > /proc/mp3/status` with the same PID, or use [Unregister a process](command:kernelMemoryLab.unregisterProcess). When the last process leaves, the module cancels the delayed work (`cancel_delayed_work_sync`): nothing is sampled while nobody is registered.",
          "",
          "Sampling works like this, every 50 ms while the list is not empty: for each registered PID the handler calls the given `get_cpu_use(pid, &min_flt, &maj_flt, &utime, &stime)`, which copies the task's counters and **resets them to zero**, so the sums are the faults and CPU time of the last period only. It returns -1 when the process has exited; the handler then drops it from the list. One sample is four `unsigned long`: jiffies, minor faults, major faults, CPU time (utime + stime, in nanoseconds on 5.15).",
        ),
        actions: [
          cmd('Unregister process…', 'kernelMemoryLab.unregisterProcess'),
          sh('cat /proc/mp3/status', 'Read the list'),
          sh('jobs'),
        ],
        expect: md(
          "`cat` prints nothing again; stop the `sleep` with `kill <pid>` when you are done with it. If you forget to unregister, the sampler notices when the process exits (`get_cpu_use` returns -1) and drops it by itself.",
        ),
        pitfalls: [
          "Walking the list with `list_for_each_entry` while deleting from it: use `list_for_each_entry_safe`.",
          "Calling `cancel_delayed_work_sync` while holding the mutex that the work handler also takes: it waits for the handler, the handler waits for the mutex, and the system deadlocks.",
          "A handler that re-queues itself unconditionally keeps sampling an empty list forever.",
        ],
      },
    ],
  },
  // -------------------------------------------------------------------------------------------
  {
    id: 'chrdev',
    number: 3,
    title: 'The character device and mmap',
    intro: md(
      "The monitor reads the samples without any system call per sample: the module's buffer is mapped into the monitor's address space through a character device.",
    ),
    steps: [
      {
        id: 'chrdev.devices',
        title: 'Find the device in /proc/devices',
        body: md(
          "The handout fixes the major number at 423, so the module uses `register_chrdev_region(MKDEV(423, 0), 1, \"mp3\")` (the slides mention `alloc_chrdev_region`, which picks a free major dynamically; with a fixed node name and number the static form is what the lab expects). Then `cdev_init` with a `struct file_operations` whose `.mmap` is the interesting part, and `cdev_add` makes it live.",
        ),
        actions: [sh('cat /proc/devices')],
        expect: md("A line `423 mp3` in the **Character devices** list."),
        pitfalls: [
          "Calling `cdev_add` before the buffer exists: a process may open and mmap the device as soon as `cdev_add` returns.",
          "Setting `.owner = THIS_MODULE` matters: it keeps the module loaded while the device is open or mapped.",
        ],
      },
      {
        id: 'chrdev.mknod',
        title: 'Create the device node',
        body: md(
          "A device node is only a name that carries the type and the (major, minor) pair: `c` for a character device, 423, 0. The monitor opens `./node`, so create it in the working directory."
        ),
        actions: [sh('mknod node c 423 0'), sh('ls')],
        expect: md("`ls` lists `node`. Creating it is silent."),
        pitfalls: [
          "A wrong major or minor creates the node without complaint; opening it later fails with `No such device or address` (`ENXIO`).",
          "The node outlives the module: after `rmmod`, `./monitor` fails to open it until the module is loaded again.",
        ],
      },
      {
        id: 'chrdev.mmap',
        title: 'Why mmap goes page by page',
        body: md(
          "`vmalloc` gives memory that is contiguous in the kernel's virtual address space but made of physical pages scattered anywhere in RAM. `remap_pfn_range` maps a **physically contiguous** range of page frames, so one call for the whole buffer would map the wrong frames after the first page. The handler therefore loops: for each page, `vmalloc_to_pfn(buf + off)` finds that page's frame and `remap_pfn_range(vma, vma->vm_start + off, pfn, PAGE_SIZE, vma->vm_page_prot)` maps it (the `mp3-mmap` snippet). It must refuse a mapping larger than the buffer, otherwise the loop would map frames that belong to someone else.",
          "",
          "`SetPageReserved` on every buffer page is what the handout asks for: it marks the pages as never to be reclaimed or swapped. (Modern drivers would use `vmalloc_user` + `remap_vmalloc_range`, which does the loop for you; the lab grades the loop.)",
          "",
          "With nobody registered, the buffer is still all -1, so the monitor finds nothing to read:",
        ),
        actions: [sh('./monitor'), cmd('Run monitor', 'kernelMemoryLab.runMonitor')],
        expect: md(
          "`read 0 profiled data`: the monitor mapped 128 pages, found only -1 (the sentinel for an empty slot) and stopped.",
        ),
        pitfalls: [
          "One `remap_pfn_range` call with `vmalloc_to_pfn(buf)` for the whole size: the first page is right, the rest is other memory.",
          "`virt_to_phys` or `__pa` on a vmalloc address: those work only for the kernel's linear mapping (kmalloc memory).",
          "No size check: `mmap` of more than the buffer must fail with `-EINVAL`.",
          "Forgetting the reserved bit or clearing it too early: graders check both `SetPageReserved` at load and `ClearPageReserved` before `vfree`.",
        ],
      },
    ],
  },
  // -------------------------------------------------------------------------------------------
  {
    id: 'case1',
    number: 4,
    title: 'Case study 1: thrashing and locality',
    intro: md(
      "Two pairs of 1 GiB processes run side by side; you compare their accumulated page faults over time. Both pairs fit in RAM (2 GiB out of 3.9 GiB), so expect minor faults only.",
    ),
    steps: [
      {
        id: 'case1.prepare',
        title: 'Get ready',
        body: md(
          "Make sure the module is loaded and `node` exists (sections 1 and 3), and drain anything left in the buffer: the monitor is a **consumer**, it writes -1 back over every sample it reads, so running it now makes the next profile start clean.",
          "",
          "Open the dashboard beside the guide to watch the faults live: [Open the dashboard](command:kernelMemoryLab.openDashboard).",
        ),
        actions: [
          sh('lsmod'),
          sh('./monitor', 'Drain the buffer'),
          cmd('Open dashboard', 'kernelMemoryLab.openDashboard'),
        ],
        expect: md("`mp3` in `lsmod`, and the monitor ending with `read <n> profiled data` (often 0): those old samples are now consumed."),
        pitfalls: [
          "Skipping the drain: `profile1.data` then starts with samples of whatever ran before.",
        ],
      },
      {
        id: 'case1.pair1',
        title: 'Pair 1: two random-access processes',
        body: md(
          "Start the handout's first pair with the first line below, exactly as written: `nice` lowers the priority of both, and each `&` puts one in the background.",
          "",
          "Each `work` registers itself, allocates 1024 blocks of 1 MiB with `malloc`, then runs 20 iterations: 50000 (or 10000) writes of one byte at random offsets of its 1 GiB, then `sleep(1)`. Then it frees the memory and unregisters. A run lasts a little over 20 seconds.",
          "",
          "Or: [Start pair 1](command:kernelMemoryLab.startWorkload).",
        ),
        actions: [
          sh('nice ./work 1024 R 50000 & nice ./work 1024 R 10000 &', 'Start pair 1'),
          cmd('Start pair 1 (preset)', 'kernelMemoryLab.startWorkload', { preset: 'case1-pair1' }),
          sh('cat /proc/mp3/status', 'See them registered'),
        ],
        expect: md(
          "Two job numbers with PIDs, then lines `[<pid>] <k> iteration` from both processes, one per second each. `/proc/mp3/status` lists both PIDs while they run.",
        ),
        pitfalls: [
          "Forgetting the final `&`: the shell waits for the second process and you cannot type while it runs.",
          "Running `./monitor` while the pair is still running: it stops at the first empty slot and you get half a profile.",
        ],
      },
      {
        id: 'case1.monitor1',
        title: 'Collect profile1.data',
        body: md(
          "Wait for both processes to finish (`wait` returns when all background jobs have exited), then read the buffer into a file with `./monitor > profile1.data`.",
          "",
          "The monitor opens `./node`, maps 128 pages, finds the first slot that is not -1 and prints one line per sample, `jiffies minor major cpu`, until it meets -1.",
        ),
        actions: [
          sh('wait'),
          sh('./monitor > profile1.data', 'Save profile1.data'),
          cmd('Export profile…', 'kernelMemoryLab.exportProfile'),
        ],
        expect: md(
          "About 20 samples per second of run time: a little over 400 lines for a 21-second run, ending with `read <n> profiled data`. Consecutive jiffies differ by about 51 (50 ms plus the jiffy it takes to re-queue).",
        ),
        pitfalls: [
          "Treating jiffies as seconds: divide differences by `HZ` (1000 here). They start near 4294667296 on purpose (`INITIAL_JIFFIES`, so that wrap-around bugs show up early): subtract the first sample's value.",
        ],
      },
      {
        id: 'case1.pair2',
        title: 'Pair 2: random and "locality"',
        body: md(
          "The second pair replaces the small random process with the given locality mode (`L`). Same routine as pair 1: start both, `wait` for them, then `./monitor > profile2.data`.",
          "",
          "Or: [Start pair 2](command:kernelMemoryLab.startWorkload).",
        ),
        actions: [
          sh('nice ./work 1024 R 50000 & nice ./work 1024 L 10000 &', 'Start pair 2'),
          cmd('Start pair 2 (preset)', 'kernelMemoryLab.startWorkload', { preset: 'case1-pair2' }),
          sh('wait'),
          sh('./monitor > profile2.data', 'Save profile2.data'),
        ],
        expect: md(
          "The same output pattern as pair 1. The second process's curve will be much lower: see the next step for the honest reason.",
        ),
        pitfalls: [
          "Not running the monitor between the pairs: `profile2.data` then contains both experiments back to back.",
        ],
      },
      {
        id: 'case1.analyze',
        title: 'Read the curves',
        body: md(
          "Plot the **accumulated** faults (minor + major, summed from the first sample) against time in seconds, one plot per pair. What you see, and why:",
          "- **First-touch minor faults.** `malloc` of 1 MiB gets its own anonymous mapping, so no page exists until it is written. The first write to each 4 KiB page faults, and the kernel hands out a zeroed frame: a minor fault, no disk. There are no major faults because 2 GiB fit in RAM.",
          "- **A staircase, one step per second.** Each iteration does all its writes in one burst and then sleeps for a second; the 50 ms samples show one large delta followed by about 19 near-zero ones.",
          "- **A concave curve.** Writes land on random pages; the more pages are already touched, the fewer new faults a burst causes. After w random writes over P pages about P·(1 − e^(−w/P)) distinct pages are touched. With P = 262144 pages (1 GiB), the 50000-write process faults about 45000 times in its first second and about 256000 in total (98 % of its pages); the 10000-write process about 140000 (53 %).",
          "- **The given L mode is barely local: it mostly does nothing.** In the given `work`, each access draws `rand() % 10`: only values 0 and 1 (20 %) do a random write like R mode; the other 80 % call a \"local access\" that just advances an integer and touches no memory. So `L 10000` is 2000 random writes per second, about 37000 faults in total. Its low fault count comes from doing fewer writes, not from locality. Say so in your report.",
          "",
          "[Run case study 1](command:kernelMemoryLab.runCaseStudy1) runs both pairs with the monitor and plots them for you.",
        ),
        actions: [
          cmd('Open dashboard', 'kernelMemoryLab.openDashboard'),
          cmd('Run case study 1', 'kernelMemoryLab.runCaseStudy1'),
        ],
        expect: md(
          "One staircase per pair, flattening as it goes: the module sums the faults of all registered processes into each sample, so the two processes of a pair are one curve. Pair 1 ends near 397000 faults (about 256000 from the 50000-write process plus about 140000 from the 10000-write one, by the formula above: the data itself cannot split them); pair 2 ends near 294000 (the same 256000 plus about 37000 from `L 10000`). Every process finishes in about 20.5 seconds: with no swapping, the one-second sleeps dominate.",
        ),
        pitfalls: [
          "Plotting the per-sample values: the handout asks for the accumulated sum.",
          "Explaining pair 2 by \"temporal locality\" without looking at what the given L mode actually does.",
          "Calling the faults \"thrashing\": with no major faults, no page was ever evicted.",
        ],
      },
    ],
  },
  // -------------------------------------------------------------------------------------------
  {
    id: 'case2',
    number: 5,
    title: 'Case study 2: multiprogramming',
    intro: md(
      "N copies of `work 200 R 10000` run at once, for N = 1, 5, 11, 16, 20 and 22. You plot the total CPU utilization of the N copies against N and find where adding processes stops helping: the thrashing point.",
    ),
    steps: [
      {
        id: 'case2.utilization',
        title: 'Utilization from the samples',
        body: md(
          "Floating point is forbidden in the kernel, so the module only stores integers; you compute utilization afterwards from the monitor's output:",
          "```text",
          "U = Σ cpu / (wall time)",
          "  = Σ cpu_ns / ((last jiffies − first jiffies) × 1e9 / HZ)",
          "```",
          "On 5.15 the CPU column is in nanoseconds (the given header's comment says jiffies: that was true on 4.4). With 2 CPUs, U can reach 2.0 (200 %).",
        ),
        actions: [],
        expect: md("Nothing to run yet: keep this formula for the next steps."),
        pitfalls: [
          "Dividing nanoseconds by jiffies without converting, which gives utilizations a million times too large.",
          "Using floating point inside the module to compute a percentage.",
        ],
      },
      {
        id: 'case2.small',
        title: 'N = 1 and N = 5',
        body: md(
          "Run each N separately: start the copies, `wait` for all of them, then save the profile with `./monitor > case2-n<N>.data` (which also drains the buffer for the next N). Start with one copy, then five with a loop (the lab shell is bash: `for`, `while`, `if`, `{1..5}` and `$(seq 1 5)` work), or with the preset: [N = 5](command:kernelMemoryLab.startWorkload).",
        ),
        actions: [
          sh('./work 200 R 10000 &', 'N = 1'),
          sh('wait'),
          sh('./monitor > case2-n1.data', 'Save case2-n1.data'),
          sh('for i in {1..5}; do ./work 200 R 10000 & done', 'N = 5'),
          cmd('N = 5 (preset)', 'kernelMemoryLab.startWorkload', { preset: 'case2', n: 5 }),
          sh('wait'),
          sh('./monitor > case2-n5.data', 'Save case2-n5.data'),
        ],
        expect: md(
          "Each copy touches almost all of its 51200 pages over 20 iterations, with minor faults only. Utilization is small (the processes sleep most of each second) and grows roughly in proportion to N.",
        ),
        pitfalls: [
          "Forgetting `wait` before the monitor for N = 5: the profile stops in the middle of the run.",
        ],
      },
      {
        id: 'case2.sweep',
        title: 'N = 11, 16, 20, 22',
        body: md(
          "The same loop with a larger N, or the presets (each starts N copies of `work 200 R 10000`), then `wait` and `./monitor > case2-n<N>.data` as before. `time wait` also tells you how long the whole batch took. [Run case study 2](command:kernelMemoryLab.runCaseStudy2) runs the whole sweep and plots utilization against N.",
          "",
          "Watch memory while the big ones run: `free` and `vmstat 1 5` show free memory shrinking and swap filling (the `si`/`so` columns); `top -b -n 1` lists the processes with their resident memory; `/proc/zoneinfo` shows the free pages next to the **min**, **low** and **high** watermarks: below *low* kswapd wakes up and reclaims until *high*, at *min* the faulting process reclaims itself (direct reclaim) and stalls.",
        ),
        actions: [
          sh('for i in {1..11}; do ./work 200 R 10000 & done', 'N = 11 (loop)'),
          sh('time wait'),
          cmd('N = 11', 'kernelMemoryLab.startWorkload', { preset: 'case2', n: 11 }),
          cmd('N = 16', 'kernelMemoryLab.startWorkload', { preset: 'case2', n: 16 }),
          cmd('N = 20', 'kernelMemoryLab.startWorkload', { preset: 'case2', n: 20 }),
          cmd('N = 22', 'kernelMemoryLab.startWorkload', { preset: 'case2', n: 22 }),
          sh('free'),
          sh('vmstat 1 5'),
          sh('top -b -n 1'),
          sh('cat /proc/zoneinfo'),
          sh('cat /proc/meminfo'),
          cmd('Run case study 2', 'kernelMemoryLab.runCaseStudy2'),
        ],
        expect: md(
          "Up to N = 16 (3200 MiB in all) everything fits: minor faults only, runs of about 20 s. Around N = 20 the copies no longer fit in the 3.9 GiB usable: swap use grows, **major faults** appear in the third column, and runs take much longer.",
        ),
        pitfalls: [
          "Starting the next N before the previous one finished: the runs overlap and both profiles are wrong.",
          "Killing a run half-way and plotting it anyway: use **Stop Workload**, drain with the monitor, and run that N again.",
        ],
      },
      {
        id: 'case2.analyze',
        title: 'Find the thrashing point',
        body: md(
          "Plot utilization against N. It grows roughly linearly while N × 200 MiB fits in RAM, because each process adds its own CPU work. Past that point:",
          "- pages are evicted to swap and faulted back in: **major faults**, each a disk read (about 8 ms on a hard disk, 40000 times a memory access);",
          "- the swap device serves one request at a time, so faulting processes queue and sleep; reclaim itself stalls the allocating process (direct reclaim);",
          "- with random access, every page is as likely to be needed next as any other, so no replacement policy can pick a good victim.",
          "",
          "The CPUs sit idle while everyone waits for the disk: utilization stops growing and then falls. That knee is the thrashing point. Estimate it first (usable RAM / 200 MiB) and compare with your curve. Without swap there would be no major faults at all: the OOM killer would kill processes instead.",
        ),
        actions: [cmd('Open dashboard', 'kernelMemoryLab.openDashboard'), sh('dmesg')],
        expect: md(
          "A curve that rises, bends near N ≈ 18–20 on the default machine, and drops at 22; completion times that jump at the same point. Change RAM, swap or the disk latency in the settings and the knee moves.",
        ),
        pitfalls: [
          "Reporting the knee without explaining it: graders want the mechanism (major faults, I/O wait, reclaim), not only the plot.",
          "Confusing the two case studies: case 1 has no major faults on the default machine, case 2 is about them.",
        ],
      },
    ],
  },
  // -------------------------------------------------------------------------------------------
  {
    id: 'unload',
    number: 6,
    title: 'Unload and reload',
    intro: md(
      "`rmmod` runs the exit function, which must undo everything init did. Graders load, use, unload and load again.",
    ),
    steps: [
      {
        id: 'unload.rmmod',
        title: 'Unload the module',
        body: md(
          "A complete exit function undoes init in reverse, so that nothing can reach what is being freed:",
          "1. `cdev_del` and `unregister_chrdev_region(MKDEV(423, 0), 1)` (no new opens or mmaps);",
          "2. remove `/proc/mp3/status`, then `/proc/mp3` (no new registrations);",
          "3. `cancel_delayed_work_sync`, then `destroy_workqueue` (the sampler has stopped for good);",
          "4. free every entry still in the process list;",
          "5. `ClearPageReserved` on every buffer page, then `vfree`.",
        ),
        actions: [
          sh('rmmod mp3'),
          cmd('Unload module', 'kernelMemoryLab.unloadModule'),
          sh('lsmod'),
          sh('cat /proc/devices'),
          sh('ls /proc/mp3'),
          sh('dmesg'),
        ],
        expect: md(
          "`rmmod` is silent; `mp3` is gone from `lsmod` and `/proc/devices`, and `ls /proc/mp3` fails with `No such file or directory`.",
        ),
        pitfalls: [
          "`rmmod: ERROR: Module mp3 is in use` while a monitor still has `node` open or mapped is correct behaviour (`.owner = THIS_MODULE`), not a bug: let it finish.",
          "Freeing the buffer before cancelling the work: the handler writes into freed memory.",
          "Leaking the list entries of processes that were still registered.",
        ],
      },
      {
        id: 'unload.reload',
        title: 'Load it again',
        body: md(
          "The real test of the exit function is the next `insmod`.",
          "",
          "The classic bug: the exit function forgot `unregister_chrdev_region` (or `remove_proc_entry`). The module is gone, but major 423 (or `/proc/mp3`) is still registered, so the next init's `register_chrdev_region` fails with `-EBUSY` (`Device or resource busy`), or `proc_mkdir` fails and `dmesg` shows `proc_dir_entry 'mp3' already registered`. On a real machine only a reboot clears it.",
        ),
        actions: [sh('insmod mp3.ko'), sh('dmesg'), sh('cat /proc/mp3/status')],
        expect: md(
          "`insmod` succeeds silently, `dmesg` shows the init messages a second time, and `/proc/mp3/status` is empty again.",
        ),
        pitfalls: [
          "Testing unload only once, or only with nothing registered.",
        ],
      },
      {
        id: 'unload.reset',
        title: 'If the machine is in a bad state',
        body: md(
          "A simulated machine can be rebooted in an instant: [Reset the kernel](command:kernelMemoryLab.resetKernel) starts a fresh one with the same settings and seed. The same seed gives byte-identical profiles, so you can repeat any experiment exactly.",
        ),
        actions: [
          cmd('Reset kernel', 'kernelMemoryLab.resetKernel'),
          cmd('Stop workload', 'kernelMemoryLab.stopWorkload'),
        ],
        expect: md("A new shell prompt, no module loaded, no processes but the shell."),
        pitfalls: [],
      },
    ],
  },
  // -------------------------------------------------------------------------------------------
  {
    id: 'report',
    number: 7,
    title: 'Write your report',
    intro: md(
      "The report is graded as much as the code: graphs, their explanation, and evidence that the module works and unloads cleanly.",
    ),
    steps: [
      {
        id: 'report.data',
        title: 'Export the data and the graphs',
        body: md(
          "`profile1.data` and `profile2.data` are in the lab's text format (`jiffies minor major cpu` per line). [Export the profile](command:kernelMemoryLab.exportProfile) saves them to your workspace (as the monitor's text or as CSV); [Import a profile](command:kernelMemoryLab.importProfile) plots a file recorded on a real machine next to the simulated one. The dashboard exports each chart as PNG.",
        ),
        actions: [
          cmd('Export profile…', 'kernelMemoryLab.exportProfile'),
          cmd('Import profile…', 'kernelMemoryLab.importProfile'),
          cmd('Open dashboard', 'kernelMemoryLab.openDashboard'),
        ],
        expect: md("Files in your workspace and one PNG per graph."),
        pitfalls: [
          "Axes without units: time in seconds (from jiffies / HZ), faults as a count, utilization as a fraction or a percentage.",
        ],
      },
      {
        id: 'report.analysis',
        title: 'Write the analysis',
        body: md(
          "Answer, with your numbers:",
          "1. Case study 1: why are the curves staircases, and why are they concave? Compare the fault rates and completion times of the two pairs. What does the given L mode really do, and what would a truly local access pattern change?",
          "2. Case study 2: plot utilization against N. Where is the thrashing point, why there, and what happens to major faults and completion time beyond it?",
          "3. Your implementation: how the work handler and the proc handlers share the list safely, why mmap goes page by page, and how unload undoes load.",
        ),
        actions: [],
        expect: md("A report whose every claim points at a graph or a number."),
        pitfalls: [
          "Describing the curves without explaining the mechanism behind them.",
        ],
      },
      {
        id: 'report.checklist',
        title: 'Check what the graders check',
        body: md(
          "Before you submit, go through the list graders of this lab used:",
          ...GRADER_CHECKLIST.map((item) => `- ${item}`),
        ),
        actions: [sh('rmmod mp3', 'Unload'), sh('insmod mp3.ko', 'Reload')],
        expect: md("Every item ticked, and a final unload/reload that succeeds."),
        pitfalls: [],
      },
    ],
  },
  // -------------------------------------------------------------------------------------------
  {
    id: 'write',
    number: 8,
    title: 'Write the module yourself',
    intro: md(
      "Everything so far ran the given `mp3.ko`. The lab's main exercise is to write it: 65 of the handout's 100 points are the module. Here you write `mp3.c` in real Linux 5.15 C, build it with the course's Makefile, load it into the simulated kernel and grade it the way the course's autograder does. Each step below is one rubric item, with the snippet to start from (type its prefix in `mp3.c`) and the grader's test that checks it. A kernel bug here is an Oops in `dmesg` and a `Killed` shell, not a frozen VM.",
    ),
    steps: [
      {
        id: 'write.project',
        title: 'Start the module project',
        body: md(
          "[New Module Project](command:kernelMemoryLab.newModuleProject) writes the starting files into your workspace: `mp3.c` (a skeleton with one TODO per rubric item), the course's `mp3_given.h` and `Makefile`, and a `README.md` to fill in. Includes such as `<linux/proc_fs.h>` resolve in the editor against the simulated kernel's headers.",
          "",
          "Build it as on the course VM: `make` runs kbuild (`CC [M]  mp3.o`, `MODPOST`, `LD [M]  mp3.ko`), errors land in gcc's format in the terminal and in the Problems panel, and the new `mp3.ko` replaces the given one in your home directory.",
        ),
        actions: [
          cmd('New Module Project', 'kernelMemoryLab.newModuleProject'),
          sh('make'),
          sh('ls'),
        ],
        expect: md("`make` ends with `LD [M]  /home/student/mp3.ko`; the skeleton loads and unloads, doing nothing yet."),
        pitfalls: [
          "A warning that only clang reports is shown as such (\"gcc does not report this\") and never fails the build: the course compiles with gcc 11. Most are real bugs all the same (an uninitialized variable).",
        ],
      },
      {
        id: 'write.proc',
        title: 'Proc file: register and list processes',
        body: md(
          "In `mp3_init`, `proc_mkdir(\"mp3\", NULL)` and `proc_create(\"status\", 0666, dir, &mp3_proc_ops)` (snippet `mp3-proc-create`). The write handler copies at most a small buffer with `copy_from_user`, parses `R <pid>` / `U <pid>` with `kstrtoint` (snippet `mp3-proc-write`); the read handler prints one PID per line and returns 0 at the second read (snippet `mp3-proc-read`). Keep the processes in a `list_head` under a mutex (snippet `mp3-task-list`).",
          "",
          "Checked by the grader's **read/write** test (5 points): insmod, register a PID, `cat /proc/mp3/status` (both `896` and `PID: 896` are accepted), unregister, rmmod. [Grade Module](command:kernelMemoryLab.gradeModule) runs it.",
        ),
        actions: [
          sh('make && insmod mp3.ko'),
          sh('sleep 100 &'),
          sh('cat /proc/mp3/status'),
          sh('rmmod mp3'),
          cmd('Grade Module', 'kernelMemoryLab.gradeModule'),
        ],
        expect: md("After `echo \"R <pid>\" > /proc/mp3/status` the PID is listed; `U` removes it; a malformed line fails with `Invalid argument`."),
        pitfalls: [
          "Dereferencing the user pointer directly instead of `copy_from_user`: the simulated CPU has SMAP, so that is an Oops (`BUG: unable to handle page fault for address: 00007ffd…`) and the shell says `Killed`.",
          "Forgetting the NUL terminator after `copy_from_user`: `kstrtoint` then reads past the copy.",
        ],
      },
      {
        id: 'write.buffer',
        title: 'The profiler buffer',
        body: md(
          "`vmalloc` at least 128 pages (512 KiB), `SetPageReserved` on every page (`vmalloc_to_page(buf + off)`), fill it with -1 (`memset(buf, 0xff, size)`) — snippet `mp3-buffer-alloc`. At unload, `ClearPageReserved` on every page, then `vfree` (snippet `mp3-buffer-free`).",
          "",
          "Checked by the grader's **buffer alloc/free** test (10 points): VmallocUsed in `/proc/meminfo` grows by at least 512 kB at insmod, every page is reserved, and rmmod gives it all back.",
        ),
        actions: [
          sh('grep VmallocUsed /proc/meminfo'),
          sh('insmod mp3.ko'),
          sh('grep VmallocUsed /proc/meminfo'),
          sh('rmmod mp3'),
          cmd('Grade Module', 'kernelMemoryLab.gradeModule'),
        ],
        expect: md("VmallocUsed about 516 kB higher while loaded (the buffer and its guard page), back to its old value after rmmod."),
        pitfalls: [
          "`vfree` of pages still marked reserved: the kernel reports a bad page state. Clear the flag first.",
          "Memory `kmalloc`'d and never freed shows at rmmod as a kmemleak report naming the function that allocated it.",
        ],
      },
      {
        id: 'write.workqueue',
        title: 'The work queue and its handler',
        body: md(
          "A delayed work (`INIT_DELAYED_WORK`, snippet `mp3-delayed-work`) on a workqueue of your own, queued with `msecs_to_jiffies(50)` when the first process registers and cancelled when the last one leaves. The handler (snippet `mp3-work-handler`) takes the list's mutex, calls `get_cpu_use()` for each registered PID (dropping those that exited), appends one sample of four `unsigned long` — jiffies, minor faults, major faults, utime + stime — to the ring, and queues itself again.",
          "",
          "Checked by the grader's **work queue** test (15 points): 5 for samples every 50 ms only while someone is registered, 10 for sums that add up to what the process really did.",
        ),
        actions: [
          sh('insmod mp3.ko && mknod node c 423 0'),
          sh('./work 100 R 5000 &'),
          sh('./monitor'),
          sh('rmmod mp3'),
          cmd('Grade Module', 'kernelMemoryLab.gradeModule'),
        ],
        expect: md("`./monitor` prints about 20 lines per second of the run, their jiffies 51 apart, and stops when the process has exited."),
        pitfalls: [
          "An endless loop in the handler is a soft lockup (`watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kworker/0:1:…]`) after 20 simulated seconds.",
          "`kmalloc(…, GFP_KERNEL)` or `mutex_lock` under a spinlock: `BUG: sleeping function called from invalid context`.",
          "Work still queued at rmmod: when it fires, the code is gone, and the kworker Oopses.",
        ],
      },
      {
        id: 'write.chrdev',
        title: 'The character device',
        body: md(
          "`register_chrdev_region(MKDEV(423, 0), 1, \"mp3\")`, then `cdev_init` with your `file_operations` (`.owner`, `.open`, `.release`, `.mmap`) and `cdev_add` (snippet `mp3-chrdev`); undo both at exit with the same `dev_t`.",
          "",
          "Checked by the grader's **char dev** test (10 points): insmod, `mknod node c 423 0`, open and close the node. An exit that does not give back region 423 makes every later insmod fail with `Device or resource busy`, and costs every test after it, as it did real submissions.",
        ),
        actions: [
          sh('insmod mp3.ko'),
          sh('cat /proc/devices'),
          sh('rmmod mp3'),
          sh('cat /proc/devices'),
          cmd('Grade Module', 'kernelMemoryLab.gradeModule'),
        ],
        expect: md("`423 mp3` in `/proc/devices` while loaded, and gone after rmmod."),
        pitfalls: [
          "`unregister_chrdev_region(dev, 1)` with a `dev_t` that was never set (0): region 423 stays registered.",
        ],
      },
      {
        id: 'write.mmap',
        title: 'mmap of the buffer',
        body: md(
          "The device's `.mmap` maps the buffer page by page: for each page `vmalloc_to_pfn(buf + off)` and `remap_pfn_range(vma, vma->vm_start + off, pfn, PAGE_SIZE, vma->vm_page_prot)`; refuse a mapping larger than the buffer (snippet `mp3-mmap`).",
          "",
          "Checked by the grader's **mmap** test (25 points, the largest): its `mmap_test` maps 128 pages of `node`, finds the fresh buffer all -1, then sees the samples your work function writes. The dashboard reads the same mapping.",
        ),
        actions: [
          sh('insmod mp3.ko && mknod node c 423 0'),
          sh('./monitor'),
          cmd('Open dashboard', 'kernelMemoryLab.openDashboard'),
          cmd('Grade Module', 'kernelMemoryLab.gradeModule'),
        ],
        expect: md("`./monitor` reads your module's samples through the mapping and ends with `read <n> profiled data`."),
        pitfalls: [
          "One `remap_pfn_range` for the whole buffer: vmalloc pages are not physically contiguous, so every page after the first maps someone else's frame.",
        ],
      },
      {
        id: 'write.grade',
        title: 'Grade it as the course does',
        body: md(
          "[Grade Module](command:kernelMemoryLab.gradeModule) runs the course autograder's sequence on one simulated machine: `readme` (5), `comment` (5), `fp ops` (2.5: no floating point in the kernel), `compile no warn` (2.5), then `read/write`, `char dev`, `buffer alloc/free`, `mmap` and `work queue`, each its own insmod … rmmod. Each row shows what the test did, its output and the kernel's complaints, with links to your source lines. From a terminal: `kmlab grade` in the module folder (`--json` for the exact JSON).",
        ),
        actions: [cmd('Grade Module', 'kernelMemoryLab.gradeModule')],
        expect: md("Every test passed, and 80 of the module's points; the report's case studies make up the rest."),
        pitfalls: [
          "A test that fails early can be the previous test's fault: read the earliest failure first.",
        ],
      },
    ],
  },
];
