import type { Finding, Severity, Status } from '../findings';
import type { RuleMetadata } from '../rule';
import { DRIFTWATCH_VERSION } from '../version';
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
const ACTIVITY_CREATE = 1;

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
  SUPPRESSED: { id: 99, caption: 'Suppressed' },
};

const STANDARDS = {
  cisV3: { standard: 'CIS AWS Foundations Benchmark v3.0.0', prefix: 'CIS AWS Foundations v3.0.0' },
  cisV5: { standard: 'CIS AWS Foundations Benchmark v5.0.0', prefix: 'CIS AWS Foundations v5.0.0' },
  securityHub: { standard: 'AWS Foundational Security Best Practices', prefix: 'AWS Security Hub' },
} as const;

export interface OcsfAccount {
  readonly uid: string;
  readonly type_id: 10;
  readonly type: 'AWS Account';
}

/** The attributes driftwatch fills; the type is deliberately the subset of the class it emits. */
export interface OcsfComplianceFinding {
  readonly activity_id: number;
  readonly activity_name: string;
  readonly category_uid: number;
  readonly category_name: string;
  readonly class_uid: number;
  readonly class_name: string;
  readonly type_uid: number;
  readonly type_name: string;
  readonly time: number;
  readonly time_dt: string;
  readonly severity_id: number;
  readonly severity: string;
  readonly status_id: number;
  readonly status: string;
  readonly message: string;
  readonly metadata: {
    readonly version: string;
    readonly product: { readonly name: string; readonly vendor_name: string; readonly version: string };
    readonly event_code: string;
    readonly uid: string;
  };
  readonly finding_info: {
    readonly uid: string;
    readonly title: string;
    readonly desc: string;
    readonly types: readonly string[];
    readonly created_time: number;
    readonly created_time_dt: string;
  };
  readonly compliance: {
    readonly standards: readonly string[];
    readonly requirements: readonly string[];
    readonly control: string;
    readonly status_id: number;
    readonly status: string;
    readonly status_code: Status;
    readonly status_detail: string;
  };
  readonly cloud: { readonly provider: 'AWS'; readonly account: OcsfAccount; readonly region?: string };
  readonly resources: readonly {
    readonly uid: string;
    readonly name: string;
    readonly type: string;
    readonly region?: string;
    readonly cloud_partition: string;
    readonly owner: { readonly account: OcsfAccount };
    readonly labels?: readonly string[];
    readonly data: Readonly<Record<string, unknown>>;
  }[];
  readonly remediation?: { readonly desc: string; readonly references: readonly string[] };
  readonly unmapped?: Readonly<Record<string, unknown>>;
}

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
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    time_dt: f.observedAt,
    severity_id: SEVERITY_ID[f.severity],
    severity: capitalise(f.severity),
    status_id: f.status === 'SUPPRESSED' ? 3 : 1,
    status: f.status === 'SUPPRESSED' ? 'Suppressed' : 'New',
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
      status_code: f.status,
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
    ...(f.remediation ? { unmapped: { driftwatch_remediation: f.remediation } } : {}),
  };
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
