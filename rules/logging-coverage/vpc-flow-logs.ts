import type { FlowLog, VpcFlowLogs } from '../../lib/inventory/flow-logs';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/** A flow log that satisfies CIS 3.7: active, capturing rejected (or all) traffic. */
const capturesRejects = (f: FlowLog) =>
  f.status === 'ACTIVE' && (f.trafficType === 'ALL' || f.trafficType === 'REJECT');

/**
 * CIS 3.7 / EC2.6 for each VPC of a region: an active VPC-level flow log that captures REJECT or
 * ALL traffic and whose delivery is not failing. Flow logs on subnets or network interfaces only do
 * not count (they leave the rest of the VPC unlogged).
 */
export function vpcFlowLogDrafts(value: VpcFlowLogs, account: string, region: string): FindingDraft[] {
  return value.vpcs.map((vpc) => {
    const own = value.flowLogs.filter((f) => f.resourceId === vpc.vpcId);
    const capturing = own.filter(capturesRejects);
    const delivering = capturing.filter((f) => f.deliverLogsStatus !== 'FAILED');
    const base = {
      resource: {
        type: 'AwsEc2Vpc',
        id: vpc.vpcId,
        arn: `arn:aws:ec2:${region}:${account}:vpc/${vpc.vpcId}`,
        tags: vpc.tags,
      },
      checkId: 'vpc-flow-logs',
      controls: CHECK_CONTROLS.vpcFlowLogs,
      details: { isDefault: vpc.isDefault, flowLogs: own },
    };
    const good = delivering[0];
    if (good)
      return {
        ...base,
        status: 'PASS',
        message: `VPC ${vpc.vpcId} has flow log ${good.id} capturing ${good.trafficType} traffic to ${good.destinationType}.`,
      };
    const failing = capturing[0];
    const why = failing
      ? `has flow log ${failing.id}, but its delivery fails (${failing.deliverLogsError ?? 'no error message'})`
      : own.length > 0
        ? `has no active flow log capturing rejected traffic (${own.map((f) => `${f.id}: ${f.status} ${f.trafficType}`).join(', ')})`
        : 'has no flow log';
    return {
      ...base,
      status: 'FAIL',
      message: `VPC ${vpc.vpcId}${vpc.isDefault ? ' (the default VPC)' : ''} ${why}, so rejected connections leave no record (aws ec2 create-flow-logs --resource-type VPC --resource-ids ${vpc.vpcId} --traffic-type REJECT ...).`,
    };
  });
}
