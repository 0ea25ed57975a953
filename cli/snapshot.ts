import { GLOBAL_REGION } from '../lib/findings';
import { buildSnapshot, writeSnapshot } from '../lib/inventory/snapshot-file';
import { ValidationError } from '../lib/errors';
import { DRIFTWATCH_VERSION } from '../lib/version';
import { rules as registry } from '../rules';
import { scanRules } from './evaluate';
import type { CliIo } from './io';
import { EXIT } from './io';
import { openLiveAccount } from './live';
import { parseFlags, parseRegions, selectRules } from './options';
import { ttyProgress } from './progress';

export const SNAPSHOT_HELP = `Usage: driftwatch snapshot --out FILE [options]

Records what the rules read from the live account (the environment's credentials) into a snapshot
file: every read each rule makes, per region, with its value or the AWS error it got. Scanning the
file later (driftwatch scan --snapshot FILE) gives the findings the account gave at capture time,
offline. Nothing in the account is changed. Format: docs/snapshot-format.md.

Options:
  --out FILE       Where to write the snapshot (JSON). Required.
  --rule ID        Record only what these rules read (repeat, or comma-separate). Default: every rule.
  --regions LIST   "all" enabled regions (default) or e.g. us-east-1,eu-west-1.
  -h, --help       Show this help.

Example:
  AWS_PROFILE=audit driftwatch snapshot --out prod-2026-11-21.json
`;

/** The flags of `driftwatch snapshot` (util.parseArgs options; shell completion is generated from them). */
export const SNAPSHOT_FLAGS = {
  out: { type: 'string' },
  rule: { type: 'string', multiple: true },
  regions: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function snapshotCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('snapshot', argv, SNAPSHOT_FLAGS);
  if (values.help) {
    io.stdout.write(SNAPSHOT_HELP);
    return EXIT.ok;
  }
  if (!values.out)
    throw new ValidationError('snapshot: --out FILE is required (see driftwatch snapshot --help).', [
      '--out',
    ]);
  const regions = parseRegions(values.regions) ?? 'all';
  const selected = selectRules(registry, values.rule);

  const live = await openLiveAccount();
  const capturedAt = (io.now ?? (() => new Date()))();
  // No clients: the rules' fixes are only planned, so recording never changes the account.
  const scans = await scanRules({
    rules: selected,
    inventory: live.inventory,
    payload: { regions },
    now: () => capturedAt,
    progress: ttyProgress(io.stderr),
  });
  const reads = live.inventory.recordedReads();
  writeSnapshot(
    values.out,
    buildSnapshot({
      reads,
      capturedAt,
      account: live.account,
      regions,
      rules: selected.map((r) => r.meta.id),
      generator: `driftwatch ${DRIFTWATCH_VERSION}`,
    }),
  );
  const failed = reads.filter((r) => 'error' in r).length;
  const scanned = new Set(scans.flatMap((s) => s.run.regions).filter((r) => r !== GLOBAL_REGION));
  io.stdout.write(
    `Recorded ${reads.length} reads (${failed} failed) from account ${live.account}, ${selected.length} rules, ${scanned.size} regions, to ${values.out}.\n`,
  );
  return EXIT.ok;
}
