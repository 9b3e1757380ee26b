// Reading a submission folder for grading: its regular files, flat, as the lab keeps them.
// Symbolic links are never followed (a hostile link could name any file of the host), and
// sizes are bounded so a stray data file cannot exhaust memory. Nothing is ever written here.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A module's sources are a few KiB; this leaves room for data files without reading a disk image. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_FILES = 200;

export interface Submission {
  files: Map<string, Uint8Array>;
  /** What was passed over, and why (shown in the result's details). */
  skipped: string[];
}

export function readSubmission(dir: string): Submission {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st) throw new Error(`${dir}: No such file or directory`);
  if (!st.isDirectory()) throw new Error(`${dir}: Not a directory`);
  const files = new Map<string, Uint8Array>();
  const skipped: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isSymbolicLink()) {
      skipped.push(`${entry.name}: a symbolic link (not followed)`);
      continue;
    }
    if (!entry.isFile()) continue;
    if (files.size >= MAX_FILES) {
      skipped.push(`${entry.name}: more than ${MAX_FILES} files`);
      continue;
    }
    const full = path.join(dir, entry.name);
    // O_NOFOLLOW: the entry may have become a link since readdir
    const fd = fs.openSync(full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const size = fs.fstatSync(fd).size;
      if (size > MAX_FILE_BYTES) {
        skipped.push(`${entry.name}: ${size} bytes (larger than ${MAX_FILE_BYTES})`);
        continue;
      }
      const data = Buffer.alloc(size);
      let off = 0;
      while (off < size) {
        const n = fs.readSync(fd, data, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      files.set(entry.name, new Uint8Array(data.buffer, data.byteOffset, off));
    } finally {
      fs.closeSync(fd);
    }
  }
  return { files, skipped };
}
