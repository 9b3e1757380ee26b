// watch(1) (procps-ng 3.3.17): runs a command through `sh -c` (or directly with -x) every -n
// seconds (2.0 by default) and shows its output full screen under the header
//   "Every 2.0s: free -m                                   mp3: Tue Nov 25 09:00:05 2025"
// (interval and command at the left, host name and ctime at the right edge, the command cut with
// "... " when the line is too narrow), output lines wrapped at the window's width and cut at its
// height, tabs every 8 columns. -t drops the header, -g exits when the output changes, -b beeps
// when the command fails.
//
// Like top, it redraws until ^C: the simulated tty offers no way to wait for a key with a
// timeout, and a program killed by ^C cannot clean up, so this watch leaves the terminal in its
// normal screen (real watch uses the alternate screen through ncurses and restores it on exit)
// and the last screen stays visible above the prompt.
import { strerror } from '../../kernel/errno';
import { TIOCGWINSZ, type Program, type Sys, type UserCode, type WinSize } from '../../kernel/uapi';
import { decode, err, execvp, readAllFd, wallClockMs, writeAll } from './lib';
import { UNAME } from './simple';

const USAGE = `
Usage:
 watch [options] command

Options:
  -b, --beep             beep if command has a non-zero exit
  -g, --chgexit          exit when output from command changes
  -n, --interval <secs>  seconds to wait between updates
  -p, --precise          attempt run command in precise intervals
  -t, --no-title         turn off header
  -x, --exec             pass command to exec instead of "sh -c"

 -h, --help     display this help and exit

For more details see watch(1).
`;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ctime(3) without its newline: "Tue Nov 25 09:00:05 2025" (the machine's clock is UTC). */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** watch.c's output_header(): the first screen line, `width` columns wide (or empty when too narrow). */
export function headerLine(interval: number, command: string, host: string, time: string, width: number): string {
  const left = `Every ${interval.toFixed(1)}s: `;
  const right = `${host}: ${time}`;
  const rhlen = right.length + 1; // ctime's newline counts in watch's arithmetic
  if (width < rhlen) return '';
  const line = new Array<string>(width).fill(' ');
  const put = (at: number, s: string): void => {
    [...s].forEach((c, i) => {
      if (at + i >= 0 && at + i < width) line[at + i] = c;
    });
  };
  const hlen = left.length;
  if (rhlen + hlen + 1 <= width) {
    put(0, left);
    if (rhlen + hlen + 2 <= width) {
      if (width < rhlen + hlen + 4) put(width - rhlen - 4, '... ');
      else if (width < rhlen + hlen + command.length) {
        put(hlen, command.slice(0, Math.max(0, width - rhlen - hlen - 4)));
        put(width - rhlen - 4, '... ');
      } else put(hlen, command);
    }
  }
  put(width - rhlen + 1, right);
  return line.join('').replace(/ +$/, '');
}

/** The command's output as screen rows: tabs expanded, long lines wrapped, at most `rows`. */
export function screenRows(text: string, width: number, rows: number): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) {
    let row: string[] = [];
    let wrapped = false;
    for (const c of l) {
      if (c === '\t') row.push(...' '.repeat(8 - (row.length % 8)));
      else if (c >= ' ') row.push(c);
      while (row.length >= width) {
        out.push(row.slice(0, width).join(''));
        row = row.slice(width);
        wrapped = true;
        if (out.length >= rows) return out;
      }
    }
    // a newline right after a full row starts no empty row (watch.c's oldeolseen)
    if (row.length || !wrapped) out.push(row.join(''));
    if (out.length >= rows) return out;
  }
  return out;
}

/** Runs the command with stdout and stderr on a pipe; returns its output and wait status. */
function* capture(sys: Sys, argv: readonly string[], viaShell: boolean, envp: readonly string[]): UserCode<{ text: string; status: number } | number> {
  const p = yield* sys.pipe();
  if (typeof p === 'number') return p;
  const [r, w] = p;
  const command = argv.join(' ');
  const pid = yield* sys.fork(function* (child) {
    yield* child.close(r);
    yield* child.dup2(w, 1);
    yield* child.dup2(w, 2);
    yield* child.close(w);
    const e = viaShell ? yield* child.execve('/bin/sh', ['sh', '-c', command]) : yield* execvp(child, argv[0], argv, envp);
    yield* writeAll(child, 2, `watch: unable to execute '${argv[0]}': ${strerror(e)}\n`);
    return viaShell ? 1 : 4;
  });
  yield* sys.close(w);
  if (pid < 0) {
    yield* sys.close(r);
    return pid;
  }
  const data = yield* readAllFd(sys, r);
  yield* sys.close(r);
  const res = yield* sys.wait4(pid);
  return { text: typeof data === 'number' ? '' : decode(data), status: res.status };
}

export const watch: Program = function* (sys, argv, envp) {
  let interval = 2;
  let title = true;
  let exec = false;
  let chgexit = false;
  let beep = false;
  let precise = false;
  let i = 1;
  const long: Record<string, string> = { interval: 'n', 'no-title': 't', exec: 'x', chgexit: 'g', beep: 'b', precise: 'p', help: 'h' };
  // options end at the command ("+" in watch's getopt string)
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    let cs: string[];
    let attached: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const c = long[eq >= 0 ? a.slice(2, eq) : a.slice(2)];
      if (!c) {
        yield* err(sys, `watch: unrecognized option '${a}'\n${USAGE}`);
        return 1;
      }
      cs = [c];
      if (eq >= 0) attached = a.slice(eq + 1);
    } else cs = [...a.slice(1)];
    for (let j = 0; j < cs.length; j++) {
      const c = cs[j];
      if (c === 'n') {
        const v = attached ?? (j + 1 < cs.length ? cs.slice(j + 1).join('') : argv[++i]);
        if (v === undefined) {
          yield* err(sys, `watch: option requires an argument -- 'n'\n${USAGE}`);
          return 1;
        }
        if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) {
          yield* err(sys, `watch: failed to parse argument: '${v}'\n`);
          return 1;
        }
        interval = Math.max(0.1, Number(v));
        break;
      }
      if (c === 't') title = false;
      else if (c === 'x') exec = true;
      else if (c === 'g') chgexit = true;
      else if (c === 'b') beep = true;
      else if (c === 'p') precise = true;
      else if (c === 'h') {
        yield* writeAll(sys, 1, USAGE.slice(1));
        return 0;
      } else {
        yield* err(sys, `watch: invalid option -- '${c}'\n${USAGE}`);
        return 1;
      }
    }
  }
  const command = argv.slice(i);
  if (command.length === 0) {
    yield* err(sys, USAGE);
    return 1;
  }
  let previous: string | undefined;
  let first = true;
  let next = yield* sys.clock_gettime();
  for (;;) {
    let size: WinSize = { rows: 24, cols: 80 };
    for (const fd of [1, 2]) {
      const ws = yield* sys.ioctl(fd, TIOCGWINSZ);
      if (typeof ws === 'object' && 'rows' in ws) {
        size = ws;
        break;
      }
    }
    const header = title ? headerLine(interval, command.join(' '), UNAME.n, ctime(yield* wallClockMs(sys)), size.cols) : undefined;
    const result = yield* capture(sys, command, !exec, envp);
    if (typeof result === 'number') {
      yield* err(sys, `watch: unable to fork process: ${strerror(result)}\n`);
      return 2;
    }
    const rows = screenRows(result.text, size.cols, size.rows - (title ? 2 : 0));
    const screen = [...(header !== undefined ? [header, ''] : []), ...rows];
    const failed = result.status !== 0;
    const text = `${first ? '\x1b[H\x1b[2J' : '\x1b[H'}${screen.map((l) => `${l}\x1b[K`).join('\n')}\x1b[J${beep && failed ? '\x07' : ''}`;
    if ((yield* writeAll(sys, 1, text)) < 0) return 1;
    if (chgexit && previous !== undefined && previous !== result.text) {
      yield* writeAll(sys, 1, '\n');
      return 0;
    }
    previous = result.text;
    first = false;
    // without -p the interval starts when the command has finished
    const now = yield* sys.clock_gettime();
    next = precise ? next + interval * 1e9 : now + interval * 1e9;
    for (let t = now; t < next; t = yield* sys.clock_gettime()) {
      if ((yield* sys.nanosleep(Math.round(next - t))) === 0) break;
    }
  }
};
