// The lab's known outcomes move the way theory says when the machine changes (issue 4):
// less RAM thrashes at a smaller N, a slower disk makes thrashing costlier, no swap means no
// major faults but OOM kills.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario, case2Jobs } from '../../src/lab/caseStudy';
import { MemHostFs } from '../../src/kernel/fs/inode';
import type { MachineConfig } from '../../src/kernel/config';
import { DISKS } from '../../src/kernel/config';

function case2(n: number, config: Partial<MachineConfig>) {
  const [job] = case2Jobs([n]);
  return runScenario(job.name, job.description, job.workload, { config, hostFs: new MemHostFs() }, n);
}

// 2 GiB leaves about 1.5 GiB for the work processes: 10 × 200 MiB no longer fits.
test('N × 200 MiB that fits in RAM: no major faults; with half the RAM the same N thrashes', () => {
  const fits = case2(10, {});
  assert.equal(fits.summary.totalMajor, 0);
  const small = case2(10, { ramMiB: 2048 });
  assert.ok(small.summary.totalMajor > 1000, `major faults with 2 GiB: ${small.summary.totalMajor}`);
  assert.ok(Math.max(...small.completionSeconds) > Math.max(...fits.completionSeconds), 'thrashing runs take longer');
});

test('a hard disk makes the same thrashing run slower and less utilized than an SSD', () => {
  const ssd = case2(10, { ramMiB: 2048, disk: DISKS.ssd });
  const hdd = case2(10, { ramMiB: 2048, disk: DISKS.hdd });
  assert.ok(hdd.summary.spanSeconds > ssd.summary.spanSeconds, `${hdd.summary.spanSeconds} vs ${ssd.summary.spanSeconds}`);
  assert.ok(hdd.summary.utilization < ssd.summary.utilization);
});

test('without swap there are no major faults, only OOM kills', () => {
  const run = case2(10, { ramMiB: 2048, swapMiB: 0 });
  assert.equal(run.summary.totalMajor, 0);
  assert.equal(run.completionSeconds.length, 10, 'every work process ended (some killed)');
  assert.ok(Math.min(...run.completionSeconds) < 19, 'the OOM killer ended some before their 20 iterations');
});
