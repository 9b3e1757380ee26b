// Signal names and descriptions as bash, kill(1) and strsignal(3) print them (x86-64 numbering).

/** Every signal name kill -l lists, by number. */
export const SIGNALS: Readonly<Record<number, string>> = {
  1: 'HUP', 2: 'INT', 3: 'QUIT', 4: 'ILL', 5: 'TRAP', 6: 'ABRT', 7: 'BUS', 8: 'FPE', 9: 'KILL', 10: 'USR1',
  11: 'SEGV', 12: 'USR2', 13: 'PIPE', 14: 'ALRM', 15: 'TERM', 16: 'STKFLT', 17: 'CHLD', 18: 'CONT', 19: 'STOP',
  20: 'TSTP', 21: 'TTIN', 22: 'TTOU', 23: 'URG', 24: 'XCPU', 25: 'XFSZ', 26: 'VTALRM', 27: 'PROF', 28: 'WINCH',
  29: 'IO', 30: 'PWR', 31: 'SYS',
};

/** strsignal(3) texts (glibc). */
const DESCRIPTIONS: Readonly<Record<number, string>> = {
  1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted',
  7: 'Bus error', 8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1', 11: 'Segmentation fault',
  12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated', 16: 'Stack fault',
  17: 'Child exited', 18: 'Continued', 19: 'Stopped (signal)', 20: 'Stopped', 21: 'Stopped (tty input)',
  22: 'Stopped (tty output)', 23: 'Urgent I/O condition', 24: 'CPU time limit exceeded', 25: 'File size limit exceeded',
  26: 'Virtual timer expired', 27: 'Profiling timer expired', 28: 'Window changed', 29: 'I/O possible',
  30: 'Power failure', 31: 'Bad system call',
};

export function signalDescription(sig: number): string {
  return DESCRIPTIONS[sig] ?? `Unknown signal ${sig}`;
}

/** Parses "9", "KILL", "SIGKILL", "kill"; undefined when unknown. 0 is valid (existence check). */
export function parseSignal(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n >= 0 && n <= 64 ? n : undefined;
  }
  const name = spec.toUpperCase().replace(/^SIG/, '');
  for (const [num, n] of Object.entries(SIGNALS)) if (n === name) return Number(num);
  return undefined;
}

/** The table `kill -l` prints (bash's layout: five per line, " 1) SIGHUP\t"). */
export function signalTable(): string {
  const nums = Object.keys(SIGNALS).map(Number).sort((a, b) => a - b);
  let out = '';
  nums.forEach((n, i) => {
    out += `${String(n).padStart(2)}) SIG${SIGNALS[n]}`;
    out += (i + 1) % 5 === 0 || i === nums.length - 1 ? '\n' : '\t';
  });
  return out;
}
