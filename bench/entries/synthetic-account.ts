/**
 * A synthetic AWS account with known contents, in the SDK's output shapes (Dates as Date), so the
 * live reads run unchanged against it. Contents are deterministic: the same sizes give the same
 * account, and `minimumCalls` says how many API calls a full scan needs at each API's largest page.
 */
import { minimumSecurityCalls } from './minimum-calls-security';
import type { AccountContents, SecurityContents } from './synthetic-security';
import {
  accountContents,
  groupName,
  groupsFor,
  imageParameterOf,
  securityContents,
  sharedImageId,
} from './synthetic-security';

/** Largest page each list API returns (the `MaxResults` / `MaxItems` ceiling AWS documents). */
export const API_MAX_PAGE: Readonly<Record<string, number>> = {
  'ec2:DescribeVolumes': 500,
  'ec2:DescribeSnapshots': 1000,
  'ec2:DescribeImages': 1000,
  'ec2:DescribeLaunchTemplateVersions': 200,
  'ec2:DescribeInstanceStatus': 1000,
  'ec2:DescribeInstances': 1000,
  'ec2:DescribeInstanceTypes': 100,
  'iam:ListVirtualMFADevices': 1000,
  'ec2:DescribeSecurityGroups': 1000,
  'ec2:DescribeNetworkAcls': 1000,
  'ec2:DescribeRouteTables': 100,
  'ec2:DescribeVpcPeeringConnections': 1000,
  'ec2:DescribeVpcs': 1000,
  'ec2:DescribeFlowLogs': 1000,
  'autoscaling:DescribeAutoScalingGroups': 100,
  'kms:ListKeys': 1000,
  'iam:ListServerCertificates': 1000,
  'iam:GetAccountAuthorizationDetails': 1000,
  's3:ListAllMyBuckets': 10000,
  'cloudwatch:DescribeAlarms': 100,
  'logs:DescribeMetricFilters': 50,
  'sns:ListSubscriptionsByTopic': 100,
};

/** Page size AWS uses when the caller sets none (IAM's documented default is 100). */
export const API_DEFAULT_PAGE: Readonly<Record<string, number>> = { 'iam:ListVirtualMFADevices': 100 };

export interface RegionSizes {
  readonly volumes: number;
  readonly snapshots: number;
  readonly images: number;
  readonly launchTemplateVersions: number;
  readonly instances: number;
}

export interface AccountSpec {
  readonly account: string;
  readonly regions: readonly string[];
  readonly sizes: (region: string, index: number) => RegionSizes;
  readonly mfaDevices: number;
  readonly instanceStoreTypes: number;
  /** The clock the contents are relative to (snapshot ages, event dates). */
  readonly now: Date;
}

type Item = Record<string, unknown>;

export interface RegionContents {
  readonly sizes: RegionSizes;
  readonly volumes: Item[];
  readonly snapshots: Item[];
  readonly images: Item[];
  readonly launchTemplateVersions: Item[];
  readonly instanceStatuses: Item[];
  readonly reservations: Item[];
  readonly instanceTypes: Item[];
  /** Whether the scheduled-events rule needs DescribeInstances / DescribeInstanceTypes here. */
  readonly hasDueEvents: boolean;
  readonly hasStopEventOnEbs: boolean;
  /** What the network, Auto Scaling, KMS and flow-log reads see. */
  readonly security: SecurityContents;
}

const HOUR = 3_600_000;
const hex = (prefix: string, region: number, i: number) =>
  `${prefix}-${region.toString(16).padStart(2, '0')}${i.toString(16).padStart(15, '0')}`;
const tags = (o: Record<string, string>) => Object.entries(o).map(([Key, Value]) => ({ Key, Value }));
const SCHEDULES = ['hourly', 'daily@03:00', 'weekly@sun@02:00', 'every-6h'];
const RETENTIONS = ['7', '14d', '7,14d', '8w'];
const EVENT_CODES = ['system-reboot', 'instance-stop', 'instance-retirement', 'system-maintenance'];

/** Builds one region's contents (lazily, by the fake, so only scanned regions cost memory). */
export function regionContents(spec: AccountSpec, region: string, r: number): RegionContents {
  const sizes = spec.sizes(region, r);
  const now = spec.now.getTime();
  const volumeIds: string[] = [];
  const volumes = Array.from({ length: sizes.volumes }, (_, i) => {
    const id = hex('vol', r, i);
    volumeIds.push(id);
    const t: Record<string, string> = { Name: `v${i}` };
    if (i % 10 !== 0) {
      t['driftwatch:snapshot-schedule'] = SCHEDULES[i % 4] as string;
      t['driftwatch:snapshot-retention'] = RETENTIONS[i % 4] as string;
    }
    return {
      VolumeId: id,
      State: 'in-use',
      AvailabilityZone: `${region}a`,
      Size: 8,
      CreateTime: new Date(now - 400 * 24 * HOUR),
      Tags: tags(t),
    };
  });
  const snapshots = Array.from({ length: sizes.snapshots }, (_, i) => {
    const managed = i % 5 !== 0;
    const volumeId =
      volumeIds.length === 0 || i % 97 === 0 ? `vol-gone-${i % 50}` : volumeIds[(i * 7) % volumeIds.length];
    const t: Record<string, string> = managed
      ? {
          'driftwatch:managed-by': 'ebs-snapshot-lifecycle',
          'driftwatch:volume-id': volumeId as string,
          'driftwatch:retention': '7',
        }
      : { Name: 'manual' };
    return {
      SnapshotId: hex('snap', r, i),
      VolumeId: volumeId,
      State: 'completed',
      StartTime: new Date(now - (i % 2000) * 6 * HOUR),
      Tags: tags(t),
    };
  });
  const images = Array.from({ length: sizes.images }, (_, i) => ({
    ImageId: hex('ami', r, i),
    Name: `golden-f${i % 4}-${i}`,
    State: 'available',
    CreationDate: new Date(now - (i % 90) * 24 * HOUR).toISOString(),
    Architecture: 'x86_64',
    OwnerId: spec.account,
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: { SnapshotId: snapshots[(i * 37) % Math.max(1, snapshots.length)]?.SnapshotId },
      },
    ],
  }));
  const launchTemplateVersions = Array.from({ length: sizes.launchTemplateVersions }, (_, i) => ({
    LaunchTemplateId: hex('lt', r, i),
    VersionNumber: 1,
    LaunchTemplateData: {
      BlockDeviceMappings: [
        { Ebs: { SnapshotId: snapshots[(i * 41) % Math.max(1, snapshots.length)]?.SnapshotId } },
      ],
    },
  }));
  // One instance in 100 has an upcoming event; one in 250 an impaired status check.
  let hasDueEvents = false;
  let hasStopEventOnEbs = false;
  const ok = { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] };
  const instanceStatuses = Array.from({ length: sizes.instances }, (_, i) => {
    const event = i % 100 === 7;
    if (event) hasDueEvents = true;
    const code = EVENT_CODES[((i / 100) % EVENT_CODES.length) | 0] as string;
    if (event && (code === 'instance-stop' || code === 'instance-retirement')) hasStopEventOnEbs = true;
    const impaired = i % 250 === 3;
    if (impaired) hasDueEvents = true;
    return {
      InstanceId: hex('i', r, i),
      AvailabilityZone: `${region}a`,
      InstanceState: { Name: 'running' },
      SystemStatus: ok,
      InstanceStatus: impaired
        ? {
            Status: 'impaired',
            Details: [{ Name: 'reachability', Status: 'failed', ImpairedSince: new Date(now - HOUR) }],
          }
        : ok,
      Events: event
        ? [
            {
              InstanceEventId: `instance-event-${r}-${i}`,
              Code: code,
              Description: `The instance is scheduled for ${code}`,
              NotBefore: new Date(now + (24 + (i % 200)) * HOUR),
              NotBeforeDeadline: new Date(now + 20 * 24 * HOUR),
            },
          ]
        : [],
    };
  });
  const groups = groupsFor(sizes.instances);
  const reservations = Array.from({ length: sizes.instances }, (_, i) => {
    const parameter = imageParameterOf(i);
    const inGroup = i % 100 < 2 && Math.floor(i / 100) < groups;
    return {
      ReservationId: hex('r', r, i),
      Instances: [
        {
          InstanceId: hex('i', r, i),
          InstanceType: i % 3 === 0 ? 'm5d.large' : 'm5.large',
          State: { Name: 'running' },
          RootDeviceType: 'ebs',
          ImageId: i % 50 === 0 ? sharedImageId(r, i) : images[i % Math.max(1, images.length)]?.ImageId,
          Architecture: 'x86_64',
          // Group members are past the 24-hour lifetime, so every group is a refresh candidate.
          LaunchTime: new Date(now - (inGroup ? 48 : i % 20) * HOUR),
          MetadataOptions: { HttpTokens: i % 4 === 0 ? 'optional' : 'required', HttpEndpoint: 'enabled' },
          ...(i % 5 === 0
            ? {}
            : { IamInstanceProfile: { Arn: `arn:aws:iam::${spec.account}:instance-profile/web` } }),
          Tags: tags({
            Name: `web-${i}`,
            Owner: `team-${i % 17}`,
            ...(i % 2 ? { MaintenanceWindow: 'Sun 03:00-05:00' } : {}),
            ...(parameter ? { 'driftwatch:image-parameter': parameter } : {}),
            ...(inGroup ? { 'aws:autoscaling:groupName': groupName(r, Math.floor(i / 100)) } : {}),
          }),
        },
      ],
    };
  });
  const instanceTypes = Array.from({ length: spec.instanceStoreTypes }, (_, i) => ({
    InstanceType: i === 0 ? 'm5d.large' : `x${i}d.large`,
  }));
  return {
    sizes,
    volumes,
    snapshots,
    images,
    launchTemplateVersions,
    instanceStatuses,
    reservations,
    instanceTypes,
    hasDueEvents,
    hasStopEventOnEbs,
    security: securityContents(r, region, sizes.instances),
  };
}

const pages = (items: number, op: string) => Math.max(1, Math.ceil(items / (API_MAX_PAGE[op] as number)));

/**
 * The fewest API calls a full scan by `ruleId` needs: one call per page at the API's largest page
 * size (an empty list still takes one call), one call per unpaginated per-region API, and the
 * conditional reads only where the contents need them.
 */
export function minimumCalls(
  spec: AccountSpec,
  ruleId: string,
  contents: (region: string) => RegionContents,
  account: () => AccountContents = () => accountContents(spec),
): Record<string, number> {
  const n = spec.regions.length;
  const sum = (f: (c: RegionContents) => number) =>
    spec.regions.reduce((a, region) => a + f(contents(region)), 0);
  const base = { 'sts:GetCallerIdentity': 1 };
  switch (ruleId) {
    case 'root-account-mfa':
      return {
        ...base,
        'iam:GetAccountSummary': 1,
        'iam:ListVirtualMFADevices': pages(spec.mfaDevices, 'iam:ListVirtualMFADevices'),
      };
    case 'ebs-snapshot-lifecycle':
      return {
        ...base,
        'ec2:DescribeRegions': 1,
        'ec2:DescribeVolumes': sum((c) => pages(c.sizes.volumes, 'ec2:DescribeVolumes')),
        'ec2:DescribeSnapshots': sum((c) => pages(c.sizes.snapshots, 'ec2:DescribeSnapshots')),
        // No snapshot is locked: one empty page per region.
        'ec2:DescribeLockedSnapshots': n,
        'ec2:DescribeImages': sum((c) => pages(c.sizes.images, 'ec2:DescribeImages')),
        'ec2:DescribeLaunchTemplateVersions': sum((c) =>
          pages(c.sizes.launchTemplateVersions, 'ec2:DescribeLaunchTemplateVersions'),
        ),
      };
    case 'ec2-scheduled-events':
      return {
        ...base,
        'ec2:DescribeRegions': 1,
        'ec2:DescribeInstanceStatus': sum((c) => pages(c.sizes.instances, 'ec2:DescribeInstanceStatus')),
        // Every run: the maintenance-window tags are checked whether or not an event is due.
        'ec2:DescribeInstances': sum((c) => pages(c.sizes.instances, 'ec2:DescribeInstances')),
        'ec2:DescribeInstanceTypes': sum((c) =>
          c.hasStopEventOnEbs ? pages(spec.instanceStoreTypes, 'ec2:DescribeInstanceTypes') : 0,
        ),
        // Group membership and window tags, every run.
        'autoscaling:DescribeAutoScalingGroups': sum((c) =>
          pages(c.security.groups.length, 'autoscaling:DescribeAutoScalingGroups'),
        ),
      };
    case 'cloudtrail-enabled':
      // DescribeTrails per region; status and selectors once for the one trail, in its home region.
      return {
        ...base,
        'ec2:DescribeRegions': 1,
        'cloudtrail:DescribeTrails': n,
        'cloudtrail:GetTrailStatus': 1,
        'cloudtrail:GetEventSelectors': 1,
      };
    case 'config-recorder-enabled':
      // None of the four Config APIs paginates; a recorder and a channel exist in every region.
      return {
        ...base,
        'ec2:DescribeRegions': 1,
        'config:DescribeConfigurationRecorders': n,
        'config:DescribeConfigurationRecorderStatus': n,
        'config:DescribeDeliveryChannels': n,
        'config:DescribeDeliveryChannelStatus': n,
      };
    default: {
      const more = minimumSecurityCalls(spec, ruleId, contents, account());
      if (more) return more;
      throw new Error(`No minimum-call model for rule ${ruleId}`);
    }
  }
}
