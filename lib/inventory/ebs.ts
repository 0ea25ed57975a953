import {
  EC2Client,
  paginateDescribeImages,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import type { Snapshot as SdkSnapshot, Volume as SdkVolume } from '@aws-sdk/client-ec2';
import type { Tags } from './tags';
import { toTags } from './tags';
import { ownedSnapshotsSchema, snapshotsInUseSchema, volumesSchema } from './snapshot-schemas';
import { defineRead } from './types';
import type { Mutable } from '../mutable';

export interface Volume {
  readonly id: string;
  /** `creating`, `available`, `in-use`, `deleting`, `deleted`, `error`. */
  readonly state: string;
  readonly availabilityZone: string;
  readonly sizeGiB: number;
  readonly createTime?: string;
  readonly tags: Tags;
  /** The instances it is attached to (absent in snapshot files recorded before this was read). */
  readonly attachedTo?: readonly string[];
}

export interface Snapshot {
  readonly id: string;
  /** The source volume; `vol-ffffffff` for copied snapshots. */
  readonly volumeId: string;
  /** `pending`, `completed`, `error`, `recoverable`, `recovering`. */
  readonly state: string;
  /** ISO-8601: when the snapshot was started (its point in time). */
  readonly startTime: string;
  readonly tags: Tags;
  /** The size of the volume it was taken of (GiB): an upper bound of what it stores, for cost estimates. */
  readonly sizeGiB?: number;
  /** `standard` or `archive` (absent where the API does not say, e.g. older snapshot files). */
  readonly storageTier?: string;
  /** Whether it is encrypted (a copy of it then needs a KMS key in the destination region). */
  readonly encrypted?: boolean;
}

/** A snapshot referenced by an AMI or a launch template of the account: it must not be deleted. */
export interface SnapshotUse {
  readonly snapshotId: string;
  /** `ami-…` or `lt-…:<version>`. */
  readonly usedBy: string;
}

/** Page sizes at each API's maximum, so listing takes the fewest calls. */
export const PAGE_SIZE = {
  volumes: 500,
  snapshots: 1000,
  images: 1000,
  launchTemplateVersions: 200,
} as const;

/** Every EBS volume of the region (DescribeVolumes, 500 a page). */
export const volumes = defineRead<Volume[]>({
  name: 'ec2.volumes',
  scope: 'regional',
  actions: ['ec2:DescribeVolumes'],
  schema: volumesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: Volume[] = [];
    for await (const page of paginateDescribeVolumes({ client, pageSize: PAGE_SIZE.volumes }, {})) {
      for (const v of page.Volumes ?? []) out.push(toVolume(v));
    }
    return out;
  },
});

/** Every snapshot the account owns in the region (DescribeSnapshots OwnerIds self, 1,000 a page). */
export const ownedSnapshots = defineRead<Snapshot[]>({
  name: 'ec2.ownedSnapshots',
  scope: 'regional',
  actions: ['ec2:DescribeSnapshots'],
  schema: ownedSnapshotsSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: Snapshot[] = [];
    const pages = paginateDescribeSnapshots(
      { client, pageSize: PAGE_SIZE.snapshots },
      { OwnerIds: ['self'] },
    );
    for await (const page of pages) {
      for (const s of page.Snapshots ?? []) out.push(toSnapshot(s));
    }
    return out;
  },
});

/*
 * The SDK objects mapped as each page arrives, into literals in the fields' usual order (no object
 * spreads: one object per snapshot, 100,000 in a large region, and spreads cost several times more).
 */
function toVolume(v: SdkVolume): Volume {
  const attachedTo: string[] = [];
  for (const a of v.Attachments ?? []) if (a.InstanceId) attachedTo.push(a.InstanceId);
  const id = v.VolumeId ?? '';
  const state = v.State ?? 'unknown';
  const availabilityZone = v.AvailabilityZone ?? '';
  const sizeGiB = v.Size ?? 0;
  const tags = toTags(v.Tags);
  return v.CreateTime
    ? { id, state, availabilityZone, sizeGiB, createTime: v.CreateTime.toISOString(), tags, attachedTo }
    : { id, state, availabilityZone, sizeGiB, tags, attachedTo };
}

function toSnapshot(s: SdkSnapshot): Snapshot {
  const out: Mutable<Snapshot> = {
    id: s.SnapshotId ?? '',
    volumeId: s.VolumeId ?? '',
    state: s.State ?? 'unknown',
    startTime: (s.StartTime ?? new Date(0)).toISOString(),
    tags: toTags(s.Tags),
  };
  if (s.VolumeSize !== undefined) out.sizeGiB = s.VolumeSize;
  if (s.StorageTier) out.storageTier = s.StorageTier;
  if (s.Encrypted !== undefined) out.encrypted = s.Encrypted;
  return out;
}

/**
 * Snapshots that the account's own AMIs (disabled and deprecated ones included) and launch
 * templates (their `$Latest` and `$Default` versions, the ones Auto Scaling normally launches)
 * reference. Deleting such a snapshot breaks the AMI or the template, so the rule keeps them.
 */
export const snapshotsInUse = defineRead<SnapshotUse[]>({
  name: 'ec2.snapshotsInUse',
  scope: 'regional',
  actions: ['ec2:DescribeImages', 'ec2:DescribeLaunchTemplateVersions'],
  schema: snapshotsInUseSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: SnapshotUse[] = [];
    const images = paginateDescribeImages(
      { client, pageSize: PAGE_SIZE.images },
      { Owners: ['self'], IncludeDeprecated: true, IncludeDisabled: true },
    );
    for await (const page of images) {
      for (const image of page.Images ?? []) {
        for (const m of image.BlockDeviceMappings ?? []) {
          if (m.Ebs?.SnapshotId)
            out.push({ snapshotId: m.Ebs.SnapshotId, usedBy: image.ImageId ?? 'ami-unknown' });
        }
      }
    }
    const versions = paginateDescribeLaunchTemplateVersions(
      { client, pageSize: PAGE_SIZE.launchTemplateVersions },
      { Versions: ['$Latest', '$Default'] },
    );
    for await (const page of versions) {
      for (const v of page.LaunchTemplateVersions ?? []) {
        for (const m of v.LaunchTemplateData?.BlockDeviceMappings ?? []) {
          if (m.Ebs?.SnapshotId)
            out.push({
              snapshotId: m.Ebs.SnapshotId,
              usedBy: `${v.LaunchTemplateId ?? 'lt-unknown'}:${v.VersionNumber ?? '?'}`,
            });
        }
      }
    }
    return out;
  },
});
