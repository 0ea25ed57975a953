import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import {
  assumeMemberRole,
  checkMemberAccess,
  memberAccessFromEnv,
  resolveExternalId,
} from '../../../../lib/aws/assume-role';
import { ClientFactory } from '../../../../lib/aws/clients';
import { ConfigError } from '../../../../lib/errors';

const CREDENTIALS = {
  AccessKeyId: 'AKIA',
  SecretAccessKey: 'secret',
  SessionToken: 't',
  Expiration: new Date(),
};

// aws-sdk-client-mock: the deployment's SecureString read and the AssumeRole it feeds, with no AWS.
describe('member access with the ExternalId in SSM Parameter Store (aws-sdk-client-mock)', () => {
  const ssm = mockClient(SSMClient);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    ssm.reset();
    sts.reset();
  });
  afterAll(() => {
    ssm.restore();
    sts.restore();
  });

  it('reads the decrypted SecureString once per container and assumes the per-rule role path with it', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'fleet-external-id' } });
    sts.on(AssumeRoleCommand).resolves({ Credentials: CREDENTIALS });
    const access = memberAccessFromEnv({
      DRIFTWATCH_MEMBER_ROLE_NAME: 'driftwatch-member/rootAccountMfa',
      DRIFTWATCH_EXTERNAL_ID_PARAMETER: '/driftwatch/test/external-id-once',
    });
    const base = new ClientFactory();

    // Act
    await assumeMemberRole(base, '111122223333', 'root-account-mfa', access);
    await assumeMemberRole(base, '444455556666', 'root-account-mfa', access);

    // Assess
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([
      { Name: '/driftwatch/test/external-id-once', WithDecryption: true },
    ]);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({
        RoleArn: 'arn:aws:iam::111122223333:role/driftwatch-member/rootAccountMfa',
        ExternalId: 'fleet-external-id',
      }),
      expect.objectContaining({ RoleArn: 'arn:aws:iam::444455556666:role/driftwatch-member/rootAccountMfa' }),
    ]);
  });

  it('prefers DRIFTWATCH_EXTERNAL_ID when both are set, with no SSM call', async () => {
    const access = memberAccessFromEnv({
      DRIFTWATCH_EXTERNAL_ID: 'direct-id',
      DRIFTWATCH_EXTERNAL_ID_PARAMETER: '/driftwatch/test/unused',
    });
    await expect(resolveExternalId(new ClientFactory(), access)).resolves.toBe('direct-id');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });

  it('names the parameter when it holds no valid ExternalId, and reads it again next time', async () => {
    // Prepare
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Value: 'x' } })
      .resolves({ Parameter: { Value: 'now-valid' } });
    const access = memberAccessFromEnv({ DRIFTWATCH_EXTERNAL_ID_PARAMETER: '/driftwatch/test/bad-value' });

    // Act / Assess
    await expect(resolveExternalId(new ClientFactory(), access)).rejects.toThrow(
      /SSM parameter \/driftwatch\/test\/bad-value .* must hold an ExternalId/,
    );
    await expect(resolveExternalId(new ClientFactory(), access)).resolves.toBe('now-valid');
  });

  it.each([
    [{ DRIFTWATCH_EXTERNAL_ID_PARAMETER: 'no-leading-slash' }, 'DRIFTWATCH_EXTERNAL_ID_PARAMETER'],
    [
      { DRIFTWATCH_MEMBER_ROLE_NAME: 'bad role', DRIFTWATCH_EXTERNAL_ID: 'ok-id' },
      'DRIFTWATCH_MEMBER_ROLE_NAME',
    ],
    [{}, 'DRIFTWATCH_EXTERNAL_ID'],
  ])('rejects %j naming %s before any AWS call', (env, variable) => {
    const access = memberAccessFromEnv(env);
    expect(() => checkMemberAccess(access)).toThrow(ConfigError);
    expect(() => checkMemberAccess(access)).toThrow(expect.objectContaining({ variable }) as Error);
    expect(ssm.calls()).toHaveLength(0);
  });
});
