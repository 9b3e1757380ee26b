// /proc of the simulated kernel as files in VS Code: kmlab:/proc/mp3/status, kmlab:/proc/<pid>/stat,
// kmlab:/proc/meminfo … open as documents that refresh while they are open.
//
// Reads and writes go through the kernel's host API, which opens the file and calls its read or
// write handler the way a program's read(2)/write(2) would — so saving "R 1234" into
// /proc/mp3/status registers PID 1234 through the module's own parser, with the module's errno
// on failure ("ESRCH: No such process"), and files Linux makes read-only (mode 0444: meminfo,
// /proc/<pid>/stat) are read-only here too (NoPermissions, and the editor opens them read-only).
import * as vscode from 'vscode';
import { lookupPath, normalizePath } from '../kernel/fs/vfs';
import type { Inode } from '../kernel/fs/inode';
import { S_IFDIR, S_IFMT } from '../kernel/uapi';
import * as E from '../kernel/errno';
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

  private inode(uri: vscode.Uri): { path: string; inode: Inode } {
    const path = this.path(uri);
    const inode = lookupPath(this.lab.session.kernel.root, path);
    if (typeof inode === 'number') throw errnoError(inode, uri);
    return { path, inode };
  }

  private isDir(inode: Inode): boolean {
    return (inode.mode & S_IFMT) === S_IFDIR || inode.dir !== undefined;
  }

  private read(path: string, uri: vscode.Uri): string {
    const text = this.lab.session.kernel.hostReadFile(path);
    if (typeof text === 'number') throw errnoError(text, uri);
    const prev = this.served.get(path);
    if (!prev || prev.text !== text) this.served.set(path, { text, mtime: Math.max(Date.now(), (prev?.mtime ?? 0) + 1) });
    return text;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const { path, inode } = this.inode(uri);
    if (this.isDir(inode)) {
      return { type: vscode.FileType.Directory, ctime: this.bootTime, mtime: this.bootTime, size: 0, permissions: vscode.FilePermission.Readonly };
    }
    const text = this.read(path, uri);
    const st: vscode.FileStat = { type: vscode.FileType.File, ctime: this.bootTime, mtime: this.served.get(path)!.mtime, size: Buffer.byteLength(text) };
    if ((inode.mode & 0o222) === 0) st.permissions = vscode.FilePermission.Readonly;
    return st;
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const { inode } = this.inode(uri);
    if (!inode.dir) throw vscode.FileSystemError.FileNotADirectory(uri);
    return inode.dir.list().map((e) => [e.name, e.type === 'dir' ? vscode.FileType.Directory : vscode.FileType.File]);
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const { path, inode } = this.inode(uri);
    if (this.isDir(inode)) throw vscode.FileSystemError.FileIsADirectory(uri);
    return new TextEncoder().encode(this.read(path, uri));
  }

  // async: a failed write must be a rejected promise, not a synchronous throw — VS Code's
  // extension-host write queue (workspace.fs.writeFile) stalls every later write to the same
  // file after a synchronous throw.
  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    const path = this.path(uri);
    const inode = lookupPath(this.lab.session.kernel.root, path);
    if (typeof inode === 'number') {
      // procfs has no create(): `echo x > /proc/newfile` fails the same way.
      throw options.create ? vscode.FileSystemError.NoPermissions(`${uri.path}: cannot create files in /proc`) : errnoError(inode, uri);
    }
    if (this.isDir(inode)) throw vscode.FileSystemError.FileIsADirectory(uri);
    if ((inode.mode & 0o222) === 0) throw vscode.FileSystemError.NoPermissions(`${uri.path}: ${errnoText(-E.EACCES)} (read-only in Linux too)`);
    const r = this.lab.session.kernel.hostWriteFile(path, content);
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
      this.scan();
    }, wait);
  }

  /** Re-reads the watched files and reports those whose content changed. */
  private scan(): void {
    this.lastScan = Date.now();
    if (!this.lab.booted) return;
    const events: vscode.FileChangeEvent[] = [];
    for (const path of this.followed()) {
      const before = this.served.get(path)?.text;
      const now = this.lab.session.kernel.hostReadFile(path);
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
