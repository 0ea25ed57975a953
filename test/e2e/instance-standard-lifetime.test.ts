import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRegionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../lib/aws/clients';
import { ruleHandler } from '../../lib/handler';
import { instanceStandard } from '../../rules/instance-standard';
import { lambdaContext } from '../helpers/lambda';

// The over-lifetime path end to end through the handler. moto cannot backdate launch times, so
// every AWS answer here is hand-written (aws-sdk-client-mock); the moto_server run is in
// instance-standard.test.ts.
const HOUR = 3_600_000;

describe('instanceStandard handler over lifetime (aws-sdk-client-mock with hand-written responses: moto cannot backdate launch times)', () => {
  let ec2: AwsClientStub<EC2Client>;
  let ssm: AwsClientStub<SSMClient>;
  let asg: AwsClientStub<AutoScalingClient>;
  let sts: AwsClientStub<STSClient>;
  let stdout: jest.SpyInstance;
  beforeAll(() => {
    ec2 = mockClient(EC2Client);
    ssm = mockClient(SSMClient);
    asg = mockClient(AutoScalingClient);
    sts = mockClient(STSClient);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    ec2.restore();
    ssm.restore();
    asg.restore();
    sts.restore();
    stdout.mockRestore();
  });

  it('reports instances past 24 hours over lifetime and refreshes their group without skipping matching instances', async () => {
    // Prepare: both run the current image and the group's version; one launched 30 hours ago.
    const now = Date.now();
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:role/x' });
    ec2
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
    const tags = (v: string) => [
      { Key: 'Owner', Value: 'team-web' },
      { Key: 'aws:ec2launchtemplate:id', Value: 'lt-0web' },
      { Key: 'aws:ec2launchtemplate:version', Value: v },
      { Key: 'driftwatch:image-family', Value: 'web' },
    ];
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-0old',
              ImageId: 'ami-0new',
              LaunchTime: new Date(now - 30 * HOUR),
              Tags: [...tags('4'), { Key: 'Name', Value: 'web-7' }],
              MetadataOptions: { HttpTokens: 'required' },
            },
            {
              InstanceId: 'i-0young',
              ImageId: 'ami-0new',
              LaunchTime: new Date(now - 2 * HOUR),
              Tags: tags('4'),
              MetadataOptions: { HttpTokens: 'required' },
            },
          ],
        },
      ],
    });
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        {
          ImageId: 'ami-0new',
          Name: 'golden-web-2026-11-19',
          State: 'available',
          CreationDate: new Date(now - 40 * HOUR).toISOString(),
          Architecture: 'x86_64',
        },
      ],
    });
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        {
          LaunchTemplateId: 'lt-0web',
          LaunchTemplateName: 'web',
          VersionNumber: 4,
          DefaultVersion: true,
          LaunchTemplateData: { ImageId: 'ami-0new' },
        },
      ],
    });
    ssm.on(GetParametersCommand).resolves({
      Parameters: [
        {
          Name: '/golden/web/ami',
          Value: 'ami-0new',
          Version: 1,
          LastModifiedDate: new Date(now - 39 * HOUR),
        },
      ],
    });
    const member = (InstanceId: string) => ({
      InstanceId,
      LifecycleState: 'InService' as const,
      HealthStatus: 'Healthy',
      AvailabilityZone: 'eu-west-1a',
      ProtectedFromScaleIn: false,
    });
    asg.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'web-asg',
          MinSize: 2,
          MaxSize: 4,
          DesiredCapacity: 2,
          LaunchTemplate: { LaunchTemplateId: 'lt-0web', LaunchTemplateName: 'web', Version: '$Default' },
          Instances: [member('i-0old'), member('i-0young')],
          AvailabilityZones: ['eu-west-1a'],
          HealthCheckType: 'EC2',
          CreatedTime: new Date(now - 100 * HOUR),
          DefaultCooldown: 300,
        },
      ],
    });
    asg.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [] });
    asg.on(StartInstanceRefreshCommand).resolves({ InstanceRefreshId: 'refresh-0002' });
    const handler = ruleHandler(instanceStandard, {
      env: { DRIFTWATCH_NOTIFY: 'never' },
      clients: new ClientFactory(),
    });

    // Act
    const summary = await handler(
      {
        regions: ['eu-west-1'],
        remediate: true,
        params: { families: { web: { parameter: '/golden/web/ami' } } },
      },
      lambdaContext(),
    );

    // Assess
    // No imdsv2 findings: IMDSv2 is ec2-network's by default (instance-standard's check is opt-in).
    expect(summary.result).toBe('2 FAIL (medium), 0 ERROR, 3 PASS, 0 NOT_APPLICABLE');
    expect(summary.attention).toEqual(
      expect.arrayContaining([
        'FAIL medium eu-west-1: EC2 instance i-0old ("web-7"; owner: team-web) in eu-west-1 is over-lifetime: it runs the current web image ami-0new (golden-web-2026-11-19) (parameter /golden/web/ami); launched 30 hours ago, it is 6 hours over its 24 hours lifetime; Auto Scaling group web-asg would replace it.',
      ]),
    );
    expect(asg.commandCalls(StartInstanceRefreshCommand).map((c) => c.args[0].input)).toEqual([
      {
        AutoScalingGroupName: 'web-asg',
        Strategy: 'Rolling',
        Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, SkipMatching: false },
      },
    ]);
    expect(summary.changes).toMatchObject({ done: 1, failed: 0 });
  });
});
