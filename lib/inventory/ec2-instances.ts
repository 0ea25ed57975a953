import {
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeInstanceStatus,
  paginateDescribeInstanceTypes,
} from '@aws-sdk/client-ec2';
import type { InstanceStatusSummary, InstanceStatus as SdkInstanceStatus } from '@aws-sdk/client-ec2';
import { toTags } from './tags';
import { instanceStatusesSchema, instanceStoreTypesSchema, instancesSchema } from './snapshot-schemas';
import { defineRead } from './types';

/** One scheduled event of an instance (DescribeInstanceStatus `Events[]`), dates as ISO strings. */
export interface InstanceEvent {
  /** `instance-event-0123456789abcdef0`. */
  readonly id: string;
  /** `instance-reboot` | `system-reboot` | `system-maintenance` | `instance-retirement` | `instance-stop`. */
  readonly code: string;
  /** AWS's own text; starts with `[Completed]` or `[Canceled]` once the event is over. */
  readonly description: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** Present only when the event can be rescheduled, up to this time. */
  readonly notBeforeDeadline?: string;
}

/** A status check (`SystemStatus`, `InstanceStatus`, `AttachedEbsStatus`) as `ok`, `impaired`, ... */
export interface StatusCheck {
  readonly status: string;
  /** Failing details, e.g. `[{ name: 'reachability', status: 'failed', impairedSince }]`. */
  readonly failing: readonly { name: string; status: string; impairedSince?: string }[];
}

export interface InstanceStatusEntry {
  readonly instanceId: string;
  readonly availabilityZone?: string;
  /** `running`, `stopped`, ... (every state: the read asks with `IncludeAllInstances`). */
  readonly state: string;
  readonly system: StatusCheck;
  readonly instance: StatusCheck;
  readonly attachedEbs?: StatusCheck;
  readonly events: readonly InstanceEvent[];
}

const iso = (d: Date | undefined): string | undefined => d?.toISOString();

function check(summary: InstanceStatusSummary | undefined): StatusCheck {
  return {
    status: summary?.Status ?? 'not-applicable',
    failing: (summary?.Details ?? [])
      .filter((d) => d.Status !== undefined && d.Status !== 'passed')
      .map((d) => ({
        name: d.Name ?? '',
        status: d.Status ?? '',
        ...(d.ImpairedSince ? { impairedSince: d.ImpairedSince.toISOString() } : {}),
      })),
  };
}

/** Plain JSON for one DescribeInstanceStatus entry. Exported for the contract tests. */
export function toStatusEntry(s: SdkInstanceStatus): InstanceStatusEntry {
  return {
    instanceId: s.InstanceId ?? '',
    ...(s.AvailabilityZone ? { availabilityZone: s.AvailabilityZone } : {}),
    state: s.InstanceState?.Name ?? 'unknown',
    system: check(s.SystemStatus),
    instance: check(s.InstanceStatus),
    ...(s.AttachedEbsStatus ? { attachedEbs: check(s.AttachedEbsStatus) } : {}),
    events: (s.Events ?? []).map((e) => ({
      id: e.InstanceEventId ?? '',
      code: e.Code ?? '',
      description: e.Description ?? '',
      ...(e.NotBefore ? { notBefore: iso(e.NotBefore) } : {}),
      ...(e.NotAfter ? { notAfter: iso(e.NotAfter) } : {}),
      ...(e.NotBeforeDeadline ? { notBeforeDeadline: iso(e.NotBeforeDeadline) } : {}),
    })),
  };
}

/**
 * Status checks and scheduled events of every instance in the region, stopped ones included
 * (`IncludeAllInstances`; by default AWS lists running instances only), in 1,000-entry pages.
 */
export const instanceStatuses = defineRead<InstanceStatusEntry[]>({
  name: 'ec2.instanceStatuses',
  scope: 'regional',
  actions: ['ec2:DescribeInstanceStatus'],
  schema: instanceStatusesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: InstanceStatusEntry[] = [];
    for await (const page of paginateDescribeInstanceStatus(
      { client, pageSize: 1000 },
      { IncludeAllInstances: true },
    )) {
      for (const s of page.InstanceStatuses ?? []) out.push(toStatusEntry(s));
    }
    return out;
  },
});

/** What a scheduled-event alert needs of an instance: who it is, and whether a stop loses data. */
export interface Ec2Instance {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly state: string;
  /** `ebs` or `instance-store` (the root volume lives on the host: retirement terminates it). */
  readonly rootDeviceType: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Every instance of the region with its tags, type and root device type, in 1,000-entry pages. */
export const instances = defineRead<Ec2Instance[]>({
  name: 'ec2.instances',
  scope: 'regional',
  actions: ['ec2:DescribeInstances'],
  schema: instancesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: Ec2Instance[] = [];
    for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, {})) {
      for (const reservation of page.Reservations ?? []) {
        for (const i of reservation.Instances ?? []) {
          out.push({
            instanceId: i.InstanceId ?? '',
            instanceType: i.InstanceType ?? '',
            state: i.State?.Name ?? 'unknown',
            rootDeviceType: i.RootDeviceType ?? 'ebs',
            tags: toTags(i.Tags),
          });
        }
      }
    }
    return out;
  },
});

/**
 * The instance types offered in the region that come with instance-store volumes (`i3.large`,
 * `m5d.xlarge`, ...): an EBS-backed instance of such a type still loses those volumes' data when it
 * is stopped. Read only when an EBS-backed instance has a stop or retirement event.
 */
export const instanceStoreTypes = defineRead<string[]>({
  name: 'ec2.instanceStoreTypes',
  scope: 'regional',
  actions: ['ec2:DescribeInstanceTypes'],
  schema: instanceStoreTypesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: string[] = [];
    const filter = { Filters: [{ Name: 'instance-storage-supported', Values: ['true'] }] };
    for await (const page of paginateDescribeInstanceTypes({ client, pageSize: 100 }, filter)) {
      for (const t of page.InstanceTypes ?? []) if (t.InstanceType) out.push(t.InstanceType);
    }
    return out.sort();
  },
});
