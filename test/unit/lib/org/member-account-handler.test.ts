import { GetAccountSummaryCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ruleHandler } from '../../../../lib/handler';
import { rootAccountMfa } from '../../../../rules/root-account-mfa';
import { lambdaContext } from '../../../helpers/lambda';
import { match } from '../../../helpers/matchers';

const TOPIC = 'arn:aws:sns:us-east-1:999988887777:alerts';
const REACHABLE = '111122223333';
const NO_ROLE = '444455556666';
const ENV = { DRIFTWATCH_TOPIC_ARN: TOPIC, DRIFTWATCH_EXTERNAL_ID: 'driftwatch-test-external-id' };
const context = lambdaContext('driftwatch-test-rootAccountMfa');

/** What the event-source mapping delivers with batch size 1. */
const sqsEvent = (body: unknown) => ({
  Records: [
    {
      messageId: 'm',
      receiptHandle: 'r',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1' },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:999988887777:driftwatch-rootAccountMfa',
    },
  ],
});

const accessDenied = () =>
  Object.assign(
    new Error(
      `User: arn:aws:sts::999988887777:assumed-role/fleet/x is not authorized to perform: sts:AssumeRole`,
    ),
    { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
  );

// moto's AssumeRole succeeds for a role that does not exist (its docs: "the role does not need to
// exist"), so the missing-role path is driven here through aws-sdk-client-mock.
describe('rule function on an SQS scan message for a member account (aws-sdk-client-mock: moto cannot refuse AssumeRole)', () => {
  const sts = mockClient(STSClient);
  const iam = mockClient(IAMClient);
  const sns = mockClient(SNSClient);
  let quiet: jest.SpyInstance[];
  beforeEach(() => {
    sts.reset();
    iam.reset();
    sns.reset();
    sts
      .on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${NO_ROLE}:role/driftwatch-member` })
      .rejects(accessDenied());
    sts.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${REACHABLE}:role/driftwatch-member` }).resolves({
      Credentials: {
        AccessKeyId: 'ASIAMEMBER',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date('2030-01-01T00:00:00Z'),
      },
    });
    sts.on(GetCallerIdentityCommand).resolves({
      Account: REACHABLE,
      Arn: `arn:aws:sts::${REACHABLE}:assumed-role/driftwatch-member/driftwatch-root-account-mfa`,
    });
    iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [] });
    iam
      .on(GetAccountSummaryCommand)
      .resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } });
    sns.on(PublishCommand).resolves({ MessageId: 'alert-1' });
    quiet = [
      jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
  });
  afterEach(() => quiet.forEach((s) => s.mockRestore()));

  it('reports an ERROR finding with the AccessDenied code for the account whose role cannot be assumed, and the next account completes', async () => {
    // Prepare
    const handler = ruleHandler(rootAccountMfa, { env: ENV });

    // Act: two messages, as two invocations of the same warm function
    const denied = await handler(sqsEvent({ account: NO_ROLE }), context);
    const readsInDeniedAccount = iam.calls().length;
    const reached = await handler(sqsEvent({ account: REACHABLE }), context);

    // Assess: the unreachable account is named, with the AWS error code, and alerted
    expect(denied).toMatchObject({
      account: NO_ROLE,
      result: '0 FAIL (critical), 1 ERROR, 0 PASS, 0 NOT_APPLICABLE',
      partial: true,
    });
    const alert = JSON.parse(
      (JSON.parse(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}') as { default: string })
        .default,
    ) as {
      findings: {
        id: string;
        status: string;
        account: string;
        details: { errorCode: string; error: string };
      }[];
    };
    expect(alert.findings).toEqual([
      expect.objectContaining({
        id: `root-account-mfa|${NO_ROLE}|global|${NO_ROLE}|scan-error`,
        status: 'ERROR',
        account: NO_ROLE,
        details: match.objectContaining({ errorCode: 'AccessDenied' }),
      }),
    ]);
    expect(alert.findings[0]?.details.error).toContain(`arn:aws:iam::${NO_ROLE}:role/driftwatch-member`);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toContain(`account ${NO_ROLE}`);
    expect(readsInDeniedAccount).toBe(0);

    // Assess: the reachable account was scanned with the rule's session name and the ExternalId
    expect(reached).toMatchObject({
      account: REACHABLE,
      result: '0 FAIL, 0 ERROR, 2 PASS, 0 NOT_APPLICABLE', // MFA and hardware MFA
    });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      {
        RoleArn: `arn:aws:iam::${NO_ROLE}:role/driftwatch-member`,
        RoleSessionName: 'driftwatch-root-account-mfa',
        ExternalId: ENV.DRIFTWATCH_EXTERNAL_ID,
      },
      {
        RoleArn: `arn:aws:iam::${REACHABLE}:role/driftwatch-member`,
        RoleSessionName: 'driftwatch-root-account-mfa',
        ExternalId: ENV.DRIFTWATCH_EXTERNAL_ID,
      },
    ]);
  });

  it('fails the invocation on a throttled AssumeRole, so SQS retries the message and then dead-letters it', async () => {
    // Prepare
    sts
      .on(AssumeRoleCommand)
      .rejects(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      );
    const handler = ruleHandler(rootAccountMfa, { env: ENV });

    // Act / Assess
    await expect(handler(sqsEvent({ account: REACHABLE }), context)).rejects.toMatchObject({
      name: 'Throttling',
    });
    expect(sns.calls()).toHaveLength(0);
  });

  it('names DRIFTWATCH_EXTERNAL_ID when a member account is requested without it, with no AWS call', async () => {
    // Prepare
    const handler = ruleHandler(rootAccountMfa, { env: { DRIFTWATCH_TOPIC_ARN: TOPIC } });

    // Act / Assess
    await expect(handler({ account: REACHABLE }, context)).rejects.toMatchObject({
      name: 'ConfigError',
      variable: 'DRIFTWATCH_EXTERNAL_ID',
    });
    expect(sts.calls()).toHaveLength(0);
  });

  it.each([
    ['account', sqsEvent({ account: '12345' })],
    ['rule', sqsEvent({ account: REACHABLE, rule: 'x' })],
    // Nothing in a queue message widens what the deployment allows (issue 14).
    ['remediate', sqsEvent({ account: REACHABLE, remediate: true })],
    ['maxChanges', sqsEvent({ account: REACHABLE, maxChanges: 10_000 })],
    ['params', sqsEvent({ account: REACHABLE, params: { maxDeletionsPerRun: 9 } })],
  ])('rejects a malformed scan message naming the field %s, with no AWS call', async (field, event) => {
    const handler = ruleHandler(rootAccountMfa, { env: ENV });
    await expect(handler(event, context)).rejects.toMatchObject({ name: 'ValidationError', fields: [field] });
    expect(sts.calls()).toHaveLength(0);
  });

  it('rejects an SQS event with more than one record (the mapping must use batch size 1)', async () => {
    const handler = ruleHandler(rootAccountMfa, { env: ENV });
    const two = {
      Records: [...sqsEvent({ account: REACHABLE }).Records, ...sqsEvent({ account: NO_ROLE }).Records],
    };
    await expect(handler(two, context)).rejects.toMatchObject({
      name: 'ValidationError',
      fields: ['Records'],
    });
  });
});
