// Offers the toolchain to a simulated machine: `make` reaches it through host_call('kbuild').
// Results are also reported to listeners (the extension's Problems panel).
import type { Kernel } from '../../kernel/kernel';
import { KBUILD_SERVICE, type BuildRequest, type BuildResult } from '../../programs/make/buildProtocol';
import { sharedToolchain, type Toolchain } from './toolchain';

export type BuildListener = (request: BuildRequest, result: BuildResult) => void;

/** Installs the kbuild service on the kernel; returns a function that removes it. */
export function installKbuildService(kernel: Kernel, toolchain: Toolchain = sharedToolchain(), onBuilt?: BuildListener): () => void {
  kernel.hostCalls.services.set(KBUILD_SERVICE, async (raw) => {
    const request = raw as BuildRequest;
    const result = await toolchain.build(request);
    onBuilt?.(request, result);
    return result;
  });
  return () => kernel.hostCalls.services.delete(KBUILD_SERVICE);
}
