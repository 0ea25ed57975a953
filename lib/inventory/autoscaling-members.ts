import { AutoScalingClient, paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import type { AutoScalingGroup as SdkGroup } from '@aws-sdk/client-auto-scaling';
import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { GroupInstance } from './autoscaling';
import { defineKeyedRead } from './keyed-read';
import { defineRead } from './types';
import { groupLaunchSchema, groupMembersSchema } from './snapshot-schemas-ec2';

/** The group's instance maintenance policy (absent: Auto Scaling's default replacement behaviour). */
export interface MaintenancePolicy {
  readonly minHealthyPercentage: number;
  readonly maxHealthyPercentage: number;
}

/** A group as membership and capacity: who is in it, its limits, its tags and how it replaces. */
export interface GroupMembers {
  readonly name: string;
  readonly desiredCapacity: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly instances: readonly GroupInstance[];
  readonly tags: Readonly<Record<string, string>>;
  readonly maintenancePolicy?: MaintenancePolicy;
}

/** Launch before terminating: Auto Scaling keeps 100% healthy and may launch above it (AWS's own term). */
export function launchesBeforeTerminating(policy: MaintenancePolicy | undefined): boolean {
  return policy !== undefined && policy.minHealthyPercentage === 100 && policy.maxHealthyPercentage > 100;
}

function toMembers(g: SdkGroup): GroupMembers {
  const policy = g.InstanceMaintenancePolicy;
  const tags: Record<string, string> = {};
  for (const t of g.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  return {
    name: g.AutoScalingGroupName ?? '',
    desiredCapacity: g.DesiredCapacity ?? 0,
    minSize: g.MinSize ?? 0,
    maxSize: g.MaxSize ?? 0,
    instances: (g.Instances ?? []).map((x) => ({
      instanceId: x.InstanceId ?? '',
      lifecycleState: x.LifecycleState ?? 'unknown',
      healthStatus: x.HealthStatus ?? 'unknown',
    })),
    tags,
    // -1 (cleared) or absent values mean no policy.
    ...(policy && (policy.MinHealthyPercentage ?? -1) >= 0 && (policy.MaxHealthyPercentage ?? -1) >= 0
      ? {
          maintenancePolicy: {
            minHealthyPercentage: policy.MinHealthyPercentage ?? 0,
            maxHealthyPercentage: policy.MaxHealthyPercentage ?? 0,
          },
        }
      : {}),
  };
}

/**
 * Every Auto Scaling group of the region with its members, capacity, tags and instance maintenance
 * policy (DescribeAutoScalingGroups only, 100 a page): what a rule needs to know which group an
 * instance belongs to and whether the group can replace it without losing capacity. Unlike
 * `autoScalingGroups` it resolves no launch template (no ec2:DescribeLaunchTemplateVersions).
 */
export const groupMembers = defineRead<GroupMembers[]>({
  name: 'autoscaling.groupMembers',
  scope: 'regional',
  actions: ['autoscaling:DescribeAutoScalingGroups'],
  schema: groupMembersSchema,
  async fetch(clients, region) {
    const client = clients.get(AutoScalingClient, region);
    const out: GroupMembers[] = [];
    for await (const page of paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, {}))
      for (const g of page.AutoScalingGroups ?? []) out.push(toMembers(g));
    return out;
  },
});

/** An instance an Auto Scaling group launched (tag `aws:autoscaling:groupName`), with its launch time. */
export interface GroupLaunch {
  readonly instanceId: string;
  readonly groupName: string;
  readonly launchTime?: string;
  readonly state: string;
}

/**
 * The instances of the named groups with their launch times (DescribeInstances filtered on the tag
 * Auto Scaling puts on what it launches, `aws:autoscaling:groupName`), keyed by instance id. Asked
 * only for groups where a rule needs to tell which instance replaced which.
 */
export const groupLaunches = defineKeyedRead<GroupLaunch>({
  name: 'autoscaling.groupLaunches',
  scope: 'regional',
  actions: ['ec2:DescribeInstances'],
  schema: groupLaunchSchema,
  async fetchKeys(clients, region, groups) {
    const ec2 = clients.get(EC2Client, region);
    const out: GroupLaunch[] = [];
    // 200 values per filter is the EC2 limit.
    for (let i = 0; i < groups.length; i += 200) {
      const filter = { Name: 'tag:aws:autoscaling:groupName', Values: groups.slice(i, i + 200) };
      for await (const page of paginateDescribeInstances(
        { client: ec2, pageSize: 1000 },
        { Filters: [filter] },
      ))
        for (const r of page.Reservations ?? [])
          for (const x of r.Instances ?? [])
            out.push({
              instanceId: x.InstanceId ?? '',
              groupName: x.Tags?.find((t) => t.Key === 'aws:autoscaling:groupName')?.Value ?? '',
              ...(x.LaunchTime ? { launchTime: x.LaunchTime.toISOString() } : {}),
              state: x.State?.Name ?? 'unknown',
            });
    }
    return out;
  },
});
