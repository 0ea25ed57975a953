import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import type { AuthorizationDetails, IamUserDetail } from '../../../../lib/inventory/iam-authorization';
import type { InstanceProfileUse } from '../../../../lib/inventory/iam-instance-roles';
import type { ServerCertificate } from '../../../../lib/inventory/iam-server-certificates';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import { iamPolicies } from '../../../../rules/iam-policies';
import { allowsFullAdmin } from '../../../../rules/iam-policies/admin-policies';
import { runRequest } from '../../../helpers/runs';

const ACCOUNT = '111122223333';
const NOW = new Date('2026-06-01T00:00:00.000Z');
const aws = (name: string) => ({ name, arn: `arn:aws:iam::aws:policy/${name}` });
const arn = (path: string) => `arn:aws:iam::${ACCOUNT}:${path}`;
const userDetail = (name: string, over: Partial<IamUserDetail> = {}): IamUserDetail => ({
  name,
  arn: arn(`user/${name}`),
  attachedPolicies: [],
  inlinePolicies: [],
  groups: ['Staff'],
  ...over,
});
const EMPTY: AuthorizationDetails = { users: [], groups: [], roles: [], customerPolicies: [] };

async function evaluate(
  details: Partial<AuthorizationDetails>,
  certificates: ServerCertificate[] = [],
  instances: Record<string, InstanceProfileUse[]> = { 'us-east-1': [] },
): Promise<readonly Finding[]> {
  // Prepare
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': { global: { account: ACCOUNT, arn: arn('user/me'), partition: 'aws' } },
      'ec2.enabledRegions': { global: Object.keys(instances) },
      'iam.authorizationDetails': { global: { ...EMPTY, ...details } },
      'iam.serverCertificates': { global: certificates },
      'ec2.instanceProfiles': instances,
    }),
  );
  // Act
  const run = await runRule(iamPolicies, runRequest(), { inventory, now: () => NOW });
  return run.findings;
}
const of = (findings: readonly Finding[], checkId: string) => findings.filter((f) => f.checkId === checkId);

describe('iam-policies', () => {
  it('fails group-permissions (CIS 1.14 / IAM.2) for a user with its own attached or inline policy', async () => {
    const findings = await evaluate({
      users: [
        userDetail('bob', { attachedPolicies: [aws('ReadOnlyAccess')] }),
        userDetail('ci', { inlinePolicies: ['push'], groups: [] }),
        userDetail('alice'),
      ],
    });
    const byUser = Object.fromEntries(of(findings, 'group-permissions').map((f) => [f.resource.id, f]));
    expect(byUser.bob).toMatchObject({
      status: 'FAIL',
      region: 'global',
      controls: { cisV5: ['1.14'], cisV3: ['1.15'], securityHub: ['IAM.2'] },
    });
    expect(byUser.ci?.message).toBe(
      'IAM user ci has policies of its own (push); grant them through a group instead.',
    );
    expect(byUser.alice?.status).toBe('PASS');
  });

  it('fails full-admin-policies (CIS 1.15) for an attached "*:*" customer policy and for AdministratorAccess, not for an unattached one', async () => {
    const star = { Statement: [{ Effect: 'Allow', Action: ['*'], Resource: '*' }] };
    const findings = await evaluate({
      groups: [
        {
          name: 'Admins',
          arn: arn('group/Admins'),
          attachedPolicies: [aws('AdministratorAccess')],
          inlinePolicies: [],
        },
      ],
      customerPolicies: [
        { name: 'legacy', arn: arn('policy/legacy'), attachmentCount: 2, document: star },
        { name: 'spare', arn: arn('policy/spare'), attachmentCount: 0, document: star },
      ],
    });
    expect(
      of(findings, 'full-admin-policies').map((f) => [f.resource.id, f.status, f.details?.awsManaged]),
    ).toEqual(
      expect.arrayContaining([
        ['legacy', 'FAIL', false],
        ['AdministratorAccess', 'FAIL', true],
      ]),
    );
    expect(of(findings, 'full-admin-policies')).toHaveLength(2);
    expect(of(findings, 'full-admin-policies')[0]?.controls).toEqual({ cisV3: ['1.16'], cisV5: ['1.15'] });
  });

  it('passes full-admin-policies once for the account when nothing attached allows "*:*"', async () => {
    const findings = await evaluate({ users: [userDetail('alice')] });
    expect(of(findings, 'full-admin-policies').map((f) => [f.resource.type, f.status])).toEqual([
      ['AwsAccount', 'PASS'],
    ]);
  });

  it('tells a "*:*" statement from narrower or denying ones', () => {
    expect(allowsFullAdmin({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })).toBe(true);
    expect(allowsFullAdmin({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })).toBe(false);
    expect(allowsFullAdmin({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })).toBe(false);
    expect(
      allowsFullAdmin({ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }] }),
    ).toBe(false);
    expect(allowsFullAdmin({})).toBe(false);
  });

  it('passes support-role (CIS 1.16 / IAM.18) only when a role has AWSSupportAccess, in any partition', async () => {
    const none = await evaluate({
      users: [userDetail('sam', { attachedPolicies: [aws('AWSSupportAccess')] })],
    });
    expect(of(none, 'support-role')[0]).toMatchObject({
      status: 'FAIL',
      details: { otherIdentities: [arn('user/sam')] },
    });
    const role = { name: 'support', arn: arn('role/support'), inlinePolicies: [] };
    const gov = await evaluate({
      roles: [
        {
          ...role,
          attachedPolicies: [
            { name: 'AWSSupportAccess', arn: 'arn:aws-us-gov:iam::aws:policy/AWSSupportAccess' },
          ],
        },
      ],
    });
    expect(of(gov, 'support-role')[0]).toMatchObject({
      status: 'PASS',
      controls: { securityHub: ['IAM.18'] },
    });
  });

  it('fails cloudshell-access (CIS 1.21 / IAM.27) for each identity with AWSCloudShellFullAccess', async () => {
    const findings = await evaluate({
      groups: [
        {
          name: 'Developers',
          arn: arn('group/Developers'),
          attachedPolicies: [aws('AWSCloudShellFullAccess')],
          inlinePolicies: [],
        },
      ],
      roles: [
        {
          name: 'ops',
          arn: arn('role/ops'),
          attachedPolicies: [aws('AWSCloudShellFullAccess')],
          inlinePolicies: [],
        },
      ],
    });
    expect(of(findings, 'cloudshell-access').map((f) => [f.resource.type, f.resource.id, f.status])).toEqual(
      expect.arrayContaining([
        ['AwsIamGroup', 'Developers', 'FAIL'],
        ['AwsIamRole', 'ops', 'FAIL'],
      ]),
    );
    expect(of(await evaluate({}), 'cloudshell-access').map((f) => f.status)).toEqual(['PASS']);
  });

  it('fails expired-certificates (CIS 1.18 / IAM.26) for a certificate past its expiration; NOT_APPLICABLE with none', async () => {
    const findings = await evaluate({}, [
      { name: 'old', arn: arn('server-certificate/old'), expiration: '2026-05-31T23:59:59.000Z' },
      { name: 'new', arn: arn('server-certificate/new'), expiration: '2027-01-01T00:00:00.000Z' },
    ]);
    expect(
      Object.fromEntries(of(findings, 'expired-certificates').map((f) => [f.resource.id, f.status])),
    ).toEqual({ old: 'FAIL', new: 'PASS' });
    expect(of(await evaluate({}), 'expired-certificates').map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  it('fails instance-roles (CIS 1.17) per region for an instance without a profile, skipping terminated ones', async () => {
    const findings = await evaluate({}, [], {
      'us-east-1': [
        { instanceId: 'i-1', state: 'running', name: 'web' },
        { instanceId: 'i-2', state: 'stopped', instanceProfileArn: arn('instance-profile/app') },
        { instanceId: 'i-3', state: 'terminated' },
      ],
      'eu-west-1': [],
    });
    const roles = of(findings, 'instance-roles');
    expect(roles.map((f) => [f.region, f.resource.id, f.status])).toEqual(
      expect.arrayContaining([
        ['us-east-1', 'i-1', 'FAIL'],
        ['us-east-1', 'i-2', 'PASS'],
        ['eu-west-1', ACCOUNT, 'NOT_APPLICABLE'],
      ]),
    );
    expect(roles).toHaveLength(3);
    expect(roles.find((f) => f.resource.id === 'i-1')?.details).toHaveProperty('heuristic');
  });

  it('gives every finding a check id and the controls its declared check lists', async () => {
    const findings = await evaluate({
      users: [userDetail('bob', { attachedPolicies: [aws('AdministratorAccess')] })],
    });
    const declared = new Map(iamPolicies.meta.checks?.map((c) => [c.id, c.controls]));
    for (const f of findings) expect(f.controls).toEqual(declared.get(f.checkId ?? ''));
  });
});
