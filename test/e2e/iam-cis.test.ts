import { GetAccountPasswordPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Finding } from '../../lib/findings';
import type { RunSummary } from '../../lib/summary';
import { alertEnv, createInbox } from '../helpers/alerts';
import { invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import { policyGaps, usersWithCredentialGaps } from '../helpers/seed-cis';

const ONE_REGION = { regions: ['us-east-1'] };

/** Runs a bundle on moto and returns its summary and the findings of the alert it published. */
async function scan(
  moto: ReturnType<ReturnType<typeof useMoto>>,
  fn: string,
  payload: object,
): Promise<{ summary: RunSummary; findings: Finding[] }> {
  const inbox = await createInbox(moto);
  const summary = await invokeOk<RunSummary>(fn, payload, alertEnv(moto, inbox));
  const alerts = await inbox.receive();
  return { summary, findings: alerts.flatMap((a) => a.body.findings as Finding[]) };
}
const status = (findings: Finding[], checkId: string, id: string) =>
  findings.find((f) => f.checkId === checkId && f.resource.id === id)?.status;

describe('IAM CIS rules on moto_server', () => {
  const moto = useMoto();

  it('iamCredentials: a console user without MFA and a user with two active keys fail, from a generated credential report', async () => {
    // Prepare
    await usersWithCredentialGaps(moto());

    // Act
    const { summary, findings } = await scan(moto(), 'iamCredentials', {});

    // Assess: moto cannot backdate keys or sign-ins, so the 45- and 90-day checks pass here (unit tests cover them)
    expect(status(findings, 'console-mfa', 'bob')).toBe('FAIL');
    expect(status(findings, 'one-active-key', 'ci')).toBe('FAIL');
    expect(status(findings, 'key-rotation', 'ci')).toBe('PASS');
    expect(summary.apiCalls).toMatchObject({
      'iam:GenerateCredentialReport': 1,
      'iam:GetCredentialReport': 1,
    });
  });

  it('iamPasswordPolicy: no policy fails both checks; with applyStandard and remediate it sets 14/24 and the next scan passes', async () => {
    // Act: a report-only scan, then a remediating one
    const before = await scan(moto(), 'iamPasswordPolicy', {});
    const fixed = await scan(moto(), 'iamPasswordPolicy', {
      remediate: true,
      params: { applyStandard: true },
    });
    const after = await scan(moto(), 'iamPasswordPolicy', {});

    // Assess
    expect(before.findings.map((f) => [f.checkId, f.status]).sort()).toEqual([
      ['minimum-length', 'FAIL'],
      ['reuse-prevention', 'FAIL'],
    ]);
    expect(fixed.summary.apiCalls).toMatchObject({ 'iam:UpdateAccountPasswordPolicy': 1 });
    const policy = await motoClient(moto(), IAMClient).send(new GetAccountPasswordPolicyCommand({}));
    expect(policy.PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 14,
      PasswordReusePrevention: 24,
      AllowUsersToChangePassword: true,
    });
    expect(after.summary.result).toMatch(/^0 FAIL.*, 2 PASS/); // nothing failing: no alert is published
    expect(after.findings).toEqual([]);
  });

  it('iamPolicies: a user policy, a "*:*" policy, no support role and an instance without a role fail', async () => {
    // Prepare: "*:*" from a customer policy (moto 5 loads no AWS managed policies; AdministratorAccess by ARN: unit tests)
    const { instanceId } = await policyGaps(moto());

    // Act
    const { findings } = await scan(moto(), 'iamPolicies', ONE_REGION);

    // Assess
    expect(status(findings, 'group-permissions', 'bob')).toBe('FAIL');
    expect(status(findings, 'full-admin-policies', 'everything')).toBe('FAIL');
    expect(findings.find((f) => f.checkId === 'support-role')?.status).toBe('FAIL');
    expect(findings.find((f) => f.checkId === 'cloudshell-access')?.status).toBe('PASS');
    expect(findings.find((f) => f.checkId === 'expired-certificates')?.status).toBe('NOT_APPLICABLE');
    expect(status(findings, 'instance-roles', instanceId)).toBe('FAIL');
  });
});
