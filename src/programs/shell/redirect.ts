// Redirections, three ways, as bash does them:
// - in a forked child (a command about to execve, a pipeline member): dup2 onto 0/1/2 for good;
// - for a builtin run in the shell: files opened on new descriptors the builtin writes to,
//   nothing dup2'ed (`echo x > /proc/mp3/status` writes from the shell itself);
// - for a compound command or function run in the shell (`for …; done > file`): the shell's own
//   descriptor is saved on a high descriptor (10 and up, like bash's fcntl(F_DUPFD, 10)), the
//   target dup2'ed in its place, and the saved one put back afterwards — so that the commands
//   the loop forks inherit the redirection.
import { strerror } from '../../kernel/errno';
import { O_APPEND, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, type Sys, type UserCode } from '../../kernel/uapi';
import type { Redirect } from './ast';

/** A redirection after expansion of its target word. */
export interface ExpandedRedirect {
  fd: number;
  op: Redirect['op'];
  target: string;
}

/** What a redirection does: descriptor `fd` becomes `to` (-1: closed); `owned` when opened for it. */
type Assignment = { fd: number; to: number; owned: boolean };

/** The descriptors a builtin uses. */
export interface BuiltinIo {
  stdin: number;
  stdout: number;
  stderr: number;
}

/**
 * Opens what a redirection points at. Returns the descriptor assignments, or bash's message.
 * `current` maps an fd to the descriptor that stands for it now (for 2>&1).
 */
export function* redirectTarget(sys: Sys, r: ExpandedRedirect, current: (fd: number) => number | undefined): UserCode<Assignment[] | string> {
  const open = function* (flags: number): UserCode<number | string> {
    const fd = yield* sys.open(r.target, flags, 0o666);
    if (fd < 0) return `${r.target}: ${strerror(fd)}`;
    return fd;
  };
  switch (r.op) {
    case '<': {
      const fd = yield* open(O_RDONLY);
      return typeof fd === 'string' ? fd : [{ fd: r.fd, to: fd, owned: true }];
    }
    case '>':
    case '>|': {
      const fd = yield* open(O_WRONLY | O_CREAT | O_TRUNC);
      return typeof fd === 'string' ? fd : [{ fd: r.fd, to: fd, owned: true }];
    }
    case '>>': {
      const fd = yield* open(O_WRONLY | O_CREAT | O_APPEND);
      return typeof fd === 'string' ? fd : [{ fd: r.fd, to: fd, owned: true }];
    }
    case '&>':
    case '&>>': {
      const fd = yield* open(O_WRONLY | O_CREAT | (r.op === '&>' ? O_TRUNC : O_APPEND));
      return typeof fd === 'string' ? fd : [{ fd: 1, to: fd, owned: true }, { fd: 2, to: fd, owned: false }];
    }
    case '>&':
    case '<&': {
      if (r.target === '-') return [{ fd: r.fd, to: -1, owned: false }];
      if (/^\d+$/.test(r.target)) {
        const src = current(Number(r.target));
        if (src === undefined || src < 0) return `${r.target}: Bad file descriptor`;
        return [{ fd: r.fd, to: src, owned: false }];
      }
      if (r.op === '<&') return `${r.target}: ambiguous redirect`;
      const fd = yield* open(O_WRONLY | O_CREAT | O_TRUNC);
      return typeof fd === 'string' ? fd : [{ fd: 1, to: fd, owned: true }, { fd: 2, to: fd, owned: false }];
    }
  }
  return `${r.target}: ambiguous redirect`;
}

/** For a builtin in the shell: the descriptors it should use, and those opened for it (to close). */
export function* openForBuiltin(sys: Sys, redirects: readonly ExpandedRedirect[]): UserCode<{ io: BuiltinIo; opened: number[] } | string> {
  const map: number[] = [0, 1, 2];
  const opened: number[] = [];
  for (const r of redirects) {
    const res = yield* redirectTarget(sys, r, (fd) => map[fd]);
    if (typeof res === 'string') {
      for (const fd of opened) yield* sys.close(fd);
      return res;
    }
    for (const { fd, to, owned } of res) {
      if (owned) opened.push(to);
      if (fd <= 2) map[fd] = to;
    }
  }
  return { io: { stdin: map[0], stdout: map[1], stderr: map[2] }, opened };
}

/** In a forked child: dup2 for good, as bash's do_redirections. Returns bash's message on failure. */
export function* redirectInChild(csys: Sys, redirects: readonly ExpandedRedirect[]): UserCode<string | undefined> {
  for (const r of redirects) {
    const res = yield* redirectTarget(csys, r, (fd) => fd);
    if (typeof res === 'string') return res;
    for (const { fd, to } of res) {
      if (to === -1) {
        yield* csys.close(fd);
      } else if (to !== fd) {
        const d = yield* csys.dup2(to, fd);
        if (d < 0) return `${fd}: ${strerror(d)}`;
      }
    }
    for (const e of res) if (e.owned && !res.some((x) => x.fd === e.to)) yield* csys.close(e.to);
  }
  return undefined;
}

/** The high descriptors the shell keeps its own saved descriptors on while a redirection is in force. */
export class SaveSlots {
  readonly inUse: number[] = [];

  take(): number {
    let fd = 10;
    while (this.inUse.includes(fd)) fd++;
    this.inUse.push(fd);
    return fd;
  }

  release(fd: number): void {
    const i = this.inUse.indexOf(fd);
    if (i >= 0) this.inUse.splice(i, 1);
  }
}

/** A descriptor replaced by a redirection in the shell: where its old self waits (-1: it was closed). */
export interface SavedFd {
  fd: number;
  saved: number;
}

/**
 * In the shell, for a compound command or function: saves each redirected descriptor, then
 * dup2s the target over it. On failure everything done so far is undone and bash's message
 * returned.
 */
export function* redirectInShell(sys: Sys, redirects: readonly ExpandedRedirect[], slots: SaveSlots): UserCode<SavedFd[] | string> {
  const saved: SavedFd[] = [];
  for (const r of redirects) {
    const res = yield* redirectTarget(sys, r, (fd) => fd);
    if (typeof res === 'string') {
      yield* restoreRedirects(sys, saved, slots);
      return res;
    }
    for (const { fd, to } of res) {
      if (!saved.some((s) => s.fd === fd)) {
        const slot = slots.take();
        const d = yield* sys.dup2(fd, slot);
        if (d < 0) slots.release(slot);
        saved.push({ fd, saved: d < 0 ? -1 : slot });
      }
      if (to === -1) yield* sys.close(fd);
      else if (to !== fd) yield* sys.dup2(to, fd);
    }
    for (const e of res) if (e.owned && !res.some((x) => x.fd === e.to)) yield* sys.close(e.to);
  }
  return saved;
}

/** Puts back what redirectInShell saved, last first. */
export function* restoreRedirects(sys: Sys, saved: readonly SavedFd[], slots: SaveSlots): UserCode<void> {
  for (let i = saved.length - 1; i >= 0; i--) {
    const { fd, saved: slot } = saved[i];
    if (slot < 0) {
      yield* sys.close(fd);
      continue;
    }
    yield* sys.dup2(slot, fd);
    yield* sys.close(slot);
    slots.release(slot);
  }
}
