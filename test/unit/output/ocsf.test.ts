import { OCSF_VERSION, renderOcsf, toOcsfFindings } from '../../../lib/output/ocsf';
import type { OcsfComplianceFinding } from '../../../lib/output/ocsf';
import { sampleReport } from './fixtures';

/** The attributes OCSF 1.3 marks required for Compliance Finding (2003) and its required objects. */
function assertClassShape(e: OcsfComplianceFinding): void {
  expect(e.class_uid).toBe(2003);
  expect(e.category_uid).toBe(2);
  expect(e.activity_id).toBe(1);
  expect(e.type_uid).toBe(e.class_uid * 100 + e.activity_id);
  expect(Number.isInteger(e.time)).toBe(true);
  expect([1, 2, 3, 4, 5]).toContain(e.severity_id);
  expect(e.metadata.version).toBe(OCSF_VERSION);
  expect(e.metadata.product.name).toBe('driftwatch');
  expect(typeof e.finding_info.uid).toBe('string');
  expect(typeof e.finding_info.title).toBe('string');
  expect(e.compliance.standards.length).toBeGreaterThan(0);
  expect(e.cloud.provider).toBe('AWS');
  expect(e.resources[0]?.uid ?? e.resources[0]?.name).toBeTruthy();
}

describe('OCSF output', () => {
  it('emits one Compliance Finding per finding, each with the class required attributes', () => {
    // Act
    const events = JSON.parse(renderOcsf(sampleReport())) as OcsfComplianceFinding[];

    // Assess
    expect(events).toHaveLength(5);
    for (const e of events) assertClassShape(e);
    expect(events.map((e) => e.finding_info.uid)).toEqual(['root', 'trail', 'err', 'pass', 'na']);
  });

  it('maps status to compliance status and severity to severity_id', () => {
    const [root, trail, err, pass, na] = toOcsfFindings(sampleReport());
    expect(root?.compliance).toMatchObject({ status_id: 3, status: 'Fail', status_code: 'FAIL' });
    expect(root).toMatchObject({
      severity_id: 5,
      severity: 'Critical',
      time: Date.parse('2026-11-20T09:00:00.000Z'),
    });
    expect(trail?.severity_id).toBe(4);
    expect(err?.compliance).toMatchObject({ status_id: 2, status: 'Warning' });
    expect(pass?.compliance).toMatchObject({ status_id: 1, status: 'Pass' });
    expect(na?.compliance).toMatchObject({ status_id: 99, status: 'Not Applicable' });
  });

  it('names the CIS and Security Hub standards and requirements of the rule', () => {
    const [root] = toOcsfFindings(sampleReport());
    expect(root?.compliance.standards).toEqual([
      'CIS AWS Foundations Benchmark v3.0.0',
      'CIS AWS Foundations Benchmark v5.0.0',
      'AWS Foundational Security Best Practices',
    ]);
    expect(root?.compliance.requirements).toEqual([
      'CIS AWS Foundations v3.0.0 1.5',
      'CIS AWS Foundations v5.0.0 1.4',
      'AWS Security Hub IAM.9',
    ]);
    expect(root?.remediation?.references[0]).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('describes the resource with its ARN, region, account owner and tags, and the cloud account', () => {
    const [, trail] = toOcsfFindings(sampleReport());
    expect(trail?.cloud).toEqual({
      provider: 'AWS',
      account: { uid: '123456789012', type_id: 10, type: 'AWS Account' },
      region: 'us-east-1',
    });
    expect(trail?.resources[0]).toMatchObject({
      uid: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main',
      type: 'AwsCloudTrailTrail',
      region: 'us-east-1',
      cloud_partition: 'aws',
      owner: { account: { uid: '123456789012' } },
      labels: ['Owner=sec'],
    });
    expect(trail?.unmapped).toMatchObject({
      driftwatch_remediation: { action: 'cloudtrail:StartLogging', status: 'planned' },
    });
  });

  it('leaves the region out of global findings', () => {
    const [root] = toOcsfFindings(sampleReport());
    expect(root?.cloud).not.toHaveProperty('region');
    expect(root?.resources[0]).not.toHaveProperty('region');
  });
});
