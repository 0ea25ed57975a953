import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import type { DescribeAutoScalingGroupsCommandOutput } from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { groupMembers, launchesBeforeTerminating } from '../../../lib/inventory/autoscaling-members';
import { placeboOutput } from '../../helpers/recordings';

const asg = mockClient(AutoScalingClient);
afterEach(() => asg.reset());
afterAll(() => asg.restore());

describe('autoscaling.groupMembers', () => {
  it('reads the recorded group of test_ebs_snapshot_unused: capacity, no members, no tags, no maintenance policy', async () => {
    // Prepare
    asg
      .on(DescribeAutoScalingGroupsCommand)
      .resolves(
        placeboOutput<DescribeAutoScalingGroupsCommandOutput>(
          'test_ebs_snapshot_unused',
          'autoscaling.DescribeAutoScalingGroups_1',
        ),
      );
    // Act
    const groups = await groupMembers.fetch(new ClientFactory(), 'us-east-1');
    // Assess
    expect(groups).toEqual([
      { name: 'c7n-test', desiredCapacity: 1, minSize: 1, maxSize: 1, instances: [], tags: {} },
    ]);
  });

  it('reads members, tags and the instance maintenance policy (shape from the API reference; -1 means cleared)', async () => {
    // Prepare
    asg.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'web-asg',
          MinSize: 2,
          MaxSize: 4,
          DesiredCapacity: 2,
          DefaultCooldown: 300,
          AvailabilityZones: ['us-east-1a'],
          HealthCheckType: 'EC2',
          CreatedTime: new Date('2026-01-01T00:00:00Z'),
          Instances: [
            {
              InstanceId: 'i-0a',
              AvailabilityZone: 'us-east-1a',
              LifecycleState: 'InService',
              HealthStatus: 'Healthy',
              ProtectedFromScaleIn: false,
            },
          ],
          Tags: [
            {
              ResourceId: 'web-asg',
              ResourceType: 'auto-scaling-group',
              Key: 'MaintenanceWindow',
              Value: 'Sun 03:00-05:00',
              PropagateAtLaunch: false,
            },
          ],
          InstanceMaintenancePolicy: { MinHealthyPercentage: 100, MaxHealthyPercentage: 110 },
        },
        {
          AutoScalingGroupName: 'cleared',
          MinSize: 0,
          MaxSize: 1,
          DesiredCapacity: 0,
          DefaultCooldown: 300,
          AvailabilityZones: ['us-east-1a'],
          HealthCheckType: 'EC2',
          CreatedTime: new Date('2026-01-01T00:00:00Z'),
          InstanceMaintenancePolicy: { MinHealthyPercentage: -1, MaxHealthyPercentage: -1 },
        },
      ],
    });
    // Act
    const [web, cleared] = await groupMembers.fetch(new ClientFactory(), 'us-east-1');
    // Assess
    expect(web).toEqual({
      name: 'web-asg',
      desiredCapacity: 2,
      minSize: 2,
      maxSize: 4,
      instances: [{ instanceId: 'i-0a', lifecycleState: 'InService', healthStatus: 'Healthy' }],
      tags: { MaintenanceWindow: 'Sun 03:00-05:00' },
      maintenancePolicy: { minHealthyPercentage: 100, maxHealthyPercentage: 110 },
    });
    expect(launchesBeforeTerminating(web?.maintenancePolicy)).toBe(true);
    expect(cleared?.maintenancePolicy).toBeUndefined();
    expect(launchesBeforeTerminating({ minHealthyPercentage: 90, maxHealthyPercentage: 120 })).toBe(false);
  });
});
