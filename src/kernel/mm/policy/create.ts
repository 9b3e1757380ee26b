// createPolicy(): the one factory the kernel and the replay both use.

import { ClockPolicy } from './clock';
import { FifoPolicy } from './fifo';
import { LinuxPolicy } from './linux';
import { LruPolicy } from './lru';
import { OptPolicy } from './opt';
import { RandomPolicy } from './random';
import type { PolicyName, PolicyOptions, ReplacementPolicy } from './types';
import { checkFrames } from './types';

/**
 * A new, empty policy over frames [0, opts.frames). `opts.referenced` is shared with the caller
 * (the accessed bits); RANDOM draws from `opts.random`; OPT requires `opts.future`.
 * Narrow the result with `instanceof LinuxPolicy` to read activeCount/inactiveCount.
 */
export function createPolicy(name: PolicyName, opts: PolicyOptions): ReplacementPolicy {
  checkFrames(opts.frames, opts.referenced);
  switch (name) {
    case 'linux':
      return new LinuxPolicy(opts.frames, opts.referenced);
    case 'fifo':
      return new FifoPolicy(opts.frames);
    case 'lru':
      return new LruPolicy(opts.frames);
    case 'clock':
      return new ClockPolicy(opts.frames, opts.referenced);
    case 'opt':
      if (!opts.future) throw new RangeError('policy: opt needs the reference string (opts.future)');
      return new OptPolicy(opts.frames, opts.future);
    case 'random':
      return new RandomPolicy(opts.frames, opts.random);
    default:
      throw new RangeError(`policy: unknown policy '${String(name)}'`);
  }
}
