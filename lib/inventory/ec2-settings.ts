import { EC2Client, GetEbsEncryptionByDefaultCommand, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { toTags } from './tags';
import type { Tags } from './tags';
import { defineRead } from './types';
import { ebsEncryptionByDefaultSchema, instanceMetadataSchema } from './snapshot-schemas-ec2';

/** Whether new EBS volumes of the region are encrypted by default (GetEbsEncryptionByDefault). */
export const ebsEncryptionByDefault = defineRead<{ readonly enabled: boolean }>({
  name: 'ec2.ebsEncryptionByDefault',
  scope: 'regional',
  actions: ['ec2:GetEbsEncryptionByDefault'],
  schema: ebsEncryptionByDefaultSchema,
  async fetch(clients, region) {
    const out = await clients.get(EC2Client, region).send(new GetEbsEncryptionByDefaultCommand({}));
    return { enabled: out.EbsEncryptionByDefault === true };
  },
});

/** An instance's Instance Metadata Service settings (DescribeInstances `MetadataOptions`). */
export interface InstanceMetadata {
  readonly instanceId: string;
  readonly state: string;
  /** `required`: IMDSv2 only; `optional`: IMDSv1 also answers. */
  readonly httpTokens: string;
  /** `disabled`: no metadata service at all. */
  readonly httpEndpoint: string;
  readonly tags: Tags;
}

/**
 * The metadata options of every instance of the region that is not terminated, in 1,000-entry
 * pages. A read of its own (not `ec2.instances`) so the IMDS check's snapshot is self-contained.
 */
export const instanceMetadata = defineRead<InstanceMetadata[]>({
  name: 'ec2.instanceMetadata',
  scope: 'regional',
  actions: ['ec2:DescribeInstances'],
  schema: instanceMetadataSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: InstanceMetadata[] = [];
    for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, {})) {
      for (const reservation of page.Reservations ?? []) {
        for (const i of reservation.Instances ?? []) {
          const state = i.State?.Name ?? 'unknown';
          if (state === 'terminated' || state === 'shutting-down') continue;
          out.push({
            instanceId: i.InstanceId ?? '',
            state,
            httpTokens: i.MetadataOptions?.HttpTokens ?? 'optional',
            httpEndpoint: i.MetadataOptions?.HttpEndpoint ?? 'enabled',
            tags: toTags(i.Tags),
          });
        }
      }
    }
    return out;
  },
});
