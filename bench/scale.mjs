// (c) Evaluation at scale: 100,000 snapshots, 10,000 volumes, 10,000 instances over 30 regions,
// through every rule with the StoredInventory (what an offline scan of a snapshot file does). The
// snapshot file is recorded once by scanning the synthetic account through the live inventory; each
// rule then runs in a fresh process: CPU time of the evaluation and the process's peak RSS, with the
// reads' values in memory as its Lambda holds them (the target), and again loading the snapshot file
// as `driftwatch scan --snapshot` does (reported).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { scaleAccount } from './accounts.mjs';
import { buildDir, buildRuleWorker, root } from './build.mjs';
import { median, round } from './table.mjs';

// Issue 15: 100k snapshots + 10k volumes + 10k instances in < 500 ms CPU and < 200 MB peak, per rule.
export const TARGETS = { cpuMs: 500, peakRssMB: 200 };
const RUNS = 3;

export async function evaluationAtScale(lib, { nodeFlags = [] } = {}) {
  const spec = scaleAccount(lib.KNOWN_REGIONS);
  // One snapshot file per rule, holding exactly the reads that rule's function makes (what its Lambda holds).
  const clients = new lib.FakeAwsClients(spec);
  const snapshots = {};
  for (const rule of lib.rules) {
    const inventory = new lib.LiveInventory(clients);
    const run = await lib.runRule(rule, lib.resolveRequest(rule, {}, { regions: 'all' }), {
      inventory,
      concurrency: 8,
      now: () => spec.now,
    });
    if (run.partial) throw new Error(`${rule.meta.id}: partial while recording the scale snapshot`);
    snapshots[rule.meta.id] = join(buildDir, `scale-${rule.meta.id}.json`);
    const snapshot = lib.buildSnapshot({
      reads: inventory.recordedReads(),
      capturedAt: spec.now,
      account: spec.account,
      regions: 'all',
    });
    lib.writeSnapshot(snapshots[rule.meta.id], snapshot);
    // The same values for the in-memory variant (scale-worker.mjs), without JSON's text.
    writeFileSync(`${snapshots[rule.meta.id]}.v8`, serialize(snapshot));
  }
  const counted = { snapshots: 0, volumes: 0, instances: 0 };
  for (const region of spec.regions) {
    const c = clients.region(region);
    counted.snapshots += c.snapshots.length;
    counted.volumes += c.volumes.length;
    counted.instances += c.instanceStatuses.length;
  }
  const rows = [];
  for (const rule of lib.rules) {
    const bundle = await buildRuleWorker(rule.meta.id, lib.functionName(rule.meta.id));
    const worker = (source) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            ...nodeFlags,
            '--expose-gc',
            join(root, 'bench', 'scale-worker.mjs'),
            bundle,
            snapshots[rule.meta.id],
            rule.meta.id,
            String(RUNS),
            source,
          ],
          { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] },
        ),
      );
    let r;
    let file;
    try {
      r = worker('memory');
      file = worker('file');
    } catch (error) {
      // A worker that runs out of heap (the capped variant) is a result, not the end of the bench.
      const oom = /heap out of memory/.test(String(error.stderr ?? ''));
      rows.push({
        rule: rule.meta.id,
        failed: oom ? `out of memory (${nodeFlags.join(' ')})` : String(error.message).slice(0, 120),
      });
      continue;
    }
    if (file.findings !== r.findings)
      throw new Error(`${rule.meta.id}: ${r.findings} findings in memory but ${file.findings} from the file`);
    rows.push({
      rule: rule.meta.id,
      findings: r.findings,
      firstCpuMs: round(r.runs[0].cpuMs),
      medianCpuMs: round(median(r.runs.map((x) => x.cpuMs))),
      medianWallMs: round(median(r.runs.map((x) => x.wallMs))),
      // RSS after loading the rule's worker bundle (minified, as its Lambda's), with the reads'
      // values in memory, and at the end of the first evaluation: what its Lambda holds.
      bundleRssMB: round(r.baselineRssMB),
      inventoryRssMB: round(r.loadedRssMB),
      peakRssMB: round(r.runs[0].peakRssMB),
      // The same rule scanning the snapshot file (driftwatch scan --snapshot): JSON text, parse and
      // schema check of every value on top. Reported, not a target.
      fileInventoryRssMB: round(file.loadedRssMB),
      filePeakRssMB: round(file.runs[0].peakRssMB),
      fileFirstCpuMs: round(file.runs[0].cpuMs),
    });
  }
  return {
    account: {
      regions: spec.regions.length,
      ...counted,
      images: spec.totals.images,
      distribution: '40% in us-east-1, the rest even over 29 regions',
    },
    runsPerRule: RUNS,
    nodeFlags,
    rules: rows,
    target: `< ${TARGETS.cpuMs} ms CPU per rule (first, cold run), < ${TARGETS.peakRssMB} MB peak RSS`,
    met: rows.every((r) => !r.failed && r.firstCpuMs < TARGETS.cpuMs && r.peakRssMB < TARGETS.peakRssMB),
  };
}
