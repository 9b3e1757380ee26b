// Worker-thread entry (dist/machineWorker.js): the live machine of the extension. Every message
// from the extension host goes to the MachineServer, which validates it; everything the server
// posts goes back, the profiler buffer's page copies transferred rather than copied again.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { MachineServer } from '../lab/machineServer';
import { MemHostFs } from '../kernel/fs/inode';
import { NodeHostFs } from './nodeHostFs';
import { installKbuildService } from './toolchain/kbuildService';
import { sharedToolchain } from './toolchain/toolchain';

const port = parentPort;
if (!port) throw new Error('machineWorker.js runs as a worker thread');

const server = new MachineServer({
  post: (event, transfer) => port.postMessage(event, transfer ?? []),
  hostFs: (home, quotaMiB) => {
    if (home === undefined) return new MemHostFs();
    try {
      return new NodeHostFs(home, { quotaMiB });
    } catch (e) {
      port.postMessage({ type: 'dmesg', text: `kmlab: cannot use ${home} as the home directory (${e instanceof Error ? e.message : String(e)}); using memory\n` });
      return new MemHostFs();
    }
  },
  clock: () => performance.now(),
  // `make` compiles on the toolchain's own worker thread (it loads on the first build); the
  // renderer gets the diagnostics for its Problems panel.
  onBoot: (kernel, post) => installKbuildService(kernel, sharedToolchain(), (req, res) => post({
    type: 'build', module: req.module, dir: req.dir, ok: res.ok, diagnostics: res.diagnostics.map((d) => ({
      file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message, ...(d.option ? { option: d.option } : {}), ...(d.clangOnly ? { clangOnly: true } : {}),
    })), ...(res.ms !== undefined ? { ms: res.ms } : {}), ...(res.hostError ? { hostError: res.hostError } : {}),
  })),
});
port.on('message', (m: unknown) => server.handle(m));
