import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { ClientFactory } from '../../lib/aws/clients';
import type { RunResult } from '../../lib/engine';
import type { Finding } from '../../lib/findings';
import { countByStatus } from '../../lib/findings';
import { exportToSecurityHub } from '../../lib/integrations/securityhub';
import { finding } from '../unit/output/fixtures';
import { motoClient, useMoto } from '../helpers/moto';

function run(findings: readonly Finding[]): RunResult {
  return {
    ruleId: 'root-account-mfa',
    title: 't',
    account: '123456789012',
    regions: ['us-east-1'],
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
const drift = (state: 'NEW' | 'STILL_FAILING' | 'RESOLVED') => ({
  state,
  firstSeen: '2026-11-01T00:00:00.000Z',
  notify: false,
});

/**
 * moto_server's Security Hub: BatchImportFindings stores findings by Id (a re-import replaces the
 * finding) and GetFindings returns them; it does not cap a batch at 100, never throttles and checks
 * few ASFF fields, which the aws-sdk-client-mock tests cover.
 */
describe('exportToSecurityHub against moto_server', () => {
  const moto = useMoto({ processEnv: true });

  it('creates a finding on NEW, updates it on STILL_FAILING (no duplicate) and archives it as PASSED on RESOLVED', async () => {
    // Prepare
    const id = 'root-account-mfa|123456789012|global|123456789012';
    const hub = motoClient(moto(), SecurityHubClient);
    const stored = async () => (await hub.send(new GetFindingsCommand({}))).Findings ?? [];
    // Act + Assess: each run in turn
    await exportToSecurityHub(
      new ClientFactory(),
      run([finding({ id, status: 'FAIL', drift: drift('NEW') })]),
    );
    expect((await stored()).map((f) => [f.Id, f.RecordState, f.Compliance?.Status])).toEqual([
      [id, 'ACTIVE', 'FAILED'],
    ]);
    await exportToSecurityHub(
      new ClientFactory(),
      run([
        finding({
          id,
          status: 'FAIL',
          observedAt: '2026-11-21T09:00:00.000Z',
          drift: drift('STILL_FAILING'),
        }),
      ]),
    );
    expect((await stored()).map((f) => [f.Id, f.UpdatedAt])).toEqual([[id, '2026-11-21T09:00:00.000Z']]);
    const result = await exportToSecurityHub(
      new ClientFactory(),
      run([
        finding({ id, status: 'PASS', observedAt: '2026-11-22T09:00:00.000Z', drift: drift('RESOLVED') }),
      ]),
    );
    expect(result).toMatchObject({ imported: 1, archived: 1, failed: [] });
    expect((await stored()).map((f) => [f.Id, f.RecordState, f.Compliance?.Status])).toEqual([
      [id, 'ARCHIVED', 'PASSED'],
    ]);
  });
});
