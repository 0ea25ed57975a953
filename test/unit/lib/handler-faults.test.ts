import {
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeRegionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ruleHandler } from '../../../lib/handler';
import { ec2ScheduledEvents } from '../../../rules/ec2-scheduled-events';
import { lambdaContext } from '../../helpers/lambda';

// Faults at the function level: what the summary a person sees after `sls invoke` says. moto cannot
// refuse a region (OptInRequired) or expire credentials, so the SDK clients are mocked here.
const context = lambdaContext('driftwatch-test-ec2ScheduledEvents');
const env = { DRIFTWATCH_NOTIFY: 'never' };
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('ruleHandler under account and region faults', () => {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  const autoscaling = mockClient(AutoScalingClient);
  let quiet: jest.SpyInstance[] = [];
  beforeEach(() => {
    ec2.reset();
    sts.reset();
    autoscaling.reset();
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:role/x' });
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'ap-southeast-3', OptInStatus: 'opted-in' },
        { RegionName: 'ap-east-1', OptInStatus: 'not-opted-in' },
      ],
    });
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [{ InstanceId: 'i-1', InstanceState: { Name: 'running' }, Events: [] }],
    });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, Tags: [] }] }],
    });
    quiet = [
      jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('reports a requested region the account has not opted into as RegionNotEnabled, completes the others and says partial', async () => {
    // Prepare
    const handler = ruleHandler(ec2ScheduledEvents, { env });

    // Act
    const summary = await handler({ regions: ['us-east-1', 'ap-east-1'] }, context);

    // Assess
    expect(summary.partial).toBe(true);
    expect(summary.regions).toEqual(['us-east-1']);
    expect(summary.result).toBe('0 FAIL (high), 1 ERROR, 1 PASS, 0 NOT_APPLICABLE');
    expect(summary.attention).toEqual([expect.stringMatching(/^ERROR high ap-east-1: .*RegionNotEnabled/)]);
    expect(ec2.commandCalls(DescribeInstanceStatusCommand)).toHaveLength(1);
  });

  it('reports an opted-in region that refuses calls (OptInRequired) with its code, completes the others and says partial', async () => {
    // Prepare: ap-southeast-3 is listed as opted in but its endpoint still refuses (opt-in in progress)
    ec2.on(DescribeInstanceStatusCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'ap-southeast-3')
        throw awsError('OptInRequired', 'You are not subscribed to this service.');
      return {
        InstanceStatuses: [{ InstanceId: `i-${region}`, InstanceState: { Name: 'running' }, Events: [] }],
      };
    });
    const handler = ruleHandler(ec2ScheduledEvents, { env });

    // Act
    const summary = await handler({ regions: 'all' }, context);

    // Assess
    expect(summary.partial).toBe(true);
    expect(summary.regions).toEqual(['ap-southeast-3', 'eu-west-1', 'us-east-1']);
    expect(summary.result).toBe('0 FAIL (high), 1 ERROR, 2 PASS, 0 NOT_APPLICABLE');
    expect(summary.attention).toEqual([expect.stringMatching(/^ERROR high ap-southeast-3: .*OptInRequired/)]);
  });

  it('reports expired credentials as one account-level ERROR naming ExpiredToken, says partial, and makes no further call', async () => {
    // Prepare
    sts
      .on(GetCallerIdentityCommand)
      .rejects(awsError('ExpiredToken', 'The security token included in the request is expired'));
    const handler = ruleHandler(ec2ScheduledEvents, { env });

    // Act
    const summary = await handler({}, context);

    // Assess
    expect(summary.partial).toBe(true);
    expect(summary.account).toBe('unknown');
    expect(summary.result).toMatch(/^0 FAIL.*, 1 ERROR, 0 PASS/);
    expect(summary.attention).toEqual([expect.stringMatching(/^ERROR high global: .*ExpiredToken/)]);
    expect(ec2.calls()).toHaveLength(0);
  });
});
