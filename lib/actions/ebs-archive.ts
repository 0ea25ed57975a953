import { EC2Client, ModifySnapshotTierCommand } from '@aws-sdk/client-ec2';
import { awsErrorCode, errorMessage } from '../errors';
import { MANAGED_BY, SNAPSHOTS } from './ebs';
import { defineAction } from './types';

export interface ArchiveSnapshotInput {
  readonly snapshotId: string;
}

/**
 * ModifySnapshotTier to `archive`, idempotent: a snapshot already archived or being archived
 * (`IncorrectState`), or gone (`InvalidSnapshot.NotFound`), is skipped with the reason; AWS refusing
 * one in use is skipped too, never forced.
 */
export const archiveSnapshot = defineAction<ArchiveSnapshotInput>({
  name: 'ec2:ModifySnapshotTier',
  // Only the tool's own snapshots, whatever the planner decides.
  iam: {
    'ec2:ModifySnapshotTier': [
      {
        resources: [SNAPSHOTS],
        condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_BY.key}`]: MANAGED_BY.value } },
      },
    ],
  },
  // Moving an old backup to the cheaper tier is the rule's scheduled work, like pruning.
  routine: true,
  async run(clients, region, input) {
    try {
      const out = await clients
        .get(EC2Client, region)
        .send(new ModifySnapshotTierCommand({ SnapshotId: input.snapshotId, StorageTier: 'archive' }));
      return {
        status: 'done',
        note: `archiving since ${out.TieringStartTime?.toISOString() ?? 'now'}`,
      };
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === 'InvalidSnapshot.NotFound')
        return { status: 'skipped', reason: 'snapshot no longer exists' };
      if (code === 'IncorrectState' || code === 'InvalidSnapshot.InUse')
        return { status: 'skipped', reason: `not archived: ${code}: ${errorMessage(error)}` };
      throw error;
    }
  },
});
