import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import type { RunResult } from '../../../lib/engine';
import { IntegrationError } from '../../../lib/errors';
import type { Finding } from '../../../lib/findings';
import { countByStatus } from '../../../lib/findings';
import { exportToSecurityHub } from '../../../lib/integrations/securityhub';
import { finding } from '../output/fixtures';
import { ASFF_REQUIRED } from './asff-schema';

const hub = mockClient(SecurityHubClient);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validAsff = ajv.compile(ASFF_REQUIRED);
const noSleep = () => Promise.resolve();

function run(findings: readonly Finding[]): RunResult {
  return {
    ruleId: 'root-account-mfa',
    title: 't',
    account: '123456789012',
    regions: ['eu-west-1'],
    findings,
    counts: countByStatus(findings),
    worstSeverity: undefined,
    partial: false,
    dryRun: false,
    remediate: false,
    changes: { done: 0, failed: 0, skipped: 0, planned: 0 },
    startedAt: '2026-11-20T09:00:00.000Z',
    finishedAt: '2026-11-20T09:00:00.000Z',
  };
}
const sent = (): AwsSecurityFinding[][] =>
  hub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings ?? []);
const drift = (state: 'NEW' | 'STILL_FAILING' | 'RESOLVED') => ({
  state,
  firstSeen: '2026-11-01T00:00:00.000Z',
  notify: false,
});

beforeEach(() => {
  hub.reset();
  hub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({
    SuccessCount: input.Findings.length,
    FailedCount: 0,
    FailedFindings: [],
  }));
});

describe('exportToSecurityHub (aws-sdk-client-mock: moto does not cap batches or throttle)', () => {
  it('imports 250 failing findings in batches of 100, 100 and 50, each ASFF finding carrying every required field', async () => {
    // Prepare
    const findings = Array.from({ length: 250 }, (_, i) =>
      finding({ id: `root-account-mfa|123456789012|global|r${i}`, status: 'FAIL', drift: drift('NEW') }),
    );
    // Act
    const result = await exportToSecurityHub(new ClientFactory(), run(findings), { sleep: noSleep });
    // Assess
    expect(sent().map((b) => b.length)).toEqual([100, 100, 50]);
    expect(result).toEqual({ imported: 250, failed: [], batches: 3, archived: 0 });
    const invalid = sent()
      .flat()
      .filter((f) => !validAsff(f));
    expect(invalid).toEqual([]);
    expect(sent()[0]?.[0]).toMatchObject({
      Id: 'root-account-mfa|123456789012|global|r0',
      ProductArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      RecordState: 'ACTIVE',
      CreatedAt: '2026-11-01T00:00:00.000Z',
    });
  });

  it('updates a STILL_FAILING finding under the same Id and archives a RESOLVED one with Compliance PASSED', async () => {
    // Prepare
    const still = finding({ id: 'still', status: 'FAIL', drift: drift('STILL_FAILING') });
    const fixed = finding({ id: 'fixed', status: 'PASS', drift: drift('RESOLVED') });
    const alwaysPassed = finding({ id: 'always', status: 'PASS' });
    // Act
    const result = await exportToSecurityHub(new ClientFactory(), run([still, fixed, alwaysPassed]), {
      sleep: noSleep,
    });
    // Assess
    const [batch = []] = sent();
    expect(batch.map((f) => [f.Id, f.RecordState, f.Compliance?.Status])).toEqual([
      ['still', 'ACTIVE', 'FAILED'],
      ['fixed', 'ARCHIVED', 'PASSED'],
    ]);
    expect(result.archived).toBe(1);
    expect(batch.every((f) => validAsff(f))).toBe(true);
  });

  it('maps CIS v3.0/v5.0 and Security Hub control ids onto Compliance', async () => {
    // Prepare
    const f = finding({ id: 'root', status: 'FAIL' });
    // Act
    await exportToSecurityHub(new ClientFactory(), run([f]), { sleep: noSleep, tracked: true });
    // Assess
    expect(sent()[0]?.[0]?.Compliance).toEqual({
      Status: 'FAILED',
      SecurityControlId: 'IAM.9',
      RelatedRequirements: [
        'CIS AWS Foundations Benchmark v3.0.0/1.5',
        'CIS AWS Foundations Benchmark v5.0.0/1.4',
        'AWS Foundational Security Best Practices v1.0.0/IAM.9',
      ],
    });
    expect(sent()[0]?.[0]?.Types).toEqual([
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
    ]);
  });

  it('retries a throttled batch (LimitExceededException) and then imports it', async () => {
    // Prepare
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' });
    hub
      .on(BatchImportFindingsCommand)
      .rejectsOnce(throttle)
      .rejectsOnce(throttle)
      .resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    const waits: number[] = [];
    // Act
    const result = await exportToSecurityHub(
      new ClientFactory(),
      run([finding({ id: 'a', status: 'FAIL' })]),
      { sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    // Assess
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(result.imported).toBe(1);
  });

  it('throws an IntegrationError naming the code once throttling outlasts its attempts, and does not retry AccessDenied', async () => {
    // Prepare
    hub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const one = run([finding({ id: 'a', status: 'FAIL' })]);
    // Act
    const throttled = exportToSecurityHub(new ClientFactory(), one, { sleep: noSleep, attempts: 3 });
    // Assess
    await expect(throttled).rejects.toThrow(IntegrationError);
    await expect(
      exportToSecurityHub(new ClientFactory(), one, { sleep: noSleep, attempts: 3 }),
    ).rejects.toThrow(/ThrottlingException.*after 3 attempt/);
    hub.reset();
    hub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await expect(exportToSecurityHub(new ClientFactory(), one, { sleep: noSleep })).rejects.toThrow(
      /AccessDeniedException.*after 1 attempt/,
    );
  });

  it('reports findings Security Hub refused without failing the others', async () => {
    // Prepare
    hub.on(BatchImportFindingsCommand).resolves({
      SuccessCount: 1,
      FailedCount: 1,
      FailedFindings: [{ Id: 'b', ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
    });
    // Act
    const result = await exportToSecurityHub(
      new ClientFactory(),
      run([finding({ id: 'a', status: 'FAIL' }), finding({ id: 'b', status: 'FAIL' })]),
      { sleep: noSleep },
    );
    // Assess
    expect(result).toMatchObject({
      imported: 1,
      failed: [{ id: 'b', code: 'InvalidInput', message: 'bad' }],
    });
  });
});
