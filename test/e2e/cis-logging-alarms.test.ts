import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { ClientFactory } from '../../lib/aws/clients';
import type { Finding } from '../../lib/findings';
import { ruleHandler } from '../../lib/handler';
import type { Rule } from '../../lib/rule';
import type { RunSummary } from '../../lib/summary';
import { cloudwatchAlarms } from '../../rules/cloudwatch-alarms';
import { loggingCoverage } from '../../rules/logging-coverage';
import { createInbox } from '../helpers/alerts';
import type { AlertInbox } from '../helpers/alerts';
import { lambdaContext } from '../helpers/lambda';
import { motoClient, useMoto } from '../helpers/moto';
import { match } from '../helpers/matchers';
import {
  accessLogging,
  benchmarkAlarm,
  customerKeys,
  flowLogOnFirstVpc,
  loggingTrail,
} from '../helpers/seed-logging';

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
    const summary = await handler(event, lambdaContext());
    return { summary, findings: (await inbox.receive()).flatMap((a) => a.body.findings) };
  }
  const find = (findings: Finding[], checkId: string, id?: string) =>
    findings.filter((f) => f.checkId === checkId && (id === undefined || f.resource.id === id));

  it('passes root usage (filter, alarm, subscribed topic) and fails CloudTrail changes whose topic nobody subscribes to', async () => {
    // Prepare: two benchmark filters; root usage alarms to the inbox topic (an SQS subscription), CloudTrail changes to a bare topic
    await loggingTrail(moto());
    const inbox = await createInbox(moto());
    const bare = await motoClient(moto(), SNSClient).send(new CreateTopicCommand({ Name: 'nobody-listens' }));
    await benchmarkAlarm(moto(), 'root-usage', inbox.topicArn);
    await benchmarkAlarm(moto(), 'cloudtrail-changes', bare.TopicArn as string);
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
      message: match.stringContaining(`topic ${bare.TopicArn} has no confirmed subscription`),
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
    await loggingTrail(moto());
    const inbox = await createInbox(moto());
    const { rotating, stale } = await customerKeys(moto());
    const logged = await flowLogOnFirstVpc(moto());
    // Act
    const { summary, findings } = await invoke(loggingCoverage as Rule<never>, inbox, {
      regions: ['us-east-1', 'eu-west-1'],
    });
    // Assess
    expect(find(findings, 'kms-key-rotation', rotating)[0]?.status).toBe('PASS');
    expect(find(findings, 'kms-key-rotation', stale)[0]).toMatchObject({
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
    await loggingTrail(moto());
    const inbox = await createInbox(moto());
    await accessLogging(moto(), 'trail-logs');
    // Act
    const { findings } = await invoke(loggingCoverage as Rule<never>, inbox, { regions: ['us-east-1'] });
    // Assess
    expect(find(findings, 'trail-bucket-access-logging', 'trail-logs')).toEqual([
      expect.objectContaining({
        status: 'PASS',
        details: match.objectContaining({ target: { bucket: 'access-logs', prefix: 'trail/' } }),
      }),
    ]);
  }, 60_000);
});
