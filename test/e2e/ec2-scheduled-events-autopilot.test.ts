import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DetachInstancesCommand,
  SetInstanceHealthCommand,
  StartInstanceRefreshCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstanceTypesCommand,
  DescribeRegionsCommand,
  EC2Client,
  ModifyInstanceEventStartTimeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type {
  CreateTagsCommandInput,
  DescribeInstancesCommandInput,
  DescribeInstanceTypesCommandInput,
  DescribeRegionsCommandInput,
  InstanceStatus,
} from '@aws-sdk/client-ec2';
import type {
  CreateOrUpdateTagsCommandInput,
  DescribeAutoScalingGroupsCommandInput,
  SetInstanceHealthCommandInput,
} from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../lib/aws/clients';
import type { Finding } from '../../lib/findings';
import { ruleHandler } from '../../lib/handler';
import { ec2ScheduledEvents } from '../../rules/ec2-scheduled-events';
import { createInbox } from '../helpers/alerts';
import type { AlertInbox } from '../helpers/alerts';
import { lambdaContext } from '../helpers/lambda';
import { motoClient, MOTO_REGION, useMoto } from '../helpers/moto';

// moto_server's start and seeding (a group launching instances) can take over 5 s on a loaded machine.
jest.setTimeout(60_000);

const HOUR = 3_600_000;
const retirementOf = (instanceId: string, n: number): InstanceStatus => ({
  InstanceId: instanceId,
  InstanceState: { Code: 16, Name: 'running' },
  SystemStatus: { Status: 'ok' },
  InstanceStatus: { Status: 'ok' },
  Events: [
    {
      InstanceEventId: `instance-event-0retire00000000${n}`,
      Code: 'instance-retirement',
      Description: 'The instance is running on degraded hardware',
      NotBefore: new Date(Date.now() + 20 * HOUR),
    },
  ],
});

describe('ec2ScheduledEvents autopilot on moto_server (moto has no scheduled events and no instance refresh API: DescribeInstanceStatus answers hand-written retirements, DescribeInstanceRefreshes/StartInstanceRefresh are answered by aws-sdk-client-mock on the run clients; every other call goes to moto)', () => {
  const moto = useMoto({ processEnv: true });
  let inbox: AlertInbox;
  let clients: ClientFactory;
  let ec2: AwsClientStub<EC2Client> | undefined;
  let asg: AwsClientStub<AutoScalingClient> | undefined;
  let members: string[];
  let unmanaged: string;
  let stdout: jest.SpyInstance;
  beforeAll(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(() => stdout.mockRestore());
  afterEach(() => {
    ec2?.restore();
    asg?.restore();
  });

  beforeEach(async () => {
    // Prepare: a group at its minimum (min = desired = 2) and an instance of no group, on moto.
    inbox = await createInbox(moto());
    const realEc2 = motoClient(moto(), EC2Client);
    const realAsg = motoClient(moto(), AutoScalingClient);
    const template = await realEc2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web',
        LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' },
      }),
    );
    await realAsg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'web-asg',
        LaunchTemplate: { LaunchTemplateId: template.LaunchTemplate?.LaunchTemplateId, Version: '$Latest' },
        MinSize: 2,
        MaxSize: 4,
        DesiredCapacity: 2,
        AvailabilityZones: [`${MOTO_REGION}a`],
      }),
    );
    const group = await realAsg.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }),
    );
    members = (group.AutoScalingGroups?.[0]?.Instances ?? []).map((i) => i.InstanceId as string);
    const run = await realEc2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
      }),
    );
    unmanaged = run.Instances?.[0]?.InstanceId as string;
    // EC2 launch times are to the second: the run starts in a later second than the seeded launches.
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    clients = new ClientFactory();
    ec2 = mockClient(clients.get(EC2Client, MOTO_REGION));
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [retirementOf(members[0] as string, 1), retirementOf(unmanaged, 2)],
    });
    ec2
      .on(DescribeInstancesCommand)
      .callsFake((input: DescribeInstancesCommandInput) => realEc2.send(new DescribeInstancesCommand(input)));
    ec2
      .on(DescribeInstanceTypesCommand)
      .callsFake((input: DescribeInstanceTypesCommandInput) =>
        realEc2.send(new DescribeInstanceTypesCommand(input)),
      );
    ec2
      .on(DescribeRegionsCommand)
      .callsFake((input: DescribeRegionsCommandInput) => realEc2.send(new DescribeRegionsCommand(input)));
    ec2
      .on(CreateTagsCommand)
      .callsFake((input: CreateTagsCommandInput) => realEc2.send(new CreateTagsCommand(input)));
    asg = mockClient(clients.get(AutoScalingClient, MOTO_REGION));
    asg
      .on(DescribeAutoScalingGroupsCommand)
      .callsFake((input: DescribeAutoScalingGroupsCommandInput) =>
        realAsg.send(new DescribeAutoScalingGroupsCommand(input)),
      );
    asg
      .on(CreateOrUpdateTagsCommand)
      .callsFake((input: CreateOrUpdateTagsCommandInput) =>
        realAsg.send(new CreateOrUpdateTagsCommand(input)),
      );
    asg
      .on(SetInstanceHealthCommand)
      .callsFake((input: SetInstanceHealthCommandInput) => realAsg.send(new SetInstanceHealthCommand(input)));
    asg.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [] });
    asg.on(StartInstanceRefreshCommand).resolves({ InstanceRefreshId: 'refresh-0001' });
  });

  const stubs = () => {
    if (!ec2 || !asg) throw new Error('the stubs are set in beforeEach');
    return { ec2, asg };
  };
  async function scan(payload: Record<string, unknown>): Promise<Finding[]> {
    const handler = ruleHandler(ec2ScheduledEvents, {
      env: { DRIFTWATCH_TOPIC_ARN: inbox.topicArn, DRIFTWATCH_NOTIFY: 'always' },
      clients,
    });
    await handler(
      { regions: [MOTO_REGION], params: { replaceBeforeEvents: true }, ...payload },
      lambdaContext(),
    );
    return (await inbox.receive()).flatMap((a) => a.body.findings);
  }
  const eventFinding = (findings: Finding[], instanceId: string) =>
    findings.find((f) => f.resource.id === instanceId && f.checkId?.startsWith('instance-event-'));

  it('plans a launch-first refresh in a dry run and changes nothing', async () => {
    // Act
    const findings = await scan({ remediate: true, dryRun: true });
    // Assess
    const member = eventFinding(findings, members[0] as string);
    expect(member?.remediation).toMatchObject({
      action: 'autoscaling:StartInstanceRefresh',
      status: 'planned',
      dryRun: true,
    });
    expect(member?.remediation?.description).toContain('minimum healthy 100%, maximum 150%');
    expect(stubs().asg.commandCalls(StartInstanceRefreshCommand)).toHaveLength(0);
    expect(stubs().asg.commandCalls(CreateOrUpdateTagsCommand)).toHaveLength(0);
    expect(eventFinding(findings, unmanaged)?.remediation).toBeUndefined();
  });

  it('replaces the group member through a launch-first refresh, marks the group, never touches the unmanaged instance, and names the replacement next run', async () => {
    // Act
    const findings = await scan({ remediate: true });
    // Assess: one refresh of web-asg that launches before it terminates, and its marker on the group (in moto)
    expect(eventFinding(findings, members[0] as string)?.remediation?.status).toBe('done');
    expect(
      stubs()
        .asg.commandCalls(StartInstanceRefreshCommand)
        .map((c) => c.args[0].input),
    ).toEqual([
      {
        AutoScalingGroupName: 'web-asg',
        Strategy: 'Rolling',
        Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 150, SkipMatching: false },
      },
    ]);
    expect(stubs().asg.commandCalls(TerminateInstanceInAutoScalingGroupCommand)).toHaveLength(0);
    expect(stubs().asg.commandCalls(SetInstanceHealthCommand)).toHaveLength(0);
    const realAsg = motoClient(moto(), AutoScalingClient);
    const tags = (
      await realAsg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }))
    ).AutoScalingGroups?.[0]?.Tags;
    expect(tags?.map((t) => t.Key)).toEqual([`driftwatch:replacing:${members[0]}`]);
    // The unmanaged instance: reported, never touched
    expect(eventFinding(findings, unmanaged)?.status).toBe('FAIL');
    const touched = [
      ...stubs().ec2.commandCalls(CreateTagsCommand),
      ...stubs().ec2.commandCalls(ModifyInstanceEventStartTimeCommand),
      ...stubs().ec2.commandCalls(TerminateInstancesCommand),
    ].filter((c) => JSON.stringify(c.args[0].input).includes(unmanaged));
    expect(touched).toEqual([]);
    const state = await motoClient(moto(), EC2Client).send(
      new DescribeInstancesCommand({ InstanceIds: [unmanaged] }),
    );
    expect(state.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');

    // Prepare: the refresh takes the member out (moto launches a replacement to keep the desired capacity)
    await realAsg.send(
      new DetachInstancesCommand({
        AutoScalingGroupName: 'web-asg',
        InstanceIds: [members[0] as string],
        ShouldDecrementDesiredCapacity: false,
      }),
    );
    const after = await realAsg.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-asg'] }),
    );
    const replacement = (after.AutoScalingGroups?.[0]?.Instances ?? [])
      .map((i) => i.InstanceId)
      .find((id) => !members.includes(id as string));
    // Act: the next run
    const next = await scan({ remediate: true });
    // Assess
    expect(eventFinding(next, members[0] as string)).toMatchObject({
      status: 'PASS',
      details: { group: 'web-asg', replacements: [{ instanceId: replacement }] },
    });
    expect(stubs().asg.commandCalls(StartInstanceRefreshCommand)).toHaveLength(1);
  });
});
