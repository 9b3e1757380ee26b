// `make` in the lab's shell with the course's Makefile: kbuild's output, the compiler's
// diagnostics in gcc's format, make's exit status, and the module built by the real toolchain
// (clang in WebAssembly, in a worker thread).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startShell, type ShellSession } from './shellHarness';
import { MemHostFs } from '../../src/kernel/fs/inode';
import { installKbuildService } from '../../src/host/toolchain/kbuildService';
import { Toolchain, locateToolchain } from '../../src/host/toolchain/toolchain';
import { KBUILD_SERVICE, type BuildRequest, type BuildResult } from '../../src/programs/make/buildProtocol';

const enc = new TextEncoder();
const dec = new TextDecoder();
const REL = '5.15.0-kmlab';

const COURSE_MAKEFILE = [
  'obj-m := mp3.o',
  'KERNEL_SRC := /lib/modules/$(shell uname -r)/build',
  'all: clean modules monitor work',
  'modules:',
  '\t$(MAKE) -C $(KERNEL_SRC) M=$(PWD) modules',
  'monitor: monitor.c',
  '\t$(CC) $(APP_CFLAGS) $< -o $@',
  'work: work.c',
  '\t$(CC) $(APP_CFLAGS) $< -o $@',
  'clean:',
  '\t$(MAKE) -C $(KERNEL_SRC) M=$(PWD) clean',
  '',
].join('\n');

/** A module that needs no header (the kernel headers are another part of the build). */
const GOOD = [
  'int printk(const char *fmt, ...);',
  'static int loaded;',
  'int init_module(void)',
  '{',
  '\tloaded = 1;',
  '\tprintk("mp3 loaded\\n");',
  '\treturn 0;',
  '}',
  'void cleanup_module(void)',
  '{',
  '\tloaded = 0;',
  '}',
  '',
].join('\n');
const BROKEN = GOOD.replace('\tloaded = 1;', '\tloaded = 1');

/** Types a line and runs the machine until the shell prompts again, waiting for host builds meanwhile. */
async function run(sh: ShellSession, line: string): Promise<string> {
  const k = sh.kernel;
  sh.take();
  sh.tty.input(`${line}\r`);
  k.runFor(1000);
  for (;;) {
    k.runUntil(() => sh.tty.waitingForInput || k.hostCalls.pending > 0, 120e9);
    if (k.hostCalls.pending === 0) break;
    await k.hostCalls.settled(); // the simulation stands still while the host compiles
  }
  // what the terminal showed between the echoed command line and the next prompt
  return sh.take().replace(/^[^\n]*\n/, '').replace(/student@mp3:~\$ $/, '');
}

function machine(files: Record<string, string>, service?: (r: BuildRequest) => Promise<BuildResult>): { sh: ShellSession; fs: MemHostFs } {
  const fs = new MemHostFs();
  for (const [n, t] of Object.entries(files)) fs.writeFile(n, enc.encode(t), false);
  const sh = startShell({}, { hostFs: fs, cols: 200 });
  if (service) sh.kernel.hostCalls.services.set(KBUILD_SERVICE, (r) => service(r as BuildRequest));
  return { sh, fs };
}

const toolchain = new Toolchain(locateToolchain(__dirname));
after(() => toolchain.dispose());

test('make with the course Makefile: a syntax error in gcc format and exit 2; fixed, make builds mp3.ko', async () => {
  const { sh, fs } = machine({ Makefile: COURSE_MAKEFILE, 'mp3.c': BROKEN });
  installKbuildService(sh.kernel, toolchain);
  const failed = await run(sh, 'make; echo "status $?"');
  assert.equal(failed, [
    `make -C /lib/modules/${REL}/build M=/home/student clean`,
    `make[1]: Entering directory '/usr/src/linux-headers-${REL}'`,
    `make[1]: Leaving directory '/usr/src/linux-headers-${REL}'`,
    `make -C /lib/modules/${REL}/build M=/home/student modules`,
    `make[1]: Entering directory '/usr/src/linux-headers-${REL}'`,
    '  CC [M]  /home/student/mp3.o',
    '/home/student/mp3.c: In function ‘init_module’:',
    '/home/student/mp3.c:5:12: error: expected ‘;’ before ‘printk’',
    '    5 | \tloaded = 1',
    '      | \t          ^',
    '      | \t          ;',
    'make[2]: *** [scripts/Makefile.build:297: /home/student/mp3.o] Error 1',
    'make[1]: *** [Makefile:1906: /home/student] Error 2',
    `make[1]: Leaving directory '/usr/src/linux-headers-${REL}'`,
    'make: *** [Makefile:5: modules] Error 2',
    'status 2',
    '',
  ].join('\n'));
  assert.equal(fs.readFile('mp3.ko'), undefined);

  fs.writeFile('mp3.c', enc.encode(GOOD), false);
  const built = await run(sh, 'make; echo "status $?"');
  assert.equal(built, [
    `make -C /lib/modules/${REL}/build M=/home/student clean`,
    `make[1]: Entering directory '/usr/src/linux-headers-${REL}'`,
    `make[1]: Leaving directory '/usr/src/linux-headers-${REL}'`,
    `make -C /lib/modules/${REL}/build M=/home/student modules`,
    `make[1]: Entering directory '/usr/src/linux-headers-${REL}'`,
    '  CC [M]  /home/student/mp3.o',
    '  MODPOST /home/student/Module.symvers',
    '  CC [M]  /home/student/mp3.mod.o',
    '  LD [M]  /home/student/mp3.ko',
    `make[1]: Leaving directory '/usr/src/linux-headers-${REL}'`,
    "make: 'monitor' is provided by the lab (user-space C is not compiled here)",
    "make: 'work' is provided by the lab (user-space C is not compiled here)",
    'status 0',
    '',
  ].join('\n'));
  const ko = fs.readFile('mp3.ko');
  assert.ok(ko && ko.length > 8);
  assert.deepEqual([...ko.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module');
  assert.match(dec.decode(fs.readFile('mp3.mod.c')!), /vermagic=5\.15\.0-kmlab /);
  // the given programs still run after the build
  assert.match(await run(sh, './work 1 R 1 | head -2'), /\[\d+\] 0 iteration\n/);

  // make clean removes kbuild's products (and says so as 5.15 does)
  const cleaned = await run(sh, `make -C /lib/modules/${REL}/build M=$PWD clean; ls`);
  assert.equal(cleaned, [
    `make: Entering directory '/usr/src/linux-headers-${REL}'`,
    '  CLEAN   /home/student/Module.symvers',
    `make: Leaving directory '/usr/src/linux-headers-${REL}'`,
    'Makefile  monitor  mp3.c  work',
    '',
  ].join('\n'));
});

test("clang-only findings never fail a build, even with the Makefile's CFLAGS_MODULE += -Werror; gcc's own warnings do", async () => {
  const makefile = 'obj-m := mp3.o\nCFLAGS_MODULE += -Werror\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n';
  const clangOnly = GOOD.replace('\tloaded = 1;', '\tint byte_read;\n\tloaded = byte_read;').replace('void cleanup_module(void)', 'void helper(int) { }\nvoid cleanup_module(void)');
  const { sh, fs } = machine({ Makefile: makefile, 'mp3.c': clangOnly });
  installKbuildService(sh.kernel, toolchain);
  const outText = await run(sh, 'make; echo "status $?"');
  assert.match(outText, /mp3\.c:6:11: warning: variable ‘byte_read’ is uninitialized when used here \(gcc does not report this\) \[-Wuninitialized\]/);
  assert.match(outText, /warning: omitting the parameter name in a function definition is a C23 extension \(gcc does not report this\) \[-Wc23-extensions\]/);
  assert.match(outText, / {2}LD \[M\] {2}\/home\/student\/mp3\.ko\nmake\[1\]: Leaving directory/);
  assert.match(outText, /status 0\n$/);
  assert.ok(fs.readFile('mp3.ko'));

  // an unused variable: gcc warns (-Wall), so -Werror fails the build, in gcc's words
  fs.writeFile('mp3.c', enc.encode(GOOD.replace('\tloaded = 1;', '\tint unused;\n\tloaded = 1;')), false);
  const werror = await run(sh, 'make; echo "status $?"');
  assert.match(werror, /\/home\/student\/mp3\.c:5:6: error: unused variable ‘unused’ \[-Werror=unused-variable\]\n {4}5 \| \tint unused;\n {6}\| \t {4}\^\ncc1: all warnings being treated as errors\nmake\[2\]: \*\*\* \[scripts\/Makefile\.build:297: \/home\/student\/mp3\.o\] Error 1\n/);
  assert.match(werror, /make: \*\*\* \[Makefile:4: all\] Error 2\nstatus 2\n$/);
});

test('kbuild reads obj-m, ccflags-y and CFLAGS_<obj> from the Makefile; missing sources and makefiles in make\'s words', async () => {
  const requests: BuildRequest[] = [];
  const { sh } = machine({
    Makefile: 'ifneq ($(KERNELRELEASE),)\nobj-m := mp3.o\nccflags-y := -DLAB=1\nCFLAGS_mp3.o := -DONE\nelse\nall:\n\t@$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\nendif\n',
    'mp3.c': GOOD,
  }, async (r) => {
    requests.push(r);
    return { ok: false, failed: { stage: 'cc', target: '/home/student/mp3.o' }, diagnostics: [], files: {} };
  });
  const o = await run(sh, 'make; echo "status $?"');
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0].cflags, ['-DLAB=1', '-DONE']);
  assert.deepEqual(requests[0].objects, ['mp3.o']);
  assert.equal(requests[0].dir, '/home/student');
  assert.equal(requests[0].sources['mp3.c'], GOOD);
  assert.doesNotMatch(o, /^make -C/m, 'the @ recipe is not echoed');
  assert.match(o, /make: \*\*\* \[Makefile:7: all\] Error 2\nstatus 2\n$/);

  const { sh: sh2 } = machine({ Makefile: 'obj-m := nothere.o\nall:\n\tmake -C /lib/modules/5.15.0-kmlab/build M=$(PWD) modules\n' }, async () => assert.fail('no build without a source'));
  assert.match(await run(sh2, 'make'), /make\[2\]: \*\*\* No rule to make target '\/home\/student\/nothere\.c', needed by '\/home\/student\/nothere\.o'\. {2}Stop\.\nmake\[1\]: \*\*\* \[Makefile:1906: \/home\/student\] Error 2\n/);
  assert.equal(await run(sh2, 'rm Makefile; make; echo $?'), 'make: *** No targets specified and no makefile found.  Stop.\n2\n');
  assert.equal(await run(sh2, 'make -C /lib/modules/4.4.0/build M=$PWD; echo $?'), 'make: *** /lib/modules/4.4.0/build: No such file or directory.  Stop.\n2\n');
  assert.equal(await run(sh2, 'printf "all:\\n    echo x\\n" > Makefile; make; echo $?'), 'Makefile:2: *** missing separator.  Stop.\n2\n');
});

test('^C while make waits for the compiler: make dies like any sleeper, the shell goes on', async () => {
  let release: (r: BuildResult) => void = () => undefined;
  const { sh, fs } = machine({ Makefile: 'obj-m := mp3.o\nall:\n\tmake -C /lib/modules/5.15.0-kmlab/build M=$(PWD) modules\n', 'mp3.c': GOOD },
    () => new Promise((resolve) => { release = resolve; }));
  const k = sh.kernel;
  sh.take();
  sh.tty.input('make\r');
  k.runUntil(() => k.hostCalls.pending > 0, 10e9);
  assert.equal(k.hostCalls.pending, 1);
  const sleeper = [...k.tasks].find((t) => t.wchan === 'host_call');
  assert.ok(sleeper && sleeper.state === 'S', 'make sleeps interruptibly on the host call');
  sh.tty.input('\x03');
  k.runUntil(() => sh.tty.waitingForInput, 10e9);
  assert.ok(sh.tty.waitingForInput);
  assert.equal(sleeper.alive, false);
  release({ ok: true, diagnostics: [], files: { 'mp3.ko': new Uint8Array([1]) } });
  await k.hostCalls.settled();
  k.runFor(1e6);
  assert.equal(fs.readFile('mp3.ko'), undefined, 'a killed make writes nothing');
  assert.equal(await run(sh, 'echo still here'), 'still here\n');
});

test('with kernel headers present, the ABI recipe (src/host/cmodule) compiles: gcc-format diagnostics, clang-only findings below -Werror', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const headers = mkdtempSync(join(tmpdir(), 'kmlab-headers-'));
  mkdirSync(join(headers, 'include', 'linux'), { recursive: true });
  for (const h of ['compiler-version.h', 'kconfig.h', 'jiffies.h']) writeFileSync(join(headers, 'include', 'linux', h), '');
  // just what modpost's .mod.c needs (the real headers are another part of the build)
  writeFileSync(join(headers, 'include', 'linux', 'compiler_types.h'), '#define __visible __attribute__((visibility("default")))\n#define __section(s) __attribute__((section(s)))\n');
  writeFileSync(join(headers, 'include', 'linux', 'module.h'), '#define MODULE_INFO(tag, info) static const char __modinfo_##tag[] __attribute__((used, section(".modinfo"))) = #tag "=" info\nstruct module { const char *name; };\n');
  const tc = new Toolchain({ ...locateToolchain(__dirname), headersDir: headers });
  try {
    const base = { module: 'mp3', dir: '/home/student', objects: ['mp3.o'], cflags: ['-Werror'], utf8: true };
    const bad = await tc.build({ ...base, sources: { 'mp3.c': BROKEN } });
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.failed, { stage: 'cc', target: '/home/student/mp3.o' });
    assert.deepEqual(bad.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}|${d.fixit ?? ''}`), ['/home/student/mp3.c:5:12: error: expected ‘;’ before ‘printk’|;']);
    const clangOnly = GOOD.replace('void cleanup_module(void)', 'void helper(int) { }\nvoid cleanup_module(void)');
    const good = await tc.build({ ...base, sources: { 'mp3.c': clangOnly } });
    // under -Werror the clang-only finding is a warning and the compile passes (on to modpost and
    // the link; the instrumentation step belongs to the ABI recipe and is tested there)
    assert.notEqual(good.failed?.stage, 'cc', good.hostError);
    assert.ok(good.diagnostics.length > 0 && good.diagnostics.every((d) => d.clangOnly || d.severity === 'note'));
    assert.ok(good.files['mp3.o'], 'the object is there');
  } finally {
    await tc.dispose();
    rmSync(headers, { recursive: true, force: true });
  }
});
