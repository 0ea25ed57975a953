import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import type { DescribeAutoScalingGroupsCommandInput } from '@aws-sdk/client-auto-scaling';
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
import type { GoldenImageFleet } from '../helpers/seed-images';
import { GOLDEN_WEB_PARAMS, goldenImageFleet } from '../helpers/seed-images';

// moto_server's start and seeding (two groups launching instances) can take over 5 s on a loaded machine.
jest.setTimeout(60_000);

const standardOf = (findings: readonly Finding[], id: string) =>
  findings.find((f) => f.resource.id === id && f.checkId === 'standard');

describe("instanceStandard on moto_server (moto has no instance refresh API: DescribeInstanceRefreshes and StartInstanceRefresh are answered by aws-sdk-client-mock on the run's Auto Scaling client, every other call goes to moto)", () => {
  const moto = useMoto({ processEnv: true });
  let inbox: AlertInbox;
  let seeded: GoldenImageFleet;
  let clients: ClientFactory;
  let autoscaling: AwsClientStub<AutoScalingClient> | undefined;

  beforeEach(async () => {
    inbox = await createInbox(moto());
    seeded = await goldenImageFleet(moto());
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
    const summary = await handler(
      { regions: [MOTO_REGION], params: GOLDEN_WEB_PARAMS, ...payload },
      lambdaContext(),
    );
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
