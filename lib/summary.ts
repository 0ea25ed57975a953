import type { DriftCounts, Tracking } from './alerting';
import { driftCounts } from './alerting';
import type { RunResult } from './engine';
import { emailWorthy } from './publish/format';

/** What a function returns, so `sls invoke` prints something a person can read. */
export interface RunSummary {
  readonly rule: string;
  readonly account: string;
  readonly regions: readonly string[];
  /** e.g. `1 FAIL (critical), 0 ERROR, 3 PASS, 0 NOT_APPLICABLE`. */
  readonly result: string;
  readonly partial: boolean;
  readonly dryRun: boolean;
  readonly remediate: boolean;
  readonly changes: RunResult['changes'];
  /** One line per failing, errored or changed finding. */
  readonly attention: readonly string[];
  readonly published: readonly string[];
  readonly apiCalls: Readonly<Record<string, number>>;
  /** What changed since the last run, when drift is tracked (or why it could not be). */
  readonly drift?: DriftCounts & { readonly tracking: Tracking['kind']; readonly error?: string };
}

export function summarise(
  run: RunResult,
  published: readonly string[],
  apiCalls: Record<string, number>,
  tracking?: Tracking,
): RunSummary {
  const c = run.counts;
  const worst = run.worstSeverity ? ` (${run.worstSeverity})` : '';
  return {
    rule: run.ruleId,
    account: run.account,
    regions: run.regions,
    result: `${c.FAIL} FAIL${worst}, ${c.ERROR} ERROR, ${c.PASS} PASS, ${c.NOT_APPLICABLE} NOT_APPLICABLE`,
    partial: run.partial,
    dryRun: run.dryRun,
    remediate: run.remediate,
    changes: run.changes,
    attention: run.findings
      .filter(emailWorthy)
      .map(
        (f) =>
          `${f.drift ? `${f.drift.reminder ? 'REMINDER' : f.drift.state} ` : ''}${f.status} ${f.severity} ${f.region}: ${f.message}${f.remediation ? ` [${f.remediation.status}: ${f.remediation.description}]` : ''}`,
      ),
    published,
    apiCalls,
    ...(tracking && tracking.kind !== 'off'
      ? {
          drift: {
            tracking: tracking.kind,
            ...(tracking.kind === 'unavailable' ? { error: tracking.error } : {}),
            ...driftCounts(run.findings),
          },
        }
      : {}),
  };
}
