// The session interface without a worker: the client and the machine server on one thread,
// each message handed over on a microtask (so callers see the same asynchronous interface as
// across a worker) and validated on arrival exactly as across a worker. `kmlab sh` and the unit
// tests drive the machine this way; the extension drives the same server in a worker thread.
import type { HostFs } from '../kernel/fs/inode';
import { MachineServer, type ServerHost } from './machineServer';
import { SessionClient } from './sessionClient';

export interface InProcessSession {
  client: SessionClient;
  dispose(): void;
}

export function inProcessSession(o: { hostFs?: (home: string | undefined, quotaMiB: number | undefined) => HostFs | undefined; clock?: () => number; onBoot?: ServerHost['onBoot'] } = {}): InProcessSession {
  let disposed = false;
  const server: MachineServer = new MachineServer({
    post: (event) => queueMicrotask(() => !disposed && client.receive(event)),
    hostFs: o.hostFs ?? (() => undefined),
    clock: o.clock ?? (() => performance.now()),
    ...(o.onBoot ? { onBoot: o.onBoot } : {}),
  });
  const client = new SessionClient((request) => queueMicrotask(() => !disposed && server.handle(request)));
  return {
    client,
    dispose() {
      disposed = true;
      server.dispose();
      client.close('the machine was shut down');
    },
  };
}
