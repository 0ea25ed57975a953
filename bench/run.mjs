// `npm run bench`: builds the function bundles (the npm script does) and the bench bundle, runs every
// benchmark, prints a table per benchmark and writes bench/results/latest.json. Not part of npm test.
//   (a) API efficiency     calls per operation vs ceil(items / largest page), full scan, live inventory
//   (b) region parallelism 17-region wall time vs the slowest single region, simulated latency
//   (c) evaluation at scale 100k snapshots / 10k volumes / 10k instances / 30 regions, every rule
//   (d) cold start         bundle size and require() init time per function
//   (e) snapshot planner   bench/ebs-planner.mjs (the planner alone over 100k snapshots in one region)
//   (f) organization       bench/org-simulation.mjs (1,000 accounts x 17 regions, fan-out with a concurrency cap)
//   (g) large account      ebs-snapshot-lifecycle, 3 x 6,000 snapshots behind a slow loopback EC2 server, 10 runs
// `node bench/run.mjs --only=a,c` runs a subset; `--rules=ec2-network,iam-policies` limits (a)–(c) to those rules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { apiEfficiency } from './api-efficiency.mjs';
import { buildDir, loadBench, root } from './build.mjs';
import { coldStart } from './cold-start.mjs';
import { regionParallelism } from './region-parallelism.mjs';
import { largeAccount } from './large-account.mjs';
import { evaluationAtScale } from './scale.mjs';
import { printTable, round } from './table.mjs';

// The SDK warns once that Node 20 support ends in 2027; it is noise in a benchmark table.
process.removeAllListeners('warning');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (key) => !only || only.includes(key);
const ruleIds = process.argv
  .find((a) => a.startsWith('--rules='))
  ?.slice('--rules='.length)
  .split(',');

const started = performance.now();
mkdirSync(buildDir, { recursive: true });
const bench = await loadBench();
const unknownRules = (ruleIds ?? []).filter((id) => !bench.rules.some((r) => r.meta.id === id));
if (unknownRules.length > 0)
  throw new Error(
    `--rules: unknown ${unknownRules.join(', ')}; expected ids from: ${bench.rules.map((r) => r.meta.id).join(', ')}`,
  );
const lib = {
  ...bench,
  rules: ruleIds ? bench.rules.filter((r) => ruleIds.includes(r.meta.id)) : bench.rules,
};
const cpus = os.cpus();
const results = {
  date: new Date().toISOString(),
  machine: {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: round(os.loadavg()[0], 2),
  },
};

if (wanted('a')) {
  const a = (results.apiEfficiency = await apiEfficiency(lib));
  printTable(
    `(a) API efficiency: full scan, ${a.account.regions} regions — ${a.target}: ${a.met ? 'MET' : 'MISSED'}`,
    a.operations,
  );
  console.log(
    `total ${a.total.calls} calls for a minimum of ${a.total.minimum} (${a.total.ratio}x); worst ${a.worst.operation} ${a.worst.ratio}x`,
  );
}
if (wanted('b')) {
  const b = (results.regionParallelism = await regionParallelism(lib));
  printTable(
    `(b) Region parallelism (${b.latency}) — ${b.target}: ${Object.entries(b.metAt)
      .map(([c, ok]) => `concurrency ${c} ${ok ? 'MET' : 'MISSED'}`)
      .join(', ')}`,
    b.scans,
  );
}
if (wanted('c')) {
  const c = (results.evaluationAtScale = await evaluationAtScale(lib));
  printTable(
    `(c) Evaluation at scale (${c.account.snapshots} snapshots, ${c.account.volumes} volumes, ${c.account.instances} instances, ${c.account.regions} regions) — ${c.target}: ${c.met ? 'MET' : 'MISSED'}`,
    c.rules,
  );
  // The same with the old-space heap capped as in a small Lambda, to see what garbage collection recovers.
  const capped = (results.evaluationAtScaleHeapCapped = await evaluationAtScale(lib, {
    nodeFlags: ['--max-old-space-size=160'],
  }));
  printTable(`(c') The same with --max-old-space-size=160: ${capped.met ? 'MET' : 'MISSED'}`, capped.rules);
}
if (wanted('d')) {
  const d = (results.coldStart = await coldStart());
  printTable(
    `(d) Cold start: require() of each bundle, median of ${d.runsPerFunction} fresh processes`,
    d.functions,
  );
}
if (wanted('e')) {
  results.snapshotPlanner = JSON.parse(
    // --expose-gc: the planner bench collects garbage before each of its plans, so each plan's peak
    // is its own (a Lambda plans once per invocation), not the sum of the ones before.
    execFileSync(process.execPath, ['--expose-gc', join(root, 'bench', 'ebs-planner.mjs')], {
      encoding: 'utf8',
    }),
  );
  const p = results.snapshotPlanner;
  printTable('(e) ebs-snapshot-lifecycle planner alone, 100,000 snapshots in one region', [
    {
      planCpuMsMedian: p.planCpuMs.median,
      planMsFirst: p.planMs.first,
      peakRssMB: p.peakMemoryMB.rss,
      listingPages: p.listingPagesTotal,
    },
  ]);
}

if (wanted('f')) {
  results.orgSimulation = JSON.parse(
    execFileSync(process.execPath, [join(root, 'bench', 'org-simulation.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    }),
  );
  const o = results.orgSimulation;
  printTable(
    `(f) Organization fan-out: ${o.accounts} accounts x ${o.regions} regions, maximumConcurrency ${o.maximumConcurrency}, ${o.latencyMsPerCall} ms a call`,
    o.rules,
  );
}

if (wanted('g')) {
  const g = (results.largeAccount = await largeAccount(lib));
  printTable(
    `(g) Large account (${g.account.regions.length} regions x ${g.account.perRegion.snapshots} snapshots, slow loopback EC2 at scale ${g.scale}) — ${g.target}: ${g.met ? 'MET' : 'MISSED'}`,
    g.rows,
  );
}

results.benchSeconds = round((performance.now() - started) / 1000);
const out = process.env.DRIFTWATCH_BENCH_DIR
  ? join(process.env.DRIFTWATCH_BENCH_DIR, 'latest.json')
  : join(root, 'bench', 'results', 'latest.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote ${out} (${results.benchSeconds} s)`);
