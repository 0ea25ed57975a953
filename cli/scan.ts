import { RunDeadline } from '../lib/aws/run-deadline';
import { ValidationError } from '../lib/errors';
import type { NotRecorded } from '../lib/output/report';
import { buildReport } from '../lib/output/report';
import type { RunPayload } from '../lib/request';
import { loadSuppressionsFile, parseSuppressions } from '../lib/suppressions';
import type { Suppression } from '../lib/suppressions';
import { rules as registry } from '../rules';
import bundledSuppressions from '../suppressions.json';
import { applyAwsTarget, parseAwsTarget } from './aws-target';
import { scanRules } from './evaluate';
import { excludeRules, parseExcludedRegions, withoutRegions } from './exclusions';
import { parseFailOn, tripsGate } from './fail-on';
import type { CliIo } from './io';
import { EXIT } from './io';
import { notRecorded, notRecordedLine } from './not-recorded';
import { parseChoice, parseDeadline, parseFlags, payloadFromFlags, selectRules } from './options';
import { ruleParams } from './params';
import { silentProgress, ttyProgress } from './progress';
import { FORMATS, SCAN_FLAGS, SCAN_HELP } from './scan-flags';
import { driftLine, outputTarget, render, untrackedLine } from './scan-output';
import { openScanSource } from './scan-source';
import { openStateFile } from './state-file';

export { SCAN_HELP } from './scan-flags';

/**
 * `driftwatch scan`: every flag is checked before any AWS call (exit 2, one line naming the flag),
 * then the rules run through the scan pipeline (cli/evaluate.ts) and the report is printed.
 */
export async function scanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('scan', argv, SCAN_FLAGS);
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return EXIT.ok;
  }
  const format = parseChoice('--format', values.format ?? 'table', FORMATS);
  const gate = parseFailOn(values['fail-on']);
  const deadline = RunDeadline.in(parseDeadline(values.deadline));
  // The same payload schema (bounds, region checks, de-duplication) as the Lambda's; errors name the flag.
  const flagPayload = payloadFromFlags(values);
  if (values.region !== undefined && values.regions !== undefined)
    throw new ValidationError('--region: give one of --region REGION or --regions LIST, not both.', [
      '--region',
    ]);
  const target = parseAwsTarget(values, io.env);
  const regionsFlag = target.region !== undefined ? '--region' : '--regions';
  const excludedRegions = parseExcludedRegions(values['exclude-regions']);
  const selected = excludeRules(selectRules(registry, values.rule), registry, values['exclude-rule']);
  // Validated against each rule's schema as the deployed function validates DRIFTWATCH_PARAMS and its payload.
  const params = ruleParams(selected, registry, {
    env: io.env.DRIFTWATCH_PARAMS,
    json: values.params,
    pairs: values.param,
  });
  // Suppressions and drift are judged by the wall clock, even for a snapshot evaluated as of its capture.
  const wallClock = (io.now ?? (() => new Date()))();
  const ruleIds = registry.map((r) => r.meta.id);
  const suppressions: Suppression[] =
    values.suppressions !== undefined
      ? loadSuppressionsFile(values.suppressions, wallClock, ruleIds)
      : parseSuppressions(bundledSuppressions, 'suppressions.json (built in)', wallClock, ruleIds);
  if (values.snapshot !== undefined && values.remediate) {
    throw new ValidationError(
      '--remediate needs a live account: a snapshot scan can only plan fixes (drop --snapshot or --remediate).',
      ['--remediate'],
    );
  }
  if (values.snapshot !== undefined && target.profile !== undefined)
    throw new ValidationError(
      '--profile: a snapshot scan reads no AWS account (drop --snapshot or --profile).',
      ['--profile'],
    );
  // Checked before anything is scanned: a state or output file that cannot be written is exit 2.
  const store = values.state !== undefined ? openStateFile(values.state) : undefined;
  const output = outputTarget(values.output, io);
  const restoreEnv = values.snapshot === undefined ? applyAwsTarget(target) : () => {};
  try {
    const code = await scan();
    output.close();
    return code;
  } finally {
    output.abandon();
    restoreEnv();
  }

  async function scan(): Promise<number> {
    const opened = await openScanSource(
      values.snapshot,
      target.region !== undefined ? [target.region] : flagPayload.regions,
      regionsFlag,
      io,
    );
    opened.clients?.setDeadline(deadline);
    let regions = opened.regions;
    if (excludedRegions !== undefined)
      regions = await withoutRegions(regions ?? 'all', excludedRegions, opened.inventory);
    const payload: RunPayload = {
      ...flagPayload,
      ...(regions ? { regions: regions === 'all' ? regions : [...regions] } : {}),
    };
    const evaluatedAt = opened.now();
    const missing: NotRecorded[] = [];
    const scans = await scanRules({
      rules: selected,
      inventory: opened.inventory,
      ...(opened.clients ? { clients: opened.clients } : {}),
      payload,
      params,
      now: opened.now,
      progress: opened.source.kind === 'live' && !values.quiet ? ttyProgress(io.stderr) : silentProgress,
      suppressions,
      judgedAt: wallClock,
      ...(store ? { store } : {}),
      remainingTimeMs: () => deadline.remainingMs(),
      ...(opened.snapshot
        ? {
            onMissingRead: (rule, error) =>
              missing.push(
                notRecorded(rule.meta.id, error, opened.snapshot as NonNullable<typeof opened.snapshot>),
              ),
          }
        : {}),
    });
    const untracked = scans.flatMap(({ run, tracking }) =>
      tracking.kind === 'unavailable' ? [`${run.ruleId}: ${tracking.error}`] : [],
    );
    for (const line of untracked) io.stderr.write(`driftwatch: drift not tracked for ${line}\n`);
    // The table lists rules not evaluated itself; other formats and files get them on stderr too.
    if (format !== 'table' || values.output !== undefined)
      for (const entry of missing) io.stderr.write(notRecordedLine(entry, values.snapshot ?? ''));
    const report = buildReport(
      opened.source,
      evaluatedAt,
      selected.map((r) => r.meta),
      scans.map((s) => s.run),
      missing,
      opened.snapshot?.account,
    );
    output.write(render(report, format, io, output, values.all ?? false));
    if (format === 'table' && values.state !== undefined)
      output.write(untracked.length > 0 ? untrackedLine(values.state) : driftLine(report, values.state));
    if (values.output !== undefined && !values.quiet)
      io.stderr.write(
        `driftwatch: wrote ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${format}) to ${values.output}.\n`,
      );
    if (scans.length === 0 && missing.length > 0) {
      io.stderr.write(
        `driftwatch: nothing evaluated: snapshot ${values.snapshot ?? ''} has no data for any selected rule.\n`,
      );
      return EXIT.error;
    }
    // --state was asked for and could not be kept: the findings are printed, but the scan did not do its job.
    if (untracked.length > 0) return EXIT.error;
    return gate !== undefined && tripsGate(report, gate) ? EXIT.failOn : EXIT.ok;
  }
}
