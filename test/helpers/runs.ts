import type { RunResult } from '../../lib/engine';
import type { Finding } from '../../lib/findings';
import { countByStatus, worstSeverity } from '../../lib/findings';
import type { RunRequest } from '../../lib/request';

/**
 * A run request as a plain scheduled run makes it: every enabled region, report only (no dry run, no
 * remediation), at most 25 changes, no params. Override what the test is about; a rule with params
 * needs them given.
 */
export function runRequest(
  over?: Partial<RunRequest<Record<string, never>>>,
): RunRequest<Record<string, never>>;
export function runRequest<P>(over: Partial<RunRequest<P>> & { readonly params: P }): RunRequest<P>;
export function runRequest(over: Partial<RunRequest> = {}): RunRequest {
  return { regions: 'all', dryRun: false, remediate: false, maxChanges: 25, params: {}, ...over };
}

/** A finding with sensible defaults, for publisher and output tests. */
export function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: 'root-account-mfa|111122223333|global|111122223333',
    ruleId: 'root-account-mfa',
    title: 'The root user has MFA enabled',
    severity: 'critical',
    status: 'FAIL',
    account: '111122223333',
    region: 'global',
    resource: { type: 'AwsAccount', id: '111122223333' },
    message: 'The root user of account 111122223333 has no MFA device.',
    details: {},
    controls: { cisV3: ['1.5'] },
    observedAt: '2026-11-21T12:00:00.000Z',
    ...over,
  };
}

/** A run result built from findings, as the engine would summarise them. */
export function runOf(findings: Finding[], over: Partial<RunResult> = {}): RunResult {
  const counts = countByStatus(findings);
  const changes = { done: 0, failed: 0, skipped: 0, planned: 0 };
  for (const f of findings) if (f.remediation) changes[f.remediation.status] += 1;
  return {
    ruleId: 'root-account-mfa',
    title: 'The root user has MFA enabled',
    account: '111122223333',
    regions: ['global'],
    findings,
    counts,
    worstSeverity: worstSeverity(findings),
    partial: counts.ERROR > 0,
    dryRun: false,
    remediate: false,
    changes,
    startedAt: '2026-11-21T12:00:00.000Z',
    finishedAt: '2026-11-21T12:00:01.000Z',
    ...over,
  };
}
