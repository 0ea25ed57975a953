import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../../lib/aws/clients';
import { PublishError } from '../../../../lib/errors';
import type { Remediation } from '../../../../lib/findings';
import { emailWorthy, subject } from '../../../../lib/publish/format';
import type { RunMessage } from '../../../../lib/publish/sns';
import { buildMessages, publishRun, SNS_MESSAGE_BUDGET, shouldNotify } from '../../../../lib/publish/sns';
import { finding, runOf } from '../../../helpers/runs';
import { match } from '../../../helpers/matchers';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:driftwatch-alerts';

describe('SNS messages', () => {
  it('builds a one-line ASCII subject under 100 characters that leads with the problem', () => {
    const run = runOf([
      finding(),
      finding({ status: 'ERROR', id: 'x', details: { errorCode: 'AccessDenied' } }),
    ]);
    expect(subject(run)).toBe(
      'Root user has no MFA device (+1 more) - account 111122223333 [driftwatch: 1 FAIL, 1 ERROR, critical]',
    );
    const long = runOf([finding({ message: `Volume ${'v'.repeat(150)} has no backup.` })]);
    expect(subject(long)).toHaveLength(100);
    expect(subject(long)).toMatch(/^Volume v+\.\.\. - account 111122223333$/);
  });

  it('has a JSON default body and an email body a person reads', () => {
    const run = runOf([
      finding({
        remediation: {
          action: 'x:Fix',
          description: 'Fix the thing',
          status: 'planned',
          dryRun: true,
          reason: 'dry run',
        },
      }),
      finding({ id: 'p', status: 'PASS', message: 'All good here.' }),
    ]);
    const [m] = buildMessages(run, 'Assign an MFA device.');
    const outer = JSON.parse(m!.message) as { default: string; email: string };
    const body = JSON.parse(outer.default) as RunMessage;
    expect(body.schema).toBe('driftwatch.run/1');
    expect(body.findings).toHaveLength(2);
    expect(body.run.counts).toMatchObject({ FAIL: 1, PASS: 1 });
    expect(outer.email).toContain('Result: 1 failing, 0 could not be checked, 1 passing, 0 not applicable.');
    expect(outer.email).toContain(
      'FAIL  CRITICAL  global  111122223333\n  The root user of account 111122223333 has no MFA device.',
    );
    expect(outer.email).toContain('  Would: Fix the thing (dry run)');
    expect(outer.email).toContain('How to fix: Assign an MFA device.');
    expect(outer.email).not.toContain('All good here.');
    expect(m!.attributes).toMatchObject({
      rule: { DataType: 'String', StringValue: 'root-account-mfa' },
      worstSeverity: { StringValue: 'critical' },
      failCount: { DataType: 'Number', StringValue: '1' },
    });
  });

  it('says a run was partial when some regions could not be checked', () => {
    const run = runOf([finding({ status: 'ERROR', message: 'Could not check in eu-west-1: AccessDenied.' })]);
    const email = (JSON.parse(buildMessages(run)[0]!.message) as { email: string }).email;
    expect(email).toContain('This run was PARTIAL');
  });

  it('splits a run whose findings exceed the 256 KB limit into parts that each fit and carry every finding once', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      finding({
        id: `f-${i}`,
        resource: { type: 'AwsEc2Volume', id: `vol-${i}` },
        message: `Volume vol-${i} has no backup tag. `.repeat(3),
      }),
    );
    const messages = buildMessages(runOf(many));
    expect(messages.length).toBeGreaterThan(1);
    const ids: string[] = [];
    messages.forEach((m, i) => {
      expect(Buffer.byteLength(m.message) + Buffer.byteLength(m.subject)).toBeLessThanOrEqual(
        SNS_MESSAGE_BUDGET,
      );
      expect(m.subject).toContain(`[${i + 1}/${messages.length}]`);
      const body = JSON.parse((JSON.parse(m.message) as { default: string }).default) as RunMessage;
      expect(body.part).toEqual({ index: i + 1, total: messages.length });
      ids.push(...body.findings.map((f) => f.id));
    });
    expect(new Set(ids).size).toBe(3000);
  });

  it('marks every part with the run id and its part number, as attributes and in the JSON body, so a retried publish can be de-duplicated', () => {
    // Prepare
    const many = Array.from({ length: 3000 }, (_, i) =>
      finding({ id: `f-${i}`, message: `Volume vol-${i} has no backup tag. `.repeat(3) }),
    );

    // Act
    const messages = buildMessages(runOf(many), undefined, 'run-42');

    // Assess
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach((m, i) => {
      const body = JSON.parse((JSON.parse(m.message) as { default: string }).default) as RunMessage;
      expect(body.runId).toBe('run-42');
      expect(m.attributes.runId).toEqual({ DataType: 'String', StringValue: 'run-42' });
      expect(m.attributes.part).toEqual({ DataType: 'String', StringValue: `${i + 1}/${messages.length}` });
    });
    const fresh = buildMessages(runOf([finding()]));
    expect(fresh[0]!.attributes.runId?.StringValue).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('notifies on failures, errors and changes, not on an all-passing run', () => {
    expect(shouldNotify(runOf([finding()]), 'on-fail')).toBe(true);
    expect(shouldNotify(runOf([finding({ status: 'PASS' })]), 'on-fail')).toBe(false);
    expect(shouldNotify(runOf([finding({ status: 'PASS' })]), 'always')).toBe(true);
    expect(shouldNotify(runOf([finding()]), 'never')).toBe(false);
    const changed = finding({
      status: 'PASS',
      remediation: { action: 'a', description: 'd', status: 'done', dryRun: false },
    });
    expect(shouldNotify(runOf([changed]), 'on-fail')).toBe(true);
  });
});

describe('routine actions (scheduled maintenance) and alerts', () => {
  const change = (status: Remediation['status'], routine: boolean): Remediation => ({
    action: routine ? 'ec2:CreateSnapshot' : 'cloudtrail:StartLogging',
    description: routine ? 'Create a snapshot of vol-1' : 'Start logging on trail audit',
    status,
    dryRun: status === 'planned',
    ...(routine ? { routine: true as const } : {}),
    ...(status === 'failed' ? { error: 'UnauthorizedOperation: no' } : {}),
  });
  const passing = (remediation: Remediation, id = 'p') =>
    finding({ id, status: 'PASS', message: `Volume ${id} is keeping its schedule.`, remediation });

  it.each(['on-change', 'on-fail'] as const)(
    'does not notify (%s) for routine actions done, skipped or planned on passing findings',
    (policy) => {
      const run = runOf([
        passing(change('done', true), 'a'),
        passing(change('skipped', true), 'b'),
        passing(change('planned', true), 'c'),
      ]);
      expect(run.changes).toMatchObject({ done: 1, skipped: 1, planned: 1 });
      expect(shouldNotify(run, policy)).toBe(false);
    },
  );

  it.each(['on-change', 'on-fail'] as const)(
    'notifies (%s) for a non-routine action done, and for any failed action, routine or not',
    (policy) => {
      expect(shouldNotify(runOf([passing(change('done', false))]), policy)).toBe(true);
      expect(shouldNotify(runOf([passing(change('failed', true))]), policy)).toBe(true);
      expect(shouldNotify(runOf([passing(change('failed', false))]), policy)).toBe(true);
    },
  );

  it('still notifies for a failing finding whose routine action was done (backups behind)', () => {
    const behind = finding({ status: 'FAIL', remediation: change('done', true) });
    expect(shouldNotify(runOf([behind]), 'on-fail')).toBe(true);
    expect(emailWorthy(behind)).toBe(true);
  });

  it('lists failed and non-routine changes in the email, not routine successes', () => {
    expect(emailWorthy(passing(change('done', true)))).toBe(false);
    expect(emailWorthy(passing(change('skipped', true)))).toBe(false);
    expect(emailWorthy(passing(change('failed', true)))).toBe(true);
    expect(emailWorthy(passing(change('done', false)))).toBe(true);
    expect(emailWorthy(passing(change('skipped', false)))).toBe(true);
  });

  it('sums routine successes up in one line, and shows a failed routine action with its error and in the subject', () => {
    // Prepare: 12 routine successes (10 creations, 2 deletions) and one creation that failed
    const done = Array.from({ length: 12 }, (_, i) =>
      passing(
        i < 10
          ? change('done', true)
          : { ...change('done', true), action: 'ec2:DeleteSnapshot', description: `Delete snap-${i}` },
        `vol-${i}`,
      ),
    );
    const failed = passing(change('failed', true), 'vol-x');
    const run = runOf([...done, failed], { remediate: true });

    // Act
    const [m] = buildMessages(run);
    const email = (JSON.parse(m!.message) as { email: string }).email;

    // Assess
    expect(shouldNotify(run, 'on-change')).toBe(true);
    expect(m!.subject).toBe(
      'Change failed: Create a snapshot of vol-1 - account 111122223333 [driftwatch: 1 change failed]',
    );
    expect(email).toContain(
      'Changes: 12 done (12 of them routine: 10 ec2:CreateSnapshot, 2 ec2:DeleteSnapshot), 1 failed, 0 skipped, 0 planned only.',
    );
    expect(email).toContain('  FAILED: Create a snapshot of vol-1 - UnauthorizedOperation: no');
    expect(email).not.toContain('Done: ');
    expect(email).not.toContain('Volume vol-0 is keeping its schedule.');
  });
});

describe('publishRun', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());

  it('publishes with MessageStructure json to the topic, in the topic region', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const clients = new ClientFactory();
    const ids = await publishRun(clients, TOPIC, runOf([finding()]));
    expect(ids).toEqual(['m-1']);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      TopicArn: TOPIC,
      MessageStructure: 'json',
      Subject: match.stringContaining('[driftwatch: 1 FAIL'),
    });
    // The spy's `this` is the client publishRun sent through (typed `any` by sinon).
    expect(await (sns.call(0).thisValue as SNSClient).config.region()).toBe('eu-west-1');
  });

  it('throws a PublishError naming the topic and AWS error when SNS refuses', async () => {
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));
    const failure = publishRun(new ClientFactory(), TOPIC, runOf([finding()]));
    await expect(failure).rejects.toThrow(PublishError);
    await expect(failure).rejects.toThrow(
      `Could not publish 1 message(s) to ${TOPIC}: NotFoundException: Topic does not exist`,
    );
  });

  it('publishes with the given run id and cuts a long AWS error message to a few hundred characters', async () => {
    // Prepare
    sns.on(PublishCommand).rejects(Object.assign(new Error('x'.repeat(5000)), { name: 'InternalError' }));

    // Act
    const failure = publishRun(
      new ClientFactory({ maxAttempts: 1 }),
      TOPIC,
      runOf([finding()]),
      undefined,
      'r-1',
    );

    // Assess
    const error = (await failure.catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.message.length).toBeLessThan(600);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes?.runId?.StringValue).toBe(
      'r-1',
    );
  });
});
