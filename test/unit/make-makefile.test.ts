// The Makefile reader of /bin/make: variables, expansion, conditionals and rules, as GNU make 4.3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, readMakefile, type Expander, type Variable } from '../../src/programs/make/makefile';

/** Runs a generator that makes no system call (the test's Expander answers directly). */
function done<T>(g: Generator<unknown, T, unknown>): T {
  const r = g.next();
  assert.equal(r.done, true, 'the reader made a system call');
  return r.value as T;
}

const shells: string[] = [];
const x: Expander = {
  // eslint-disable-next-line require-yield
  *shell(cmd) {
    shells.push(cmd);
    return cmd === 'uname -r' ? '5.15.0-kmlab\n' : '';
  },
  // eslint-disable-next-line require-yield
  *wildcard(p) {
    return p === '*.c' ? ['mp3.c'] : [];
  },
};

function read(text: string, env: Record<string, string> = {}) {
  const vars = new Map<string, Variable>(Object.entries(env).map(([k, v]) => [k, { value: v, recursive: false, origin: 'environment' as const }]));
  const mk = done(readMakefile(text, 'Makefile', vars, x));
  const v = (name: string): string => done(expand(`$(${name})`, vars, x));
  return { mk, v };
}

test('the course Makefile: :=, $(shell uname -r), rules, prerequisites and recipes', () => {
  const { mk, v } = read([
    'obj-m := mp3.o',
    'KERNEL_SRC := /lib/modules/$(shell uname -r)/build',
    'all: clean modules monitor work',
    'modules:',
    '\t$(MAKE) -C $(KERNEL_SRC) M=$(PWD) modules',
    'monitor: monitor.c',
    '\t$(CC) $(APP_CFLAGS) $< -o $@',
    'clean:',
    '\t$(RM) -f *.ko *.o  # products',
  ].join('\n'), { PWD: '/home/student', MAKE: 'make' });
  assert.equal(v('obj-m'), 'mp3.o');
  assert.equal(v('KERNEL_SRC'), '/lib/modules/5.15.0-kmlab/build');
  assert.equal(mk.defaultGoal, 'all');
  assert.deepEqual(mk.rules.get('all')!.prereqs, ['clean', 'modules', 'monitor', 'work']);
  assert.deepEqual(mk.rules.get('modules')!.recipe, [{ text: '$(MAKE) -C $(KERNEL_SRC) M=$(PWD) modules', line: 5 }]);
  assert.equal(mk.rules.get('monitor')!.line, 6);
  // a recipe keeps its comment for the shell (make does not strip it)
  assert.equal(mk.rules.get('clean')!.recipe[0].text, '$(RM) -f *.ko *.o  # products');
  assert.equal(done(expand('$(MAKE) -C $(KERNEL_SRC) M=$(PWD) modules', mk.vars, x)), 'make -C /lib/modules/5.15.0-kmlab/build M=/home/student modules');
  assert.equal(done(expand('$(CC) $< -o $@', mk.vars, x, { '<': 'monitor.c', '@': 'monitor' })), ' monitor.c -o monitor');
});

test('= is expanded at each use, := once; += appends in the flavour of the variable; ?= only sets the undefined', () => {
  const { v } = read([
    'A = $(B)', 'B = one', 'C := $(B)', 'B = two',
    'CFLAGS_MODULE += -Werror', 'ccflags-y := -DX', 'ccflags-y += -DY $(B)',
    'R = r1', 'R += $(B)', 'Q ?= set', 'Q ?= again', 'HOME ?= nope',
    'E :=', 'S = a$$b',
  ].join('\n'), { HOME: '/home/student' });
  assert.equal(v('A'), 'two');
  assert.equal(v('C'), 'one');
  assert.equal(v('CFLAGS_MODULE'), '-Werror');
  assert.equal(v('ccflags-y'), '-DX -DY two');
  assert.equal(v('R'), 'r1 two');
  assert.equal(v('Q'), 'set');
  assert.equal(v('HOME'), '/home/student');
  assert.equal(v('E'), '');
  assert.equal(v('S'), 'a$b');
});

test('functions and substitution references', () => {
  const { v } = read([
    'SRC := $(wildcard *.c)', 'OBJ := $(SRC:.c=.o)', 'P := $(patsubst %.c,%.o,a.c b.c)',
    'F := $(filter %.o,a.o b.c c.o)', 'N := $(notdir /a/b/c.o)', 'W := $(words a b c)',
    'S := $(subst ee,EE,feet)', 'I := $(if $(E),yes,no)', 'X := $(strip  a   b )',
  ].join('\n'));
  assert.equal(v('SRC'), 'mp3.c');
  assert.equal(v('OBJ'), 'mp3.o');
  assert.equal(v('P'), 'a.o b.o');
  assert.equal(v('F'), 'a.o c.o');
  assert.equal(v('N'), 'c.o');
  assert.equal(v('W'), '3');
  assert.equal(v('S'), 'fEEt');
  assert.equal(v('I'), 'no');
  assert.equal(v('X'), 'a b');
});

test('conditionals: the two-pass kbuild Makefile (ifneq ($(KERNELRELEASE),)), ifdef, else ifeq, nesting', () => {
  const text = [
    'ifneq ($(KERNELRELEASE),)',
    'obj-m := mp3.o',
    'else',
    'KDIR ?= /lib/modules/$(shell uname -r)/build',
    'default:',
    '\t$(MAKE) -C $(KDIR) M=$$PWD',
    'endif',
    'ifdef DEBUG', 'ccflags-y += -DDEBUG', 'else ifeq ($(MODE),fast)', 'ccflags-y += -O3', 'else', 'ccflags-y += -O2', 'endif',
    'ifeq "a" "a"', 'ifeq (x,y)', 'Z := no', 'endif', 'Y := yes', 'endif',
  ].join('\n');
  const outer = read(text);
  assert.equal(outer.v('obj-m'), '');
  assert.equal(outer.mk.rules.get('default')!.recipe[0].text, '$(MAKE) -C $(KDIR) M=$$PWD');
  assert.equal(outer.v('ccflags-y'), '-O2');
  assert.equal(outer.v('Y'), 'yes');
  assert.equal(outer.v('Z'), '');
  const inner = read(text, { KERNELRELEASE: '5.15.0-kmlab', MODE: 'fast' });
  assert.equal(inner.v('obj-m'), 'mp3.o');
  assert.equal(inner.mk.rules.has('default'), false);
  assert.equal(inner.v('ccflags-y'), '-O3');
});

test('continuations, comments, .PHONY, inline recipes, and errors with their line', () => {
  const { mk, v } = read('# top\nOBJS := a.o \\\n   b.o # two\n.PHONY: clean all\nall: ; @echo hi\nclean:\n\trm -f $(OBJS)\n');
  assert.equal(v('OBJS'), 'a.o b.o');
  assert.deepEqual([...mk.phony], ['clean', 'all']);
  assert.deepEqual(mk.rules.get('all')!.recipe, [{ text: '@echo hi', line: 5 }]);
  assert.throws(() => read('all:\n\techo\n    echo spaces\n'), (e: Error & { line?: number }) => e.message === 'missing separator' && e.line === 3);
  assert.throws(() => read('ifeq (a,b)\nX := 1\n'), /missing 'endif'/);
  assert.throws(() => read('endif\n'), /extraneous 'endif'/);
});
