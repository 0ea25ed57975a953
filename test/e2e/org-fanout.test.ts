import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import { alertEnv, createInbox } from '../helpers/alerts';
import { invokeBundle } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import type { DispatchSummary } from '../../lib/org/dispatcher';
import type { RunSummary } from '../../lib/summary';

const MANAGEMENT = '123456789012';

/** Drains a queue, returning every message (what the event-source mapping would deliver, one by one). */
async function drain(sqs: SQSClient, url: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    if (!out.Messages?.length) return all;
    for (const m of out.Messages) {
      all.push(m);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

/** The event Lambda's SQS event-source mapping delivers with batch size 1. */
const sqsEvent = (m: Message, queueArn: string) => ({
  Records: [
    {
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    },
  ],
});

// moto's AssumeRole succeeds whether or not the role exists, so the "role missing" path is covered in
// test/unit/lib/org/member-account-handler.test.ts through aws-sdk-client-mock.
describe('organization fan-out on moto_server: dispatcher -> SQS -> rule function per member account', () => {
  const moto = useMoto();
  let orgs: OrganizationsClient;
  let sqs: SQSClient;
  beforeAll(() => {
    orgs = motoClient(moto(), OrganizationsClient);
    sqs = motoClient(moto(), SQSClient);
  });

  async function organization(names: string[]): Promise<string[]> {
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const ids: string[] = [];
    for (const name of names) {
      const out = await orgs.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
      );
      ids.push(out.CreateAccountStatus?.AccountId as string);
    }
    return ids;
  }

  async function queue(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    return { url: QueueUrl as string, arn: `arn:aws:sqs:us-east-1:${MANAGEMENT}:${name}` };
  }

  it('enqueues one message per (rule, account), and each consumed message reports findings for its own account', async () => {
    // Prepare: an organization with three members; the fleet runs in the management account here
    const members = await organization(['prod', 'staging', 'sandbox']);
    const mfaQueue = await queue('driftwatch-rootAccountMfa');
    const trailQueue = await queue('driftwatch-cloudtrailEnabled');
    const inbox = await createInbox(moto());
    const env = alertEnv(moto(), inbox, { DRIFTWATCH_EXTERNAL_ID: 'org-e2e-external-id' });

    // Act: the scheduled dispatcher
    const dispatched = await invokeBundle<DispatchSummary>(
      'dispatcher',
      { source: 'aws.events', 'detail-type': 'Scheduled Event' },
      {
        ...moto().env,
        DRIFTWATCH_RULE_QUEUES: JSON.stringify({
          'root-account-mfa': mfaQueue.url,
          'cloudtrail-enabled': trailQueue.url,
        }),
        DRIFTWATCH_ORG_SCOPE: JSON.stringify({ organization: true, exclude: [MANAGEMENT] }),
      },
    );

    // Assess: one message per (rule, account), read back from the queues
    if (!dispatched.ok) throw new Error(`dispatch failed: ${dispatched.error.message}\n${dispatched.logs}`);
    expect(dispatched.result).toMatchObject({
      accounts: 3,
      enqueued: { 'root-account-mfa': 3, 'cloudtrail-enabled': 3 },
      apiCalls: { 'organizations:ListAccounts': 1, 'sqs:SendMessageBatch': 2 },
    });
    const mfaMessages = await drain(sqs, mfaQueue.url);
    const trailMessages = await drain(sqs, trailQueue.url);
    const sorted = [...members].sort();
    expect(mfaMessages.map((m) => JSON.parse(m.Body ?? '') as unknown).sort()).toEqual(
      sorted.map((account) => ({ account })).sort(),
    );
    expect(
      trailMessages.map((m) => (JSON.parse(m.Body ?? '') as { account: string }).account).sort(),
    ).toEqual(sorted);

    // Act: the rule function consumes each message, one invocation per message
    const summaries: RunSummary[] = [];
    for (const m of mfaMessages) {
      const outcome = await invokeBundle<RunSummary>('rootAccountMfa', sqsEvent(m, mfaQueue.arn), env);
      if (!outcome.ok) throw new Error(`consume failed: ${outcome.error.message}\n${outcome.logs}`);
      summaries.push(outcome.result);
    }

    // Assess: each run assumed its member's role and reported that account (moto maps assumed-role
    // credentials to the role's account), one alert per account naming it in the subject
    expect(summaries.map((s) => s.account).sort()).toEqual(sorted);
    for (const s of summaries) {
      expect(s.result).toBe('1 FAIL (critical), 0 ERROR, 0 PASS, 0 NOT_APPLICABLE');
      expect(s.apiCalls).toMatchObject({ 'sts:AssumeRole': 1, 'iam:GetAccountSummary': 1, 'sns:Publish': 1 });
    }
    const alerts = await inbox.receive();
    expect(alerts.map((a) => a.subject).sort()).toEqual(
      sorted.map((id) => `Root user has no MFA device - account ${id} [driftwatch: 1 FAIL, critical]`),
    );
    for (const a of alerts) {
      expect(a.body.findings[0]?.id).toBe(
        `root-account-mfa|${a.body.run.account}|global|${a.body.run.account}`,
      );
      expect(a.attributes.account?.Value).toBe(a.body.run.account);
    }
  }, 120_000);

  it('scopes to an organizational unit (nested OUs included) minus exclusions', async () => {
    // Prepare: prod and staging under Workloads (staging one level deeper), sandbox at the root
    const [prod, staging, sandbox] = await organization(['prod', 'staging', 'sandbox']);
    const { Roots } = await orgs.send(new ListRootsCommand({}));
    const root = Roots?.[0]?.Id as string;
    const workloads = await orgs.send(
      new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'Workloads' }),
    );
    const nested = await orgs.send(
      new CreateOrganizationalUnitCommand({ ParentId: workloads.OrganizationalUnit?.Id, Name: 'Staging' }),
    );
    await orgs.send(
      new MoveAccountCommand({
        AccountId: prod,
        SourceParentId: root,
        DestinationParentId: workloads.OrganizationalUnit?.Id,
      }),
    );
    await orgs.send(
      new MoveAccountCommand({
        AccountId: staging,
        SourceParentId: root,
        DestinationParentId: nested.OrganizationalUnit?.Id,
      }),
    );
    const q = await queue('driftwatch-rootAccountMfa');
    const env = { ...moto().env, DRIFTWATCH_RULE_QUEUES: JSON.stringify({ 'root-account-mfa': q.url }) };

    // Act: an ad hoc dispatch with a scope in the payload
    const all = await invokeBundle<DispatchSummary>(
      'dispatcher',
      { scope: { organizationalUnits: [workloads.OrganizationalUnit?.Id] } },
      env,
    );
    const excluded = await invokeBundle<DispatchSummary>(
      'dispatcher',
      { scope: { organizationalUnits: [workloads.OrganizationalUnit?.Id], exclude: [staging] } },
      env,
    );

    // Assess
    if (!all.ok || !excluded.ok) throw new Error('dispatch failed');
    expect(all.result.accounts).toBe(2);
    expect(excluded.result.accounts).toBe(1);
    const bodies = (await drain(sqs, q.url)).map(
      (m) => (JSON.parse(m.Body ?? '') as { account: string }).account,
    );
    expect(bodies.sort()).toEqual([prod, prod, staging].sort());
    expect(bodies).not.toContain(sandbox);
  }, 60_000);

  it('rejects a malformed scope naming the field, before any AWS call', async () => {
    const q = await queue('driftwatch-rootAccountMfa');
    const outcome = await invokeBundle(
      'dispatcher',
      { scope: { accounts: ['111122223333', '42'], exclude: ['ou-nope'] } },
      { ...moto().env, DRIFTWATCH_RULE_QUEUES: JSON.stringify({ 'root-account-mfa': q.url }) },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({ name: 'ValidationError' });
    expect(outcome.error.message).toContain('scope.accounts.1: expected a 12-digit account id, got "42"');
    expect(outcome.error.message).toContain('scope.exclude.0: expected a 12-digit account id, got "ou-nope"');
    expect(await drain(sqs, q.url)).toHaveLength(0);
  });
});
