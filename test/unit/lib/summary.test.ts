import type { Remediation } from '../../../lib/findings';
import { summarise } from '../../../lib/summary';
import { finding, runOf } from '../../helpers/runs';

describe('the run summary a function returns', () => {
  const snapshot = (status: Remediation['status']): Remediation => ({
    action: 'ec2:CreateSnapshot',
    description: 'Create a snapshot of vol-1',
    status,
    dryRun: false,
    routine: true,
    ...(status === 'failed' ? { error: 'UnauthorizedOperation: no' } : {}),
  });

  it('lists failures, failed routine actions and non-routine changes in attention, not routine successes', () => {
    // Prepare
    const run = runOf([
      finding({
        id: 'ok',
        status: 'PASS',
        message: 'Volume vol-1 is keeping its schedule.',
        remediation: snapshot('done'),
      }),
      finding({
        id: 'bad',
        status: 'PASS',
        message: 'Volume vol-2 is keeping its schedule.',
        remediation: snapshot('failed'),
      }),
      finding({
        id: 'behind',
        status: 'FAIL',
        message: 'Volume vol-3 is behind its schedule.',
        remediation: snapshot('done'),
      }),
      finding({
        id: 'fixed',
        status: 'PASS',
        message: 'Trail audit was not logging.',
        remediation: {
          action: 'cloudtrail:StartLogging',
          description: 'Start logging',
          status: 'done',
          dryRun: false,
        },
      }),
    ]);

    // Act
    const summary = summarise(run, [], {});

    // Assess
    expect(summary.changes).toEqual({ done: 3, failed: 1, skipped: 0, planned: 0 });
    expect(summary.attention).toEqual([
      'PASS critical global: Volume vol-2 is keeping its schedule. [failed: Create a snapshot of vol-1]',
      'FAIL critical global: Volume vol-3 is behind its schedule. [done: Create a snapshot of vol-1]',
      'PASS critical global: Trail audit was not logging. [done: Start logging]',
    ]);
  });
});
