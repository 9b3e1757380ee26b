// Messages between the toolchain host (toolchain.ts) and its worker thread (worker.ts).
import type { BuildRequest, BuildResult } from '../../programs/make/buildProtocol';

export type WorkerRequest =
  | { id: number; kind: 'headers'; headers: unknown }
  | { id: number; kind: 'warm' }
  | { id: number; kind: 'build'; request: BuildRequest };

export type WorkerReply =
  | { id: number; kind: 'ok' }
  | { id: number; kind: 'built'; result: BuildResult }
  | { id: number; kind: 'failed'; error: string };

/** A request before the host numbers it. */
export type WorkerRequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
