import type { Finding, Status } from '../../../lib/findings';
import type { ScanJson } from '../../../lib/output/json';
import type { DailyPosture, FindingState, StateExport } from '../../../lib/state/types';

/** A fixed clock for the report tests: 2026-11-20, noon UTC. */
export const NOW = new Date('2026-11-20T12:00:00.000Z');
export const ACCOUNTS = { prod: '111111111111', stage: '222222222222', dev: '333333333333' } as const;

const DAY = 86_400_000;
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

export function state(
  over: Partial<FindingState> & Pick<FindingState, 'id' | 'status' | 'firstSeen'>,
): FindingState {
  return {
    lastSeen: NOW.toISOString(),
    severity: 'high',
    region: 'us-east-1',
    resourceType: 'AwsCloudTrailTrail',
    resourceId: over.id.split('|')[3] ?? 'r',
    message: `Finding ${over.id}.`,
    ...over,
  };
}

export function posture(
  ruleId: string,
  account: string,
  day: number,
  counts: Partial<Record<Status, number>>,
  partial = false,
): DailyPosture {
  return {
    ruleId,
    account,
    day: daysAgo(day).slice(0, 10),
    counts: { FAIL: 0, ERROR: 0, PASS: 0, NOT_APPLICABLE: 0, SUPPRESSED: 0, ...counts },
    partial,
    recordedAt: daysAgo(day),
  };
}

/**
 * Three accounts, two rules: prod fails cloudtrail (2 open, one 10 days old) and root MFA; stage's
 * cloudtrail run was partial (a region errored) with nothing failing; dev passes. Resolved episodes
 * of cloudtrail took 2, 4, 6 and 48 hours.
 */
export function multiAccountState(): StateExport {
  const ct = 'cloudtrail-enabled';
  const mfa = 'root-account-mfa';
  const { prod, stage, dev } = ACCOUNTS;
  const resolvedAfter = (n: number, hours: number) =>
    state({
      id: `${ct}|${dev}|us-east-1|trail-${n}`,
      status: 'PASS',
      firstSeen: daysAgo(20),
      lastSeen: new Date(Date.parse(daysAgo(20)) + hours * 3_600_000).toISOString(),
    });
  return {
    runs: [
      {
        ruleId: ct,
        account: prod,
        states: [
          state({ id: `${ct}|${prod}|us-east-1|main`, status: 'FAIL', firstSeen: daysAgo(10) }),
          state({
            id: `${ct}|${prod}|eu-west-1|audit`,
            status: 'FAIL',
            firstSeen: daysAgo(1),
            region: 'eu-west-1',
            severity: 'medium',
          }),
        ],
      },
      {
        ruleId: mfa,
        account: prod,
        states: [
          state({
            id: `${mfa}|${prod}|global|${prod}`,
            status: 'FAIL',
            firstSeen: daysAgo(3),
            severity: 'critical',
            region: 'global',
          }),
        ],
      },
      {
        ruleId: ct,
        account: stage,
        states: [
          state({
            id: `${ct}|${stage}|ap-south-1|scan-error`,
            status: 'ERROR',
            firstSeen: daysAgo(0),
            region: 'ap-south-1',
          }),
        ],
      },
      {
        ruleId: ct,
        account: dev,
        states: [resolvedAfter(1, 2), resolvedAfter(2, 4), resolvedAfter(3, 6), resolvedAfter(4, 48)],
      },
    ],
    posture: [
      posture(ct, prod, 0, { FAIL: 2, PASS: 3 }),
      posture(mfa, prod, 0, { FAIL: 1 }),
      posture(ct, stage, 0, { ERROR: 1, PASS: 4 }, true),
      posture(ct, dev, 0, { PASS: 5 }),
      posture(mfa, dev, 0, { PASS: 1 }),
      posture(ct, prod, 5, { FAIL: 6, PASS: 1 }),
      posture(ct, prod, 4, { FAIL: 1 }, true),
    ],
  };
}

/** A scan JSON document of one account (what `driftwatch scan --format json` prints). */
export function scanJson(account: string, findings: readonly Finding[], partial = false): ScanJson {
  const rules = [...new Set(findings.map((f) => f.ruleId))];
  return {
    schema: 'driftwatch.scan/1',
    account,
    source: { kind: 'live' },
    evaluatedAt: NOW.toISOString(),
    counts: { FAIL: 0, ERROR: 0, PASS: 0, NOT_APPLICABLE: 0, SUPPRESSED: 0 },
    worstSeverity: null,
    runs: rules.map((ruleId) => ({
      ruleId,
      title: ruleId,
      account,
      regions: ['us-east-1'],
      counts: { FAIL: 0, ERROR: 0, PASS: 0, NOT_APPLICABLE: 0, SUPPRESSED: 0 },
      worstSeverity: undefined,
      partial,
      dryRun: false,
      remediate: false,
      changes: { done: 0, failed: 0, skipped: 0, planned: 0 },
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
    })),
    findings,
  };
}
