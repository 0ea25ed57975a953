import { runRule } from '../../../lib/engine';
import { StoredInventory, storedValues } from '../../../lib/inventory/memory';
import { rootAccountMfa } from '../../../rules/root-account-mfa';
import { runRequest } from '../../helpers/runs';

const ACCOUNT = '111122223333';

async function evaluate(summary: Record<string, number>, devices: unknown[] = []) {
  // Prepare: a hand-built inventory
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'iam.accountSummary': { global: summary },
      'iam.virtualMfaDevices': { global: devices },
    }),
  );
  // Act
  const run = await runRule(rootAccountMfa, runRequest(), { inventory });
  expect(run.findings).toHaveLength(1);
  return run.findings[0]!;
}

describe('root-account-mfa', () => {
  it('reports FAIL (critical) when AccountMFAEnabled is 0, once for the account', async () => {
    const f = await evaluate({
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 0,
      AccountPasswordPresent: 1,
    });
    expect(f).toMatchObject({
      id: `root-account-mfa|${ACCOUNT}|global|${ACCOUNT}`,
      status: 'FAIL',
      severity: 'critical',
      region: 'global',
      resource: { type: 'AwsAccount', id: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
      details: { mfaEnabled: false, mfaType: 'none', accessKeysPresent: false },
      controls: { cisV3: ['1.5', '1.6'], cisV5: ['1.4', '1.5'], securityHub: ['IAM.9', 'IAM.6'] },
    });
    expect(f.message).toBe(
      `The root user of account ${ACCOUNT} has no MFA device, so the root password alone opens the whole account.`,
    );
  });

  it('says root also has access keys when it fails with keys present', async () => {
    const f = await evaluate({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 });
    expect(f.details).toMatchObject({ accessKeysPresent: true });
    expect(f.message).toContain('Root also has access keys, which should be deleted.');
  });

  it('reports PASS with hardware MFA when no virtual device is assigned to root', async () => {
    const f = await evaluate({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }, [
      { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/someone`, userArn: `arn:aws:iam::${ACCOUNT}:user/alice` },
    ]);
    expect(f.status).toBe('PASS');
    expect(f.details).toMatchObject({ mfaType: 'hardware' });
  });

  it('reports PASS with virtual MFA when a virtual device is assigned to the root ARN', async () => {
    const f = await evaluate({ AccountMFAEnabled: 1 }, [
      { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-phone`, userArn: `arn:aws:iam::${ACCOUNT}:root` },
    ]);
    expect(f).toMatchObject({
      status: 'PASS',
      details: { mfaType: 'virtual', virtualDevice: `arn:aws:iam::${ACCOUNT}:mfa/root-phone` },
    });
    expect(f.message).toContain('virtual MFA enabled (CIS recommends a hardware device)');
  });

  it('is not fooled by a device named like root that belongs to another user', async () => {
    const f = await evaluate({ AccountMFAEnabled: 1 }, [
      {
        serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
        userArn: `arn:aws:iam::${ACCOUNT}:user/bob`,
      },
    ]);
    expect(f.details).toMatchObject({ mfaType: 'hardware' });
  });

  it('reports NOT_APPLICABLE when root has no password, keys or certificates (centrally managed root)', async () => {
    const f = await evaluate({
      AccountMFAEnabled: 0,
      AccountPasswordPresent: 0,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
    });
    expect(f.status).toBe('NOT_APPLICABLE');
    expect(f.message).toContain('nobody can sign in as root');
  });

  it('assumes a root password exists when the summary predates AccountPasswordPresent', async () => {
    const f = await evaluate({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 });
    expect(f.status).toBe('FAIL');
  });

  it('does not list virtual MFA devices when MFA is off (one call fewer)', async () => {
    // The inventory has no iam.virtualMfaDevices at all: reading it would throw a SnapshotError.
    const inventory = new StoredInventory(
      storedValues({
        'sts.callerIdentity': { global: { account: ACCOUNT, arn: 'a', partition: 'aws' } },
        'iam.accountSummary': { global: { AccountMFAEnabled: 0 } },
      }),
    );
    const run = await runRule(rootAccountMfa, runRequest(), { inventory });
    expect(run.findings[0]?.status).toBe('FAIL');
  });
});
