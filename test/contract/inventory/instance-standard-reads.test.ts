import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
} from '@aws-sdk/client-auto-scaling';
import type { DescribeAutoScalingGroupsCommandOutput } from '@aws-sdk/client-auto-scaling';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { DescribeLaunchTemplateVersionsCommandOutput } from '@aws-sdk/client-ec2';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ServiceException } from '@smithy/smithy-client';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { activeRefreshes, autoScalingGroups } from '../../../lib/inventory/autoscaling';
import { imagesById } from '../../../lib/inventory/images';
import { runningInstances } from '../../../lib/inventory/running-instances';
import { imageParameters } from '../../../lib/inventory/ssm';
import { placeboOutput } from '../../helpers/recordings';

const REGION = 'us-east-1';

describe('instance-standard reads against recorded and hand-written AWS responses', () => {
  const ec2 = mockClient(EC2Client);
  const asg = mockClient(AutoScalingClient);
  const ssm = mockClient(SSMClient);
  beforeEach(() => {
    ec2.reset();
    asg.reset();
    ssm.reset();
  });
  afterAll(() => {
    ec2.restore();
    asg.restore();
    ssm.restore();
  });

  it('resolves a group on $Default to the version and image it launches (recorded test_ebs_snapshot_unused)', async () => {
    // Prepare
    asg
      .on(DescribeAutoScalingGroupsCommand)
      .resolves(
        placeboOutput<DescribeAutoScalingGroupsCommandOutput>(
          'test_ebs_snapshot_unused',
          'autoscaling.DescribeAutoScalingGroups_1',
        ),
      );
    ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .resolves(
        placeboOutput<DescribeLaunchTemplateVersionsCommandOutput>(
          'test_ebs_snapshot_unused',
          'ec2.DescribeLaunchTemplateVersions_1',
        ),
      );

    // Act
    const groups = await autoScalingGroups.fetch(new ClientFactory(), REGION);

    // Assess
    expect(groups).toEqual([
      {
        name: 'c7n-test',
        desiredCapacity: 1,
        minSize: 1,
        maxSize: 1,
        launchTemplate: {
          id: 'lt-0f4a39147cc7881b9',
          name: 'c7n-test',
          configuredVersion: '$Default',
          launchesVersion: 1,
          latestVersion: 1,
          defaultVersion: 1,
          imageId: 'ami-02da3a138888ced85',
        },
        instances: [],
      },
    ]);
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]?.args[0].input).toEqual({
      LaunchTemplateId: 'lt-0f4a39147cc7881b9',
      Versions: ['$Latest', '$Default'],
    });
  });

  it('keeps a group whose launch template was deleted, saying so, rather than failing the read', async () => {
    // Prepare
    asg.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'orphan',
          MinSize: 0,
          MaxSize: 2,
          DesiredCapacity: 1,
          LaunchTemplate: { LaunchTemplateId: 'lt-gone', Version: '7' },
          AvailabilityZones: [],
          HealthCheckType: 'EC2',
          CreatedTime: new Date(),
          DefaultCooldown: 300,
        },
      ],
    });
    ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(
      new ServiceException({
        name: 'InvalidLaunchTemplateId.NotFound',
        $fault: 'client',
        $metadata: {},
        message: 'gone',
      }),
    );

    // Act
    const [group] = await autoScalingGroups.fetch(new ClientFactory(), REGION);

    // Assess
    expect(group?.launchTemplate).toEqual({
      id: 'lt-gone',
      name: '',
      configuredVersion: '7',
      problem: 'InvalidLaunchTemplateId.NotFound: the launch template or its version 7 no longer exists',
    });
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]?.args[0].input.Versions).toEqual([
      '$Latest',
      '$Default',
      '7',
    ]);
  });

  it('asks GetParameters 10 names at a time and leaves out the names SSM does not know', async () => {
    // Prepare
    const names = Array.from({ length: 23 }, (_, i) => `/golden/f${String(i).padStart(2, '0')}/ami`);
    ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
      Parameters: input.Names.filter((n) => n !== '/golden/f05/ami').map((Name) => ({
        Name,
        Value: 'ami-0123',
        Version: 2,
        LastModifiedDate: new Date('2026-11-20T00:00:00Z'),
        DataType: 'aws:ec2:image',
      })),
      InvalidParameters: input.Names.filter((n) => n === '/golden/f05/ami'),
    }));

    // Act
    const value = await imageParameters
      .for([...names, names[0] as string])
      .fetch(new ClientFactory(), REGION);

    // Assess
    expect(ssm.commandCalls(GetParametersCommand).map((c) => c.args[0].input.Names?.length)).toEqual([
      10, 10, 3,
    ]);
    expect(value.requested).toEqual(names);
    expect(value.found).toHaveLength(22);
    expect(value.found.map((p) => p.name)).not.toContain('/golden/f05/ami');
    expect(value.found[0]).toEqual({
      name: '/golden/f00/ami',
      value: 'ami-0123',
      version: 2,
      lastModified: '2026-11-20T00:00:00.000Z',
      dataType: 'aws:ec2:image',
    });
  });

  it('describes images by the image-id filter, 200 a call, so a deregistered id does not fail the call', async () => {
    // Prepare
    const ids = Array.from({ length: 250 }, (_, i) => `ami-${String(i).padStart(17, '0')}`);
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        {
          ImageId: ids[0],
          Name: 'golden-web-1',
          State: 'available',
          CreationDate: '2026-11-01T10:00:00.000Z',
          Architecture: 'arm64',
          OwnerId: '123456789012',
        },
      ],
    });

    // Act
    const value = await imagesById.for(ids).fetch(new ClientFactory(), REGION);

    // Assess
    const calls = ec2.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Filters?.[0]?.Values?.length)).toEqual([200, 50]);
    expect(calls[0]?.ImageIds).toBeUndefined();
    expect(value.found[0]).toMatchObject({
      imageId: ids[0],
      architecture: 'arm64',
      creationDate: '2026-11-01T10:00:00.000Z',
    });
  });

  it('reports only an unfinished refresh of each group asked about', async () => {
    // Prepare
    asg.on(DescribeInstanceRefreshesCommand, { AutoScalingGroupName: 'busy' }).resolves({
      InstanceRefreshes: [
        {
          InstanceRefreshId: 'r-1',
          Status: 'InProgress',
          StartTime: new Date('2026-11-21T10:00:00Z'),
          PercentageComplete: 40,
        },
      ],
    });
    asg.on(DescribeInstanceRefreshesCommand, { AutoScalingGroupName: 'done' }).resolves({
      InstanceRefreshes: [{ InstanceRefreshId: 'r-0', Status: 'Successful' }],
    });

    // Act
    const value = await activeRefreshes.for(['done', 'busy']).fetch(new ClientFactory(), REGION);

    // Assess
    expect(value).toEqual({
      requested: ['busy', 'done'],
      found: [
        {
          groupName: 'busy',
          refreshId: 'r-1',
          status: 'InProgress',
          startTime: '2026-11-21T10:00:00.000Z',
          percentageComplete: 40,
        },
      ],
    });
  });

  it('lists running instances only, dating a stopped-and-started one from its primary interface attachment', async () => {
    // Prepare
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-1',
              ImageId: 'ami-1',
              Architecture: 'x86_64',
              LaunchTime: new Date('2026-11-21T08:00:00Z'),
              NetworkInterfaces: [
                { Attachment: { DeviceIndex: 0, AttachTime: new Date('2026-11-19T08:00:00Z') } },
              ],
              MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
              Tags: [{ Key: 'Owner', Value: 'team-web' }],
            },
          ],
        },
      ],
    });

    // Act
    const [i] = await runningInstances.fetch(new ClientFactory(), REGION);

    // Assess
    expect(ec2.commandCalls(DescribeInstancesCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'instance-state-name', Values: ['running'] },
    ]);
    expect(i).toEqual({
      instanceId: 'i-1',
      imageId: 'ami-1',
      architecture: 'x86_64',
      launchTime: '2026-11-19T08:00:00.000Z',
      httpTokens: 'optional',
      httpEndpoint: 'enabled',
      tags: { Owner: 'team-web' },
    });
  });
});
