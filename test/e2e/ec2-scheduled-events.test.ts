import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstanceTypesCommand,
  DescribeRegionsCommand,
  EC2Client,
  ModifyInstanceEventStartTimeCommand,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { InstanceStatus } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { rescheduleInstanceEvent } from '../../lib/actions/ec2-events';
import { ClientFactory } from '../../lib/aws/clients';
import { ruleHandler } from '../../lib/handler';
import type { RunSummary } from '../../lib/summary';
import { ec2ScheduledEvents } from '../../rules/ec2-scheduled-events';
import { alertEnv, createInbox } from '../helpers/alerts';
import { invokeOk } from '../helpers/invoke';
import { lambdaContext, SCHEDULED_EVENT } from '../helpers/lambda';
import { motoClient, useMoto } from '../helpers/moto';

// moto cannot create scheduled events (nor impair status checks), so over HTTP this file covers the
// no-event path: instances running and stopped, read with IncludeAllInstances, all PASS, no alert.
// The event paths (alert text, severity, rescheduling) run the same handler in-process against
// aws-sdk-client-mock below, with DescribeInstanceStatus outputs shaped after the API reference.
describe('ec2ScheduledEvents function on moto_server (no scheduled events: moto cannot create them)', () => {
  const moto = useMoto();

  it('reports PASS for a running and a stopped instance without events, reads no more than it needs, and sends no alert', async () => {
    // Prepare
    const inbox = await createInbox(moto());
    const ec2 = motoClient(moto(), EC2Client);
    const launched = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 2,
        MaxCount: 2,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }],
      }),
    );
    const [running, stopped] = (launched.Instances ?? []).map((i) => i.InstanceId as string);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [stopped as string] }));

    // Act
    const summary = await invokeOk<RunSummary>(
      'ec2ScheduledEvents',
      SCHEDULED_EVENT,
      alertEnv(moto(), inbox, { DRIFTWATCH_REGIONS: 'us-east-1' }),
    );

    // Assess
    expect(summary.result).toBe('0 FAIL, 0 ERROR, 2 PASS, 0 NOT_APPLICABLE');
    expect(summary.regions).toEqual(['us-east-1']);
    // DescribeInstances and DescribeAutoScalingGroups on every run: window tags of instances and
    // groups are checked whether or not an event is due.
    expect(summary.apiCalls).toEqual({
      'autoscaling:DescribeAutoScalingGroups': 1,
      'ec2:DescribeInstances': 1,
      'ec2:DescribeInstanceStatus': 1,
      'ec2:DescribeRegions': 1,
      'sts:GetCallerIdentity': 1,
    });
    expect(summary.published).toEqual([]);
    expect(await inbox.receive()).toHaveLength(0);
    expect(running).toMatch(/^i-/);
  });
});

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:alerts';
const context = lambdaContext();
// Saturday 12:00 UTC; only Date is faked in this block (timers run for real).
const NOW = new Date('2026-11-21T12:00:00Z').getTime();
const inHours = (h: number) => new Date(NOW + h * 3_600_000);

/** A retirement of an instance-store instance, and a movable reboot of an EBS-backed one with a window. */
const statuses: InstanceStatus[] = [
  {
    InstanceId: 'i-0aaaaaaaaaaaaaaa1',
    InstanceState: { Code: 16, Name: 'running' },
    SystemStatus: { Status: 'ok' },
    InstanceStatus: { Status: 'ok' },
    Events: [
      {
        InstanceEventId: 'instance-event-0retire000000001',
        Code: 'instance-retirement',
        Description: 'The instance is running on degraded hardware',
        NotBefore: inHours(50),
      },
    ],
  },
  {
    InstanceId: 'i-0bbbbbbbbbbbbbbb2',
    InstanceState: { Code: 16, Name: 'running' },
    SystemStatus: { Status: 'ok' },
    InstanceStatus: { Status: 'ok' },
    Events: [
      {
        InstanceEventId: 'instance-event-0reboot000000002',
        Code: 'system-reboot',
        Description: 'scheduled reboot',
        NotBefore: inHours(26),
        NotAfter: inHours(28),
        NotBeforeDeadline: inHours(24 * 10),
      },
    ],
  },
];

describe('ec2ScheduledEvents handler with events (aws-sdk-client-mock: moto cannot create scheduled events)', () => {
  let ec2: AwsClientStub<EC2Client>;
  let sts: AwsClientStub<STSClient>;
  let sns: AwsClientStub<SNSClient>;
  let asg: AwsClientStub<AutoScalingClient>;
  let stdout: jest.SpyInstance;
  beforeAll(() => {
    asg = mockClient(AutoScalingClient);
    ec2 = mockClient(EC2Client);
    sts = mockClient(STSClient);
    sns = mockClient(SNSClient);
  });
  afterAll(() => {
    asg.restore();
    ec2.restore();
    sts.restore();
    sns.restore();
  });
  beforeEach(() => {
    asg.reset();
    ec2.reset();
    sts.reset();
    sns.reset();
    // Neither instance is in an Auto Scaling group.
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    ec2.on(CreateTagsCommand).resolves({});
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:role/x' });
    ec2
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] });
    ec2.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: statuses });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-0aaaaaaaaaaaaaaa1',
              InstanceType: 'c3.large',
              RootDeviceType: 'instance-store',
              State: { Code: 16, Name: 'running' },
              Tags: [
                { Key: 'Name', Value: 'legacy-cache' },
                { Key: 'Owner', Value: 'ops@example.com' },
              ],
            },
            {
              InstanceId: 'i-0bbbbbbbbbbbbbbb2',
              InstanceType: 'm5.large',
              RootDeviceType: 'ebs',
              State: { Code: 16, Name: 'running' },
              Tags: [{ Key: 'MaintenanceWindow', Value: 'Sun 03:00-05:00' }],
            },
          ],
        },
      ],
    });
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'clearImmediate',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
  });
  afterEach(() => {
    jest.useRealTimers();
    stdout.mockRestore();
  });

  it('alerts on the retirement (critical) and, asked to remediate, moves the reboot inside its window', async () => {
    // Prepare: the action re-reads the event before moving it, and AWS answers with the moved event
    const target = new Date('2026-11-22T03:00:00Z');
    ec2
      .on(DescribeInstanceStatusCommand, { InstanceIds: ['i-0bbbbbbbbbbbbbbb2'] })
      .resolves({ InstanceStatuses: [statuses[1] as InstanceStatus] });
    ec2
      .on(ModifyInstanceEventStartTimeCommand)
      .resolves({ Event: { InstanceEventId: 'instance-event-0reboot000000002', NotBefore: target } });
    const handler = ruleHandler(ec2ScheduledEvents, {
      env: { DRIFTWATCH_TOPIC_ARN: TOPIC },
      clients: new ClientFactory(),
    });

    // Act
    const summary = await handler({ regions: ['us-east-1'], remediate: true }, context);

    // Assess: the run
    expect(summary.result).toBe('2 FAIL (critical), 0 ERROR, 0 PASS, 0 NOT_APPLICABLE');
    expect(summary.apiCalls).not.toHaveProperty('ec2:DescribeInstanceTypes');
    const modify = ec2.commandCalls(ModifyInstanceEventStartTimeCommand);
    expect(modify).toHaveLength(1);
    const input = modify[0]?.args[0].input;
    expect(input?.InstanceId).toBe('i-0bbbbbbbbbbbbbbb2');
    expect(input?.InstanceEventId).toBe('instance-event-0reboot000000002');
    // Sunday 14:00 moves to Sunday 03:00, the window's start, before the 10-day deadline
    expect(input?.NotBefore).toEqual(target);
    // ...and the start it asked for is tagged on the instance, for the next run to check AWS kept it
    expect(ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input)).toEqual([
      {
        Resources: ['i-0bbbbbbbbbbbbbbb2'],
        Tags: [{ Key: 'driftwatch:moved:instance-event-0reboot000000002', Value: target.toISOString() }],
      },
    ]);

    // Assess: the email the owner reads
    const published = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    const email = (JSON.parse(published?.Message ?? '{}') as { email: string }).email;
    expect(email).toContain('FAIL  CRITICAL  us-east-1  i-0aaaaaaaaaaaaaaa1');
    expect(email).toContain(
      'EC2 instance i-0aaaaaaaaaaaaaaa1 ("legacy-cache"; owner: ops@example.com) in us-east-1 will be terminated by AWS for retirement ' +
        'from Mon 2026-11-23 14:00 UTC (in 2 days 2 hours), because its underlying hardware is failing ' +
        '(AWS: "The instance is running on degraded hardware"); it is instance-store backed, so everything on it will be lost. ' +
        'Copy the data you need off it and launch a replacement (for example from an AMI of it) before then.',
    );
    expect(email).toContain(
      'Done: Move system-reboot event instance-event-0reboot000000002 of i-0bbbbbbbbbbbbbbb2 from Sun 2026-11-22 14:00 UTC to Sun 2026-11-22 03:00 UTC, ' +
        'inside its maintenance window Sun 03:00-05:00 UTC and before the deadline Tue 2026-12-01 12:00 UTC',
    );
  });

  it('only plans the move in a dry run, changing nothing', async () => {
    // Prepare
    const handler = ruleHandler(ec2ScheduledEvents, {
      env: { DRIFTWATCH_TOPIC_ARN: TOPIC },
      clients: new ClientFactory(),
    });

    // Act
    const summary = await handler({ regions: ['us-east-1'], remediate: true, dryRun: true }, context);

    // Assess
    expect(summary.result).toBe('2 FAIL (critical), 0 ERROR, 0 PASS, 0 NOT_APPLICABLE');
    expect(ec2.commandCalls(ModifyInstanceEventStartTimeCommand)).toHaveLength(0);
  });
});

describe('rescheduleInstanceEvent action (aws-sdk-client-mock)', () => {
  let ec2: AwsClientStub<EC2Client>;
  beforeAll(() => {
    ec2 = mockClient(EC2Client);
  });
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());
  const input = {
    instanceId: 'i-1',
    instanceEventId: 'instance-event-1',
    notBefore: '2026-11-22T03:00:00.000Z',
  };

  it.each([
    ['the event is gone', [], 'event instance-event-1 is no longer scheduled'],
    [
      'the event completed',
      [
        {
          InstanceEventId: 'instance-event-1',
          Description: '[Completed] scheduled reboot',
          NotBefore: new Date('2026-11-21T03:00:00Z'),
        },
      ],
      'event instance-event-1 is no longer scheduled',
    ],
    [
      'the event already starts at the new time',
      [
        {
          InstanceEventId: 'instance-event-1',
          Description: 'scheduled reboot',
          NotBefore: new Date('2026-11-22T03:00:00Z'),
        },
      ],
      'event already starts at 2026-11-22T03:00:00.000Z',
    ],
  ])('skips, changing nothing, when %s', async (_, events, reason) => {
    // Prepare
    ec2
      .on(DescribeInstanceStatusCommand)
      .resolves({ InstanceStatuses: [{ InstanceId: 'i-1', Events: events }] });

    // Act
    const outcome = await rescheduleInstanceEvent.run(new ClientFactory(), 'us-east-1', input);

    // Assess
    expect(outcome).toEqual({ status: 'skipped', reason });
    expect(ec2.commandCalls(ModifyInstanceEventStartTimeCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DescribeInstanceTypesCommand)).toHaveLength(0);
  });
});
