import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { defineRead } from './types';
import { instanceProfilesSchema } from './snapshot-schemas-ec2';

/** An instance and the instance profile (role) it runs with, if any. */
export interface InstanceProfileUse {
  readonly instanceId: string;
  readonly state: string;
  /** `arn:aws:iam::<account>:instance-profile/<name>`; absent when the instance has no role. */
  readonly instanceProfileArn?: string;
  /** The `Name` tag, for messages. */
  readonly name?: string;
}

/**
 * Every instance of the region with its IAM instance profile (DescribeInstances, 1,000 a page).
 * Its own read rather than a field of `ec2.instances`, so that read's recorded shape (and its tests
 * and snapshots) stay as they are; each rule's function still makes the minimum calls.
 */
export const instanceProfiles = defineRead<InstanceProfileUse[]>({
  name: 'ec2.instanceProfiles',
  scope: 'regional',
  actions: ['ec2:DescribeInstances'],
  schema: instanceProfilesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: InstanceProfileUse[] = [];
    for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, {})) {
      for (const reservation of page.Reservations ?? []) {
        for (const i of reservation.Instances ?? []) {
          const name = i.Tags?.find((t) => t.Key === 'Name')?.Value;
          out.push({
            instanceId: i.InstanceId ?? '',
            state: i.State?.Name ?? 'unknown',
            ...(i.IamInstanceProfile?.Arn ? { instanceProfileArn: i.IamInstanceProfile.Arn } : {}),
            ...(name ? { name } : {}),
          });
        }
      }
    }
    return out;
  },
});
