import { CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import type { MetricAlarm as SdkMetricAlarm } from '@aws-sdk/client-cloudwatch';
import { defineRead } from './types';
import { flag, list, object, strings, text } from './snapshot-schema-parts';

/** A CloudWatch metric alarm: what it watches and whom it notifies. */
export interface MetricAlarm {
  readonly name: string;
  readonly arn: string;
  /**
   * The metrics it watches: the alarm's own metric, or for a metric-math alarm every metric its
   * queries read (`Metrics[].MetricStat.Metric`).
   */
  readonly metrics: readonly { readonly name: string; readonly namespace: string }[];
  readonly actionsEnabled: boolean;
  /** The ARNs notified when the alarm fires (SNS topics, Auto Scaling or EC2 actions). */
  readonly alarmActions: readonly string[];
  readonly state: string;
}

export const metricAlarmsSchema = list(
  object({
    name: text,
    arn: text,
    metrics: list(object({ name: text, namespace: text })),
    actionsEnabled: flag,
    alarmActions: strings,
    state: text,
  }),
);

function toAlarm(a: SdkMetricAlarm): MetricAlarm {
  const own = a.MetricName ? [{ name: a.MetricName, namespace: a.Namespace ?? '' }] : [];
  const queried = (a.Metrics ?? []).flatMap((q) =>
    q.MetricStat?.Metric?.MetricName
      ? [{ name: q.MetricStat.Metric.MetricName, namespace: q.MetricStat.Metric.Namespace ?? '' }]
      : [],
  );
  return {
    name: a.AlarmName ?? '',
    arn: a.AlarmArn ?? '',
    metrics: [...own, ...queried],
    actionsEnabled: a.ActionsEnabled !== false,
    alarmActions: a.AlarmActions ?? [],
    state: a.StateValue ?? '',
  };
}

/**
 * Every metric alarm of a region (DescribeAlarms, `AlarmTypes: ['MetricAlarm']`, 100 a page): one
 * call for most accounts, where asking DescribeAlarmsForMetric per benchmark metric would take 15.
 */
export const metricAlarms = defineRead<MetricAlarm[]>({
  name: 'cloudwatch.metricAlarms',
  scope: 'regional',
  actions: ['cloudwatch:DescribeAlarms'],
  schema: metricAlarmsSchema,
  async fetch(clients, region) {
    const client = clients.get(CloudWatchClient, region);
    const alarms: MetricAlarm[] = [];
    for await (const page of paginateDescribeAlarms(
      { client, pageSize: 100 },
      { AlarmTypes: ['MetricAlarm'] },
    ))
      for (const a of page.MetricAlarms ?? []) alarms.push(toAlarm(a));
    return alarms;
  },
});
