// The C snippets for the real MP3 module: well-formed, contributed, and current for Linux 5.15+.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const contribution = (pkg.contributes.snippets ?? []) as { language: string; path: string }[];
const SNIPPETS_PATH = './snippets/mp3-kernel.code-snippets';

interface Snippet { prefix: string; body: string[]; description: string }
const raw = readFileSync(SNIPPETS_PATH, 'utf8');
const snippets = JSON.parse(raw) as Record<string, Snippet>;
const byPrefix = new Map(Object.values(snippets).map((s) => [s.prefix, s]));
const code = (prefix: string): string => {
  const s = byPrefix.get(prefix);
  assert.ok(s, `no snippet ${prefix}`);
  return s.body.join('\n');
};
const allCode = Object.values(snippets).map((s) => s.body.join('\n')).join('\n');
const stripComments = (c: string): string => c.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

test('the snippets file is contributed for C and exists', () => {
  const c = contribution.find((x) => x.path === SNIPPETS_PATH);
  assert.ok(c, 'package.json contributes.snippets entry');
  assert.equal(c.language, 'c');
  assert.ok(existsSync(c.path));
});

test('every snippet has an mp3- prefix, a body and a description', () => {
  assert.ok(Object.keys(snippets).length >= 10);
  const prefixes = new Set<string>();
  for (const [name, s] of Object.entries(snippets)) {
    assert.equal(typeof s.prefix, 'string', name);
    assert.match(s.prefix, /^mp3-[a-z0-9-]+$/, name);
    assert.ok(!prefixes.has(s.prefix), `duplicate prefix ${s.prefix}`);
    prefixes.add(s.prefix);
    assert.ok(Array.isArray(s.body) && s.body.length > 0 && s.body.every((l) => typeof l === 'string'), name);
    assert.ok(typeof s.description === 'string' && s.description.length > 30, name);
    assert.deepEqual(Object.keys(s).sort(), ['body', 'description', 'prefix'], name);
  }
});

test('snippet syntax: every $ is a tab stop or placeholder, braces and parentheses balance', () => {
  for (const [name, s] of Object.entries(snippets)) {
    const body = s.body.join('\n');
    for (const m of body.matchAll(/\$/g)) {
      const rest = body.slice((m.index ?? 0) + 1);
      assert.match(rest, /^(\d|\{\d+[:}])/, `${name}: stray $ in "${rest.slice(0, 20)}"`);
    }
    const c = body.replace(/\$\{\d+:[^}]*\}/g, 'X').replace(/\$\d/g, '')
      .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/"(\\.|[^"\\])*"/g, '""').replace(/'(\\.|[^'\\])*'/g, "''");
    for (const [open, close] of [['{', '}'], ['(', ')'], ['[', ']']]) {
      assert.equal(c.split(open).length, c.split(close).length, `${name}: unbalanced ${open}${close}`);
    }
  }
});

test('proc entries use struct proc_ops (Linux 5.6+), never file_operations', () => {
  for (const [name, s] of Object.entries(snippets)) {
    const body = s.body.join('\n');
    if (s.prefix.startsWith('mp3-proc')) assert.doesNotMatch(stripComments(body), /file_operations/, name);
    for (const call of body.matchAll(/proc_create\(([^;]*)\)/g)) {
      assert.match(call[1], /&mp3_proc_ops/, `${name}: ${call[0]}`);
    }
  }
  const proc = code('mp3-proc-create');
  assert.match(proc, /static const struct proc_ops mp3_proc_ops/);
  assert.match(proc, /\.proc_read\s*=/);
  assert.match(proc, /\.proc_write\s*=/);
  assert.doesNotMatch(stripComments(proc), /file_operations/);
  assert.doesNotMatch(stripComments(proc), /\.owner/, 'proc_ops has no owner field');
  assert.match(proc, /proc_mkdir\("mp3", NULL\)/);
  assert.match(proc, /proc_create\("status", 0666/);
  // Removed or deprecated APIs must not appear anywhere.
  assert.doesNotMatch(allCode, /create_proc_entry|create_proc_read_entry|proc_create\([^)]*&mp3_fops/);
});

test('the write handler parses R/U <pid> safely', () => {
  const w = code('mp3-proc-write');
  for (const s of ['copy_from_user', 'kstrtoint', 'sizeof(kbuf)', "'\\0'", '-EINVAL', '-EFAULT', 'return count', "'R'", "'U'"]) {
    assert.ok(w.includes(s), s);
  }
});

test('the read handler lists PIDs under the lock with the *ppos EOF convention', () => {
  const r = code('mp3-proc-read');
  for (const s of ['ppos', 'simple_read_from_buffer', 'mutex_lock', 'mutex_unlock', 'list_for_each_entry', '"%d\\n"']) assert.ok(r.includes(s), s);
});

test('the registration list uses list_head and a mutex, and starts/stops the work', () => {
  const l = code('mp3-task-list');
  for (const s of ['struct list_head', 'LIST_HEAD(', 'DEFINE_MUTEX(', 'list_add_tail', 'list_del', 'list_for_each_entry_safe', 'kfree', 'queue_delayed_work', 'cancel_delayed_work_sync', 'msecs_to_jiffies(50)', '-ESRCH', '-EEXIST', '-ENOENT']) {
    assert.ok(l.includes(s), s);
  }
});

test('delayed work: init, queue every 50 ms, cancel, destroy', () => {
  const d = code('mp3-delayed-work');
  for (const s of ['INIT_DELAYED_WORK', 'queue_delayed_work', 'msecs_to_jiffies', 'MP3_PERIOD_MS 50', 'cancel_delayed_work_sync', 'destroy_workqueue']) assert.ok(d.includes(s), s);
});

test('the work handler samples with get_cpu_use into the ring, 4 unsigned longs at a time', () => {
  const h = code('mp3-work-handler');
  assert.match(h, /get_cpu_use\(t->pid, &min_flt, &maj_flt, &utime, &stime\) == -1/);
  assert.equal((h.match(/profiler_buf\[buf_idx\+\+\]/g) ?? []).length, 4);
  for (const s of ['jiffies', 'MP3_BUF_LONGS', 'buf_idx = 0', 'mutex_lock', 'queue_delayed_work', 'utime + stime']) assert.ok(h.includes(s), s);
});

test('the buffer is vmalloc + 0xff + SetPageReserved, freed with ClearPageReserved + vfree', () => {
  const a = code('mp3-buffer-alloc');
  for (const s of ['vmalloc(', 'memset(profiler_buf, 0xff', 'SetPageReserved(vmalloc_to_page', 'PAGE_SIZE', 'MP3_BUF_PAGES 128', 'MP3_BUF_LONGS 48000']) assert.ok(a.includes(s), s);
  const f = code('mp3-buffer-free');
  assert.ok(f.indexOf('ClearPageReserved') >= 0 && f.indexOf('ClearPageReserved') < f.indexOf('vfree('));
});

test('the character device uses major 423 with register_chrdev_region and cdev', () => {
  const c = code('mp3-chrdev');
  for (const s of ['MP3_MAJOR 423', 'register_chrdev_region(MKDEV(MP3_MAJOR, 0), 1', 'cdev_init', 'cdev_add', 'cdev_del', 'unregister_chrdev_region', 'struct file_operations', '.mmap', 'THIS_MODULE']) {
    assert.ok(c.includes(s), s);
  }
});

test('mmap maps page by page with vmalloc_to_pfn + remap_pfn_range and rejects oversize', () => {
  const m = code('mp3-mmap');
  assert.match(m, /for \(off = 0; off < size; off \+= PAGE_SIZE\)/);
  assert.match(m, /vmalloc_to_pfn\(/);
  assert.match(m, /remap_pfn_range\(vma, vma->vm_start \+ off, pfn, PAGE_SIZE, vma->vm_page_prot\)/);
  assert.match(m, /size > MP3_BUF_SIZE/);
  assert.match(m, /-EINVAL/);
});

test('the module skeleton unwinds with goto in reverse order and exit undoes everything', () => {
  const s = code('mp3-module');
  const labels = [...s.matchAll(/^(err_\w+):/gm)].map((m) => m[1]);
  assert.ok(labels.length >= 4, 'goto labels');
  for (const l of labels) assert.ok(s.includes(`goto ${l};`), `label ${l} is never used`);
  const exit = s.slice(s.indexOf('mp3_exit(void)'));
  for (const f of ['cdev_del', 'unregister_chrdev_region', 'remove_proc_entry', 'cancel_delayed_work_sync', 'destroy_workqueue', 'mp3_free_buffer']) {
    assert.ok(exit.includes(f), `exit misses ${f}`);
  }
  assert.ok(exit.indexOf('cancel_delayed_work_sync') < exit.indexOf('mp3_free_buffer'), 'work stops before the buffer goes');
  assert.match(s, /MODULE_LICENSE\("GPL"\)/);
});

test('no floating point anywhere in the kernel snippets', () => {
  const stripped = allCode.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/"(\\.|[^"\\])*"/g, '""');
  assert.doesNotMatch(stripped, /\b(float|double)\b/);
  assert.doesNotMatch(stripped, /\d\.\d/);
});
