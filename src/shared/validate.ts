// Small runtime validators for messages that cross a boundary (a worker, a webview): each either
// returns the value with its static type or throws Invalid with the path of the bad field, so a
// parser reads as the shape it accepts. Pure: no `vscode`, no Node built-ins.

export class Invalid extends Error {}

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

export function fail(path: string, what: string): never {
  throw new Invalid(`${path}: ${what}`);
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** A plain object with exactly the required keys and some of the optional ones. */
export function obj(v: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) fail(path, `expected an object, got ${describeValue(v)}`);
  const o = v as Record<string, unknown>;
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(o, k)) fail(path, `missing "${k}"`);
  for (const k of Object.keys(o)) {
    if (!required.includes(k) && !optional.includes(k)) fail(path, `unexpected property "${k}"`);
  }
  return o;
}

export function num(v: unknown, path: string, opts: { min?: number; max?: number; int?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `expected a finite number, got ${describeValue(v)}`);
  if (opts.int && !Number.isSafeInteger(v)) fail(path, `expected an integer, got ${v}`);
  if (opts.min !== undefined && v < opts.min) fail(path, `must be ≥ ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) fail(path, `must be ≤ ${opts.max}, got ${v}`);
  return v;
}

export function int(v: unknown, path: string, min = -(2 ** 31), max = 2 ** 31 - 1): number {
  return num(v, path, { int: true, min, max });
}

export function str(v: unknown, path: string, max = 16 * 1024): string {
  if (typeof v !== 'string') fail(path, `expected a string, got ${describeValue(v)}`);
  if (v.length > max) fail(path, `string longer than ${max} characters`);
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected a boolean, got ${describeValue(v)}`);
  return v;
}

export function oneOf<T extends string>(v: unknown, values: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    fail(path, `expected one of ${values.map((x) => `'${x}'`).join(', ')}, got ${describeValue(v)}`);
  }
  return v as T;
}

export function arr(v: unknown, path: string, max = 100_000): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describeValue(v)}`);
  if (v.length > max) fail(path, `more than ${max} items`);
  return v;
}

export function bytes(v: unknown, path: string, length?: number): Uint8Array {
  if (!(v instanceof Uint8Array)) fail(path, `expected a Uint8Array, got ${describeValue(v)}`);
  if (length !== undefined && v.length !== length) fail(path, `expected ${length} bytes, got ${v.length}`);
  return v;
}

/** Runs a parser, turning Invalid into { ok: false } (any other exception is a bug and propagates). */
export function parseWith<T>(parse: (v: unknown) => T, value: unknown): ParseResult<T> {
  try {
    return { ok: true, message: parse(value) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

// (from the webview protocols' validators)

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** True when `o` has exactly the keys in `required` plus any of `optional`, no others. */
export function hasExactKeys(o: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  const keys = Object.keys(o);
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(o, k)) return false;
  for (const k of keys) if (!required.includes(k) && !optional.includes(k)) return false;
  return true;
}
