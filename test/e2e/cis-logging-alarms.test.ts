import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { ClientFactory } from '../../lib/aws/clients';
import type { Finding } from '../../lib/findings';
import { ruleHandler } from '../../lib/handler';
import type { Rule } from '../../lib/rule';
import type { RunSummary } from '../../lib/summary';
import { cloudwatchAlarms } from '../../rules/cloudwatch-alarms';
import { MONITORED_EVENTS } from '../../rules/cloudwatch-alarms/benchmark';
import { loggingCoverage } from '../../rules/logging-coverage';
import { createInbox } from '../helpers/alerts';
import type { AlertInbox } from '../helpers/alerts';
import { lambdaContext } from '../helpers/lambda';
import { createBucket, motoClient, useMoto } from '../helpers/moto';

const ACCOUNT = '123456789012';
const GROUP = 'cloudtrail/management';
const pattern = (checkId: string) =>
  MONITORED_EVENTS.find((e) => e.checkId === checkId)?.patterns[0] as string;

// Failing flow-log delivery and unreadable (cross-account) buckets, keys and topics are unit and
// contract tests: moto_server has no way to make them fail.
describe('cloudwatch-alarms and logging-coverage through ruleHandler on moto_server', () => {
  const moto = useMoto({ processEnv: true });

  async function invoke(
    rule: Rule<never>,
    inbox: AlertInbox,
    event: Record<string, unknown>,
  ): Promise<{ summary: RunSummary; findings: Finding[] }> {
    const handler = ruleHandler(rule, {
      env: { ...moto().env, DRIFTWATCH_TOPIC_ARN: inbox.topicArn, DRIFTWATCH_NOTIFY: 'always' },
      clients: new ClientFactory(),
    });
    const summary = (await handler(event, lambdaContext())) as RunSummary;
    return { summary, findings: (await inbox.receive()).flatMap((a) => a.body.findings) };
  }
  const find = (findings: Finding[], checkId: string, id?: string) =>
    findings.filter((f) => f.checkId === checkId && (id === undefined || f.resource.id === id));

  /** A logging multi-region trail into bucket trail-logs and log group GROUP, with S3 write data events. */
  async function trail(): Promise<void> {
    await createBucket(moto(), 'trail-logs');
    await motoClient(moto(), CloudWatchLogsClient).send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const cloudtrail = motoClient(moto(), CloudTrailClient);
    await cloudtrail.send(
      new CreateTrailCommand({
        Name: 'management',
        S3BucketName: 'trail-logs',
        IsMultiRegionTrail: true,
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-to-logs`,
      }),
    );
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'management',
        EventSelectors: [
          {
            ReadWriteType: 'WriteOnly',
            IncludeManagementEvents: false,
            DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
          },
          { ReadWriteType: 'All', IncludeManagementEvents: true },
        ],
      }),
    );
    await cloudtrail.send(new StartLoggingCommand({ Name: 'management' }));
  }

  it('passes root usage (filter, alarm, subscribed topic) and fails CloudTrail changes whose topic nobody subscribes to', async () => {
    // Prepare: two benchmark filters; root usage alarms to the inbox topic (an SQS subscription), CloudTrail changes to a bare topic
    await trail();
    const inbox = await createInbox(moto());
    const logs = motoClient(moto(), CloudWatchLogsClient);
    const cloudwatch = motoClient(moto(), CloudWatchClient);
    const bare = await motoClient(moto(), SNSClient).send(new CreateTopicCommand({ Name: 'nobody-listens' }));
    for (const [checkId, topic] of [
      ['root-usage', inbox.topicArn],
      ['cloudtrail-changes', bare.TopicArn as string],
    ] as const) {
      await logs.send(
        new PutMetricFilterCommand({
          logGroupName: GROUP,
          filterName: checkId,
          filterPattern: pattern(checkId),
          metricTransformations: [{ metricName: checkId, metricNamespace: 'CISBenchmark', metricValue: '1' }],
        }),
      );
      await cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: `${checkId}-alarm`,
          MetricName: checkId,
          Namespace: 'CISBenchmark',
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: [topic],
        }),
      );
    }
    // Act
    const { summary, findings } = await invoke(cloudwatchAlarms as Rule<never>, inbox, {});
    // Assess
    expect(find(findings, 'root-usage')[0]).toMatchObject({
      status: 'PASS',
      controls: { cisV5: ['4.3'], securityHub: ['CloudWatch.1'] },
      details: { filter: 'root-usage', alarm: 'root-usage-alarm', topic: inbox.topicArn },
    });
    expect(find(findings, 'cloudtrail-changes')[0]).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining(`topic ${bare.TopicArn} has no confirmed subscription`),
    });
    expect(find(findings, 'vpc-changes')[0]?.message).toContain(
      "has no metric filter with the benchmark's pattern",
    );
    expect(findings.filter((f) => f.ruleId === 'cloudwatch-alarms')).toHaveLength(15);
    expect(summary.apiCalls).toMatchObject({
      'cloudtrail:DescribeTrails': 1,
      'cloudtrail:GetTrailStatus': 1,
      'cloudtrail:GetEventSelectors': 1,
      'logs:DescribeMetricFilters': 1,
      'cloudwatch:DescribeAlarms': 1,
      'sns:ListSubscriptionsByTopic': 2,
    });
  }, 60_000);

  it('finds a non-rotating key, VPCs without flow logs, the trail bucket without access logging and write-only data events', async () => {
    // Prepare: the trail; in us-east-1 two customer keys (one rotating) and a flow log on the default VPC
    await trail();
    const inbox = await createInbox(moto());
    const kms = motoClient(moto(), KMSClient);
    const rotating = await kms.send(new CreateKeyCommand({ Description: 'rotating' }));
    const stale = await kms.send(new CreateKeyCommand({ Description: 'stale' }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: rotating.KeyMetadata?.KeyId }));
    const ec2 = motoClient(moto(), EC2Client);
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    const logged = vpcs[0]?.VpcId as string;
    await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: 'VPC',
        ResourceIds: [logged],
        TrafficType: 'REJECT',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::trail-logs',
      }),
    );
    // Act
    const { summary, findings } = await invoke(loggingCoverage as Rule<never>, inbox, {
      regions: ['us-east-1', 'eu-west-1'],
    });
    // Assess
    expect(find(findings, 'kms-key-rotation', rotating.KeyMetadata?.KeyId)[0]?.status).toBe('PASS');
    expect(find(findings, 'kms-key-rotation', stale.KeyMetadata?.KeyId)[0]).toMatchObject({
      status: 'FAIL',
      controls: { securityHub: ['KMS.4'] },
    });
    expect(find(findings, 'vpc-flow-logs', logged)[0]).toMatchObject({ status: 'PASS', region: 'us-east-1' });
    const unlogged = find(findings, 'vpc-flow-logs').filter((f) => f.status === 'FAIL');
    expect(unlogged.length).toBeGreaterThan(0);
    expect(unlogged.every((f) => f.resource.id !== logged)).toBe(true);
    expect(find(findings, 'trail-bucket-access-logging', 'trail-logs')).toEqual([
      expect.objectContaining({ status: 'FAIL', region: 'global' }),
    ]);
    expect(find(findings, 's3-object-write-events')[0]?.status).toBe('PASS');
    expect(find(findings, 's3-object-read-events')[0]?.status).toBe('FAIL');
    expect(summary.apiCalls).toMatchObject({
      'ec2:DescribeVpcs': 2,
      'ec2:DescribeFlowLogs': 2,
      'kms:ListKeys': 2,
      'kms:DescribeKey': 2,
      'kms:GetKeyRotationStatus': 2,
      'cloudtrail:DescribeTrails': 2,
      's3:GetBucketLocation': 1,
      's3:GetBucketLogging': 1,
    });
  }, 60_000);

  it('passes the trail bucket once it logs its access to another bucket (CIS 3.4 / CloudTrail.7)', async () => {
    // Prepare: access-logs admits the S3 logging service, trail-logs logs into it
    await trail();
    const inbox = await createInbox(moto());
    await createBucket(moto(), 'access-logs');
    const s3 = motoClient(moto(), S3Client);
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'access-logs',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::access-logs/*',
            },
          ],
        }),
      }),
    );
    await s3.send(
      new PutBucketLoggingCommand({
        Bucket: 'trail-logs',
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'trail/' } },
      }),
    );
    // Act
    const { findings } = await invoke(loggingCoverage as Rule<never>, inbox, { regions: ['us-east-1'] });
    // Assess
    expect(find(findings, 'trail-bucket-access-logging', 'trail-logs')).toEqual([
      expect.objectContaining({
        status: 'PASS',
        details: expect.objectContaining({ target: { bucket: 'access-logs', prefix: 'trail/' } }),
      }),
    ]);
  }, 60_000);
});
