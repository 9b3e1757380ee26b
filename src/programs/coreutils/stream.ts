// Line-at-a-time input for the text filters (cut, uniq, nl, ...): each input is read in chunks as
// it arrives and every complete line is handled at once, so a filter in a pipeline or typing on
// the terminal prints as soon as a line is complete, as GNU's tools do on a tty.
import { strerror } from '../../kernel/errno';
import type { Sys, UserCode } from '../../kernel/uapi';
import { err, type InputError, openInput, perror, STDIN, writeAll } from './lib';

/**
 * 'utf8': lines are decoded text. 'bytes': each byte becomes one char code 0..255 (latin1), for
 * the tools that GNU defines on bytes (cut -b/-c, tr); write such text back with latin1ToBytes.
 */
export type Decoding = 'utf8' | 'bytes';

export function bytesToLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

export function latin1ToBytes(text: string): Uint8Array {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i) & 0xff;
  return b;
}

/** UTF-8 bytes of a command-line argument as a latin1 string (for byte-oriented tools). */
export function argBytes(arg: string): string {
  return bytesToLatin1(new TextEncoder().encode(arg));
}

/**
 * Writes a filter's output; on failure prints "prog: write error: ..." and returns false. (A
 * closed pipe usually ends the program earlier: the kernel sends SIGPIPE.)
 */
export function* emit(sys: Sys, prog: string, text: string, mode: Decoding): UserCode<boolean> {
  if (text === '') return true;
  const r = yield* writeAll(sys, 1, mode === 'bytes' ? latin1ToBytes(text) : text);
  if (r < 0) {
    yield* err(sys, `${prog}: write error: ${strerror(r)}\n`);
    return false;
  }
  return true;
}

export interface LineFilter {
  /** One line without its newline; `newline` is false for a last line that had none. Returns output. */
  line(text: string, newline: boolean): string;
  /** Output after the last input (uniq's pending group). */
  end?(): string;
  /** How an input that cannot be opened is reported; default `prog: name: strerror`. */
  openError?: InputError;
  /** True once nothing more is needed from this input (grep -q, -m, -l): the rest is not read. */
  done?(): boolean;
}

/**
 * Runs `filter` over the lines of each named file ("-" or none: stdin). Returns the exit status:
 * 0, 1 when an input failed (the others are still read), or 1 after a write error.
 */
export function* filterLines(sys: Sys, prog: string, files: readonly string[], mode: Decoding, filter: LineFilter): UserCode<number> {
  let status = 0;
  const buf = new Uint8Array(65536);
  for (const name of files.length ? files : ['-']) {
    const fd = yield* openInput(sys, prog, name, filter.openError);
    if (fd === undefined) {
      status = 1;
      continue;
    }
    const decoder = new TextDecoder();
    let carry = '';
    for (;;) {
      const n = yield* sys.read(fd, buf);
      if (n === -4) continue; // EINTR
      if (n < 0) {
        yield* perror(sys, prog, name, n);
        status = 1;
        break;
      }
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      const parts = (carry + (mode === 'bytes' ? bytesToLatin1(chunk) : decoder.decode(chunk, { stream: true }))).split('\n');
      carry = parts.pop()!;
      let text = '';
      for (const p of parts) {
        text += filter.line(p, true);
        if (filter.done?.()) break;
      }
      if (!(yield* emit(sys, prog, text, mode))) {
        if (fd !== STDIN) yield* sys.close(fd);
        return 1;
      }
      if (filter.done?.()) break;
    }
    if (mode === 'utf8') carry += decoder.decode();
    if (fd !== STDIN) yield* sys.close(fd);
    if (filter.done?.()) continue;
    if (carry !== '' && !(yield* emit(sys, prog, filter.line(carry, false), mode))) return 1;
  }
  if (filter.end && !(yield* emit(sys, prog, filter.end(), mode))) return 1;
  return status;
}

/** GNU's "Try 'prog --help' for more information." after a usage error; returns `status`. */
export function* usageError(sys: Sys, prog: string, message: string, status = 1): UserCode<number> {
  yield* err(sys, `${message ? `${prog}: ${message}\n` : ''}Try '${prog} --help' for more information.\n`);
  return status;
}
