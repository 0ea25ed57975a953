// (g) Large account: ebs-snapshot-lifecycle over 6,000 snapshots, 900 volumes and 300 instances in
// each of 3 regions, through the real SDK (HTTP, XML parsing, retries, socket timeouts) against a
// loopback server that answers a 2,000-snapshot page in 2-7 s and gets slower when pages overlap
// (bench/slow-ec2-server.mjs). "before": no per-operation limit and every call on the ordinary 15 s
// socket timeout (the configuration issue 15 measured); "after": the production defaults
// (lib/aws/operation-limits.ts). Service times, socket timeouts and the limiter's slow threshold are
// all multiplied by `scale` so the benchmark takes seconds, not minutes; the ratios are unchanged.
import { performance } from 'node:perf_hooks';
import { startSlowEc2Server } from './slow-ec2-server.mjs';
import { median, round } from './table.mjs';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const NOW = new Date('2026-03-10T10:30:00Z');
const PAGE = {
  DescribeSnapshots: 1000,
  DescribeVolumes: 500,
  DescribeImages: 1000,
  DescribeLaunchTemplateVersions: 200,
};

export const TARGETS = { completeRuns: 'all', requestsPerPage: 1.1 };

function largeSpec() {
  return {
    account: '111122223333',
    regions: REGIONS,
    now: NOW,
    mfaDevices: 0,
    instanceStoreTypes: 10,
    sizes: () => ({ volumes: 900, snapshots: 6000, images: 50, launchTemplateVersions: 30, instances: 300 }),
  };
}

/** Pages the scan needs: every listing to its end at the largest page, one call for the others. */
function pagesNeeded(sizes) {
  const pages = (n, size) => Math.max(1, Math.ceil(n / size));
  const perRegion =
    pages(sizes.snapshots, PAGE.DescribeSnapshots) +
    pages(sizes.volumes, PAGE.DescribeVolumes) +
    pages(sizes.images, PAGE.DescribeImages) +
    pages(sizes.launchTemplateVersions, PAGE.DescribeLaunchTemplateVersions) +
    1; // DescribeLockedSnapshots
  return {
    total: REGIONS.length * perRegion + 2, // + GetCallerIdentity + DescribeRegions
    snapshots: REGIONS.length * pages(sizes.snapshots, PAGE.DescribeSnapshots),
  };
}

const scaled = (table, scale) =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [k, { ...v, slowMs: v.slowMs * scale }]));

async function scanOnce(lib, server, rule, variant, scale) {
  const requestTimeoutMs = Math.max(50, Math.round(15_000 * scale));
  const clients = new lib.ClientFactory({
    requestTimeoutMs,
    credentials: async () => ({ accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' }),
    ...(variant === 'before'
      ? { operationLimits: {}, heavyRequestTimeoutMs: requestTimeoutMs }
      : { operationLimits: scaled(lib.HEAVY_OPERATIONS, scale) }),
  });
  server.reset();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const evaluation = await lib.evaluateRule(rule, lib.resolveRequest(rule, {}, { regions: REGIONS }), {
    inventory: new lib.LiveInventory(clients),
    clients,
    now: () => NOW,
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const findings = evaluation.findings ?? [];
  const errors = findings.filter((f) => f.status === 'ERROR');
  const requests = Object.values(server.stats.requests).reduce((a, b) => a + b, 0);
  const snapshotRequests = Object.entries(server.stats.requests)
    .filter(([k]) => k.startsWith('DescribeSnapshots@'))
    .reduce((a, [, n]) => a + n, 0);
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    errors: errors.length,
    errorCodes: [...new Set(errors.map((f) => f.error?.code ?? f.reason ?? 'ERROR'))],
    requests,
    snapshotRequests,
    abandoned: server.stats.abandoned,
    serverMaxInFlight: server.stats.maxInFlight,
    limiter: clients.limiter.stats(),
  };
}

export async function largeAccount(lib, { runs = 10, beforeRuns = 2, scale = 0.1 } = {}) {
  const spec = largeSpec();
  const fake = new lib.FakeAwsClients(spec);
  for (const region of REGIONS) fake.region(region);
  const server = await startSlowEc2Server({ answer: (a, r, i) => fake.answer(a, r, i), scale });
  const saved = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = server.endpoint;
  const rule = lib.rules.find((r) => r.meta.id === 'ebs-snapshot-lifecycle');
  const needed = pagesNeeded(spec.sizes());
  const rows = [];
  try {
    for (const [variant, n] of [
      ['before', beforeRuns],
      ['after', runs],
    ]) {
      const results = [];
      for (let i = 0; i < n; i += 1) results.push(await scanOnce(lib, server, rule, variant, scale));
      const complete = results.filter((r) => r.errors === 0).length;
      rows.push({
        variant,
        runs: n,
        completeRuns: complete,
        errorFindingsMedian: median(results.map((r) => r.errors)),
        errorCodes: [...new Set(results.flatMap((r) => r.errorCodes))].join(' ') || '-',
        requestsMedian: median(results.map((r) => r.requests)),
        pagesNeeded: needed.total,
        requestsPerPage: round(Math.max(...results.map((r) => r.requests)) / needed.total, 2),
        snapshotRequestsMax: Math.max(...results.map((r) => r.snapshotRequests)),
        snapshotPages: needed.snapshots,
        abandonedMax: Math.max(...results.map((r) => r.abandoned)),
        serverMaxInFlight: Math.max(...results.map((r) => r.serverMaxInFlight)),
        wallMedianS: round(median(results.map((r) => r.wallMs)) / 1000 / scale, 1),
        cpuMedianMs: round(median(results.map((r) => r.cpuMs))),
      });
      if (variant === 'after') rows.at(-1).limiterLastRun = results.at(-1).limiter;
    }
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await server.close();
  }
  const after = rows.find((r) => r.variant === 'after');
  return {
    account: { regions: REGIONS, perRegion: spec.sizes() },
    scale,
    note: 'wallMedianS is in unscaled seconds (measured / scale); CPU is as measured',
    rows: rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'limiterLastRun'))),
    limiterLastRun: after?.limiterLastRun,
    target: `every run completes with no ERROR; requests <= ${TARGETS.requestsPerPage} x pages needed`,
    met: after.completeRuns === after.runs && after.requestsPerPage <= TARGETS.requestsPerPage,
  };
}
