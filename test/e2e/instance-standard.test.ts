import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import type { DescribeAutoScalingGroupsCommandInput } from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  EC2Client,
  RegisterImageCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../lib/aws/clients';
import type { Finding } from '../../lib/findings';
import { ruleHandler } from '../../lib/handler';
import type { RunSummary } from '../../lib/summary';
import { instanceStandard } from '../../rules/instance-standard';
import { createInbox } from '../helpers/alerts';
import type { AlertInbox } from '../helpers/alerts';
import { lambdaContext } from '../helpers/lambda';
import { motoClient, MOTO_REGION, useMoto } from '../helpers/moto';

// moto_server's start and seeding (two groups launching instances) can take over 5 s on a loaded machine.
jest.setTimeout(60_000);

const PARAMS = {
  families: { web: { parameter: '/golden/web/ami', namePattern: 'golden-web-*' } },
  // moto dates every image and parameter "now": a zero grace makes a fresh supersession a FAIL.
  supersededGraceHours: 0,
};
const OWNER = [{ Key: 'Owner', Value: 'team-web' }];

interface Seeded {
  readonly oldImage: string;
  readonly newImage: string;
  /** web-asg: launched from template version 1 (old image); the group now launches version 2 (new). */
  readonly webInstances: readonly string[];
  /** api-asg: launched from the new image, current. */
  readonly apiInstances: readonly string[];
  readonly unmanagedOld: string;
  readonly unmanagedNew: string;
}

/** Images, an SSM parameter naming the new one, two groups and two unmanaged instances on moto_server. */
async function seed(ec2: EC2Client, ssm: SSMClient, asg: AutoScalingClient): Promise<Seeded> {
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

const standardOf = (findings: readonly Finding[], id: string) =>
  findings.find((f) => f.resource.id === id && f.checkId === 'standard');

describe("instanceStandard on moto_server (moto has no instance refresh API: DescribeInstanceRefreshes and StartInstanceRefresh are answered by aws-sdk-client-mock on the run's Auto Scaling client, every other call goes to moto)", () => {
  const moto = useMoto({ processEnv: true });
  let inbox: AlertInbox;
  let seeded: Seeded;
  let clients: ClientFactory;
  let autoscaling: AwsClientStub<AutoScalingClient> | undefined;

  beforeEach(async () => {
    inbox = await createInbox(moto());
    seeded = await seed(
      motoClient(moto(), EC2Client),
      motoClient(moto(), SSMClient),
      motoClient(moto(), AutoScalingClient),
    );
    clients = new ClientFactory();
    const real = motoClient(moto(), AutoScalingClient);
    const stub = mockClient(clients.get(AutoScalingClient, MOTO_REGION));
    autoscaling = stub;
    stub
      .on(DescribeAutoScalingGroupsCommand)
      .callsFake((input: DescribeAutoScalingGroupsCommandInput) =>
        real.send(new DescribeAutoScalingGroupsCommand(input)),
      );
    stub.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [] });
    stub.on(StartInstanceRefreshCommand).resolves({ InstanceRefreshId: 'refresh-0001' });
  });
  let stdout: jest.SpyInstance;
  beforeAll(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(() => stdout.mockRestore());
  afterEach(() => autoscaling?.restore());
  /** The run's Auto Scaling client stub (set in beforeEach). */
  const refreshApi = (): AwsClientStub<AutoScalingClient> => {
    if (!autoscaling) throw new Error('the Auto Scaling stub is set in beforeEach');
    return autoscaling;
  };

  async function scan(
    payload: Record<string, unknown>,
  ): Promise<{ summary: RunSummary; findings: Finding[] }> {
    const handler = ruleHandler(instanceStandard, {
      env: { DRIFTWATCH_TOPIC_ARN: inbox.topicArn, DRIFTWATCH_NOTIFY: 'always' },
      clients,
    });
    const summary = (await handler(
      { regions: [MOTO_REGION], params: PARAMS, ...payload },
      lambdaContext(),
    )) as RunSummary;
    const findings = (await inbox.receive()).flatMap((a) => a.body.findings);
    return { summary, findings };
  }

  it('classifies each instance and, in a dry run, plans one refresh for the superseded group and none for unmanaged instances', async () => {
    // Act
    const { summary, findings } = await scan({ remediate: true, dryRun: true });

    // Assess: one class per instance
    const classes = Object.fromEntries(
      [...seeded.webInstances, ...seeded.apiInstances, seeded.unmanagedOld, seeded.unmanagedNew].map((id) => [
        id,
        [standardOf(findings, id)?.details?.class, standardOf(findings, id)?.status],
      ]),
    );
    expect(classes).toEqual({
      [seeded.webInstances[0] as string]: ['superseded', 'FAIL'],
      [seeded.webInstances[1] as string]: ['superseded', 'FAIL'],
      [seeded.apiInstances[0] as string]: ['current', 'PASS'],
      [seeded.apiInstances[1] as string]: ['current', 'PASS'],
      [seeded.unmanagedOld]: ['unmanaged', 'FAIL'],
      [seeded.unmanagedNew]: ['unmanaged', 'FAIL'],
    });
    const web = standardOf(findings, seeded.webInstances[0] as string) as Finding;
    expect(web.message).toContain(
      `it runs ${seeded.oldImage} (golden-web-2026-11-01) but the standard for web is ${seeded.newImage} (golden-web-2026-11-19) (parameter /golden/web/ami), superseded for 0 hours`,
    );
    expect(web.message).toContain('Auto Scaling group web-asg would replace it');
    expect(web.details).toMatchObject({
      owner: 'team-web',
      staleLaunch: { instanceVersion: '1', groupVersion: 2 },
    });

    // Assess: the plan, per group, never for an unmanaged instance
    const refreshes = findings
      .filter((f) => f.checkId === 'instance-refresh')
      .map((f) => [f.resource.id, f.status, f.remediation?.status ?? null, f.remediation?.dryRun ?? null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(refreshes).toEqual([
      ['api-asg', 'PASS', null, null],
      ['web-asg', 'FAIL', 'planned', true],
    ]);
    expect(findings.filter((f) => f.remediation).map((f) => f.resource.id)).toEqual(['web-asg']);
    expect(refreshApi().commandCalls(StartInstanceRefreshCommand)).toHaveLength(0);
    expect(
      refreshApi()
        .commandCalls(DescribeInstanceRefreshesCommand)
        .map((c) => c.args[0].input.AutoScalingGroupName),
    ).toEqual(['web-asg']);
    expect(summary.apiCalls).toMatchObject({
      'ssm:GetParameters': 1,
      'ec2:DescribeLaunchTemplateVersions': 2,
    });
  });

  it('asked to remediate, starts exactly one refresh, on the superseded group', async () => {
    // Act
    const { findings } = await scan({ remediate: true });

    // Assess
    const starts = refreshApi()
      .commandCalls(StartInstanceRefreshCommand)
      .map((c) => c.args[0].input);
    expect(starts).toEqual([
      {
        AutoScalingGroupName: 'web-asg',
        Strategy: 'Rolling',
        Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, SkipMatching: false },
      },
    ]);
    const web = findings.find((f) => f.resource.id === 'web-asg') as Finding;
    expect(web.remediation).toMatchObject({ status: 'done', dryRun: false });
    expect(findings.filter((f) => f.remediation?.status === 'done')).toHaveLength(1);
  });
});
