import { runRule } from '../../../../lib/engine';
import type { PasswordPolicy } from '../../../../lib/inventory/iam-password-policy';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import { iamPasswordPolicy } from '../../../../rules/iam-password-policy';
import { policyMeeting } from '../../../../rules/iam-password-policy/standard';
import { runRequest } from '../../../helpers/runs';

const ACCOUNT = '111122223333';

async function evaluate(policy: PasswordPolicy | null, params: Record<string, unknown> = {}, dryRun = true) {
  // Prepare
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'iam.passwordPolicy': { global: policy },
    }),
  );
  // Act
  const run = await runRule(
    iamPasswordPolicy,
    runRequest({ params: iamPasswordPolicy.params.parse(params), dryRun, remediate: true }),
    { inventory },
  );
  const byCheck = new Map(run.findings.map((f) => [f.checkId, f] as const));
  return {
    length: byCheck.get('minimum-length')!,
    reuse: byCheck.get('reuse-prevention')!,
    findings: run.findings,
  };
}

describe('iam-password-policy', () => {
  it('fails both checks (CIS 1.7 / IAM.15, 1.8 / IAM.16) when the account has no password policy', async () => {
    const { length, reuse } = await evaluate(null);
    expect(length).toMatchObject({
      status: 'FAIL',
      controls: { cisV3: ['1.8'], cisV5: ['1.7'], securityHub: ['IAM.15'] },
      resource: { type: 'AwsAccount', id: ACCOUNT },
    });
    expect(length.message).toBe(
      `Account ${ACCOUNT} has no password policy, so IAM accepts passwords of 8 characters, fewer than 14.`,
    );
    expect(reuse).toMatchObject({
      status: 'FAIL',
      severity: 'low',
      controls: { cisV5: ['1.8'], securityHub: ['IAM.16'] },
    });
  });

  it('passes at exactly 14 characters and 24 remembered passwords', async () => {
    const { length, reuse } = await evaluate({ minimumPasswordLength: 14, passwordReusePrevention: 24 });
    expect([length.status, reuse.status]).toEqual(['PASS', 'PASS']);
  });

  it('fails 13 characters and 5 remembered passwords against the default standard', async () => {
    const { length, reuse } = await evaluate({ minimumPasswordLength: 13, passwordReusePrevention: 5 });
    expect([length.status, reuse.status]).toEqual(['FAIL', 'FAIL']);
    expect(reuse.message).toBe(
      `The password policy of account ${ACCOUNT} remembers only 5 earlier passwords, fewer than 24.`,
    );
  });

  it('plans no change unless applyStandard is set (remediation off by default)', async () => {
    const { findings } = await evaluate(null);
    expect(findings.filter((f) => f.remediation)).toHaveLength(0);
  });

  it('with applyStandard plans one UpdateAccountPasswordPolicy, as a dry run first', async () => {
    const { findings, length } = await evaluate(
      { minimumPasswordLength: 8, requireSymbols: true },
      { applyStandard: true },
    );
    expect(findings.filter((f) => f.remediation)).toHaveLength(1);
    expect(length.remediation).toMatchObject({
      action: 'iam:UpdateAccountPasswordPolicy',
      status: 'planned',
      dryRun: true,
    });
    expect(length.remediation?.description).toBe(
      `Set the password policy of account ${ACCOUNT} to a minimum length of 14 and reuse prevention of 24, keeping its other settings`,
    );
  });

  it('keeps the account’s other settings and never lowers a stricter one when meeting the standard', () => {
    const current = {
      minimumPasswordLength: 20,
      passwordReusePrevention: 3,
      requireSymbols: true,
      maxPasswordAge: 60,
    };
    expect(policyMeeting(current, { minimumPasswordLength: 14, passwordReusePrevention: 24 })).toEqual({
      minimumPasswordLength: 20,
      passwordReusePrevention: 24,
      requireSymbols: true,
      maxPasswordAge: 60,
    });
    expect(policyMeeting(null, { minimumPasswordLength: 16, passwordReusePrevention: 24 })).toEqual({
      allowUsersToChangePassword: true,
      minimumPasswordLength: 16,
      passwordReusePrevention: 24,
    });
  });

  it('rejects a standard below CIS naming the field and the accepted range', () => {
    expect(() => iamPasswordPolicy.params.parse({ minimumPasswordLength: 8 })).toThrow(
      'expected a whole number from 14 to 128 for minimumPasswordLength, got 8',
    );
    expect(() => iamPasswordPolicy.params.parse({ passwordReusePrevention: 25 })).toThrow(
      'expected a whole number from 1 to 24 for passwordReusePrevention, got 25',
    );
  });
});
