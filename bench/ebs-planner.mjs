// Benchmark: plan ebs-snapshot-lifecycle over 100,000 snapshots / 10,000 volumes / 2,000 AMIs, with
// tiered retentions, cross-region copies (10,000 copies already in the destination listing), 100 locks
// and archiving after 90 days. Budget (large-accounts issue): < 500 ms CPU, < 200 MB.
// Reports planning time, peak memory (RSS and heap, the highest over five plans each started after a
// full GC; run with --expose-gc), and the API pages listing that inventory takes
// at the reads' page sizes. Run on demand: `node bench/ebs-planner.mjs` (not part of npm test).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'));
const out = join(dir, 'planner.cjs');
// The planner and policy are pure; bundle them alone (PAGE_SIZE comes along from lib/inventory/ebs).
await build({
  stdin: {
    contents: `export { planSnapshots, MANAGED_TAGS, MANAGER } from './rules/ebs-snapshot-lifecycle/snapshot-planner';\nexport { PAGE_SIZE } from './lib/inventory/ebs';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  mainFields: ['module', 'main'],
  outfile: out,
  logLevel: 'error',
});
const { planSnapshots, MANAGED_TAGS, MANAGER, PAGE_SIZE } = createRequire(import.meta.url)(out);
rmSync(dir, { recursive: true, force: true });

const VOLUMES = 10_000;
const SNAPSHOTS = 100_000;
const AMIS = 2_000;
const now = new Date('2026-03-10T10:30:00Z');
const HOUR = 3_600_000;
const schedules = ['hourly', 'daily@03:00', 'weekly@sun@02:00', 'every-6h'];
const retentions = [
  '7',
  'daily=7,weekly=4,monthly=12',
  '7,14d',
  'hourly=24,daily=14,weekly=8,monthly=12,yearly=3',
];

const volumes = Array.from({ length: VOLUMES }, (_, i) => ({
  id: `vol-${i.toString(16).padStart(17, '0')}`,
  state: 'in-use',
  availabilityZone: 'us-east-1a',
  sizeGiB: 8,
  tags:
    i % 10 === 0
      ? { Name: `v${i}` }
      : {
          Name: `v${i}`,
          'driftwatch:snapshot-schedule': schedules[i % 4],
          'driftwatch:snapshot-retention': retentions[i % 4],
          ...(i % 3 === 0
            ? {
                'driftwatch:snapshot-copy-to':
                  i % 2 ? 'eu-west-1:daily=7,weekly=4' : 'eu-west-1,us-west-2:14d',
              }
            : {}),
        },
}));
// 80% managed (spread over the tagged volumes and some deleted ones), 20% taken by hand.
const snapshots = Array.from({ length: SNAPSHOTS }, (_, i) => {
  const managed = i % 5 !== 0;
  const volumeId = i % 97 === 0 ? `vol-gone-${i % 500}` : volumes[(i * 7) % VOLUMES].id;
  // A volume's ten snapshots are i, i + 10,000, ...: a month apart, so the monthly and yearly tiers
  // claim several of them (all at one time, as before, left the archive nothing to keep 90 days).
  const startTime = new Date(
    now.getTime() - (i % 2000) * 6 * HOUR - Math.floor(i / VOLUMES) * 30 * 24 * HOUR,
  ).toISOString();
  const tags = managed
    ? {
        Name: 'x',
        [MANAGED_TAGS.managedBy]: MANAGER,
        [MANAGED_TAGS.volumeId]: volumeId,
        [MANAGED_TAGS.retention]: retentions[i % 4],
      }
    : { Name: 'manual' };
  return { id: `snap-${i.toString(16).padStart(17, '0')}`, volumeId, state: 'completed', startTime, tags };
});
const inUse = Array.from({ length: AMIS }, (_, i) => ({
  snapshotId: snapshots[i * 37].id,
  usedBy: `ami-${i}`,
}));

// The destinations' listings: a copy of every tenth snapshot already there; 100 locked snapshots.
const copied = new Map(
  snapshots.filter((_, i) => i % 10 === 0).map((s) => [s.id, `snap-copy-${s.id.slice(5)}`]),
);
const destinations = new Map([
  ['eu-west-1', { ok: true, copies: copied }],
  ['us-west-2', { ok: true, copies: new Map() }],
]);
const locked = new Map(Array.from({ length: 100 }, (_, i) => [snapshots[i * 101].id, 'governance']));

globalThis.gc?.();
const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 5);
const runs = [];
const cpu = [];
let plan;
for (let r = 0; r < 5; r += 1) {
  // Each run measures one plan, as a region's evaluation makes one: the previous plans' garbage is
  // collected first (outside the timing). Without this the five back-to-back plans' garbage piles up
  // in the old generation and the peak is the fifth plan's (211 MB against 166 MB).
  globalThis.gc?.();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  plan = planSnapshots({
    volumes,
    snapshots,
    inUse,
    scheduleTag: 'driftwatch:snapshot-schedule',
    retentionTag: 'driftwatch:snapshot-retention',
    maxDeletions: 100,
    now,
    region: 'us-east-1',
    copyTag: 'driftwatch:snapshot-copy-to',
    destinations,
    locked,
    orphanPolicy: { kind: 'keep', count: 1, text: 'keep-newest' },
    archiveAfterDays: 90,
  });
  runs.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}
clearInterval(sampler);

const pages = {
  'ec2:DescribeVolumes': Math.ceil(VOLUMES / PAGE_SIZE.volumes),
  'ec2:DescribeSnapshots': Math.ceil(SNAPSHOTS / PAGE_SIZE.snapshots),
  'ec2:DescribeImages': Math.ceil(AMIS / PAGE_SIZE.images),
  'ec2:DescribeLaunchTemplateVersions': 1,
};
console.log(
  JSON.stringify(
    {
      inventory: { volumes: VOLUMES, snapshots: SNAPSHOTS, amis: AMIS },
      // Wall time is inflated on a shared, loaded machine; CPU time (all threads, GC included) is the steadier figure.
      planMs: { first: +runs[0].toFixed(1), median: +[...runs].sort((a, b) => a - b)[2].toFixed(1) },
      planCpuMs: { median: +[...cpu].sort((a, b) => a - b)[2].toFixed(1) },
      loadAverage: (await import('node:os')).loadavg()[0].toFixed(2),
      peakMemoryMB: { rss: +(peakRss / 2 ** 20).toFixed(1), heapUsed: +(peakHeap / 2 ** 20).toFixed(1) },
      listingPages: pages,
      listingPagesTotal: Object.values(pages).reduce((a, b) => a + b, 0),
      plan: {
        volumes: plan.volumes.length,
        toCreate: plan.volumes.filter((v) => v.kind === 'policy' && v.due).length,
        toDelete: plan.delete.length,
        leftForNextRun: plan.deferred.length,
        keptInUse: plan.keptInUse.length,
        keptLocked: plan.keptLocked.length,
        toCopy: plan.volumes
          .flatMap((v) => (v.kind === 'policy' ? v.copies : []))
          .filter((c) => c.status === 'due').length,
        toArchive: plan.archive.length,
        orphanedVolumes: plan.orphans.length,
        unmanaged: plan.unmanagedCount,
      },
    },
    null,
    2,
  ),
);
