import {
  AutoScalingClient,
  DescribeInstanceRefreshesCommand,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import type { AutoScalingGroup as SdkGroup } from '@aws-sdk/client-auto-scaling';
import { DescribeLaunchTemplateVersionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode } from '../errors';
import { defineKeyedRead } from './keyed-read';
import { defineRead } from './types';
import { activeRefreshSchema, autoScalingGroupsSchema } from './snapshot-schemas-ec2';

/** The launch template a group launches from, with the versions that decide what it launches. */
export interface GroupLaunchTemplate {
  readonly id: string;
  readonly name: string;
  /** As the group names it: `$Latest`, `$Default` or a version number. */
  readonly configuredVersion: string;
  /** The version number the group launches now (`configuredVersion` resolved); absent when unknown. */
  readonly launchesVersion?: number;
  readonly latestVersion?: number;
  readonly defaultVersion?: number;
  /** The image `launchesVersion` launches: an AMI id, or `resolve:ssm:<parameter>`. */
  readonly imageId?: string;
  /** Why the versions are unknown (the template or version was deleted). */
  readonly problem?: string;
}

export interface GroupInstance {
  readonly instanceId: string;
  /** `InService`, `Pending`, `Terminating`, `Standby`, ... */
  readonly lifecycleState: string;
  /** `Healthy` or `Unhealthy`. */
  readonly healthStatus: string;
  /** The launch-template version the instance was launched from, when Auto Scaling reports one. */
  readonly launchTemplateVersion?: string;
}

export interface AutoScalingGroup {
  readonly name: string;
  readonly desiredCapacity: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** Absent for a group on a (legacy) launch configuration. */
  readonly launchTemplate?: GroupLaunchTemplate;
  readonly launchConfigurationName?: string;
  readonly instances: readonly GroupInstance[];
}

type TemplateSpec = { id?: string; name?: string; version: string };

function templateSpec(g: SdkGroup): TemplateSpec | undefined {
  const spec = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  if (!spec || (!spec.LaunchTemplateId && !spec.LaunchTemplateName)) return undefined;
  return {
    ...(spec.LaunchTemplateId ? { id: spec.LaunchTemplateId } : {}),
    ...(spec.LaunchTemplateName ? { name: spec.LaunchTemplateName } : {}),
    version: spec.Version ?? '$Default',
  };
}

const MISSING = new Set([
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateName.NotFoundException',
  'InvalidLaunchTemplateId.VersionNotFound',
  'InvalidLaunchTemplateId.Malformed',
]);

/** `$Latest`, `$Default` and the group's own version of one template, resolved to numbers and an image. */
async function resolveTemplate(ec2: EC2Client, spec: TemplateSpec): Promise<GroupLaunchTemplate> {
  const numeric = /^\d+$/.test(spec.version) ? [spec.version] : [];
  const base = { id: spec.id ?? '', name: spec.name ?? '', configuredVersion: spec.version };
  try {
    const out = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        ...(spec.id ? { LaunchTemplateId: spec.id } : { LaunchTemplateName: spec.name }),
        Versions: ['$Latest', '$Default', ...numeric],
      }),
    );
    const versions = out.LaunchTemplateVersions ?? [];
    const latest = Math.max(...versions.map((v) => v.VersionNumber ?? 0));
    const dflt = versions.find((v) => v.DefaultVersion)?.VersionNumber;
    const launches =
      spec.version === '$Latest' ? latest : spec.version === '$Default' ? dflt : Number(spec.version);
    const data = versions.find((v) => v.VersionNumber === launches)?.LaunchTemplateData;
    const first = versions[0];
    return {
      ...base,
      id: base.id || (first?.LaunchTemplateId ?? ''),
      name: base.name || (first?.LaunchTemplateName ?? ''),
      ...(launches !== undefined && launches > 0 ? { launchesVersion: launches } : {}),
      ...(latest > 0 ? { latestVersion: latest } : {}),
      ...(dflt !== undefined ? { defaultVersion: dflt } : {}),
      ...(data?.ImageId ? { imageId: data.ImageId } : {}),
    };
  } catch (error) {
    const code = awsErrorCode(error);
    if (!MISSING.has(code)) throw error;
    return {
      ...base,
      problem: `${code}: the launch template or its version ${spec.version} no longer exists`,
    };
  }
}

/**
 * Every Auto Scaling group of the region (DescribeAutoScalingGroups, 100 a page) with its
 * instances, and for each launch template a group uses, its `$Latest`, `$Default` and configured
 * versions (DescribeLaunchTemplateVersions, one call per template) resolved to the version the
 * group launches now and that version's image.
 */
export const autoScalingGroups = defineRead<AutoScalingGroup[]>({
  name: 'autoscaling.groups',
  scope: 'regional',
  actions: ['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeLaunchTemplateVersions'],
  schema: autoScalingGroupsSchema,
  async fetch(clients, region) {
    const client = clients.get(AutoScalingClient, region);
    const raw: SdkGroup[] = [];
    for await (const page of paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, {}))
      raw.push(...(page.AutoScalingGroups ?? []));
    const ec2 = clients.get(EC2Client, region);
    const templates = new Map<string, Promise<GroupLaunchTemplate>>();
    const resolved = raw.map((g) => {
      const spec = templateSpec(g);
      if (!spec) return Promise.resolve(undefined);
      const key = `${spec.id ?? spec.name ?? ''}|${spec.version}`;
      let pending = templates.get(key);
      if (!pending) {
        pending = resolveTemplate(ec2, spec);
        templates.set(key, pending);
      }
      return pending;
    });
    const lts = await Promise.all(resolved);
    return raw.map((g, i) => ({
      name: g.AutoScalingGroupName ?? '',
      desiredCapacity: g.DesiredCapacity ?? 0,
      minSize: g.MinSize ?? 0,
      maxSize: g.MaxSize ?? 0,
      ...(lts[i] ? { launchTemplate: lts[i] } : {}),
      ...(g.LaunchConfigurationName ? { launchConfigurationName: g.LaunchConfigurationName } : {}),
      instances: (g.Instances ?? []).map((x) => ({
        instanceId: x.InstanceId ?? '',
        lifecycleState: x.LifecycleState ?? 'unknown',
        healthStatus: x.HealthStatus ?? 'unknown',
        ...(x.LaunchTemplate?.Version ? { launchTemplateVersion: x.LaunchTemplate.Version } : {}),
      })),
    }));
  },
});

/** An instance refresh that has not finished: while one runs, Auto Scaling refuses to start another. */
export interface ActiveRefresh {
  readonly groupName: string;
  readonly refreshId: string;
  /** `Pending`, `InProgress`, `Cancelling`, `RollbackInProgress` or `Baking`. */
  readonly status: string;
  readonly startTime?: string;
  readonly percentageComplete?: number;
}

/** The refresh statuses during which StartInstanceRefresh fails with InstanceRefreshInProgress. */
export const ACTIVE_REFRESH_STATUSES = [
  'Pending',
  'InProgress',
  'Cancelling',
  'RollbackInProgress',
  'Baking',
] as const;

/**
 * The unfinished instance refresh of each named group (DescribeInstanceRefreshes, newest first,
 * one call per group); a group without one is absent. Asked only for groups the rule would refresh.
 */
export const activeRefreshes = defineKeyedRead<ActiveRefresh>({
  name: 'autoscaling.activeRefreshes',
  scope: 'regional',
  actions: ['autoscaling:DescribeInstanceRefreshes'],
  schema: activeRefreshSchema,
  async fetchKeys(clients, region, groups) {
    const client = clients.get(AutoScalingClient, region);
    const out: ActiveRefresh[] = [];
    for (const groupName of groups) {
      const page = await client.send(
        new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: groupName, MaxRecords: 10 }),
      );
      const active = (page.InstanceRefreshes ?? []).find((r) =>
        (ACTIVE_REFRESH_STATUSES as readonly string[]).includes(r.Status ?? ''),
      );
      if (active)
        out.push({
          groupName,
          refreshId: active.InstanceRefreshId ?? '',
          status: active.Status ?? '',
          ...(active.StartTime ? { startTime: active.StartTime.toISOString() } : {}),
          ...(active.PercentageComplete !== undefined
            ? { percentageComplete: active.PercentageComplete }
            : {}),
        });
    }
    return out;
  },
});
