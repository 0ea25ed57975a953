import { renderJson } from '../../../lib/output/json';
import type { ScanJson } from '../../../lib/output/json';
import { sampleReport } from './fixtures';

describe('JSON output', () => {
  it('holds the summary, each run without its findings, and every finding in the internal shape', () => {
    // Act
    const doc = JSON.parse(renderJson(sampleReport())) as ScanJson;

    // Assess
    expect(doc).toMatchObject({
      schema: 'driftwatch.scan/1',
      account: '123456789012',
      source: { kind: 'snapshot', file: 'demo.json', capturedAt: '2026-11-20T09:00:00.000Z' },
      evaluatedAt: '2026-11-20T09:00:00.000Z',
      counts: { FAIL: 2, ERROR: 1, PASS: 1, NOT_APPLICABLE: 1, SUPPRESSED: 0 },
      worstSeverity: 'critical',
    });
    expect(doc.runs.map((r) => r.ruleId)).toEqual([
      'root-account-mfa',
      'cloudtrail-enabled',
      'ebs-snapshot-lifecycle',
    ]);
    expect(doc.runs[0]).not.toHaveProperty('findings');
    expect(doc.findings.map((f) => f.id)).toEqual(['root', 'trail', 'err', 'pass', 'na']);
    expect(doc.findings[1]?.remediation).toMatchObject({
      action: 'cloudtrail:StartLogging',
      status: 'planned',
    });
  });

  it('writes null, not a missing key, when nothing fails', () => {
    const report = sampleReport();
    const doc = JSON.parse(renderJson({ ...report, worstSeverity: undefined })) as ScanJson;
    expect(doc.worstSeverity).toBeNull();
  });
});
