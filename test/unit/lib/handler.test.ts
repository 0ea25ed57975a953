import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ruleHandler } from '../../../lib/handler';
import { rootAccountMfa } from '../../../rules/root-account-mfa';
import { lambdaContext } from '../../helpers/lambda';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:alerts';
const context = lambdaContext('driftwatch-test-rootAccountMfa');

describe('ruleHandler', () => {
  const iam = mockClient(IAMClient);
  const sts = mockClient(STSClient);
  const sns = mockClient(SNSClient);
  const totalCalls = () => iam.calls().length + sts.calls().length + sns.calls().length;
  let stdout: jest.SpyInstance;
  let stderr: jest.SpiedFunction<typeof process.stderr.write>;
  beforeEach(() => {
    iam.reset();
    sts.reset();
    sns.reset();
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:role/x' });
    iam
      .on(GetAccountSummaryCommand)
      .resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 } });
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stdout.mockRestore();
    stderr.mockRestore();
  });

  it.each([
    [{ regions: 5 }, 'regions'],
    [{ regions: ['us-east-1', 'atlantis-1'] }, 'regions.1'],
    [{ dryrun: true }, 'dryrun'],
    [{ params: { extra: 1 } }, 'params.extra'],
  ])('rejects %j naming %s, with no AWS call', async (event, field) => {
    const handler = ruleHandler(rootAccountMfa, { env: { DRIFTWATCH_TOPIC_ARN: TOPIC } });
    await expect(handler(event, context)).rejects.toMatchObject({ name: 'ValidationError', fields: [field] });
    expect(totalCalls()).toBe(0);
  });

  it('fails every invocation with the variable named when the environment is bad, with no AWS call', async () => {
    const handler = ruleHandler(rootAccountMfa, { env: { DRIFTWATCH_TOPIC_ARN: 'not-an-arn' } });
    await expect(handler({}, context)).rejects.toMatchObject({
      name: 'ConfigError',
      variable: 'DRIFTWATCH_TOPIC_ARN',
    });
    expect(totalCalls()).toBe(0);
  });

  it('runs the rule on a scheduled event, publishes, and returns a readable summary', async () => {
    const handler = ruleHandler(rootAccountMfa, { env: { DRIFTWATCH_TOPIC_ARN: TOPIC } });
    const summary = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context);
    expect(summary).toMatchObject({
      rule: 'root-account-mfa',
      account: '111122223333',
      result: '1 FAIL (critical), 0 ERROR, 0 PASS, 0 NOT_APPLICABLE',
      partial: false,
      published: ['m-1'],
    });
    expect(summary.attention).toEqual([
      'FAIL critical global: The root user of account 111122223333 has no MFA device, so the root password alone opens the whole account.',
    ]);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.TopicArn).toBe(TOPIC);
  });

  it('publishes nothing when the policy is never and needs no topic', async () => {
    const handler = ruleHandler(rootAccountMfa, { env: { DRIFTWATCH_NOTIFY: 'never' } });
    const summary = await handler({}, context);
    expect(summary.published).toEqual([]);
    expect(sns.calls()).toHaveLength(0);
  });

  it('fails the invocation (for Lambda retry) after logging the findings when publishing fails', async () => {
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('KMS key disabled'), { name: 'KMSDisabledException' }));
    const handler = ruleHandler(rootAccountMfa, { env: { DRIFTWATCH_TOPIC_ARN: TOPIC } });
    await expect(handler({}, context)).rejects.toMatchObject({ name: 'PublishError' });
    // Powertools writes warnings (one per non-passing finding) to stderr, as Lambda expects.
    const logged = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(logged).toContain('"status":"FAIL"');
    expect(logged).toContain('has no MFA device');
  });
});
