import { EC2Client, paginateDescribeFlowLogs, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import * as z from 'zod/mini';
import { flag, list, object, text } from './snapshot-schema-parts';
import { tagsSchema } from './snapshot-schemas';
import { toTags } from './tags';
import type { Tags } from './tags';
import { defineRead } from './types';

/** A flow log as DescribeFlowLogs lists it (of a VPC, subnet or network interface). */
export interface FlowLog {
  readonly id: string;
  /** The VPC, subnet or ENI it captures. */
  readonly resourceId: string;
  /** `ALL`, `ACCEPT` or `REJECT`. */
  readonly trafficType: string;
  /** `ACTIVE` when it captures. */
  readonly status: string;
  /** `SUCCESS` or `FAILED` (e.g. the role may not write to the log group). */
  readonly deliverLogsStatus?: string;
  readonly deliverLogsError?: string;
  /** `cloud-watch-logs`, `s3` or `kinesis-data-firehose`. */
  readonly destinationType: string;
}

/** The region's VPCs and flow logs. */
export interface VpcFlowLogs {
  readonly vpcs: readonly { readonly vpcId: string; readonly isDefault: boolean; readonly tags: Tags }[];
  readonly flowLogs: readonly FlowLog[];
}

export const vpcFlowLogsSchema = object({
  vpcs: list(object({ vpcId: text, isDefault: flag, tags: tagsSchema })),
  flowLogs: list(
    object({
      id: text,
      resourceId: text,
      trafficType: text,
      status: text,
      deliverLogsStatus: z.optional(text),
      deliverLogsError: z.optional(text),
      destinationType: text,
    }),
  ),
});

/**
 * Every VPC of a region (DescribeVpcs, 1,000 a page) and every flow log (DescribeFlowLogs, 1,000 a
 * page): two calls for most regions, whatever the number of VPCs. A flow log recorded before
 * `LogDestinationType` existed delivered to CloudWatch Logs.
 */
export const vpcFlowLogs = defineRead<VpcFlowLogs>({
  name: 'ec2.vpcFlowLogs',
  scope: 'regional',
  actions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
  schema: vpcFlowLogsSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const vpcs: { vpcId: string; isDefault: boolean; tags: Tags }[] = [];
    for await (const page of paginateDescribeVpcs({ client, pageSize: 1000 }, {}))
      for (const v of page.Vpcs ?? [])
        if (v.VpcId) vpcs.push({ vpcId: v.VpcId, isDefault: v.IsDefault === true, tags: toTags(v.Tags) });
    const flowLogs: FlowLog[] = [];
    for await (const page of paginateDescribeFlowLogs({ client, pageSize: 1000 }, {}))
      for (const f of page.FlowLogs ?? [])
        flowLogs.push({
          id: f.FlowLogId ?? '',
          resourceId: f.ResourceId ?? '',
          trafficType: f.TrafficType ?? '',
          status: f.FlowLogStatus ?? '',
          ...(f.DeliverLogsStatus ? { deliverLogsStatus: f.DeliverLogsStatus } : {}),
          ...(f.DeliverLogsErrorMessage ? { deliverLogsError: f.DeliverLogsErrorMessage } : {}),
          destinationType: f.LogDestinationType ?? 'cloud-watch-logs',
        });
    return { vpcs, flowLogs };
  },
});
