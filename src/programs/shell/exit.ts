// How the shell unwinds.
//
// ExitShell: how a builtin asks the shell to end (`exit`). Returned instead of a status, it
// unwinds the command list and ends the read loop.
export class ExitShell {
  constructor(readonly status: number) {}
}

/**
 * Thrown to abandon the rest of the command line, like bash's jump_to_top_level: `discard` after
 * an expansion error ($((1/0)), a too deep function recursion), `interrupt` when ^C reached the
 * shell or killed its foreground job. Caught where the shell reads its next command, and in
 * every forked subshell (which then exits with `status`).
 */
export class ShellAbort {
  constructor(readonly status: number, readonly reason: 'discard' | 'interrupt') {}
}
