// Who and what the machine is: whoami, id (coreutils 8.32), hostname (Debian's hostname 3.23),
// nproc (coreutils), printenv (coreutils), getconf (glibc 2.35) and sync (coreutils).
import { strerror } from '../../kernel/errno';
import type { Program, Sys, UserCode } from '../../kernel/uapi';
import { err, out, parseMeminfo, readFile } from './lib';
import { UNAME } from './simple';
import { usageError } from './stream';

/**
 * The user the lab's processes run as. The simulated kernel keeps no credentials (there is no
 * getuid(2) to ask), so every tool gives the same answer: `ls -l` shows student as the owner of
 * the home directory's files, `ps` shows USER student (UID 1000) for user processes and root for
 * kernel threads, the environment has USER=student and the prompt is student@mp3 — a student's
 * own login on the course VM. id, whoami and top say the same. (/proc/<pid>/status prints Uid 0;
 * no tool of the lab reads it.)
 */
export const LOGIN = { name: 'student', uid: 1000, gid: 1000 } as const;
/** /etc/passwd as far as the lab needs it. */
export const USERS: ReadonlyArray<{ name: string; uid: number; gid: number }> = [{ name: 'root', uid: 0, gid: 0 }, LOGIN];

/** The user of a process, as ps prints it: kernel threads are root's, the rest the student's. */
export function userOf(kthread: boolean): { name: string; uid: number } {
  return kthread ? USERS[0] : LOGIN;
}

export const whoami: Program = function* (sys, argv) {
  const a = argv[1];
  if (a === '--help') {
    yield* out(sys, 'Usage: whoami [OPTION]...\nPrint the user name associated with the current effective user ID.\nSame as id -un.\n\n      --help     display this help and exit\n');
    return 0;
  }
  if (a !== undefined) {
    if (a.startsWith('--')) {
      yield* err(sys, `whoami: unrecognized option '${a}'\n`);
      return yield* usageError(sys, 'whoami', '');
    }
    if (a.startsWith('-') && a !== '-') return yield* usageError(sys, 'whoami', `invalid option -- '${a[1]}'`);
    return yield* usageError(sys, 'whoami', `extra operand '${a}'`);
  }
  yield* out(sys, `${LOGIN.name}\n`);
  return 0;
};

/** id [-u|-g|-G [-n]] [USER]: uid=1000(student) gid=1000(student) groups=1000(student). */
export const id: Program = function* (sys, argv) {
  const flags = new Set<string>();
  const users: string[] = [];
  const long: Record<string, string> = { user: 'u', group: 'g', groups: 'G', name: 'n', real: 'r' };
  for (const a of argv.slice(1)) {
    if (a === '--help') {
      yield* out(sys, `Usage: id [OPTION]... [USER]...
Print user and group information for each specified USER,
or (when USER omitted) for the current user.

  -g, --group    print only the effective group ID
  -G, --groups   print all group IDs
  -n, --name     print a name instead of a number, for -ugG
  -r, --real     print the real ID instead of the effective ID, with -ugG
  -u, --user     print only the effective user ID
      --help     display this help and exit
`);
      return 0;
    }
    if (a.startsWith('--')) {
      const l = long[a.slice(2)];
      if (!l) {
        yield* err(sys, `id: unrecognized option '${a}'\n`);
        return yield* usageError(sys, 'id', '');
      }
      flags.add(l);
    } else if (a.startsWith('-') && a !== '-') {
      for (const c of a.slice(1)) {
        if (!'ugGnr'.includes(c)) return yield* usageError(sys, 'id', `invalid option -- '${c}'`);
        flags.add(c);
      }
    } else users.push(a);
  }
  const only = ['u', 'g', 'G'].filter((c) => flags.has(c));
  if (only.length > 1) {
    yield* err(sys, 'id: cannot print "only" of more than one choice\n');
    return 1;
  }
  if (only.length === 0 && (flags.has('n') || flags.has('r'))) {
    yield* err(sys, 'id: cannot print only names or real IDs in default format\n');
    return 1;
  }
  let status = 0;
  let text = '';
  for (const name of users.length ? users : [LOGIN.name]) {
    const u = USERS.find((x) => x.name === name || String(x.uid) === name);
    if (!u) {
      yield* err(sys, `id: '${name}': no such user\n`);
      status = 1;
      continue;
    }
    const n = flags.has('n');
    if (only[0] === 'u') text += `${n ? u.name : u.uid}\n`;
    else if (only[0] === 'g' || only[0] === 'G') text += `${n ? u.name : u.gid}\n`;
    else text += `uid=${u.uid}(${u.name}) gid=${u.gid}(${u.name}) groups=${u.gid}(${u.name})\n`;
  }
  yield* out(sys, text);
  return status;
};

const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name
`;

/** hostname [-s|-f|-d]: the node name uname -n reports; setting it needs root. */
export const hostname: Program = function* (sys, argv) {
  let mode = 'name';
  for (const a of argv.slice(1)) {
    if (a === '-s' || a === '--short') mode = 'short';
    else if (a === '-f' || a === '--fqdn' || a === '--long') mode = 'fqdn';
    else if (a === '-d' || a === '--domain') mode = 'domain';
    else if (a === '-h' || a === '--help') {
      yield* out(sys, HOSTNAME_USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      yield* err(sys, a.startsWith('--') ? `hostname: unrecognized option '${a}'\n` : `hostname: invalid option -- '${a[1]}'\n`);
      yield* err(sys, HOSTNAME_USAGE);
      return 255;
    } else {
      yield* err(sys, 'hostname: you must be root to change the host name\n');
      return 1;
    }
  }
  yield* out(sys, mode === 'domain' ? '\n' : `${UNAME.n}\n`);
  return 0;
};

/** Online CPUs: the cpuN lines of /proc/stat (what sysconf(_SC_NPROCESSORS_ONLN) counts). */
export function* onlineCpus(sys: Sys): UserCode<number> {
  const stat = yield* readFile(sys, '/proc/stat');
  const n = typeof stat === 'string' ? (stat.match(/^cpu\d+ /gm) ?? []).length : 0;
  return Math.max(1, n);
}

/** nproc [--all] [--ignore=N] */
export const nproc: Program = function* (sys, argv) {
  let ignore = 0;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--all') continue;
    if (a === '--help') {
      yield* out(sys, 'Usage: nproc [OPTION]...\nPrint the number of processing units available to the current process,\nwhich may be less than the number of online processors\n\n      --all       print the number of installed processors\n      --ignore=N  if possible, exclude N processing units\n      --help     display this help and exit\n');
      return 0;
    }
    if (a === '--ignore' || a.startsWith('--ignore=')) {
      const v = a === '--ignore' ? args[++i] : a.slice(9);
      if (v === undefined) {
        yield* err(sys, "nproc: option '--ignore' requires an argument\n");
        return yield* usageError(sys, 'nproc', '');
      }
      if (!/^\d+$/.test(v)) {
        yield* err(sys, `nproc: invalid number: '${v}'\n`);
        return 1;
      }
      ignore = Number(v);
    } else if (a.startsWith('--')) {
      yield* err(sys, `nproc: unrecognized option '${a}'\n`);
      return yield* usageError(sys, 'nproc', '');
    } else if (a.startsWith('-') && a !== '-') return yield* usageError(sys, 'nproc', `invalid option -- '${a[1]}'`);
    else return yield* usageError(sys, 'nproc', `extra operand '${a}'`);
  }
  const n = yield* onlineCpus(sys);
  yield* out(sys, `${Math.max(1, n - ignore)}\n`);
  return 0;
};

/** printenv [VARIABLE]...: the program's environment (envp), as env prints it; status 1 when a variable is unset. */
export const printenv: Program = function* (sys, argv, envp) {
  let nul = false;
  const names: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '-0' || a === '--null') nul = true;
    else if (a === '--help') {
      yield* out(sys, 'Usage: printenv [OPTION]... [VARIABLE]...\nPrint the values of the specified environment VARIABLE(s).\nIf no VARIABLE is specified, print name and value pairs for them all.\n\n  -0, --null     end each output line with NUL, not newline\n      --help     display this help and exit\n');
      return 0;
    } else if (a.startsWith('--')) {
      yield* err(sys, `printenv: unrecognized option '${a}'\n`);
      return yield* usageError(sys, 'printenv', '', 2);
    } else if (a.startsWith('-') && a !== '-') return yield* usageError(sys, 'printenv', `invalid option -- '${a[1]}'`, 2);
    else names.push(a);
  }
  const env = new Map<string, string>();
  for (const e of envp) {
    const eq = e.indexOf('=');
    if (eq > 0) env.set(e.slice(0, eq), e.slice(eq + 1));
  }
  const end = nul ? '\0' : '\n';
  if (names.length === 0) {
    yield* out(sys, [...env].map(([k, v]) => `${k}=${v}${end}`).join(''));
    return 0;
  }
  let text = '';
  let missing = 0;
  for (const n of names) {
    const v = n.includes('=') ? undefined : env.get(n);
    if (v === undefined) missing++;
    else text += v + end;
  }
  yield* out(sys, text);
  return missing ? 1 : 0;
};

/** getconf NAME: the sysconf values of the simulated x86-64 machine. */
export const getconf: Program = function* (sys, argv) {
  const name = argv[1];
  if (name === undefined || argv.length > 3) {
    yield* err(sys, 'Usage: getconf [-v specification] variablename [pathname]\n       getconf -a [pathname]\n');
    return 2;
  }
  const meminfo = function* (key: string): UserCode<number> {
    const t = yield* readFile(sys, '/proc/meminfo');
    return Math.floor((typeof t === 'string' ? parseMeminfo(t).get(key) ?? 0 : 0) / 4);
  };
  let v: number | undefined;
  switch (name) {
    // x86-64 pages are 4 KiB (the AT_PAGESZ the kernel gives every program)
    case 'PAGESIZE': case 'PAGE_SIZE': v = 4096; break;
    // USER_HZ: times in /proc are in 1/100 s whatever the kernel's HZ
    case 'CLK_TCK': v = 100; break;
    case '_NPROCESSORS_ONLN': case '_NPROCESSORS_CONF': v = yield* onlineCpus(sys); break;
    case '_PHYS_PAGES': case 'PHYS_PAGES': v = yield* meminfo('MemTotal'); break;
    case '_AVPHYS_PAGES': case 'AVPHYS_PAGES': v = yield* meminfo('MemFree'); break;
    case 'LONG_BIT': v = 64; break;
    case 'OPEN_MAX': v = 1024; break;
    case 'ARG_MAX': v = 2097152; break;
    case 'HOST_NAME_MAX': v = 64; break;
  }
  if (v === undefined) {
    yield* err(sys, `getconf: Unrecognized variable \`${name}'\n`);
    return 1;
  }
  yield* out(sys, `${v}\n`);
  return 0;
};

/** sync [FILE]...: the simulated disk has no write-back cache to flush (writes reach the host at once). */
export const sync: Program = function* (sys, argv) {
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a.startsWith('-') && a !== '-') {
      if (['-d', '-f', '--data', '--file-system'].includes(a)) continue;
      if (a.startsWith('--')) {
        yield* err(sys, `sync: unrecognized option '${a}'\n`);
        return yield* usageError(sys, 'sync', '');
      }
      return yield* usageError(sys, 'sync', `invalid option -- '${a[1]}'`);
    }
    const st = yield* sys.stat(a);
    if (typeof st === 'number') {
      yield* err(sys, `sync: error opening '${a}': ${strerror(st)}\n`);
      status = 1;
    }
  }
  return status;
};
