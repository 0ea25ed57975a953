// (b) Region parallelism: the wall time of a 17-region scan against the slowest single region, with
// per-call latency simulated (20-59 ms a call depending on the region, like distance from Lambda).
import { performance } from 'node:perf_hooks';
import { parallelAccount } from './accounts.mjs';
import { median, round } from './table.mjs';

export const TARGET_RATIO = 1.3;

const latencyMs = (spec) => (region) => 20 + ((spec.regions.indexOf(region) * 7) % 40);

async function scan(lib, spec, rule, regions, concurrency, contents, clientOptions = {}) {
  const clients = new lib.FakeAwsClients(spec, { latencyMs: latencyMs(spec), contents, ...clientOptions });
  const request = lib.resolveRequest(rule, {}, { regions });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const run = await lib.runRule(rule, request, {
    inventory: new lib.LiveInventory(clients),
    clients,
    concurrency,
    now: () => spec.now,
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (run.partial) throw new Error(`${rule.meta.id}: partial scan`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, calls: clients.counter.total() };
}

export async function regionParallelism(lib, { concurrencies = [4, 17], clientOptions = {} } = {}) {
  const spec = parallelAccount();
  // Generate the synthetic contents once, outside the timed scans.
  const contents = new Map();
  const warm = new lib.FakeAwsClients(spec, { contents });
  for (const region of spec.regions) warm.region(region);
  warm.account();
  const rows = [];
  for (const rule of lib.rules.filter((r) => r.meta.scope === 'regional')) {
    // The slowest region alone. A warm-up scan first (JIT, the fake's caches), so the first region
    // of the pass is not the slowest only for being first; then one pass over every region, and the
    // median of three runs of each of the three slowest of that pass.
    await scan(lib, spec, rule, spec.regions, 17, contents, clientOptions);
    const pass = [];
    for (const region of spec.regions)
      pass.push({ region, ms: (await scan(lib, spec, rule, [region], 4, contents, clientOptions)).ms });
    let slowest = { region: '', ms: 0 };
    for (const { region } of pass.sort((a, b) => b.ms - a.ms).slice(0, 3)) {
      const runs = [];
      for (let i = 0; i < 3; i += 1)
        runs.push((await scan(lib, spec, rule, [region], 4, contents, clientOptions)).ms);
      if (median(runs) > slowest.ms) slowest = { region, ms: median(runs) };
    }
    const slowestMs = slowest.ms;
    for (const concurrency of concurrencies) {
      const runs = [];
      const cpu = [];
      let calls = 0;
      for (let i = 0; i < 3; i += 1) {
        const r = await scan(lib, spec, rule, 'all', concurrency, contents, clientOptions);
        runs.push(r.ms);
        cpu.push(r.cpuMs);
        calls = r.calls;
      }
      const wall = median(runs);
      rows.push({
        rule: rule.meta.id,
        concurrency,
        regions: spec.regions.length,
        calls,
        slowestRegion: slowest.region,
        slowestRegionMs: round(slowestMs),
        allRegionsMs: round(wall),
        ratio: round(wall / slowestMs, 2),
        // Evaluation and SDK work run on one thread: this part of the wall time cannot overlap.
        allRegionsCpuMs: round(median(cpu)),
      });
    }
  }
  return {
    latency: '20-59 ms per call by region (20 + 7*index mod 40)',
    scans: rows,
    target: `17-region wall <= ${TARGET_RATIO} x slowest region`,
    metAt: Object.fromEntries(
      concurrencies.map((c) => [
        c,
        rows.filter((r) => r.concurrency === c).every((r) => r.ratio <= TARGET_RATIO),
      ]),
    ),
  };
}
