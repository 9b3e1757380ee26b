// fc.assert with a seed that can be replayed: every property test runs through assertProperty,
// which takes its seed (and shrink path) from FC_SEED / FC_PATH when they are set, and on failure
// says how to run exactly that case again:
//   FC_SEED=-423018453 FC_PATH=63:0 node --test out/test/unit/shellE2e.test.js
import fc from 'fast-check';

/** The seed to run with: FC_SEED if set (an integer), else a fresh random one. */
export function propertySeed(env: Record<string, string | undefined> = process.env): number {
  const text = env.FC_SEED;
  if (text !== undefined && text !== '') {
    const seed = Number(text);
    if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer (got ${JSON.stringify(text)})`);
    return seed;
  }
  return (Math.random() * 0x1_0000_0000) | 0;
}

/** Checks a (synchronous) property like fc.assert; a failure names the seed and path to replay it. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}): void {
  const seed = propertySeed();
  const path = process.env.FC_PATH || undefined;
  const details = fc.check(property, { ...params, seed, ...(path !== undefined ? { path } : {}) });
  if (!details.failed) return;
  const replay = `replay with: FC_SEED=${details.seed}${details.counterexamplePath ? ` FC_PATH=${details.counterexamplePath}` : ''}`;
  const report = fc.defaultReportMessage(details) ?? 'property failed';
  const error = new Error(`${report}\n${replay}`);
  if (details.errorInstance instanceof Error) error.cause = details.errorInstance;
  throw error;
}
