import * as z from 'zod/mini';
import { GLOBAL_SERVICE_REGION } from '../../lib/aws/clients';
import { cloudTrails, trailState } from '../../lib/inventory/cloudtrail';
import { metricAlarms } from '../../lib/inventory/cloudwatch';
import type { MetricAlarm } from '../../lib/inventory/cloudwatch';
import { metricFilters } from '../../lib/inventory/cloudwatch-logs';
import type { LogGroupMetricFilters } from '../../lib/inventory/cloudwatch-logs';
import { indexFound } from '../../lib/inventory/keyed-read';
import { topicSubscriptions } from '../../lib/inventory/sns-subscriptions';
import type { TopicSubscriptions } from '../../lib/inventory/sns-subscriptions';
import type { Inventory } from '../../lib/inventory/types';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { monitoredEventDraft, snsActions } from './assess';
import type { MonitoringEvidence } from './assess';
import { MONITORED_EVENTS } from './benchmark';
import { matchesBenchmark } from './filter-pattern';
import { monitoringTrail } from './trails';
import type { MonitoringTrail } from './trails';

const byRegion = <T>(items: readonly T[], regionOf: (item: T) => string) => {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(regionOf(item), [...(map.get(regionOf(item)) ?? []), item]);
  return map;
};

/**
 * Reads what CIS 4.1-4.15's audit follows, each only where the step before found something: the
 * multi-region trails (DescribeTrails in us-east-1, which lists every multi-region trail; status and
 * selectors in their home region), the metric filters of their own log groups, the alarms of a
 * region where some filter has a benchmark pattern, and the subscriptions of the topics they notify.
 */
async function evidence(inventory: Inventory, account: string): Promise<MonitoringEvidence> {
  const listed = await inventory.get(cloudTrails, GLOBAL_SERVICE_REGION);
  const trails: MonitoringTrail[] = await Promise.all(
    listed
      .filter((t) => t.isMultiRegion)
      .map(async (t) => monitoringTrail(t, await trailState(inventory, t, GLOBAL_SERVICE_REGION))),
  );
  const groups = trails.flatMap((t) => (t.active && t.logGroup?.account === account ? [t.logGroup] : []));
  const filtersByRegion = new Map<string, (name: string) => LogGroupMetricFilters | undefined>();
  for (const [region, refs] of byRegion(groups, (g) => g.region)) {
    const value = await inventory.get(metricFilters.for(refs.map((g) => g.name)), region);
    filtersByRegion.set(
      region,
      indexFound(value, (v) => v.logGroupName, metricFilters.name),
    );
  }
  const filtersOf = (region: string, name: string) => filtersByRegion.get(region)?.(name)?.filters;
  const alarmRegions = [...filtersByRegion.keys()].filter((region) =>
    groups.some(
      (g) =>
        g.region === region &&
        (filtersOf(region, g.name) ?? []).some((f) =>
          MONITORED_EVENTS.some((e) => matchesBenchmark(f.pattern, e.patterns)),
        ),
    ),
  );
  const alarms = new Map<string, readonly MetricAlarm[]>();
  for (const region of alarmRegions) alarms.set(region, await inventory.get(metricAlarms, region));
  const topicArns = [...new Set([...alarms.values()].flat().flatMap(snsActions))];
  const topics = new Map<string, (arn: string) => TopicSubscriptions | undefined>();
  for (const [region, arns] of byRegion(topicArns, (arn) => arn.split(':')[3] ?? '')) {
    const value = await inventory.get(topicSubscriptions.for(arns), region);
    topics.set(
      region,
      indexFound(value, (v) => v.topicArn, topicSubscriptions.name),
    );
  }
  return {
    account,
    trails,
    filtersOf,
    alarmsIn: (region) => alarms.get(region) ?? [],
    topic: (arn) => topics.get(arn.split(':')[3] ?? '')?.(arn),
  };
}

/**
 * cloudwatch-alarms: CIS v5.0 4.1-4.15. For each event class the benchmark lists (unauthorized API
 * calls, console sign-in without MFA, root use, IAM policy, CloudTrail, KMS, S3 policy, Config,
 * security group, NACL, gateway, route table, VPC and Organizations changes), the log group of a
 * multi-region trail that is logging all management events has a metric filter with the
 * benchmark's pattern (rules/cloudwatch-alarms/filter-pattern.ts says how patterns are compared),
 * an alarm on its metric notifies an SNS topic, and the topic has a confirmed subscription.
 * Security Hub CSPM checks none of these for CIS v5.0 (its CloudWatch.1-14 do for v1.2.0/v1.4.0).
 */
export const cloudwatchAlarms = defineRule({
  meta: {
    id: 'cloudwatch-alarms',
    title: 'Security-relevant API activity raises an alarm someone receives',
    description:
      'For each event class of CIS AWS Foundations v5.0 section 4 (4.1-4.15), checks that a multi-region trail delivers to a CloudWatch Logs log group with the prescribed metric filter, that an alarm watches its metric, and that the alarm notifies an SNS topic with a confirmed subscription.',
    risk: 'Without these alarms, root use, console sign-ins without MFA, a stopped trail or a security group opened to the internet go unnoticed until someone reads the logs.',
    severity: 'medium',
    resourceType: 'AwsAccount',
    scope: 'global',
    controls: {
      cisV3: MONITORED_EVENTS.flatMap((e) => e.controls.cisV3 ?? []),
      cisV5: MONITORED_EVENTS.flatMap((e) => e.controls.cisV5 ?? []),
      securityHub: MONITORED_EVENTS.flatMap((e) => e.controls.securityHub ?? []),
    },
    checks: MONITORED_EVENTS.map((e) => ({
      id: e.checkId,
      title: `An alarm with a subscribed topic watches ${e.events}`,
      controls: e.controls,
    })),
    deployment: { schedule: 'rate(1 day)' },
    remediation: {
      text: 'Send a multi-region trail to CloudWatch Logs, then for each CIS 4.x pattern: aws logs put-metric-filter --log-group-name <group> --filter-pattern <pattern> ..., aws cloudwatch put-metric-alarm --metric-name <metric> --alarm-actions <topic-arn> ..., and subscribe someone to the topic (aws sns subscribe, then confirm).',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    },
  },
  reads: [cloudTrails, metricFilters, metricAlarms, topicSubscriptions],
  params: z.strictObject({}),
  async evaluate({ inventory, account }): Promise<FindingDraft[]> {
    const e = await evidence(inventory, account);
    return MONITORED_EVENTS.map((event) => monitoredEventDraft(event, e));
  },
});
