import { pushTo } from './collections';

/** The one finding shape used everywhere: SNS, CLI, state store and snapshot tests. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['FAIL', 'ERROR', 'PASS', 'NOT_APPLICABLE', 'SUPPRESSED'] as const;
export type Status = (typeof STATUSES)[number];

export const REMEDIATION_STATUSES = ['planned', 'done', 'skipped', 'failed'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

export interface ResourceRef {
  /** e.g. `AwsAccount`, `AwsCloudTrailTrail`, `AwsEc2Volume`. */
  readonly type: string;
  readonly id: string;
  readonly arn?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Remediation {
  /** The action's name, e.g. `cloudtrail:StartLogging`. */
  readonly action: string;
  /** One sentence: what was (or would be) done. */
  readonly description: string;
  /** Scheduled maintenance, not a fix of drift (e.g. a due snapshot): done, it alerts nobody by itself. */
  readonly routine?: true;
  readonly status: RemediationStatus;
  /** True when the action was not carried out because the run was a dry run or did not ask to remediate. */
  readonly dryRun: boolean;
  readonly reason?: string;
  readonly error?: string;
}

export interface Controls {
  readonly cisV3?: readonly string[];
  readonly cisV5?: readonly string[];
  readonly securityHub?: readonly string[];
}

/** How a finding changed since the previous run (set by lib/drift, not by the engine). */
export const DRIFT_STATES = ['NEW', 'STILL_FAILING', 'RESOLVED'] as const;
export type DriftState = (typeof DRIFT_STATES)[number];

export interface Drift {
  readonly state: DriftState;
  /** When this finding was first seen failing (ISO-8601 UTC). */
  readonly firstSeen: string;
  /** When an alert about it was last sent, before this run. */
  readonly lastNotified?: string;
  /** A STILL_FAILING finding whose reminder interval has passed. */
  readonly reminder?: boolean;
  /** True when this run alerts about it (NEW, RESOLVED or a reminder, and this run won the claim). */
  readonly notify: boolean;
  /** e.g. `The suppression (owner alice, reason ...) expired on 2026-11-20.` */
  readonly note?: string;
}

/** The suppression entry that matched a finding (status SUPPRESSED), or that expired (status unchanged). */
export interface SuppressionMatch {
  /** Position in the suppressions file, e.g. `suppressions[2]`. */
  readonly entry: string;
  readonly reason: string;
  readonly owner: string;
  /** Last day (UTC, YYYY-MM-DD) on which the suppression applies. */
  readonly expires: string;
  readonly expired: boolean;
}

export interface Finding {
  readonly id: string;
  readonly ruleId: string;
  /** Distinguishes several checks of one rule on one resource (e.g. `log-file-validation`). */
  readonly checkId?: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: Status;
  readonly account: string;
  /** An AWS region, or `global` for account-wide checks. */
  readonly region: string;
  readonly resource: ResourceRef;
  /** One plain sentence naming the resource and the problem. */
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly controls: Controls;
  readonly remediation?: Remediation;
  /** How to fix this finding in its state, where the rule's generic remediation text does not fit. */
  readonly remediationText?: string;
  /** ISO-8601 UTC. */
  readonly observedAt: string;
  /** Drift since the previous run, when a state store is in use. */
  readonly drift?: Drift;
  /** The suppression that applies (status SUPPRESSED) or just expired. */
  readonly suppression?: SuppressionMatch;
}

export const GLOBAL_REGION = 'global';

/** Deterministic id: the same drift on the same resource keeps the same id across runs. */
export function findingId(parts: {
  ruleId: string;
  account: string;
  region: string;
  resourceId: string;
  checkId?: string;
}): string {
  const base = [parts.ruleId, parts.account, parts.region, parts.resourceId];
  if (parts.checkId) base.push(parts.checkId);
  return base.join('|');
}

/** Lower is worse: `critical` is 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The worst severity among failing (FAIL or ERROR) findings, or undefined when none fail. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) {
    if (f.status !== 'FAIL' && f.status !== 'ERROR') continue;
    if (worst === undefined || severityRank(f.severity) < severityRank(worst)) worst = f.severity;
  }
  return worst;
}

export type StatusCounts = Record<Status, number>;

export function countByStatus(findings: readonly Finding[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const f of findings) counts[f.status] += 1;
  return counts;
}

/**
 * Order for people: failures first, worst severity first, then by region and resource (`id`), both
 * with `localeCompare`; a stable sort, so findings equal in all four keep their order. Done in fewer
 * comparisons than one comparator of the four (a sort of 63k findings took a third of a scan's
 * evaluation): findings are grouped by status, severity and region, in input order, the groups
 * ordered once by their keys, and only ids are compared within a group.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const regionRank = localeRanks(findings.map((f) => f.region));
  const width = regionRank.size;
  const groups = new Map<number, Finding[]>();
  for (const f of findings) {
    // indexOf + 1: as the comparator did, an unknown status or severity (-1) sorts first.
    const rank = (STATUSES.indexOf(f.status) + 1) * (SEVERITIES.length + 1) + severityRank(f.severity) + 1;
    pushTo(groups, rank * width + (regionRank.get(f.region) as number), f);
  }
  const sorted: Finding[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(key) as Finding[];
    if (group.length > 1) group.sort((a, b) => a.id.localeCompare(b.id));
    for (const f of group) sorted.push(f);
  }
  return sorted;
}

/** Each distinct value's rank in `localeCompare` order; values that compare equal share one. */
function localeRanks(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = 0;
  for (const [i, value] of distinct.entries()) {
    if (i > 0 && (distinct[i - 1] as string).localeCompare(value) !== 0) rank += 1;
    ranks.set(value, rank);
  }
  return ranks;
}
