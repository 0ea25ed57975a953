import type { RunResult } from '../engine';
import type { Finding, StatusCounts } from '../findings';
import { countByStatus, sortFindings, worstSeverity } from '../findings';
import type { Severity } from '../findings';
import type { RuleMetadata } from '../rule';

/** Where a scan's inventory came from. */
export type ScanSource =
  | { readonly kind: 'live' }
  | { readonly kind: 'snapshot'; readonly file: string; readonly capturedAt: string };

/** A selected rule a snapshot scan could not evaluate: the file holds no value for a read it makes. */
export interface NotRecorded {
  readonly ruleId: string;
  /** The first read found missing, and its region (or `global`). */
  readonly read: string;
  readonly key: string;
  /** What to do, e.g. "record with `driftwatch snapshot --rule root-account-mfa --out FILE`". */
  readonly advice: string;
}

/** One CLI scan: several rule runs over one account, what the table, JSON and OCSF outputs render. */
export interface ScanReport {
  readonly account: string;
  readonly source: ScanSource;
  /** The time rules evaluated against: the snapshot's capture time, or the live scan's start. */
  readonly evaluatedAt: string;
  readonly rules: readonly RuleMetadata[];
  readonly runs: readonly RunResult[];
  /** Every run's findings, failures first. */
  readonly findings: readonly Finding[];
  readonly counts: StatusCounts;
  readonly worstSeverity: Severity | undefined;
  /** Selected rules the snapshot has no data for (not evaluated; not in `runs`). */
  readonly notRecorded?: readonly NotRecorded[];
}

export function buildReport(
  source: ScanSource,
  evaluatedAt: Date,
  rules: readonly RuleMetadata[],
  runs: readonly RunResult[],
  notRecorded: readonly NotRecorded[] = [],
  /** The account when no run knows it (a snapshot whose every selected rule was not recorded). */
  fallbackAccount = 'unknown',
): ScanReport {
  const findings = sortFindings(runs.flatMap((r) => r.findings));
  const account =
    runs.find((r) => r.account !== 'unknown')?.account ??
    (runs.length > 0 ? runs[0]?.account : undefined) ??
    fallbackAccount;
  return {
    account,
    source,
    evaluatedAt: evaluatedAt.toISOString(),
    rules,
    runs,
    findings,
    counts: countByStatus(findings),
    worstSeverity: worstSeverity(findings),
    ...(notRecorded.length > 0 ? { notRecorded } : {}),
  };
}
