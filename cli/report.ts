import { existsSync, writeFileSync } from 'node:fs';
import { ClientFactory } from '../lib/aws/clients';
import { ValidationError } from '../lib/errors';
import { loadScanJson } from '../lib/report/inputs';
import { postureReport } from '../lib/report/collect';
import type { ReportSources } from '../lib/report/collect';
import { DynamoStateStore } from '../lib/state/dynamodb';
import { FileStateStore } from '../lib/state/file';
import { rules as registry } from '../rules';
import type { CliIo } from './io';
import { EXIT } from './io';
import { parseFlags } from './options';

export const REPORT_HELP = `Usage: driftwatch report [options]

Writes one self-contained HTML page (no server, no external resource) showing posture across
accounts: an account × rule heatmap, counts, open findings with their age and remediation, time to
resolve per rule, and the last 90 days. Partial scans are shown as partial, never as passing.

Sources (at least one; they combine):
  --state FILE        A state file of driftwatch scan --state (drift, first-seen times, daily posture).
  --table NAME        The deployed state table (DynamoDB, e.g. driftwatch-prod-state), read whole.
  --region REGION     The table's region (default: AWS_REGION, else us-east-1).
  --scan FILE         A scan's JSON (driftwatch scan --format json); repeat for several accounts.
                      For a rule and account it covers, it replaces what the state says.

Options:
  --out FILE          Where to write the page (default driftwatch-report.html).
  --max-findings N    The most open findings listed, worst and oldest first (default 2000).
  -h, --help          Show this help.

Examples:
  driftwatch scan --snapshot demo/demo-account.json --format json > scan.json
  driftwatch report --scan scan.json --out report.html
  driftwatch report --table driftwatch-prod-state --region eu-west-1 --out posture.html
`;

/** The flags of `driftwatch report` (util.parseArgs options; shell completion is generated from them). */
export const REPORT_FLAGS = {
  state: { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  scan: { type: 'string', multiple: true },
  out: { type: 'string', default: 'driftwatch-report.html' },
  'max-findings': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function reportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('report', argv, REPORT_FLAGS);
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  const maxFindings = positiveCount('--max-findings', values['max-findings']);
  if (values.state === undefined && values.table === undefined && (values.scan ?? []).length === 0)
    throw new ValidationError(
      'report: give at least one source: --state FILE, --table NAME or --scan FILE (see driftwatch report --help).',
      ['--state', '--table', '--scan'],
    );
  if (values.state !== undefined && !existsSync(values.state))
    throw new ValidationError(
      `--state: no such file ${values.state} (a file written by driftwatch scan --state).`,
      ['--state'],
    );
  if (values.region !== undefined && values.table === undefined)
    throw new ValidationError('--region: only used with --table NAME (the state table’s region).', [
      '--region',
    ]);
  const stores: NonNullable<ReportSources['stores']>[number][] = [];
  if (values.state !== undefined)
    stores.push({ label: `state file ${values.state}`, store: new FileStateStore(values.state) });
  if (values.table !== undefined) {
    const region = values.region ?? io.env.AWS_REGION ?? 'us-east-1';
    stores.push({
      label: `state table ${values.table} (${region})`,
      store: new DynamoStateStore(new ClientFactory(), values.table, region),
    });
  }
  const scans = (values.scan ?? []).map((file) => ({ label: `scan ${file}`, scan: loadScanJson(file) }));
  const { html, model } = await postureReport({
    stores,
    scans,
    rules: registry.map((r) => r.meta),
    now: (io.now ?? (() => new Date()))(),
    ...(maxFindings !== undefined ? { maxFindings } : {}),
  });
  const out = values.out ?? 'driftwatch-report.html';
  writeFileSync(out, html);
  const kb = Math.ceil(Buffer.byteLength(html) / 1024);
  io.stdout.write(
    `Wrote ${out} (${kb} KB): ${model.accounts.length} accounts, ${model.rules.length} rules, ${model.openTotal} open findings.\n`,
  );
  return EXIT.ok;
}

/** A whole number from 1 to 1,000,000, or undefined when the flag is absent. */
function positiveCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1_000_000)
    throw new ValidationError(`${flag}: expected a whole number from 1 to 1000000, got "${value}".`, [flag]);
  return n;
}
