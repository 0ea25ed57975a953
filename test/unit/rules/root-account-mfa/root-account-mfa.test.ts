import { runRule } from '../../../../lib/engine';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import { rootAccountMfa } from '../../../../rules/root-account-mfa';
import { runRequest } from '../../../helpers/runs';

const ACCOUNT = '111122223333';

/** Every finding of one run over a hand-built inventory. */
async function evaluateAll(summary: Record<string, number>, devices: unknown[] = []) {
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
  return run.findings;
}

/** The MFA finding itself (no check id); exactly one per account. */
async function evaluate(summary: Record<string, number>, devices: unknown[] = []) {
  const findings = await evaluateAll(summary, devices);
  const main = findings.filter((f) => f.checkId === undefined);
  expect(main).toHaveLength(1);
  return main[0]!;
}

const ROOT_DEVICE = {
  serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-phone`,
  userArn: `arn:aws:iam::${ACCOUNT}:root`,
};

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
      controls: { cisV3: ['1.5'], cisV5: ['1.4'], securityHub: ['IAM.9'] },
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
    const f = await evaluate({ AccountMFAEnabled: 1 }, [ROOT_DEVICE]);
    expect(f).toMatchObject({
      status: 'PASS',
      details: { mfaType: 'virtual', virtualDevice: `arn:aws:iam::${ACCOUNT}:mfa/root-phone` },
    });
    expect(f.message).toBe(`The root user of account ${ACCOUNT} has virtual MFA enabled.`);
  });

  it('fails the separate hardware-mfa check (low, CIS 1.6 / IAM.6) for a virtual root device', async () => {
    const findings = await evaluateAll({ AccountMFAEnabled: 1 }, [ROOT_DEVICE]);
    expect(findings.find((f) => f.checkId === 'hardware-mfa')).toMatchObject({
      id: `root-account-mfa|${ACCOUNT}|global|${ACCOUNT}|hardware-mfa`,
      status: 'FAIL',
      severity: 'low',
      controls: { cisV3: ['1.6'], cisV5: ['1.5'], securityHub: ['IAM.6'] },
      message: `The root user of account ${ACCOUNT} uses a virtual MFA device (arn:aws:iam::${ACCOUNT}:mfa/root-phone); a hardware device cannot be copied off a phone or its backups.`,
    });
  });

  it('passes the hardware-mfa check when root has MFA and no virtual device', async () => {
    const findings = await evaluateAll({ AccountMFAEnabled: 1 }, []);
    expect(findings.map((f) => [f.checkId, f.status])).toEqual([
      [undefined, 'PASS'],
      ['hardware-mfa', 'PASS'],
    ]);
  });

  it('has no hardware-mfa finding while MFA is off (the MFA FAIL says it all)', async () => {
    const findings = await evaluateAll({ AccountMFAEnabled: 0 });
    expect(findings.map((f) => f.checkId)).toEqual([undefined]);
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
