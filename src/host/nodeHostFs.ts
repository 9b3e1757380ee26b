// A HostFs over a real folder: the simulated home directory's regular files are the folder's
// files, so `./monitor > profile1.data` in the simulation writes <dir>/profile1.data.
// Only plain names in that one folder are visible (the simulation's home has no subfolders).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostFs } from '../kernel/fs/inode';

export class NodeHostFs implements HostFs {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(name: string): string {
    if (!name || name.includes('/') || name.includes('\\') || name === '.' || name === '..') throw new Error(`invalid file name ${JSON.stringify(name)}`);
    return path.join(this.dir, name);
  }

  readFile(name: string): Uint8Array | undefined {
    try {
      return new Uint8Array(fs.readFileSync(this.file(name)));
    } catch {
      return undefined;
    }
  }

  writeFile(name: string, data: Uint8Array, append: boolean): void {
    if (append) fs.appendFileSync(this.file(name), data);
    else fs.writeFileSync(this.file(name), data);
  }

  list(): string[] {
    try {
      return fs.readdirSync(this.dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    } catch {
      return [];
    }
  }

  remove(name: string): boolean {
    try {
      fs.unlinkSync(this.file(name));
      return true;
    } catch {
      return false;
    }
  }

  stat(name: string): { size: number; mtimeMs: number; mode: number } | undefined {
    try {
      const st = fs.statSync(this.file(name));
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777 } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The real file's mode changes too: `chmod +x run.sh` in the lab makes it executable on disk. */
  chmod(name: string, mode: number): void {
    fs.chmodSync(this.file(name), mode & 0o7777);
  }
}
