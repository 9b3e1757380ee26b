// The extension host's handle on the machine's worker thread: starts dist/machineWorker.js,
// connects a SessionClient to it, and keeps a heartbeat. The worker answers between two slices
// of simulation (at most ~20 ms apart), so silence for `timeoutMs` means it is stuck — a
// module's endless loop cannot be preempted inside the thread — and the only remedy is to
// terminate it; the owner then boots a new one. The editor's thread never waits on the worker.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { SessionClient } from '../lab/sessionClient';

export interface MachineWorkerOptions {
  workerFile: string;
  /** How often to ping (ms). */
  heartbeatMs?: number;
  /** Silence longer than this terminates the worker (ms). */
  timeoutMs?: number;
  /** The worker stopped answering for `silentMs` and was terminated. */
  onUnresponsive(silentMs: number): void;
  /** The worker thread ended by itself (an uncaught exception, out of memory). */
  onCrash(message: string): void;
}

export class MachineWorker {
  readonly client: SessionClient;
  private readonly worker: Worker;
  private readonly timer: ReturnType<typeof setInterval>;
  private lastHeard = performance.now();
  private pinging = false;
  private ended = false;

  constructor(o: MachineWorkerOptions) {
    this.worker = new Worker(o.workerFile);
    this.client = new SessionClient((request) => this.worker.postMessage(request));
    this.worker.on('message', (m: unknown) => {
      this.lastHeard = performance.now();
      this.client.receive(m);
    });
    this.worker.on('error', (e) => this.end(`the machine's worker failed: ${e.stack ?? e.message}`, () => o.onCrash(e.message)));
    this.worker.on('exit', (code) => this.end(`the machine's worker exited (code ${code})`, () => o.onCrash(`exit code ${code}`)));
    const timeout = o.timeoutMs ?? 5000;
    this.timer = setInterval(() => {
      const silent = performance.now() - this.lastHeard;
      if (silent > timeout) {
        this.end(`the machine stopped answering for ${(silent / 1000).toFixed(1)} s and was restarted`, () => o.onUnresponsive(silent));
        return;
      }
      if (this.pinging) return;
      this.pinging = true;
      this.client.ping().catch(() => undefined).finally(() => (this.pinging = false));
    }, o.heartbeatMs ?? 1000);
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Stops the worker (a reset, the extension deactivating); pending calls fail. */
  terminate(reason = 'the machine was shut down'): Promise<number> {
    this.end(reason, () => undefined);
    return this.worker.terminate();
  }

  private end(reason: string, notify: () => void): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    this.client.close(reason);
    void this.worker.terminate();
    notify();
  }
}
