import type {
  AwsSecurityFinding,
  ComplianceStatus,
  Partition,
  SeverityLabel,
} from '@aws-sdk/client-securityhub';
import type { Finding, Severity, Status } from '../findings';
import type { ScanReport } from './report';

/** ASFF schema version Security Hub accepts from finding providers. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

const LABEL: Readonly<Record<Severity, SeverityLabel>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  informational: 'INFORMATIONAL',
};

const COMPLIANCE: Readonly<Record<Status, ComplianceStatus>> = {
  FAIL: 'FAILED',
  SUPPRESSED: 'FAILED',
  ERROR: 'NOT_AVAILABLE',
  PASS: 'PASSED',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

export interface AsffContext {
  /** The Security Hub region the findings are imported into (the product ARN's region). */
  readonly region: string;
  /**
   * Whether drift was tracked: then a passing finding is exported only when it RESOLVED (archived),
   * never when it always passed; untracked, every passing finding is exported archived, so a fix
   * still archives what an earlier import opened.
   */
  readonly tracked: boolean;
}

/**
 * One finding in the AWS Security Finding Format, or undefined when it is not exported. The ASFF
 * `Id` is the deterministic finding id, so a re-import updates the same Security Hub finding: an
 * open one (FAIL, ERROR, SUPPRESSED) is ACTIVE, a resolved one ARCHIVED with Compliance PASSED.
 * The product ARN is the account's default custom-integration product, as BatchImportFindings
 * requires (`AwsAccountId` must be the calling account).
 */
export function toAsff(f: Finding, ctx: AsffContext): AwsSecurityFinding | undefined {
  const open = f.status === 'FAIL' || f.status === 'ERROR' || f.status === 'SUPPRESSED';
  if (!open && ctx.tracked && f.drift?.state !== 'RESOLVED') return undefined;
  const partition = partitionOf(ctx.region);
  const created = f.drift?.firstSeen ?? f.observedAt;
  const updated = f.observedAt > created ? f.observedAt : created;
  const types = [
    f.controls.cisV3?.length || f.controls.cisV5?.length
      ? 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'
      : 'Software and Configuration Checks/AWS Security Best Practices',
  ];
  const severity = { Label: LABEL[f.severity], Original: f.severity };
  const tags = Object.entries(f.resource.tags ?? {}).slice(0, 50);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: f.id,
    ProductArn: `arn:${partition}:securityhub:${ctx.region}:${f.account}:product/${f.account}/default`,
    GeneratorId: `driftwatch/${f.ruleId}${f.checkId ? `/${f.checkId}` : ''}`,
    AwsAccountId: f.account,
    Types: types,
    CreatedAt: created,
    UpdatedAt: updated,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: clip(f.title, 256),
    Description: clip(f.message, 1024),
    ProductName: 'driftwatch',
    CompanyName: 'driftwatch',
    Resources: [
      {
        Type: f.resource.type,
        Id: f.resource.arn ?? f.resource.id,
        Partition: partition,
        Region: f.region === 'global' ? ctx.region : f.region,
        ...(tags.length > 0
          ? { Tags: Object.fromEntries(tags.map(([k, v]) => [clip(k, 128), clip(v, 256)])) }
          : {}),
      },
    ],
    Compliance: {
      Status: COMPLIANCE[f.status],
      ...(f.controls.securityHub?.[0] ? { SecurityControlId: f.controls.securityHub[0] } : {}),
      RelatedRequirements: relatedRequirements(f),
    },
    ...(f.remediation
      ? { Remediation: { Recommendation: { Text: clip(f.remediation.description, 512) } } }
      : {}),
    ProductFields: {
      'driftwatch/ruleId': f.ruleId,
      'driftwatch/status': f.status,
      ...(f.drift ? { 'driftwatch/drift': f.drift.state } : {}),
      ...(f.checkId ? { 'driftwatch/checkId': f.checkId } : {}),
    },
    RecordState: open ? 'ACTIVE' : 'ARCHIVED',
  };
}

/** CIS v3.0/v5.0 and Security Hub control ids as ASFF related requirements (`standard/control`). */
export function relatedRequirements(f: Finding): string[] {
  return [
    ...(f.controls.cisV3 ?? []).map((c) => `CIS AWS Foundations Benchmark v3.0.0/${c}`),
    ...(f.controls.cisV5 ?? []).map((c) => `CIS AWS Foundations Benchmark v5.0.0/${c}`),
    ...(f.controls.securityHub ?? []).map((c) => `AWS Foundational Security Best Practices v1.0.0/${c}`),
  ];
}

/** The exported findings of a list, in order (see `toAsff` for which are exported). */
export function asffFindings(findings: readonly Finding[], ctx: AsffContext): AwsSecurityFinding[] {
  return findings.flatMap((f) => {
    const a = toAsff(f, ctx);
    return a ? [a] : [];
  });
}

/**
 * `--format asff`: the findings as one JSON array of ASFF findings (import with
 * BatchImportFindings, 100 at a time). Drift was tracked when any finding carries drift.
 */
export function renderAsff(report: ScanReport, region: string): string {
  const tracked = report.findings.some((f) => f.drift !== undefined);
  return `${JSON.stringify(asffFindings(report.findings, { region, tracked }), null, 2)}\n`;
}

function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
