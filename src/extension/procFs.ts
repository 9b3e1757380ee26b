// /proc of the simulated kernel as files in VS Code: kmlab:/proc/mp3/status, kmlab:/proc/<pid>/stat,
// kmlab:/proc/meminfo … open as documents that refresh while they are open.
//
// Reads and writes go through the kernel's host API, which opens the file and calls its read or
// write handler the way a program's read(2)/write(2) would — so saving "R 1234" into
// /proc/mp3/status registers PID 1234 through the module's own parser, with the module's errno
// on failure ("ESRCH: No such process"), and files Linux makes read-only (mode 0444: meminfo,
// /proc/<pid>/stat) are read-only here too (NoPermissions, and the editor opens them read-only).
import * as vscode from 'vscode';
import { normalizePath } from '../lab/kernelFacts';
import * as E from '../lab/kernelFacts';
import type { StatResult } from '../lab/sessionProtocol';
import { PROC_SCHEME } from './ids';
import { errnoText, type LabHost } from './lab';

/** How often open /proc documents are re-read while the machine runs. */
const WATCH_REFRESH_MS = 1000;

export function procUri(path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PROC_SCHEME, path });
}

function errnoError(ret: number, uri: vscode.Uri): vscode.FileSystemError {
  const what = `${uri.path}: ${errnoText(ret)}`;
  switch (-ret) {
    case E.ENOENT:
      return vscode.FileSystemError.FileNotFound(what);
    case E.EACCES:
    case E.EPERM:
    case E.EROFS:
      return vscode.FileSystemError.NoPermissions(what);
    case E.EISDIR:
      return vscode.FileSystemError.FileIsADirectory(what);
    case E.ENOTDIR:
      return vscode.FileSystemError.FileNotADirectory(what);
    case E.EEXIST:
      return vscode.FileSystemError.FileExists(what);
    default:
      return new vscode.FileSystemError(what);
  }
}

export class ProcFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** Watched paths → watchers count. */
  private readonly watched = new Map<string, number>();
  /** The content each path had when last served, and when it last changed (mtime). */
  private readonly served = new Map<string, { text: string; mtime: number }>();
  private readonly bootTime = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastScan = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly lab: LabHost) {
    this.disposables.push(
      lab.onDidChange(() => this.scheduleScan()),
      lab.onDidTick(() => this.scheduleScan()),
      lab.onDidBoot(() => this.scheduleScan()),
    );
  }

  /** The path inside the simulated machine; only /proc is exposed. */
  private path(uri: vscode.Uri): string {
    const p = normalizePath('/', uri.path);
    if (p !== '/proc' && !p.startsWith('/proc/')) throw vscode.FileSystemError.FileNotFound(`${uri.path}: only /proc of the simulated machine is available`);
    return p;
  }

  /** stat(2) of the path in the machine (a call to the worker). */
  private async inode(uri: vscode.Uri): Promise<{ path: string; st: Exclude<StatResult, { errno: number }> }> {
    const path = this.path(uri);
    const st = await (await this.lab.ensureBooted()).stat(path);
    if ('errno' in st) throw errnoError(st.errno, uri);
    return { path, st };
  }

  private async read(path: string, uri: vscode.Uri): Promise<string> {
    const text = await this.lab.session.readFile(path);
    if (typeof text === 'number') throw errnoError(text, uri);
    const prev = this.served.get(path);
    if (!prev || prev.text !== text) this.served.set(path, { text, mtime: Math.max(Date.now(), (prev?.mtime ?? 0) + 1) });
    return text;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { path, st } = await this.inode(uri);
    if (st.kind === 'dir') {
      return { type: vscode.FileType.Directory, ctime: this.bootTime, mtime: this.bootTime, size: 0, permissions: vscode.FilePermission.Readonly };
    }
    const text = await this.read(path, uri);
    const stat: vscode.FileStat = { type: vscode.FileType.File, ctime: this.bootTime, mtime: this.served.get(path)!.mtime, size: Buffer.byteLength(text) };
    if (!st.writable) stat.permissions = vscode.FilePermission.Readonly;
    return stat;
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const path = this.path(uri);
    const r = await (await this.lab.ensureBooted()).readdir(path);
    if ('errno' in r) throw r.errno === -E.ENOTDIR ? vscode.FileSystemError.FileNotADirectory(uri) : errnoError(r.errno, uri);
    return r.entries.map(([name, kind]) => [name, kind === 'dir' ? vscode.FileType.Directory : vscode.FileType.File]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { path, st } = await this.inode(uri);
    if (st.kind === 'dir') throw vscode.FileSystemError.FileIsADirectory(uri);
    return new TextEncoder().encode(await this.read(path, uri));
  }

  // A failed write is a rejected promise, not a synchronous throw — VS Code's extension-host
  // write queue (workspace.fs.writeFile) stalls every later write to the same file after a
  // synchronous throw.
  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    const path = this.path(uri);
    const s = await this.lab.ensureBooted();
    const st = await s.stat(path);
    if ('errno' in st) {
      // procfs has no create(): `echo x > /proc/newfile` fails the same way.
      throw options.create ? vscode.FileSystemError.NoPermissions(`${uri.path}: cannot create files in /proc`) : errnoError(st.errno, uri);
    }
    if (st.kind === 'dir') throw vscode.FileSystemError.FileIsADirectory(uri);
    if (!st.writable) throw vscode.FileSystemError.NoPermissions(`${uri.path}: ${errnoText(-E.EACCES)} (read-only in Linux too)`);
    const r = await s.writeFile(path, new TextDecoder().decode(content));
    this.lab.afterCommand();
    if (r < 0) throw errnoError(r, uri);
    // The file now reads as the kernel says (e.g. the list of PIDs, not what was written).
    this.served.delete(path);
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(uri: vscode.Uri): vscode.Disposable {
    let path: string;
    try {
      path = this.path(uri);
    } catch {
      return new vscode.Disposable(() => undefined);
    }
    this.watched.set(path, (this.watched.get(path) ?? 0) + 1);
    return new vscode.Disposable(() => {
      const n = (this.watched.get(path) ?? 1) - 1;
      if (n <= 0) this.watched.delete(path);
      else this.watched.set(path, n);
    });
  }

  /** The paths to keep fresh: watched ones, and those open in an editor (VS Code does not always watch them). */
  private followed(): Set<string> {
    const paths = new Set(this.watched.keys());
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== PROC_SCHEME || doc.isClosed) continue;
      try {
        paths.add(this.path(doc.uri));
      } catch {
        // not under /proc
      }
    }
    return paths;
  }

  private scheduleScan(): void {
    if (this.timer || !this.lab.booted) return;
    if (this.watched.size === 0 && !vscode.workspace.textDocuments.some((d) => d.uri.scheme === PROC_SCHEME)) return;
    const wait = Math.max(0, WATCH_REFRESH_MS - (Date.now() - this.lastScan));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.scan();
    }, wait);
  }

  /** Re-reads the watched files and reports those whose content changed. */
  private async scan(): Promise<void> {
    this.lastScan = Date.now();
    const s = this.lab.peek();
    if (!s) return;
    const events: vscode.FileChangeEvent[] = [];
    for (const path of this.followed()) {
      const before = this.served.get(path)?.text;
      const now = await s.readFile(path).catch(() => undefined);
      if (now === undefined) return; // the machine went away (reset): the next scan reads the new one
      const uri = procUri(path);
      if (typeof now === 'number') {
        if (before !== undefined) {
          this.served.delete(path);
          events.push({ type: vscode.FileChangeType.Deleted, uri });
        }
        continue;
      }
      if (now !== before) {
        this.served.set(path, { text: now, mtime: Math.max(Date.now(), (this.served.get(path)?.mtime ?? 0) + 1) });
        events.push({ type: before === undefined ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed, uri });
      }
    }
    if (events.length) this.emitter.fire(events);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: cannot create directories in /proc`);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: cannot delete files in /proc`);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${oldUri.path}: cannot rename files in /proc`);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.emitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
