// Page-replacement policies, shared by the simulated kernel's reclaim and the textbook replay
// (`kmlab replay`). See types.ts for the caller's protocol and each policy's file for its rules:
//   linux   linux.ts   5.15's active/inactive anon LRU (mm/vmscan.c), the kernel's default
//   fifo    fifo.ts    load order
//   lru     lru.ts     exact least-recently-used
//   clock   clock.ts   second chance with a hand over the frame ids
//   opt     opt.ts     Belady's MIN, from a known reference string
//   random  random.ts  uniform, from the seeded Prng

export type { PolicyName, PolicyOptions, ReplacementPolicy } from './types';
export { POLICY_NAMES, isPolicyName, PolicyError } from './types';
export { createPolicy } from './create';
export { ClockPolicy } from './clock';
export { FifoPolicy } from './fifo';
export { LinuxPolicy, SWAP_CLUSTER_MAX, intSqrt } from './linux';
export { LruPolicy } from './lru';
export { OptPolicy } from './opt';
export { RandomPolicy } from './random';
export { replay } from './replay';
export type { ReplayOptions, ReplayResult } from './replay';
