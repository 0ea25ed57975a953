import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import { awsErrorCode } from '../errors';
import { ACTIVE_REFRESH_STATUSES } from '../inventory/autoscaling';
import { defineAction } from './types';

export interface InstanceRefreshInput {
  readonly groupName: string;
  /** Percent of the desired capacity that must stay in service and healthy during the refresh. */
  readonly minHealthyPercentage: number;
  /** Above 100, Auto Scaling launches replacements before it terminates (100: terminate first). */
  readonly maxHealthyPercentage: number;
  /** Replace only instances that do not match the group's launch template version (not over-lifetime ones). */
  readonly skipMatching: boolean;
}

/**
 * StartInstanceRefresh (rolling) on one Auto Scaling group, which replaces its instances from the
 * group's launch template. Idempotent: it first reads the group and its refreshes again and skips a
 * group that is gone, has a desired capacity of 0, or already has a refresh under way (also when
 * Auto Scaling answers InstanceRefreshInProgress). Needs autoscaling:DescribeAutoScalingGroups and
 * DescribeInstanceRefreshes too, which the rule already reads with.
 */
export const startInstanceRefresh = defineAction<InstanceRefreshInput>({
  name: 'autoscaling:StartInstanceRefresh',
  async run(clients, region, input) {
    const client = clients.get(AutoScalingClient, region);
    const groups = await client.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [input.groupName] }),
    );
    const group = groups.AutoScalingGroups?.[0];
    if (!group) return { status: 'skipped', reason: `group ${input.groupName} no longer exists` };
    if ((group.DesiredCapacity ?? 0) === 0)
      return { status: 'skipped', reason: `group ${input.groupName} now has a desired capacity of 0` };
    const refreshes = await client.send(
      new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: input.groupName, MaxRecords: 10 }),
    );
    const active = refreshes.InstanceRefreshes?.find((r) =>
      (ACTIVE_REFRESH_STATUSES as readonly string[]).includes(r.Status ?? ''),
    );
    if (active)
      return {
        status: 'skipped',
        reason: `refresh ${active.InstanceRefreshId ?? ''} is already ${active.Status ?? 'running'}`,
      };
    try {
      const out = await client.send(
        new StartInstanceRefreshCommand({
          AutoScalingGroupName: input.groupName,
          Strategy: 'Rolling',
          Preferences: {
            MinHealthyPercentage: input.minHealthyPercentage,
            MaxHealthyPercentage: input.maxHealthyPercentage,
            SkipMatching: input.skipMatching,
          },
        }),
      );
      return { status: 'done', note: `instance refresh ${out.InstanceRefreshId ?? ''} started` };
    } catch (error) {
      if (awsErrorCode(error) === 'InstanceRefreshInProgress')
        return { status: 'skipped', reason: 'a refresh is already in progress' };
      throw error;
    }
  },
});
