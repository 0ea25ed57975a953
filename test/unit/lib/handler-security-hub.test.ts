import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ruleHandler } from '../../../lib/handler';
import { rootAccountMfa } from '../../../rules/root-account-mfa';
import { lambdaContext, SCHEDULED_EVENT } from '../../helpers/lambda';

// The rule function with the Security Hub export on (DRIFTWATCH_SECURITY_HUB=true) and the posture
// report's link (DRIFTWATCH_REPORT_LINK), against aws-sdk-client-mock: moto's Security Hub cannot
// be made to refuse an import, and the order of Publish and BatchImportFindings is what is checked.
const ACCOUNT = '111122223333';
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
const LINK =
  'https://s3.console.aws.amazon.com/s3/object/driftwatch-reports?region=eu-west-1&prefix=posture%2Findex.html';
const ENV = { DRIFTWATCH_TOPIC_ARN: TOPIC, DRIFTWATCH_SECURITY_HUB: 'true', AWS_REGION: 'eu-west-1' };
const context = lambdaContext('driftwatch-test-rootAccountMfa');

describe('ruleHandler with the Security Hub export (aws-sdk-client-mock)', () => {
  const iam = mockClient(IAMClient);
  const sts = mockClient(STSClient);
  const sns = mockClient(SNSClient);
  const hub = mockClient(SecurityHubClient);
  let order: string[];
  let stdout: jest.SpyInstance<boolean, Parameters<typeof process.stdout.write>>;
  let stderr: jest.SpyInstance<boolean, Parameters<typeof process.stderr.write>>;
  const logged = () =>
    [stdout, stderr]
      .flatMap((spy) => spy.mock.calls as unknown[][])
      .map((c) => String(c[0]))
      .join('');
  const email = () =>
    (JSON.parse(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}') as { email?: string })
      .email ?? '';

  beforeEach(() => {
    for (const mock of [iam, sts, sns, hub]) mock.reset();
    order = [];
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:role/x` });
    iam
      .on(GetAccountSummaryCommand)
      .resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 } });
    sns.on(PublishCommand).callsFake(() => {
      order.push('publish');
      return { MessageId: 'm-1' };
    });
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stdout.mockRestore();
    stderr.mockRestore();
  });

  it('still publishes the alert when Security Hub refuses the import, and reports and logs the failure', async () => {
    // Prepare
    hub.on(BatchImportFindingsCommand).callsFake(() => {
      order.push('import');
      throw Object.assign(new Error('not subscribed to Security Hub'), { name: 'InvalidAccessException' });
    });
    const handler = ruleHandler(rootAccountMfa, { env: ENV });

    // Act
    const summary = await handler(SCHEDULED_EVENT, context);

    // Assess: the alert went first and is reported; the export's failure is in the summary and the log
    expect(order).toEqual(['publish', 'import']);
    expect(summary.published).toEqual(['m-1']);
    expect(summary.result).toBe('1 FAIL (critical), 0 ERROR, 0 PASS, 0 NOT_APPLICABLE');
    expect(summary.securityHub).toEqual({
      imported: 0,
      failed: 1,
      error: expect.stringMatching(
        /^Security Hub BatchImportFindings failed \(InvalidAccessException: not subscribed to Security Hub\) after 1 attempt/,
      ) as string,
    });
    expect(logged()).toContain('Security Hub export failed');
  });

  it("imports the run's findings into the scanned account's default product in the function's region, after the alert", async () => {
    // Prepare
    hub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => {
      order.push('import');
      return { SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] };
    });
    const handler = ruleHandler(rootAccountMfa, { env: ENV });

    // Act
    const summary = await handler(SCHEDULED_EVENT, context);

    // Assess
    expect(order).toEqual(['publish', 'import']);
    expect(summary.securityHub).toEqual({ imported: 1, failed: 0 });
    const sent = hub.commandCalls(BatchImportFindingsCommand)[0]?.args[0].input.Findings ?? [];
    expect(sent.map((f) => [f.AwsAccountId, f.ProductArn, f.Compliance?.Status])).toEqual([
      [ACCOUNT, `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`, 'FAILED'],
    ]);
  });

  it("imports a member account's findings with that account's assumed-role credentials (organization mode)", async () => {
    // Prepare: an SQS scan message for a member account; its role's credentials are ASIAMEMBER.
    const member = '444455556666';
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAMEMBER',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date('2030-01-01T00:00:00Z'),
      },
    });
    sts.on(GetCallerIdentityCommand).resolves({
      Account: member,
      Arn: `arn:aws:sts::${member}:assumed-role/driftwatch-member/x`,
    });
    hub.on(BatchImportFindingsCommand).resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    const handler = ruleHandler(rootAccountMfa, {
      env: { ...ENV, DRIFTWATCH_EXTERNAL_ID: 'driftwatch-test-external-id' },
    });
    const message = {
      Records: [
        {
          messageId: 'm',
          receiptHandle: 'r',
          body: JSON.stringify({ account: member }),
          attributes: { ApproximateReceiveCount: '1' },
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:eu-west-1:${ACCOUNT}:driftwatch-rootAccountMfa`,
        },
      ],
    };

    // Act
    const summary = await handler(message, context);

    // Assess: the default product ARN is the member account's, and the call is signed as its role
    expect(summary).toMatchObject({ account: member, securityHub: { imported: 1, failed: 0 } });
    const call = hub.commandCalls(BatchImportFindingsCommand)[0];
    expect(call?.args[0].input.Findings?.[0]?.ProductArn).toBe(
      `arn:aws:securityhub:eu-west-1:${member}:product/${member}/default`,
    );
    const client = call?.thisValue as SecurityHubClient;
    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAMEMBER' });
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it('makes no Security Hub call and reports nothing about it when the export is off', async () => {
    // Prepare
    const handler = ruleHandler(rootAccountMfa, { env: { ...ENV, DRIFTWATCH_SECURITY_HUB: 'false' } });

    // Act
    const summary = await handler(SCHEDULED_EVENT, context);

    // Assess
    expect(hub.calls()).toHaveLength(0);
    expect(summary).not.toHaveProperty('securityHub');
    expect(summary.published).toEqual(['m-1']);
  });

  it("ends the email with the posture report's link when DRIFTWATCH_REPORT_LINK is set, and not otherwise", async () => {
    // Prepare
    hub.on(BatchImportFindingsCommand).resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });

    // Act
    await ruleHandler(rootAccountMfa, { env: { ...ENV, DRIFTWATCH_REPORT_LINK: LINK } })(
      SCHEDULED_EVENT,
      context,
    );
    const withLink = email();
    sns.resetHistory();
    await ruleHandler(rootAccountMfa, { env: { ...ENV, DRIFTWATCH_REPORT_LINK: '' } })(
      SCHEDULED_EVENT,
      context,
    );
    const withoutLink = email();

    // Assess
    expect(withLink.split('\n').slice(-2)).toEqual([
      `Posture report: ${LINK}`,
      'Sent by driftwatch (rule root-account-mfa).',
    ]);
    expect(withoutLink).toContain('Sent by driftwatch (rule root-account-mfa).');
    expect(withoutLink).not.toContain('Posture report');
  });

  it.each([
    [
      'DRIFTWATCH_REPORT_LINK',
      'posture.html',
      /expected an https:\/\/ or s3:\/\/ URL with no spaces, got "posture.html"/,
    ],
    ['DRIFTWATCH_SECURITY_HUB', 'yes', /expected true or false, got "yes"/],
  ])('fails every invocation naming %s=%s, with no AWS call', async (variable, value, message) => {
    // Prepare
    const handler = ruleHandler(rootAccountMfa, { env: { ...ENV, [variable]: value } });

    // Act
    const outcome = handler(SCHEDULED_EVENT, context);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ConfigError', variable });
    await expect(outcome).rejects.toThrow(message);
    expect(sts.calls().length + sns.calls().length + hub.calls().length).toBe(0);
  });
});
