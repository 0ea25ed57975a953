import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../findings';
import { DRIFTWATCH_VERSION } from '../version';
import type { ScanReport } from './report';

const LEVEL: Readonly<Record<Severity, Result.level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  informational: 'note',
};

/** GitHub code scanning's `security-severity` (0-10) per severity. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  informational: '0.0',
};

/**
 * SARIF 2.1.0 for code-scanning dashboards: one run, the rules as the driver's rules, and one result
 * per FAIL, ERROR and SUPPRESSED finding (PASS and NOT_APPLICABLE are not alerts). A cloud resource
 * has no file: its ARN (or `aws://account/region/id`) is the artifact URI and the logical location,
 * and the deterministic finding id is the partial fingerprint, so dashboards track it across scans.
 * Pure.
 */
export function renderSarif(report: ScanReport): string {
  const metas = new Map(report.rules.map((r) => [r.id, r]));
  const ruleIds = [...new Set([...report.rules.map((r) => r.id), ...report.findings.map((f) => f.ruleId)])];
  const rules: ReportingDescriptor[] = ruleIds.map((id) => {
    const m = metas.get(id);
    const sample = report.findings.find((f) => f.ruleId === id);
    const severity = m?.severity ?? sample?.severity ?? 'medium';
    const controls = m?.controls ?? sample?.controls ?? {};
    return {
      id,
      name: id.replace(/(^|-)(\w)/g, (_, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: m?.title ?? sample?.title ?? id },
      ...(m ? { fullDescription: { text: `${m.description} ${m.risk}` } } : {}),
      ...(m ? { helpUri: m.remediation.url, help: { text: m.remediation.text } } : {}),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        tags: [
          'security',
          'aws',
          ...(controls.securityHub ?? []),
          ...(controls.cisV5 ?? []).map((c) => `CIS-5.0-${c}`),
        ],
        'security-severity': SECURITY_SEVERITY[severity],
      },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const results = report.findings
    .filter((f) => f.status === 'FAIL' || f.status === 'ERROR' || f.status === 'SUPPRESSED')
    .map((f) => result(f, index.get(f.ruleId) ?? 0));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'driftwatch',
            version: DRIFTWATCH_VERSION,
            rules,
          },
        },
        automationDetails: { id: `driftwatch/${report.account}/` },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.evaluatedAt }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(f: Finding, ruleIndex: number): Result {
  const uri = f.resource.arn ?? `aws://${f.account}/${f.region}/${encodeURIComponent(f.resource.id)}`;
  const text = f.remediation ? `${f.message} Remediation: ${f.remediation.description}.` : f.message;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    kind: f.status === 'ERROR' ? 'review' : 'fail',
    level: f.status === 'ERROR' ? 'warning' : LEVEL[f.severity],
    message: { text },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri } },
        logicalLocations: [{ fullyQualifiedName: uri, name: f.resource.id, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'driftwatchFindingId/v1': f.id },
    ...(f.status === 'SUPPRESSED' && f.suppression
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${f.suppression.reason} (owner ${f.suppression.owner}, expires ${f.suppression.expires})`,
            },
          ],
        }
      : {}),
    properties: {
      account: f.account,
      region: f.region,
      status: f.status,
      severity: f.severity,
      controls: f.controls,
    },
  };
}
