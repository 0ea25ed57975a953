import { driftCounts } from '../lib/alerting';
import { RunDeadline } from '../lib/aws/run-deadline';
import { ValidationError } from '../lib/errors';
import { severityRank } from '../lib/findings';
import type { Severity } from '../lib/findings';
import { loadSnapshot, snapshotInventory } from '../lib/inventory/snapshot-file';
import type { Inventory } from '../lib/inventory/types';
import { renderJson } from '../lib/output/json';
import { renderAsff } from '../lib/output/asff';
import { renderJunit } from '../lib/output/junit';
import { renderOcsf } from '../lib/output/ocsf';
import { buildReport } from '../lib/output/report';
import type { ScanReport, ScanSource } from '../lib/output/report';
import { renderSarif } from '../lib/output/sarif';
import { renderTable } from '../lib/output/table';
import type { RunPayload } from '../lib/request';
import { loadSuppressionsFile, parseSuppressions } from '../lib/suppressions';
import type { Suppression } from '../lib/suppressions';
import { rules as registry } from '../rules';
import bundledSuppressions from '../suppressions.json';
import { scanRules } from './evaluate';
import type { CliIo } from './io';
import { EXIT, useColour } from './io';
import { openLiveAccount } from './live';
import {
  parseChoice,
  parseDeadline,
  parseFlags,
  parseSeverity,
  payloadFromFlags,
  selectRules,
} from './options';
import { silentProgress, ttyProgress } from './progress';
import { openStateFile } from './state-file';

export const SCAN_HELP = `Usage: driftwatch scan [options]

Evaluates rules against a live AWS account (the environment's credentials) or a recorded snapshot
file, and prints the findings.

Options:
  --snapshot FILE     Scan a snapshot file instead of the live account (offline; no credentials).
                      Rules evaluate as of the snapshot's capture time, so results are reproducible.
  --rule ID           Only this rule (repeat, or comma-separate). Default: every rule (driftwatch rules).
  --regions LIST      "all" (default: every enabled region, or the snapshot's regions) or e.g. us-east-1,eu-west-1.
  --format FORMAT     table (default), json, ocsf (one OCSF 1.3 Compliance Finding per finding),
                      asff (Security Hub findings; region AWS_REGION), junit or sarif (CI gates).
  --all               Table: also show PASS and NOT_APPLICABLE findings.
  --fail-on SEVERITY  Exit 1 when there is a FAIL finding of this severity or worse
                      (critical, high, medium, low, informational). Default: exit 0 whatever the findings.
  --remediate         Carry out the rules' planned fixes (live only). Off by default: a scan only reports.
  --dry-run           With --remediate: show what would be changed, change nothing.
  --max-changes N     The most fixes one scan carries out (default 25); the rest are left for the next run.
  --suppressions FILE Accepted risks (reason, owner, expiry); default: the suppressions.json shipped with
                      driftwatch. Matching FAIL findings show as SUPPRESSED until the day after expiry.
  --state FILE        Remember findings between scans in FILE and mark each NEW, STILL_FAILING or
                      RESOLVED since the previous scan (one scan at a time per file).
  --deadline DURATION Finish within this time (90s, 15m, 2h; 1m to 12h; default 15m): AWS calls are cut
                      off when it passes, and no fix is started too close to it.
  -h, --help          Show this help.

Exit codes: 0 scanned, 1 --fail-on threshold reached, 2 could not scan (bad option, file or credentials).

Examples:
  driftwatch scan --snapshot demo/demo-account.json
  driftwatch scan --rule root-account-mfa --format json
  driftwatch scan --regions eu-west-1 --fail-on high --format ocsf > findings.ocsf.json
`;

const FORMATS = ['table', 'json', 'ocsf', 'asff', 'junit', 'sarif'] as const;

export async function scanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('scan', argv, {
    snapshot: { type: 'string' },
    rule: { type: 'string', multiple: true },
    regions: { type: 'string' },
    format: { type: 'string', default: 'table' },
    all: { type: 'boolean', default: false },
    'fail-on': { type: 'string' },
    remediate: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'max-changes': { type: 'string' },
    suppressions: { type: 'string' },
    state: { type: 'string' },
    deadline: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return EXIT.ok;
  }
  const format = parseChoice('--format', values.format ?? 'table', FORMATS);
  const failOn = parseSeverity('--fail-on', values['fail-on']);
  const deadline = RunDeadline.in(parseDeadline(values.deadline));
  // The same payload schema (bounds, region checks, de-duplication) as the Lambda's; errors name the flag.
  const flagPayload = payloadFromFlags(values);
  let regions = flagPayload.regions;
  const selected = selectRules(registry, values.rule);
  // Suppressions and drift are judged by the wall clock, even for a snapshot evaluated as of its capture.
  const wallClock = (io.now ?? (() => new Date()))();
  const ruleIds = registry.map((r) => r.meta.id);
  const suppressions: Suppression[] =
    values.suppressions !== undefined
      ? loadSuppressionsFile(values.suppressions, wallClock, ruleIds)
      : parseSuppressions(bundledSuppressions, 'suppressions.json (built in)', wallClock, ruleIds);
  // Checked before anything is scanned: a state file that cannot be read or written is exit 2.
  const store = values.state !== undefined ? openStateFile(values.state) : undefined;
  if (values.snapshot !== undefined && values.remediate) {
    throw new ValidationError(
      '--remediate needs a live account: a snapshot scan can only plan fixes (drop --snapshot or --remediate).',
      ['--remediate'],
    );
  }

  let inventory: Inventory;
  let source: ScanSource;
  let now: () => Date;
  let clients;
  if (values.snapshot !== undefined) {
    const snapshot = loadSnapshot(values.snapshot);
    if (regions === undefined) regions = snapshot.regions === 'all' ? 'all' : [...snapshot.regions];
    else if (regions !== 'all' && snapshot.regions !== 'all') {
      const captured = snapshot.regions;
      const absent = regions.filter((r) => !captured.includes(r));
      if (absent.length > 0) {
        throw new ValidationError(
          `--regions: snapshot ${values.snapshot} was captured for ${captured.join(', ')} only; it has nothing for ${absent.join(', ')}.`,
          ['--regions'],
        );
      }
    }
    inventory = snapshotInventory(snapshot);
    source = { kind: 'snapshot', file: values.snapshot, capturedAt: snapshot.capturedAt };
    const capturedAt = new Date(snapshot.capturedAt);
    now = () => capturedAt;
  } else {
    const live = await openLiveAccount();
    inventory = live.inventory;
    clients = live.clients;
    clients.setDeadline(deadline);
    source = { kind: 'live' };
    now = io.now ?? (() => new Date());
  }

  const payload: RunPayload = { ...flagPayload, ...(regions ? { regions } : {}) };
  const evaluatedAt = now();
  const scans = await scanRules({
    rules: selected,
    inventory,
    ...(clients ? { clients } : {}),
    payload,
    now,
    progress: source.kind === 'live' ? ttyProgress(io.stderr) : silentProgress,
    suppressions,
    judgedAt: wallClock,
    ...(store ? { store } : {}),
    remainingTimeMs: () => deadline.remainingMs(),
  });
  const untracked = scans.flatMap(({ run, tracking }) =>
    tracking.kind === 'unavailable' ? [`${run.ruleId}: ${tracking.error}`] : [],
  );
  for (const line of untracked) io.stderr.write(`driftwatch: drift not tracked for ${line}\n`);
  const runs = scans.map((s) => s.run);
  const report = buildReport(
    source,
    evaluatedAt,
    selected.map((r) => r.meta),
    runs,
  );
  io.stdout.write(render(report, format, io, values.all ?? false));
  if (format === 'table' && values.state !== undefined)
    io.stdout.write(untracked.length > 0 ? untrackedLine(values.state) : driftLine(report, values.state));
  // --state was asked for and could not be kept: the findings are printed, but the scan did not do its job.
  if (untracked.length > 0) return EXIT.error;
  return failOn !== undefined && tripsGate(report, failOn) ? EXIT.failOn : EXIT.ok;
}

function render(report: ScanReport, format: (typeof FORMATS)[number], io: CliIo, all: boolean): string {
  if (format === 'json') return renderJson(report);
  if (format === 'ocsf') return renderOcsf(report);
  if (format === 'asff')
    return renderAsff(report, io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1');
  if (format === 'junit') return renderJunit(report);
  if (format === 'sarif') return renderSarif(report);
  const colour = useColour(io.stdout, io.env);
  return renderTable(report, {
    colour,
    all,
    ...(io.stdout.isTTY && io.stdout.columns ? { width: io.stdout.columns } : {}),
  });
}

/** `Since the last scan (state.json): 1 new, 0 resolved, 2 still failing, 0 suppressed.` */
function driftLine(report: ScanReport, file: string): string {
  const d = driftCounts(report.findings);
  return `Since the last scan (${file}): ${d.new} new, ${d.resolved} resolved, ${d.stillFailing} still failing, ${d.suppressed} suppressed.\n`;
}

function untrackedLine(file: string): string {
  return `Since the last scan (${file}): not known; the state file could not be used (see the error above), so every failing finding is shown as is.\n`;
}

/** A FAIL finding at or above the threshold (critical is the worst). ERROR findings do not trip it. */
export function tripsGate(report: ScanReport, threshold: Severity): boolean {
  return report.findings.some(
    (f) => f.status === 'FAIL' && severityRank(f.severity) <= severityRank(threshold),
  );
}
