import type { DriftState, Finding, Severity, Status } from '../findings';
import type { RuleMetadata } from '../rule';
import { DRIFTWATCH_VERSION } from '../version';
import type { OcsfAccount, OcsfComplianceFinding } from './ocsf-types';
import type { ScanReport } from './report';

/**
 * OCSF output: one Compliance Finding (class 2003, category Findings) per finding, shaped after the
 * OCSF 1.3.0 schema (ocsf/ocsf-schema: events/findings/compliance_finding.json, finding.json,
 * objects/compliance.json, resource_details, cloud, metadata). Required attributes of the class:
 * activity_id, category_uid, class_uid, type_uid, severity_id, time, metadata (product, version),
 * finding_info (uid, title), compliance (standards); cloud (provider) comes from the cloud profile.
 */
export const OCSF_VERSION = '1.3.0';

const CLASS_UID = 2003;
const CATEGORY_UID = 2;

/**
 * activity_id of the class: 1 Create (a new finding, or any finding without drift tracking),
 * 2 Update (STILL_FAILING since the previous scan), 3 Close (RESOLVED).
 */
const ACTIVITY: Readonly<Record<DriftState, { id: number; name: string }>> = {
  NEW: { id: 1, name: 'Create' },
  STILL_FAILING: { id: 2, name: 'Update' },
  RESOLVED: { id: 3, name: 'Close' },
};

/** The finding's workflow status_id: 1 New, 3 Suppressed, 4 Resolved. */
const FINDING_STATUS = {
  new: { id: 1, name: 'New' },
  suppressed: { id: 3, name: 'Suppressed' },
  resolved: { id: 4, name: 'Resolved' },
} as const;

/** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
const SEVERITY_ID: Readonly<Record<Severity, number>> = {
  informational: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** compliance.status_id: 1 Pass, 2 Warning ("did not yield a result due to missing information"), 3 Fail, 99 Other. */
const COMPLIANCE_STATUS: Readonly<Record<Status, { id: number; caption: string }>> = {
  PASS: { id: 1, caption: 'Pass' },
  ERROR: { id: 2, caption: 'Warning' },
  FAIL: { id: 3, caption: 'Fail' },
  NOT_APPLICABLE: { id: 99, caption: 'Not Applicable' },
  // An accepted risk is still a failed control: the suppression is the finding's status, not the verdict.
  SUPPRESSED: { id: 3, caption: 'Fail' },
};

const STANDARDS = {
  cisV3: { standard: 'CIS AWS Foundations Benchmark v3.0.0', prefix: 'CIS AWS Foundations v3.0.0' },
  cisV5: { standard: 'CIS AWS Foundations Benchmark v5.0.0', prefix: 'CIS AWS Foundations v5.0.0' },
  securityHub: { standard: 'AWS Foundational Security Best Practices', prefix: 'AWS Security Hub' },
} as const;

export type { OcsfAccount, OcsfComplianceFinding } from './ocsf-types';

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function partitionOf(f: Finding): string {
  return f.resource.arn?.split(':')[1] ?? 'aws';
}

/** Maps one finding (and its rule's metadata, for the remediation text) to an OCSF Compliance Finding. */
export function toOcsf(f: Finding, meta: RuleMetadata | undefined): OcsfComplianceFinding {
  const time = Date.parse(f.observedAt);
  const account: OcsfAccount = { uid: f.account, type_id: 10, type: 'AWS Account' };
  const region = f.region === 'global' ? undefined : f.region;
  const status = COMPLIANCE_STATUS[f.status];
  const standards: string[] = [];
  const requirements: string[] = [];
  for (const key of ['cisV3', 'cisV5', 'securityHub'] as const) {
    const ids = f.controls[key] ?? [];
    if (ids.length === 0) continue;
    standards.push(STANDARDS[key].standard);
    for (const id of ids) requirements.push(`${STANDARDS[key].prefix} ${id}`);
  }
  const tags = f.resource.tags ? Object.entries(f.resource.tags).map(([k, v]) => `${k}=${v}`) : [];
  const activity = ACTIVITY[f.drift?.state ?? 'NEW'];
  const workflow =
    f.status === 'SUPPRESSED'
      ? FINDING_STATUS.suppressed
      : f.drift?.state === 'RESOLVED'
        ? FINDING_STATUS.resolved
        : FINDING_STATUS.new;
  const detail = statusDetail(f);
  const unmapped = {
    ...(f.remediation ? { driftwatch_remediation: f.remediation } : {}),
    ...(f.suppression ? { driftwatch_suppression: f.suppression } : {}),
    ...(f.drift ? { driftwatch_drift: f.drift } : {}),
  };
  return {
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + activity.id,
    type_name: `Compliance Finding: ${activity.name}`,
    time,
    time_dt: f.observedAt,
    severity_id: SEVERITY_ID[f.severity],
    severity: capitalise(f.severity),
    status_id: workflow.id,
    status: workflow.name,
    ...(detail ? { status_detail: detail } : {}),
    message: f.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'driftwatch', vendor_name: 'driftwatch', version: DRIFTWATCH_VERSION },
      event_code: f.ruleId,
      uid: f.id,
    },
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: meta?.description ?? f.title,
      types: [meta?.resourceType ? `driftwatch/${f.ruleId}/${meta.resourceType}` : `driftwatch/${f.ruleId}`],
      created_time: time,
      created_time_dt: f.observedAt,
    },
    compliance: {
      standards: standards.length > 0 ? standards : ['driftwatch'],
      requirements,
      control: f.checkId ? `${f.ruleId}/${f.checkId}` : f.ruleId,
      status_id: status.id,
      status: status.caption,
      status_code: f.status === 'SUPPRESSED' ? 'FAIL' : f.status,
      status_detail: f.message,
    },
    cloud: { provider: 'AWS', account, ...(region ? { region } : {}) },
    resources: [
      {
        uid: f.resource.arn ?? f.resource.id,
        name: f.resource.id,
        type: f.resource.type,
        ...(region ? { region } : {}),
        cloud_partition: partitionOf(f),
        owner: { account },
        ...(tags.length > 0 ? { labels: tags } : {}),
        data: f.details,
      },
    ],
    ...(meta ? { remediation: { desc: meta.remediation.text, references: [meta.remediation.url] } } : {}),
    ...(Object.keys(unmapped).length > 0 ? { unmapped } : {}),
  };
}

/** `Suppressed by suppressions[2] (owner alice, until 2026-12-31): accepted for the migration.` */
function statusDetail(f: Finding): string | undefined {
  const s = f.suppression;
  if (f.status === 'SUPPRESSED' && s)
    return `Suppressed by ${s.entry} (owner ${s.owner}, until ${s.expires}): ${s.reason}`;
  return f.drift?.note;
}

/** Every finding of the scan as OCSF Compliance Findings, one per finding. */
export function toOcsfFindings(report: ScanReport): OcsfComplianceFinding[] {
  const metaById = new Map(report.rules.map((m) => [m.id, m]));
  return report.findings.map((f) => toOcsf(f, metaById.get(f.ruleId)));
}

/** A JSON array of OCSF events (what Security Lake custom sources and most SIEM importers accept). */
export function renderOcsf(report: ScanReport): string {
  return `${JSON.stringify(toOcsfFindings(report), null, 2)}\n`;
}

/** OCSF events as JSON Lines: one finding per line (for pipelines: jq -c, Firehose, Vector, Fluent Bit). */
export function renderOcsfJsonl(report: ScanReport): string {
  return toOcsfFindings(report)
    .map((event) => `${JSON.stringify(event)}\n`)
    .join('');
}
