import { DescribeLockedSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import * as z from 'zod/mini';
import { defineRead } from './types';

/** A snapshot under an EBS snapshot lock: it cannot be deleted until the lock expires or is removed. */
export interface SnapshotLock {
  readonly snapshotId: string;
  /** `compliance-cooloff`, `governance` or `compliance` (`expired` locks are left out: they lock nothing). */
  readonly lockState: string;
  /** ISO-8601, when the lock expires. */
  readonly lockExpiresOn?: string;
}

/** DescribeLockedSnapshots' page maximum (5..1000). */
const PAGE = 1000;

/**
 * The account's locked snapshots in the region (DescribeLockedSnapshots, 1,000 a page; the API has
 * no SDK paginator, so NextToken is followed here). Expired locks are dropped.
 */
export const lockedSnapshots = defineRead<SnapshotLock[]>({
  name: 'ec2.lockedSnapshots',
  scope: 'regional',
  actions: ['ec2:DescribeLockedSnapshots'],
  schema: z.array(
    z.strictObject({
      snapshotId: z.string(),
      lockState: z.string(),
      lockExpiresOn: z.optional(z.iso.datetime()),
    }),
  ),
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: SnapshotLock[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeLockedSnapshotsCommand({ MaxResults: PAGE, ...(token ? { NextToken: token } : {}) }),
      );
      for (const s of page.Snapshots ?? []) {
        if (!s.SnapshotId || !s.LockState || s.LockState === 'expired') continue;
        out.push({
          snapshotId: s.SnapshotId,
          lockState: s.LockState,
          ...(s.LockExpiresOn ? { lockExpiresOn: s.LockExpiresOn.toISOString() } : {}),
        });
      }
      token = page.NextToken;
    } while (token);
    return out;
  },
});
