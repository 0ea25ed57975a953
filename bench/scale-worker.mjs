// One rule over the 30-region scale snapshot, in a fresh process so peak RSS is this rule's alone.
// Usage: node bench/scale-worker.mjs <scale-worker-<rule>.cjs> <snapshot.json> <rule-id> <runs> <memory|file>
// The bundle is that rule's own (bench/build.mjs buildRuleWorker): the rule, engine and stored inventory.
//   memory: the reads' values as the live inventory made them (structured-clone copy of the recorded
//           reads, <snapshot>.v8), unchecked: what the rule's Lambda holds after its reads.
//   file:   the snapshot file through loadSnapshot (JSON parse and every value's schema check): what
//           `driftwatch scan --snapshot` holds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { deserialize } from 'node:v8';

process.removeAllListeners('warning');
const [bundle, snapshotPath, ruleId, runsArg, source] = process.argv.slice(2);
const lib = createRequire(import.meta.url)(bundle);
const baselineRss = process.memoryUsage().rss;
const rule = lib.rule;
if (rule?.meta.id !== ruleId) throw new Error(`${bundle} does not hold rule ${ruleId}`);
if (source !== 'memory' && source !== 'file')
  throw new Error(`source: expected memory or file, got ${source}`);
const snapshot =
  source === 'file' ? lib.loadSnapshot(snapshotPath) : deserialize(readFileSync(`${snapshotPath}.v8`));
const inventory =
  source === 'file' ? lib.snapshotInventory(snapshot) : new lib.StoredInventory(snapshot.reads);
const now = new Date(snapshot.capturedAt);
// What only carried the values into this process (the .v8 buffer, the file's text) is collected
// before the rule runs when the worker has --expose-gc (scale.mjs starts it so): a Lambda's reads
// never hold their pages' text all at once.
globalThis.gc?.();
const loadedRss = process.memoryUsage().rss;
const request = lib.resolveRequest(rule, {}, { regions: 'all' });
const runs = [];
let findings = 0;
for (let i = 0; i < Number(runsArg); i += 1) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const run = await lib.runRule(rule, request, { inventory, concurrency: 4, now: () => now });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  runs.push({
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  });
  findings = run.findings.length;
  if (run.partial) throw new Error(`${ruleId}: partial over the snapshot`);
}
process.stdout.write(
  JSON.stringify({
    runs,
    findings,
    baselineRssMB: baselineRss / 2 ** 20,
    loadedRssMB: loadedRss / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
