// Signal numbers the scheduler acts on (x86-64), re-exported from the user ABI.
export { SIGCHLD, SIGCONT, SIGKILL, SIGSEGV, SIGNAL_NAMES } from '../uapi';
/** SIGWINCH: default action ignore. */
export const SIGWINCH_ = 28;
