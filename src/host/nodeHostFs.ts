// A HostFs over a real folder: the simulated home directory's regular files are the folder's
// files, so `./monitor > profile1.data` in the simulation writes <dir>/profile1.data.
// Only plain names in that one folder are visible (the simulation's home has no subfolders).
//
// The simulation never touches the host outside the folder:
//   - symbolic links are never followed. They are listed and reported as links (lstat), and
//     every open is O_NOFOLLOW, so a link to ../.bashrc or /proc/self/environ cannot be read,
//     written, chmod'ed or (dangling) created through: the host answers ELOOP. Opening with
//     O_NOFOLLOW (and checking what was opened with fstat) leaves no window between a check and
//     the use; the folder itself is resolved once (realpath) when the machine boots.
//   - FIFOs and devices are not regular files: O_NONBLOCK keeps an open from hanging on a FIFO,
//     and fstat turns them away.
//   - writes are bounded by a quota: the folder may grow by at most `quotaBytes` over what it held
//     at boot (bytes the simulation added, minus bytes it removed or truncated). Past it a write is
//     short, then fails with ENOSPC ("No space left on device").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_HOME_QUOTA_MIB, type HostFs, type HostStat } from '../kernel/fs/inode';
import { strerror, ENOTDIR } from '../kernel/errno';

const { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
const READ = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
const WRITE = O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK;
const MiB = 1024 * 1024;

/** The folder given for the home directory cannot be one (it is a file, or cannot be made). */
export class HostFolderError extends Error {}

export interface NodeHostFsOptions {
  /** How much the folder may grow, in MiB (default DEFAULT_HOME_QUOTA_MIB). */
  quotaMiB?: number;
}

function hostError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export class NodeHostFs implements HostFs {
  /** The folder, symbolic links in its own path resolved once. */
  readonly dir: string;
  readonly quotaBytes: number;
  /** Bytes the simulation added to the folder since boot (negative when it removed more). */
  private grown = 0;

  constructor(dir: string, options: NodeHostFsOptions = {}) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      if (!fs.statSync(dir).isDirectory()) throw hostError('ENOTDIR', 'not a directory');
      this.dir = fs.realpathSync(dir);
    } catch (err) {
      const code = (err as { code?: string }).code;
      // mkdir -p on an existing file says EEXIST; what the user needs to hear is that it is not a folder
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? strerror(ENOTDIR) : err instanceof Error ? err.message : String(err);
      throw new HostFolderError(`${dir}: ${why}`);
    }
    this.quotaBytes = Math.round((options.quotaMiB ?? DEFAULT_HOME_QUOTA_MIB) * MiB);
  }

  /** Bytes the simulation may still add. */
  get room(): number {
    return Math.max(0, this.quotaBytes - this.grown);
  }

  private file(name: string): string {
    if (!name || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.includes('\0')) {
      throw hostError('EINVAL', `invalid file name ${JSON.stringify(name)}`);
    }
    return path.join(this.dir, name);
  }

  /** Opens a regular file of the folder without following a link; throws (ELOOP for a link). */
  private open<T>(name: string, flags: number, use: (fd: number, size: number) => T): T {
    const fd = fs.openSync(this.file(name), flags, 0o644);
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw hostError(st.isDirectory() ? 'EISDIR' : 'EINVAL', `${name}: not a regular file`);
      return use(fd, st.size);
    } finally {
      fs.closeSync(fd);
    }
  }

  readFile(name: string): Uint8Array | undefined {
    try {
      return this.open(name, READ, (fd) => new Uint8Array(fs.readFileSync(fd)));
    } catch {
      return undefined;
    }
  }

  readAt(name: string, pos: number, buf: Uint8Array): number {
    return this.open(name, READ, (fd) => (buf.length === 0 ? 0 : fs.readSync(fd, buf, 0, buf.length, pos)));
  }

  writeFile(name: string, data: Uint8Array, append: boolean): void {
    if (append) {
      this.open(name, WRITE, (fd, size) => this.writeFd(fd, size, size, data, true));
      return;
    }
    const old = this.sizeOf(name);
    if (data.length - old > this.room) throw hostError('ENOSPC', 'No space left on device');
    this.open(name, WRITE | O_TRUNC, (fd) => {
      this.grown -= old;
      this.writeFd(fd, 0, 0, data, true);
    });
  }

  writeAt(name: string, pos: number, data: Uint8Array): number {
    return this.open(name, WRITE, (fd, size) => this.writeFd(fd, size, pos, data, false));
  }

  /** pwrite within the quota: all of it, or (partial) as much as fits; ENOSPC when nothing does. */
  private writeFd(fd: number, size: number, pos: number, data: Uint8Array, all: boolean): number {
    const growth = Math.max(0, pos + data.length - size);
    let n = data.length;
    if (growth > this.room) {
      n = all ? 0 : Math.max(0, Math.min(data.length, size + this.room - pos));
      if (n === 0 && data.length > 0) throw hostError('ENOSPC', 'No space left on device');
    }
    let done = 0;
    while (done < n) done += fs.writeSync(fd, data, done, n - done, pos + done);
    this.grown += Math.max(0, pos + n - size);
    return n;
  }

  /** Size of a regular file, 0 when there is none (or it is a link, which a write refuses anyway). */
  private sizeOf(name: string): number {
    try {
      const st = fs.lstatSync(this.file(name));
      return st.isFile() ? st.size : 0;
    } catch {
      return 0;
    }
  }

  /** Regular files and symbolic links (shown as links); subfolders and special files stay hidden. */
  list(): string[] {
    try {
      return fs.readdirSync(this.dir, { withFileTypes: true }).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name).sort();
    } catch {
      return [];
    }
  }

  /** unlink(2) never follows a link: removing one removes the link itself. */
  remove(name: string): boolean {
    try {
      const size = this.sizeOf(name);
      fs.unlinkSync(this.file(name));
      this.grown -= size;
      return true;
    } catch {
      return false;
    }
  }

  stat(name: string): HostStat | undefined {
    try {
      const p = this.file(name);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) return { size: st.size, mtimeMs: st.mtimeMs, mode: 0o777, symlink: fs.readlinkSync(p) };
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777 } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The real file's mode changes too: `chmod +x run.sh` in the lab makes it executable on disk.
   * fchmod on a descriptor opened with O_NOFOLLOW, so a link is refused (ELOOP), not followed.
   */
  chmod(name: string, mode: number): void {
    const p = this.file(name);
    let fd: number;
    try {
      fd = fs.openSync(p, READ);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EACCES') throw err;
      // A file nobody may open (chmod 000 earlier; Node has no O_PATH): lstat says it is a plain
      // file of ours, so chmod by name. Only another host process could swap it in between.
      if (!fs.lstatSync(p).isFile()) throw hostError('ELOOP', `${name}: not a regular file`);
      fs.chmodSync(p, mode & 0o7777);
      return;
    }
    try {
      if (!fs.fstatSync(fd).isFile()) throw hostError('EPERM', `${name}: not a regular file`);
      fs.fchmodSync(fd, mode & 0o7777);
    } finally {
      fs.closeSync(fd);
    }
  }
}
