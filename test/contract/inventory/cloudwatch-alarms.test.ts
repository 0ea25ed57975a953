import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { runRule } from '../../../lib/engine';
import type { Finding } from '../../../lib/findings';
import { LiveInventory } from '../../../lib/inventory/live';
import { cloudwatchAlarms } from '../../../rules/cloudwatch-alarms';
import { placeboOutput } from '../../helpers/recordings';
import { runRequest } from '../../helpers/runs';
import { match } from '../../helpers/matchers';

const ACCOUNT = '644160558196';
const SUCCESS = 'test_cloudtrail_success_log_metric_filter';
const NO_ALARM = 'test_cloudtrail_fail_log_metric_filter_no_alarm';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:mfa-notification-topic20221122165720935200000005`;

// Recorded: DescribeTrails, GetTrailStatus, DescribeMetricFilters, and the MetricAlarms of
// DescribeAlarmsForMetric (served here as DescribeAlarms' answer: the same MetricAlarm shape).
// Hand-written, as the folders do not record them: GetEventSelectors comes from
// test_cloudtrail_event_selectors; ListSubscriptionsByTopic carries the one confirmed subscription
// the recorded GetTopicAttributes counts (SubscriptionsConfirmed "1").
describe('cloudwatch-alarms against recorded AWS responses', () => {
  const cloudtrail = mockClient(CloudTrailClient);
  const logs = mockClient(CloudWatchLogsClient);
  const cloudwatch = mockClient(CloudWatchClient);
  const sns = mockClient(SNSClient);
  const sts = mockClient(STSClient);

  beforeEach(() => {
    for (const m of [cloudtrail, logs, cloudwatch, sns, sts]) m.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/me` });
    cloudtrail
      .on(GetEventSelectorsCommand)
      .resolves(placeboOutput('test_cloudtrail_event_selectors', 'cloudtrail.GetEventSelectors_1'));
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC }).resolves({
      Subscriptions: [
        {
          SubscriptionArn: `${TOPIC}:6f0a3c1e-0000-4000-8000-000000000001`,
          Protocol: 'email',
          TopicArn: TOPIC,
        },
      ],
    });
  });
  afterAll(() => {
    for (const m of [cloudtrail, logs, cloudwatch, sns, sts]) m.restore();
  });

  function record(folder: string): void {
    cloudtrail.on(DescribeTrailsCommand).resolves(placeboOutput(folder, 'cloudtrail.DescribeTrails_1'));
    cloudtrail.on(GetTrailStatusCommand).resolves(placeboOutput(folder, 'cloudtrail.GetTrailStatus_1'));
    const filters = placeboOutput<{ metricFilters: { logGroupName: string }[] }>(
      folder,
      'logs.DescribeMetricFilters_1',
    );
    logs.on(DescribeMetricFiltersCommand).callsFake((input: { logGroupName?: string }) => ({
      metricFilters: filters.metricFilters.filter((f) => f.logGroupName === input.logGroupName),
    }));
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves(placeboOutput(folder, 'monitoring.DescribeAlarmsForMetric_1'));
  }
  async function scan(): Promise<Finding[]> {
    const run = await runRule(cloudwatchAlarms, runRequest(), {
      inventory: new LiveInventory(new ClientFactory()),
    });
    return [...run.findings];
  }
  const check = (findings: Finding[], id: string) => findings.find((f) => f.checkId === id);

  it('passes 4.2 for the recorded no-MFA filter, alarm and topic, and fails the 14 events it has no filter for', async () => {
    // Prepare
    record(SUCCESS);
    // Act
    const findings = await scan();
    // Assess
    expect(check(findings, 'console-sign-in-without-mfa')).toMatchObject({
      status: 'PASS',
      details: {
        trail: 'tf-trail-40313',
        logGroup: 'cloudtrail-test-group20221122165720932700000003',
        filter: 'test-filter-name-40313',
        alarm: 'NoMFAConsoleLoginAlarm_40313',
        topic: TOPIC,
      },
    });
    expect(findings.filter((f) => f.status === 'FAIL')).toHaveLength(14);
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]?.args[0].input).toEqual({
      includeShadowTrails: true,
    });
    expect(logs.commandCalls(DescribeMetricFiltersCommand).map((c) => c.args[0].input.logGroupName)).toEqual([
      'cloudtrail-test-group20221122165720932700000003',
    ]);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input).toMatchObject({
      AlarmTypes: ['MetricAlarm'],
    });
  });

  it("fails 4.2 when the recorded filter has no alarm (MetricAlarms: []), reading both trails' log groups", async () => {
    // Prepare
    record(NO_ALARM);
    // Act
    const findings = await scan();
    // Assess
    expect(check(findings, 'console-sign-in-without-mfa')).toMatchObject({
      status: 'FAIL',
      message: match.stringContaining('metric filter test-filter-name-fail has no alarm on its metric'),
    });
    expect(
      logs
        .commandCalls(DescribeMetricFiltersCommand)
        .map((c) => c.args[0].input.logGroupName)
        .sort(),
    ).toEqual(['aws-controltower/CloudTrailLogs', 'fail-cloudtrail-test-group']);
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(0);
  });
});
