// mknod(1): `mknod node c 423 0` makes the profiler's character device node (the lab's step).
import type { Program } from '../../kernel/uapi';
import { S_IFCHR, makedev } from '../../kernel/uapi';
import { strerror } from '../../kernel/errno';
import { err, getopt } from './lib';

const TRY = "Try 'mknod --help' for more information.\n";

export const mknod: Program = function* (sys, argv) {
  const o = getopt(argv.slice(1), '', 'm', { mode: 'm' });
  if (o.bad) {
    yield* err(sys, o.bad.startsWith('--') ? `mknod: unrecognized option '${o.bad}'\n` : `mknod: invalid option -- '${o.bad}'\n`);
    yield* err(sys, TRY);
    return 1;
  }
  if (o.missing) {
    yield* err(sys, `mknod: option requires an argument -- '${o.missing}'\n${TRY}`);
    return 1;
  }
  let perm = 0o666 & ~0o022; // umask 022
  const modeArg = o.values.get('m');
  if (modeArg !== undefined) {
    if (!/^[0-7]{1,4}$/.test(modeArg)) {
      yield* err(sys, 'mknod: invalid mode\n');
      return 1;
    }
    perm = parseInt(modeArg, 8);
  }
  const [name, type, maj, min, ...extra] = o.operands;
  if (name === undefined) {
    yield* err(sys, `mknod: missing operand\n${TRY}`);
    return 1;
  }
  if (type === undefined) {
    yield* err(sys, `mknod: missing operand after '${name}'\n${TRY}`);
    return 1;
  }
  if (type === 'p') {
    yield* err(sys, `mknod: ${name}: Operation not permitted\n`);
    return 1;
  }
  if (type !== 'c' && type !== 'u' && type !== 'b') {
    yield* err(sys, `mknod: invalid device type '${type}'\n${TRY}`);
    return 1;
  }
  if (maj === undefined || min === undefined) {
    yield* err(sys, `mknod: missing operand after '${maj ?? type}'\nSpecial files require major and minor device numbers.\n${TRY}`);
    return 1;
  }
  if (extra.length) {
    yield* err(sys, `mknod: extra operand '${extra[0]}'\n${TRY}`);
    return 1;
  }
  const num = (s: string): number | undefined => (/^(0x[0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(s) ? Number(s.startsWith('0') && !s.startsWith('0x') && s.length > 1 ? parseInt(s, 8) : s) : undefined);
  const M = num(maj);
  if (M === undefined || M > 4095) {
    yield* err(sys, `mknod: invalid major device number '${maj}'\n`);
    return 1;
  }
  const m = num(min);
  if (m === undefined || m > 0xfffff) {
    yield* err(sys, `mknod: invalid minor device number '${min}'\n`);
    return 1;
  }
  if (type === 'b') {
    yield* err(sys, `mknod: ${name}: Operation not permitted\n`);
    return 1;
  }
  const r = yield* sys.mknod(name, S_IFCHR | perm, makedev(M, m));
  if (r < 0) {
    yield* err(sys, `mknod: ${name}: ${strerror(r)}\n`);
    return 1;
  }
  return 0;
};
