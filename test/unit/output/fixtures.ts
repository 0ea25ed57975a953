import type { RunResult } from '../../../lib/engine';
import type { Finding } from '../../../lib/findings';
import { countByStatus, worstSeverity } from '../../../lib/findings';
import { buildReport } from '../../../lib/output/report';
import type { ScanReport, ScanSource } from '../../../lib/output/report';
import type { RuleMetadata } from '../../../lib/rule';
import { rootAccountMfa } from '../../../rules/root-account-mfa';

/** Hand-built findings for the output tests: one of each status, a planned fix, a tagged ARN resource. */
export const OBSERVED = '2026-11-20T09:00:00.000Z';

export function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'status'>): Finding {
  return {
    ruleId: 'root-account-mfa',
    title: 'The root user has MFA enabled',
    severity: 'critical',
    account: '123456789012',
    region: 'global',
    resource: { type: 'AwsAccount', id: '123456789012', arn: 'arn:aws:iam::123456789012:root' },
    message: 'The root user of account 123456789012 has no MFA device.',
    details: { mfaEnabled: false },
    controls: { cisV3: ['1.5'], cisV5: ['1.4'], securityHub: ['IAM.9'] },
    observedAt: OBSERVED,
    ...overrides,
  };
}

export const FINDINGS: readonly Finding[] = [
  finding({ id: 'root', status: 'FAIL' }),
  finding({
    id: 'trail',
    status: 'FAIL',
    ruleId: 'cloudtrail-enabled',
    title: 'CloudTrail is logging',
    severity: 'high',
    region: 'us-east-1',
    resource: {
      type: 'AwsCloudTrailTrail',
      id: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main',
      arn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main',
      tags: { Owner: 'sec' },
    },
    message:
      'Trail main is not logging, so API activity in us-east-1 goes unrecorded since it was stopped three days ago.',
    controls: {},
    remediation: {
      action: 'cloudtrail:StartLogging',
      description: 'Start logging on trail main',
      status: 'planned',
      dryRun: true,
      reason: 'offline scan: nothing can be changed',
    },
  }),
  finding({
    id: 'err',
    status: 'ERROR',
    region: 'eu-west-1',
    severity: 'high',
    ruleId: 'cloudtrail-enabled',
    message: 'Could not check in eu-west-1: AccessDenied.',
    controls: {},
  }),
  finding({
    id: 'pass',
    status: 'PASS',
    region: 'eu-west-1',
    severity: 'medium',
    ruleId: 'ebs-snapshot-lifecycle',
    message: 'Volume vol-1 has a snapshot.',
    controls: {},
  }),
  finding({
    id: 'na',
    status: 'NOT_APPLICABLE',
    region: 'eu-west-1',
    severity: 'informational',
    ruleId: 'ebs-snapshot-lifecycle',
    message: 'Volume vol-2 has no tag.',
    controls: {},
  }),
];

function run(ruleId: string, findings: readonly Finding[]): RunResult {
  return {
    ruleId,
    title: findings[0]?.title ?? ruleId,
    account: '123456789012',
    regions: [...new Set(findings.map((f) => f.region))],
    findings,
    counts: countByStatus(findings),
    worstSeverity: worstSeverity(findings),
    partial: findings.some((f) => f.status === 'ERROR'),
    dryRun: false,
    remediate: false,
    changes: { done: 0, failed: 0, skipped: 0, planned: findings.filter((f) => f.remediation).length },
    startedAt: OBSERVED,
    finishedAt: OBSERVED,
  };
}

export function sampleReport(
  source: ScanSource = { kind: 'snapshot', file: 'demo.json', capturedAt: OBSERVED },
): ScanReport {
  const byRule = new Map<string, Finding[]>();
  for (const f of FINDINGS) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const metas: RuleMetadata[] = [rootAccountMfa.meta];
  return buildReport(
    source,
    new Date(OBSERVED),
    metas,
    [...byRule.entries()].map(([id, fs]) => run(id, fs)),
  );
}
