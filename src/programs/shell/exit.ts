// How a builtin asks the shell to end (`exit`): returned instead of a status, it unwinds the
// command list and ends the read loop.
export class ExitShell {
  constructor(readonly status: number) {}
}
