import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { Instance } from '@aws-sdk/client-ec2';
import type { Tags } from './tags';
import { toTags } from './tags';
import { defineRead } from './types';
import { runningInstancesSchema } from './snapshot-schemas-ec2';

/** What the instance-standard rule needs of a running instance: what it was launched from, and when. */
export interface RunningInstance {
  readonly instanceId: string;
  readonly imageId: string;
  /** `x86_64`, `arm64`, ...: only an image of the same architecture can replace it. */
  readonly architecture: string;
  /**
   * ISO-8601: when the instance was first launched. `LaunchTime` moves on every stop and start, so
   * the earlier attach time of its primary network interface (created at launch) wins.
   */
  readonly launchTime: string;
  /** `required` (IMDSv2 only) or `optional`. */
  readonly httpTokens: string;
  /** `enabled` or `disabled` (no metadata service at all). */
  readonly httpEndpoint: string;
  readonly tags: Tags;
}

/** Plain JSON for one DescribeInstances instance. Exported for the contract tests. */
export function toRunningInstance(i: Instance): RunningInstance {
  const launched = i.LaunchTime?.getTime() ?? 0;
  const primary = i.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0)?.Attachment?.AttachTime;
  const first = primary && primary.getTime() < launched ? primary.getTime() : launched;
  return {
    instanceId: i.InstanceId ?? '',
    imageId: i.ImageId ?? '',
    architecture: i.Architecture ?? 'x86_64',
    launchTime: new Date(first).toISOString(),
    httpTokens: i.MetadataOptions?.HttpTokens ?? 'optional',
    httpEndpoint: i.MetadataOptions?.HttpEndpoint ?? 'enabled',
    tags: toTags(i.Tags),
  };
}

/**
 * Every running instance of the region (DescribeInstances filtered on `instance-state-name`, 1,000
 * a page) with its image, launch time, metadata options and tags.
 */
export const runningInstances = defineRead<RunningInstance[]>({
  name: 'ec2.runningInstances',
  scope: 'regional',
  actions: ['ec2:DescribeInstances'],
  schema: runningInstancesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: RunningInstance[] = [];
    const filter = { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] };
    for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, filter)) {
      for (const reservation of page.Reservations ?? [])
        for (const i of reservation.Instances ?? []) out.push(toRunningInstance(i));
    }
    return out;
  },
});
