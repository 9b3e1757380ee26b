// ls(1) (GNU coreutils): names in columns on a terminal, one per line otherwise; -l long format,
// -a/-A hidden entries, -1, -h, -F, -d. Errors and exit status 2 as GNU ls.
import type { DirEntry, Program, Stat, Sys, UserCode } from '../../kernel/uapi';
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, TCGETS, TIOCGWINSZ, major, minor, type WinSize } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { bootTime, err, getopt, humanSize, joinPath, MONTHS, out, quoteName } from './lib';
import { compareNames } from '../shell/expand';
import { formatColumns } from './columns';

interface Item {
  name: string;
  path: string;
  type?: DirEntry['type'];
  st?: Stat;
}

export const ls: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), 'laA1hFdCrtS', '', { all: 'a', 'almost-all': 'A', 'human-readable': 'h', classify: 'F', directory: 'd', reverse: 'r' });
  if (o.bad) {
    if (o.bad.startsWith('--')) yield* err(sys, `ls: unrecognized option '${o.bad}'\n`);
    else yield* err(sys, `ls: invalid option -- '${o.bad}'\n`);
    yield* err(sys, "Try 'ls --help' for more information.\n");
    return 2;
  }
  const f = o.flags;
  const long = f.has('l');
  const tty = typeof (yield* sys.ioctl(1, TCGETS)) === 'object';
  const ws = yield* sys.ioctl(1, TIOCGWINSZ);
  const width = typeof ws === 'object' ? (ws as WinSize).cols : 80;
  const oneper = f.has('1') || (!tty && !f.has('C'));
  const ctx: Ctx = { sys, long, human: f.has('h'), classify: f.has('F'), oneper: oneper, width, now: 0, boot: 0 };
  if (long) {
    ctx.boot = yield* bootTime(sys);
    ctx.now = ctx.boot * 1000 + Math.floor((yield* sys.clock_gettime()) / 1e6);
  }
  let status = 0;
  const operands = o.operands.length ? o.operands : ['.'];
  const files: Item[] = [];
  const dirs: Item[] = [];
  for (const name of operands) {
    const st = yield* sys.stat(name);
    if (typeof st === 'number') {
      yield* err(sys, `ls: cannot access ${quoteName(name).startsWith("'") ? quoteName(name) : `'${name}'`}: ${strerror(st)}\n`);
      status = 2;
      continue;
    }
    const item: Item = { name, path: name, st, type: typeOf(st) };
    if ((st.mode & S_IFMT) === S_IFDIR && !f.has('d')) dirs.push(item);
    else files.push(item);
  }
  const sortItems = (items: Item[]): Item[] => {
    items.sort((a, b) => compareNames(a.name, b.name));
    if (f.has('S')) items.sort((a, b) => (b.st?.size ?? 0) - (a.st?.size ?? 0));
    if (f.has('t')) items.sort((a, b) => (b.st?.mtimeNs ?? 0) - (a.st?.mtimeNs ?? 0));
    if (f.has('r')) items.reverse();
    return items;
  };
  let first = true;
  if (files.length) {
    yield* out(sys, yield* render(ctx, sortItems(files), false));
    first = false;
  }
  const headers = operands.length > 1 || files.length > 0 || status !== 0;
  for (const d of sortItems(dirs)) {
    const ents = yield* sys.getdents(d.path);
    if (typeof ents === 'number') {
      yield* err(sys, `ls: cannot open directory '${d.name}': ${strerror(ents)}\n`);
      status = 2;
      continue;
    }
    let list = ents.filter((e) => e.name !== '.' && e.name !== '..');
    if (f.has('a')) list = [{ name: '.', type: 'dir' }, { name: '..', type: 'dir' }, ...list];
    else if (!f.has('A')) list = list.filter((e) => !e.name.startsWith('.'));
    const items: Item[] = [];
    for (const e of list) {
      const path = joinPath(d.path, e.name);
      const item: Item = { name: e.name, path, type: e.type };
      if (long || f.has('t') || f.has('S')) {
        const st = yield* sys.stat(path);
        if (typeof st === 'object') item.st = st;
      }
      items.push(item);
    }
    let text = '';
    if (headers) text += `${first ? '' : '\n'}${d.name}:\n`;
    first = false;
    text += yield* render(ctx, sortItems(items), true);
    yield* out(sys, text);
  }
  return status;
};

interface Ctx {
  sys: Sys;
  long: boolean;
  human: boolean;
  classify: boolean;
  oneper: boolean;
  width: number;
  /** wall-clock now, ms */
  now: number;
  /** boot time, Unix seconds */
  boot: number;
}

function typeOf(st: Stat): DirEntry['type'] {
  const fmt = st.mode & S_IFMT;
  if (fmt === S_IFDIR) return 'dir';
  if (fmt === S_IFCHR) return 'chr';
  if (fmt === S_IFLNK) return 'link';
  return st.mode & 0o111 ? 'exe' : 'file';
}

function classifySuffix(item: Item): string {
  if (item.type === 'dir') return '/';
  if (item.type === 'exe') return '*';
  if (item.type === 'link') return '@';
  return '';
}

function* render(ctx: Ctx, items: Item[], inDir: boolean): UserCode<string> {
  if (items.length === 0) return ctx.long && inDir ? 'total 0\n' : '';
  const names = items.map((i) => quoteName(i.name) + (ctx.classify ? classifySuffix(i) : ''));
  if (!ctx.long) {
    if (ctx.oneper) return names.map((n) => `${n}\n`).join('');
    return formatColumns(names, ctx.width);
  }
  // a link shows its target, as GNU ls -l does ("env.txt -> /proc/self/environ")
  const targets: (string | undefined)[] = [];
  for (const it of items) {
    const t = it.st && (it.st.mode & S_IFMT) === S_IFLNK ? yield* ctx.sys.readlink(it.path) : undefined;
    targets.push(typeof t === 'string' ? t : undefined);
  }
  const rows = items.map((it, i) => {
    const st = it.st ?? { mode: S_IFREG | 0o644, size: 0, rdev: 0, mtimeNs: 0 };
    const owner = it.path.startsWith('/home/student') || (!it.path.startsWith('/') && !it.path.startsWith('..')) ? 'student' : 'root';
    const isChr = (st.mode & S_IFMT) === S_IFCHR;
    const size = isChr ? `${major(st.rdev)}, ${minor(st.rdev)}` : ctx.human ? humanSize(st.size) : String(st.size);
    const links = (st.mode & S_IFMT) === S_IFDIR ? '2' : '1';
    const name = targets[i] === undefined ? names[i] : `${quoteName(it.name)} -> ${quoteName(targets[i]!)}`;
    return { mode: modeString(st.mode), links, owner, size, time: timeString(ctx, st.mtimeNs), name };
  });
  const w = (k: 'links' | 'owner' | 'size'): number => Math.max(...rows.map((r) => r[k].length));
  let total = 0;
  for (const it of items) {
    const st = it.st;
    if (!st) continue;
    if ((st.mode & S_IFMT) === S_IFDIR) total += 4;
    else if ((st.mode & S_IFMT) === S_IFREG) total += Math.ceil(st.size / 4096) * 4;
  }
  let text = inDir ? `total ${ctx.human ? humanSize(total * 1024) : total}\n` : '';
  for (const r of rows) {
    text += `${r.mode} ${r.links.padStart(w('links'))} ${r.owner.padEnd(w('owner'))} ${r.owner.padEnd(w('owner'))} ${r.size.padStart(w('size'))} ${r.time} ${r.name}\n`;
  }
  return text;
}

export function modeString(mode: number): string {
  const fmt = mode & S_IFMT;
  const t = fmt === S_IFDIR ? 'd' : fmt === S_IFCHR ? 'c' : fmt === 0o010000 ? 'p' : fmt === 0o120000 ? 'l' : '-';
  let s = t;
  for (const shift of [6, 3, 0]) {
    const bits = (mode >> shift) & 7;
    s += (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
  }
  return s;
}

/** "Nov 25 19:50" for recent files, "Nov 25  2024" for ones older than six months (GNU ls). */
function timeString(ctx: Ctx, mtimeNs: number): string {
  // host files carry real Unix times; simulated ones are nanoseconds since boot
  const ms = mtimeNs > 1e17 ? mtimeNs / 1e6 : ctx.boot * 1000 + mtimeNs / 1e6;
  const d = new Date(ms);
  const recent = Math.abs(ctx.now - ms) < 182 * 86400 * 1000;
  const day = String(d.getUTCDate()).padStart(2);
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}
