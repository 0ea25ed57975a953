import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import type { RunResult } from '../../../lib/engine';
import { SecurityHubExportError } from '../../../lib/errors';
import type { Finding } from '../../../lib/findings';
import { summariseRun } from '../../../lib/run-result';
import { exportRunToSecurityHub } from '../../../lib/integrations/export-run';
import { exportToSecurityHub } from '../../../lib/integrations/securityhub';
import { finding } from '../output/fixtures';

// aws-sdk-client-mock: moto's Security Hub accepts every import, so neither a refused finding nor a
// failed second batch can be produced on moto_server.
const hub = mockClient(SecurityHubClient);
const failing = (n: number): Finding[] =>
  Array.from({ length: n }, (_, i) =>
    finding({ id: `root-account-mfa|123456789012|global|r${i}`, status: 'FAIL' }),
  );
const run = (findings: readonly Finding[]): RunResult =>
  summariseRun(
    {
      ruleId: 'root-account-mfa',
      title: 't',
      account: '123456789012',
      regions: ['global'],
      dryRun: false,
      remediate: false,
      startedAt: '2026-11-20T09:00:00.000Z',
      finishedAt: '2026-11-20T09:00:01.000Z',
    },
    findings,
  );

beforeEach(() => hub.reset());

describe('exportRunToSecurityHub: the pipeline step that never throws', () => {
  it('counts what was imported before a batch failed and what was not', async () => {
    // Prepare: 150 findings, two calls; the second is refused access.
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ SuccessCount: 100, FailedCount: 0, FailedFindings: [] })
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    // Act
    const outcome = await exportRunToSecurityHub(new ClientFactory(), run(failing(150)), {
      region: 'eu-west-1',
      tracked: false,
    });

    // Assess
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
    expect(outcome).toEqual({
      imported: 100,
      failed: 50,
      error:
        'Security Hub BatchImportFindings failed (AccessDeniedException: denied) after 1 attempt(s); 50 findings not imported.',
    });
  });

  it('reports findings Security Hub refused one by one, with their reasons', async () => {
    // Prepare
    hub.on(BatchImportFindingsCommand).resolves({
      SuccessCount: 2,
      FailedCount: 1,
      FailedFindings: [
        { Id: 'root-account-mfa|123456789012|global|r1', ErrorCode: 'InvalidInput', ErrorMessage: 'too big' },
      ],
    });

    // Act
    const outcome = await exportRunToSecurityHub(new ClientFactory(), run(failing(3)), {
      region: 'eu-west-1',
      tracked: false,
    });

    // Assess
    expect(outcome).toEqual({
      imported: 2,
      failed: 1,
      refused: [{ id: 'root-account-mfa|123456789012|global|r1', code: 'InvalidInput', message: 'too big' }],
    });
  });

  it('throws a SecurityHubExportError from exportToSecurityHub itself, carrying the partial counts', async () => {
    // Prepare
    hub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        SuccessCount: 99,
        FailedCount: 1,
        FailedFindings: [{ Id: 'x', ErrorCode: 'E', ErrorMessage: 'bad' }],
      })
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    // Act
    const outcome = exportToSecurityHub(new ClientFactory(), run(failing(230)), {
      region: 'eu-west-1',
      tracked: false,
    });

    // Assess: 99 accepted; 1 refused + 130 in the failed and the unsent call
    await expect(outcome).rejects.toBeInstanceOf(SecurityHubExportError);
    await expect(outcome).rejects.toMatchObject({
      imported: 99,
      failed: 131,
      name: 'SecurityHubExportError',
    });
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
  });
});
