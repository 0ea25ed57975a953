import {
  AutoScalingClient,
  CreateOrUpdateTagsCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  SetInstanceHealthCommand,
} from '@aws-sdk/client-auto-scaling';
import type { AutoScalingGroup as SdkGroup } from '@aws-sdk/client-auto-scaling';
import type { ClientFactory } from '../aws/clients';
import { ACTIVE_REFRESH_STATUSES } from '../inventory/autoscaling';
import { startInstanceRefresh } from './autoscaling';
import type { InstanceRefreshInput } from './autoscaling';
import type { ActionOutcome, IamGrant } from './types';
import { defineAction } from './types';

/** The group tag recording that driftwatch replaces an instance: `driftwatch:replacing:<instance id>`. */
export const REPLACING_TAG_PREFIX = 'driftwatch:replacing:';

/** `instance-event-0abc@2026-11-21T12:00:00.000Z`: which event, and when the replacement began. */
export function replacingTagValue(instanceEventId: string, startedAt: Date): string {
  return `${instanceEventId}@${startedAt.toISOString()}`;
}

const GROUPS = [
  'arn:${AWS::Partition}:autoscaling:*:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*',
];
/** Tagging only with the replacement marker, only on the account's groups. */
const MARKER_GRANT: readonly IamGrant[] = [
  {
    resources: GROUPS,
    condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': [`${REPLACING_TAG_PREFIX}*`] } },
  },
];

export interface ReplaceInstanceInput {
  readonly groupName: string;
  readonly instanceId: string;
  readonly instanceEventId: string;
  /** When the plan was made (the evaluation's clock), ISO-8601: the marker's time. */
  readonly markedAt: string;
}

/** Reads the group again: why replacing `instanceId` now would be unsafe, or the group. */
async function recheck(
  client: AutoScalingClient,
  input: ReplaceInstanceInput,
): Promise<{ skip: string } | { group: SdkGroup }> {
  const out = await client.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [input.groupName] }),
  );
  const group = out.AutoScalingGroups?.[0];
  if (!group) return { skip: `group ${input.groupName} no longer exists` };
  const member = group.Instances?.find((i) => i.InstanceId === input.instanceId);
  if (!member || member.LifecycleState !== 'InService')
    return { skip: `${input.instanceId} is no longer in service in ${input.groupName}` };
  const desired = group.DesiredCapacity ?? 0;
  const healthy = (group.Instances ?? []).filter(
    (i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy',
  ).length;
  if (healthy < desired)
    return {
      skip: `only ${healthy} of ${desired} instances of ${input.groupName} are in service and healthy`,
    };
  const refreshes = await client.send(
    new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: input.groupName, MaxRecords: 10 }),
  );
  const active = refreshes.InstanceRefreshes?.find((r) =>
    (ACTIVE_REFRESH_STATUSES as readonly string[]).includes(r.Status ?? ''),
  );
  if (active)
    return { skip: `refresh ${active.InstanceRefreshId ?? ''} is already ${active.Status ?? 'running'}` };
  return { group };
}

async function mark(client: AutoScalingClient, input: ReplaceInstanceInput): Promise<void> {
  await client.send(
    new CreateOrUpdateTagsCommand({
      Tags: [
        {
          ResourceId: input.groupName,
          ResourceType: 'auto-scaling-group',
          Key: `${REPLACING_TAG_PREFIX}${input.instanceId}`,
          Value: replacingTagValue(input.instanceEventId, new Date(input.markedAt)),
          PropagateAtLaunch: false,
        },
      ],
    }),
  );
}

/**
 * Replaces one instance of an Auto Scaling group whose instance maintenance policy launches before
 * terminating (MinHealthyPercentage 100, MaxHealthyPercentage above 100): SetInstanceHealth
 * Unhealthy (grace period not respected), so the group launches a replacement, waits until it is
 * in service and healthy, and only then terminates the instance. Idempotent: it first reads the
 * group again and skips when the instance is no longer in service, the group is below its desired
 * healthy capacity, a refresh is under way, or the policy no longer launches first; then it tags
 * the group with the replacement marker, which the next run reads to name the replacement.
 */
export const replaceGroupInstance = defineAction<ReplaceInstanceInput>({
  name: 'autoscaling:SetInstanceHealth',
  alsoNeeds: ['autoscaling:CreateOrUpdateTags'],
  iam: {
    'autoscaling:SetInstanceHealth': [{ resources: GROUPS }],
    'autoscaling:CreateOrUpdateTags': MARKER_GRANT,
  },
  async run(clients, region, input) {
    const client = clients.get(AutoScalingClient, region);
    const checked = await recheck(client, input);
    if ('skip' in checked) return { status: 'skipped', reason: checked.skip };
    const policy = checked.group.InstanceMaintenancePolicy;
    if (policy?.MinHealthyPercentage !== 100 || (policy.MaxHealthyPercentage ?? 0) <= 100)
      return {
        status: 'skipped',
        reason: `the instance maintenance policy of ${input.groupName} no longer launches before terminating`,
      };
    await client.send(
      new SetInstanceHealthCommand({
        InstanceId: input.instanceId,
        HealthStatus: 'Unhealthy',
        ShouldRespectGracePeriod: false,
      }),
    );
    await mark(client, input);
    return {
      status: 'done',
      note: `${input.instanceId} marked unhealthy: ${input.groupName} launches its replacement before terminating it`,
    };
  },
});

export type RefreshBeforeEventInput = ReplaceInstanceInput &
  Pick<InstanceRefreshInput, 'minHealthyPercentage' | 'maxHealthyPercentage'>;

/**
 * Replaces the group's instances with an instance refresh that launches before it terminates
 * (MinHealthyPercentage 100, MaxHealthyPercentage above 100), for a group without such a
 * maintenance policy; every instance is replaced, the one with the event among them. Idempotent as
 * `replaceGroupInstance`; the refresh itself is `startInstanceRefresh` (which checks again for a
 * refresh under way), then the group gets the replacement marker.
 */
export const refreshGroupBeforeEvent = defineAction<RefreshBeforeEventInput>({
  name: 'autoscaling:StartInstanceRefresh',
  alsoNeeds: ['autoscaling:CreateOrUpdateTags'],
  iam: {
    'autoscaling:StartInstanceRefresh': [{ resources: GROUPS }],
    'autoscaling:CreateOrUpdateTags': MARKER_GRANT,
  },
  async run(clients: ClientFactory, region, input, context): Promise<ActionOutcome> {
    if (input.minHealthyPercentage !== 100 || input.maxHealthyPercentage <= 100)
      throw new RangeError('a refresh before an event must launch first (minimum 100%, maximum above 100%)');
    const client = clients.get(AutoScalingClient, region);
    const checked = await recheck(client, input);
    if ('skip' in checked) return { status: 'skipped', reason: checked.skip };
    const outcome = await startInstanceRefresh.run(
      clients,
      region,
      {
        groupName: input.groupName,
        minHealthyPercentage: input.minHealthyPercentage,
        maxHealthyPercentage: input.maxHealthyPercentage,
        skipMatching: false,
      },
      context,
    );
    if (outcome.status === 'done') await mark(client, input);
    return outcome;
  },
});
