import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  EC2Client,
  RegisterImageCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Moto } from './moto';
import { MOTO_REGION, motoClient } from './moto';

/** Seeding for instance-standard on moto_server: golden images, a parameter, groups and instances. */

/** instance-standard parameters for the fleet `goldenImageFleet` seeds: family web, no grace. */
export const GOLDEN_WEB_PARAMS = {
  families: { web: { parameter: '/golden/web/ami', namePattern: 'golden-web-*' } },
  // moto dates every image and parameter "now": a zero grace makes a fresh supersession a FAIL.
  supersededGraceHours: 0,
} as const;
const OWNER = [{ Key: 'Owner', Value: 'team-web' }];

/** What `goldenImageFleet` made. */
export interface GoldenImageFleet {
  readonly oldImage: string;
  readonly newImage: string;
  /** web-asg: launched from template version 1 (old image); the group now launches version 2 (new). */
  readonly webInstances: readonly string[];
  /** api-asg: launched from the new image, current. */
  readonly apiInstances: readonly string[];
  readonly unmanagedOld: string;
  readonly unmanagedNew: string;
}

/**
 * Two golden-web images, an SSM parameter naming the newer, two Auto Scaling groups (web-asg still
 * running the old image, api-asg current) and two unmanaged instances, in us-east-1 on moto_server.
 */
export async function goldenImageFleet(moto: Moto): Promise<GoldenImageFleet> {
  const ec2 = motoClient(moto, EC2Client);
  const ssm = motoClient(moto, SSMClient);
  const asg = motoClient(moto, AutoScalingClient);
  const register = async (Name: string) =>
    (await ec2.send(new RegisterImageCommand({ Name, Architecture: 'x86_64', RootDeviceName: '/dev/xvda' })))
      .ImageId as string;
  const oldImage = await register('golden-web-2026-11-01');
  const newImage = await register('golden-web-2026-11-19');
  await ssm.send(new PutParameterCommand({ Name: '/golden/web/ami', Value: newImage, Type: 'String' }));

  const template = async (name: string, ImageId: string) =>
    (
      await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: name,
          LaunchTemplateData: {
            ImageId,
            InstanceType: 't3.micro',
            MetadataOptions: { HttpTokens: 'required' },
          },
        }),
      )
    ).LaunchTemplate?.LaunchTemplateId as string;
  const group = async (name: string, templateId: string) => {
    await asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateId: templateId, Version: '$Latest' },
        MinSize: 2,
        MaxSize: 4,
        DesiredCapacity: 2,
        AvailabilityZones: [`${MOTO_REGION}a`],
        Tags: [{ Key: 'Owner', Value: 'team-web', PropagateAtLaunch: true }],
      }),
    );
    const out = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    return (out.AutoScalingGroups?.[0]?.Instances ?? []).map((i) => i.InstanceId as string).sort();
  };
  const web = await template('web', oldImage);
  const webInstances = await group('web-asg', web);
  await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: web,
      LaunchTemplateData: { ImageId: newImage },
    }),
  );
  const apiInstances = await group('api-asg', await template('api', newImage));

  const run = async (ImageId: string, name: string) =>
    (
      await ec2.send(
        new RunInstancesCommand({
          ImageId,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          MetadataOptions: { HttpTokens: 'required' },
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }, ...OWNER] }],
        }),
      )
    ).Instances?.[0]?.InstanceId as string;
  return {
    oldImage,
    newImage,
    webInstances,
    apiInstances,
    unmanagedOld: await run(oldImage, 'bastion'),
    unmanagedNew: await run(newImage, 'jump-host'),
  };
}
