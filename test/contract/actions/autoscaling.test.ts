import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import { ServiceException } from '@smithy/smithy-client';
import { mockClient } from 'aws-sdk-client-mock';
import { startInstanceRefresh } from '../../../lib/actions/autoscaling';
import { ClientFactory } from '../../../lib/aws/clients';

const INPUT = {
  groupName: 'web-asg',
  minHealthyPercentage: 100,
  maxHealthyPercentage: 200,
  skipMatching: false,
};
const group = (DesiredCapacity: number) => ({
  AutoScalingGroups: [
    {
      AutoScalingGroupName: 'web-asg',
      MinSize: 0,
      MaxSize: 4,
      DesiredCapacity,
      AvailabilityZones: [],
      HealthCheckType: 'EC2',
      CreatedTime: new Date(),
      DefaultCooldown: 300,
    },
  ],
});

describe('startInstanceRefresh (hand-written responses: moto has no instance refresh API)', () => {
  const asg = mockClient(AutoScalingClient);
  beforeEach(() => asg.reset());
  afterAll(() => asg.restore());

  it('starts a rolling refresh with the healthy percentages and skip-matching choice', async () => {
    // Prepare
    asg.on(DescribeAutoScalingGroupsCommand).resolves(group(2));
    asg
      .on(DescribeInstanceRefreshesCommand)
      .resolves({ InstanceRefreshes: [{ InstanceRefreshId: 'r-0', Status: 'Successful' }] });
    asg.on(StartInstanceRefreshCommand).resolves({ InstanceRefreshId: 'r-9' });

    // Act
    const outcome = await startInstanceRefresh.run(new ClientFactory(), 'eu-west-1', INPUT);

    // Assess
    expect(outcome).toEqual({ status: 'done', note: 'instance refresh r-9 started' });
    expect(asg.commandCalls(StartInstanceRefreshCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: 'web-asg',
      Strategy: 'Rolling',
      Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, SkipMatching: false },
    });
  });

  it('skips, without starting, a group that has a refresh under way', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves(group(2));
    asg
      .on(DescribeInstanceRefreshesCommand)
      .resolves({ InstanceRefreshes: [{ InstanceRefreshId: 'r-1', Status: 'Baking' }] });
    expect(await startInstanceRefresh.run(new ClientFactory(), 'eu-west-1', INPUT)).toEqual({
      status: 'skipped',
      reason: 'refresh r-1 is already Baking',
    });
    expect(asg.commandCalls(StartInstanceRefreshCommand)).toHaveLength(0);
  });

  it('skips a group scaled to 0 since the scan, and one that is gone', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolvesOnce(group(0)).resolvesOnce({ AutoScalingGroups: [] });
    expect(await startInstanceRefresh.run(new ClientFactory(), 'eu-west-1', INPUT)).toEqual({
      status: 'skipped',
      reason: 'group web-asg now has a desired capacity of 0',
    });
    expect(await startInstanceRefresh.run(new ClientFactory(), 'eu-west-1', INPUT)).toEqual({
      status: 'skipped',
      reason: 'group web-asg no longer exists',
    });
    expect(asg.commandCalls(StartInstanceRefreshCommand)).toHaveLength(0);
  });

  it('skips when Auto Scaling answers InstanceRefreshInProgress (a refresh started in between), and fails on other errors', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves(group(2));
    asg.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [] });
    const fault = (name: string) =>
      new ServiceException({ name, $fault: 'client', $metadata: {}, message: name });
    asg
      .on(StartInstanceRefreshCommand)
      .rejectsOnce(fault('InstanceRefreshInProgress'))
      .rejectsOnce(fault('AccessDenied'));
    expect(await startInstanceRefresh.run(new ClientFactory(), 'eu-west-1', INPUT)).toEqual({
      status: 'skipped',
      reason: 'a refresh is already in progress',
    });
    await expect(startInstanceRefresh.run(new ClientFactory(), 'eu-west-1', INPUT)).rejects.toThrow(
      'AccessDenied',
    );
  });
});
