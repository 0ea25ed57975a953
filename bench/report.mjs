// HTML posture report at fleet scale: N accounts x R rules x F finding states each (a quarter open,
// the rest resolved, so MTTR and percentiles have work), and 90 days of daily posture per rule run.
// Times the model (buildPosture) and the page (renderHtmlReport) separately, and the page's size.
// Target (issue 20): 1,000 x 20 x 100 in < 5 s and < 20 MB of HTML.
//
//   node bench/report.mjs [--accounts 1000] [--rules 20] [--findings 100] [--days 90]
//
// Runs on its own; not part of npm test.
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDir, root } from './build.mjs';
import { printTable, round } from './table.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const ACCOUNTS = option('accounts', 1000);
const RULES = option('rules', 20);
const FINDINGS = option('findings', 100);
const DAYS = option('days', 90);

const outfile = join(buildDir, 'report-bench.cjs');
await build({
  entryPoints: [join(root, 'bench', 'entries', 'report.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile,
  logLevel: 'error',
});
const { buildPosture, renderHtmlReport } = createRequire(import.meta.url)(outfile);

const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();
const ruleIds = Array.from({ length: RULES }, (_, r) => `synthetic-rule-${String(r + 1).padStart(2, '0')}`);
const metas = ruleIds.map((id) => ({
  id,
  title: `Rule ${id} holds`,
  remediation: { text: `Fix ${id}.`, url: 'https://example.com/' },
}));
const statuses = ['FAIL', 'FAIL', 'ERROR', 'SUPPRESSED'];

const genStart = performance.now();
const runs = [];
const posture = [];
for (let a = 0; a < ACCOUNTS; a += 1) {
  const account = String(100000000000 + a);
  for (let r = 0; r < RULES; r += 1) {
    const ruleId = ruleIds[r];
    const states = [];
    for (let f = 0; f < FINDINGS; f += 1) {
      const open = f % 4 === 0;
      const firstSeen = now.getTime() - ((a * 7 + r * 13 + f) % 60) * DAY;
      states.push({
        id: `${ruleId}|${account}|eu-west-1|vol-${a}-${r}-${f}`,
        status: open ? statuses[(a + r + f) % 4] : 'PASS',
        firstSeen: iso(firstSeen),
        lastSeen: open ? iso(now.getTime()) : iso(firstSeen + ((f * 37) % 200) * 3_600_000),
        severity: ['critical', 'high', 'medium', 'low'][(r + f) % 4],
        region: 'eu-west-1',
        resourceType: 'AwsEc2Volume',
        resourceId: `vol-${a}-${r}-${f}`,
        message: `Volume vol-${a}-${r}-${f} in ${account} has no snapshot for its tagged schedule.`,
      });
    }
    runs.push({ ruleId, account, states });
    for (let d = 0; d < DAYS; d += 1)
      posture.push({
        ruleId,
        account,
        day: iso(now.getTime() - d * DAY).slice(0, 10),
        counts: {
          FAIL: FINDINGS / 8,
          ERROR: FINDINGS / 16,
          PASS: FINDINGS / 2,
          NOT_APPLICABLE: 0,
          SUPPRESSED: FINDINGS / 16,
        },
        partial: (a + r + d) % 97 === 0,
        recordedAt: iso(now.getTime() - d * DAY),
      });
  }
}
const genMs = performance.now() - genStart;

const t0 = performance.now();
const model = buildPosture({ state: { runs, posture }, rules: metas, sources: ['synthetic state'], now });
const t1 = performance.now();
const html = renderHtmlReport(model);
const t2 = performance.now();
const bytes = Buffer.byteLength(html);

printTable(
  `HTML report: ${ACCOUNTS} accounts x ${RULES} rules x ${FINDINGS} findings, ${DAYS} days of posture`,
  [
    {
      'finding states': ACCOUNTS * RULES * FINDINGS,
      'posture records': posture.length,
      'open findings': model.openTotal,
      listed: model.open.length,
      'input gen (s)': round(genMs / 1000, 2),
      'model (s)': round((t1 - t0) / 1000, 2),
      'render (s)': round((t2 - t1) / 1000, 2),
      'total (s)': round((t2 - t0) / 1000, 2),
      'HTML (MB)': round(bytes / 1_048_576, 2),
      'heap (MB)': round(process.memoryUsage().heapUsed / 1_048_576, 0),
    },
  ],
);
const ok = t2 - t0 < 5_000 && bytes < 20 * 1_048_576;
console.log(ok ? '\nwithin target (< 5 s, < 20 MB)' : '\nOVER TARGET (< 5 s, < 20 MB)');
process.exitCode = ok ? 0 : 1;
