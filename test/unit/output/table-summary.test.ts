import type { RunResult } from '../../../lib/engine';
import type { Finding } from '../../../lib/findings';
import { countByStatus, worstSeverity } from '../../../lib/findings';
import { buildReport } from '../../../lib/output/report';
import type { NotRecorded } from '../../../lib/output/report';
import { renderTable } from '../../../lib/output/table';
import { finding, OBSERVED } from './fixtures';

function report(findings: readonly Finding[], notRecorded: readonly NotRecorded[] = []) {
  const run: RunResult = {
    ruleId: 'root-account-mfa',
    title: 'The root user has MFA enabled',
    account: '123456789012',
    regions: ['global'],
    findings,
    counts: countByStatus(findings),
    worstSeverity: worstSeverity(findings),
    partial: findings.some((f) => f.status === 'ERROR'),
    dryRun: false,
    remediate: false,
    changes: { done: 0, failed: 0, skipped: 0, planned: 0 },
    startedAt: OBSERVED,
    finishedAt: OBSERVED,
  };
  return buildReport({ kind: 'live' }, new Date(OBSERVED), [], [run], notRecorded);
}

const summaryOf = (text: string) => text.trimEnd().split('\n').slice(-3).join('\n');

describe('table summary', () => {
  it('gives no worst severity when nothing failed, and says nothing was evaluated when every check errored', () => {
    // Prepare
    const errors = [
      finding({ id: 'a', status: 'ERROR', severity: 'high', message: 'Could not check: AccessDenied.' }),
      finding({ id: 'b', status: 'ERROR', severity: 'critical', message: 'Could not check: AccessDenied.' }),
    ];

    // Act
    const text = renderTable(report(errors));

    // Assess
    expect(text).toContain('1 rule, 0 regions: 0 FAIL, 2 ERROR, 0 PASS, 0 NOT_APPLICABLE.');
    expect(text).not.toContain('worst');
    expect(summaryOf(text)).toContain(
      'Nothing was evaluated: every check ended in ERROR (could not read the account; see the ERROR rows).',
    );
  });

  it('names the worst severity of the FAIL findings only, and counts the checks that could not run', () => {
    // Prepare
    const findings = [
      finding({ id: 'a', status: 'FAIL', severity: 'low' }),
      finding({ id: 'b', status: 'ERROR', severity: 'critical' }),
      finding({ id: 'c', status: 'SUPPRESSED', severity: 'critical' }),
    ];

    // Act
    const text = renderTable(report(findings));

    // Assess
    expect(text).toContain('0 PASS, 0 NOT_APPLICABLE, 1 SUPPRESSED.');
    expect(text).toContain('1 FAIL (worst: low), 1 ERROR');
    expect(text).toContain(
      '1 check could not run (ERROR rows): their resources are neither passing nor failing.',
    );
  });

  it('lists each rule the snapshot had no data for on a line of its own, with its advice', () => {
    // Prepare
    const missing: NotRecorded[] = [
      { ruleId: 'iam-policies', read: 'iam.authorizationDetails', key: 'global', advice: 'record with X' },
      { ruleId: 's3-buckets', read: 's3.buckets', key: 'global', advice: 'record with Y' },
    ];

    // Act
    const lines = renderTable(report([finding({ id: 'a', status: 'PASS' })], missing)).split('\n');

    // Assess
    const at = lines.indexOf('Not evaluated: 2 rules the snapshot has no data for:');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '  iam-policies: no "iam.authorizationDetails" for global; record with X.',
      '  s3-buckets: no "s3.buckets" for global; record with Y.',
    ]);
  });
});
