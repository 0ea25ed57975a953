import { CloudWatchLogsClient, paginateDescribeMetricFilters } from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorCode } from '../errors';
import { defineKeyedRead } from './keyed-read';
import { logGroupMetricFiltersSchema } from './snapshot-schemas-iam-s3';

/** A CloudWatch Logs metric filter: its pattern and the metrics it publishes. */
export interface MetricFilter {
  readonly name: string;
  readonly pattern: string;
  readonly metrics: readonly { readonly name: string; readonly namespace: string }[];
}

/** The metric filters of one log group (a log group AWS does not know is absent from the read). */
export interface LogGroupMetricFilters {
  readonly logGroupName: string;
  readonly filters: readonly MetricFilter[];
}

/**
 * The metric filters of the named log groups in one region (DescribeMetricFilters with
 * `logGroupName`, 50 a page), e.g. the log group a multi-region trail delivers to. Keyed by log group
 * name: `metricFilters.for(names)`; a group that does not exist (`ResourceNotFoundException`) is
 * simply not found, any other failure fails the read.
 */
export const metricFilters = defineKeyedRead<LogGroupMetricFilters>({
  name: 'logs.metricFilters',
  scope: 'regional',
  actions: ['logs:DescribeMetricFilters'],
  schema: logGroupMetricFiltersSchema,
  async fetchKeys(clients, region, names) {
    const client = clients.get(CloudWatchLogsClient, region);
    const found: LogGroupMetricFilters[] = [];
    for (const logGroupName of names) {
      const filters: MetricFilter[] = [];
      try {
        for await (const page of paginateDescribeMetricFilters({ client, pageSize: 50 }, { logGroupName }))
          for (const f of page.metricFilters ?? [])
            filters.push({
              name: f.filterName ?? '',
              pattern: f.filterPattern ?? '',
              metrics: (f.metricTransformations ?? []).map((m) => ({
                name: m.metricName ?? '',
                namespace: m.metricNamespace ?? '',
              })),
            });
      } catch (error) {
        if (awsErrorCode(error) === 'ResourceNotFoundException') continue;
        throw error;
      }
      found.push({ logGroupName, filters });
    }
    return found;
  },
});
