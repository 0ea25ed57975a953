import { CreateSnapshotCommand, DeleteSnapshotCommand, EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode, errorMessage } from '../errors';
import { defineAction } from './types';

/**
 * The marker tags of the snapshots this tool makes (rules/ebs-snapshot-lifecycle MANAGED_TAGS and
 * MANAGER; a unit test keeps them equal): IAM lets the fleet create snapshots only with the marker and
 * delete only snapshots that carry it.
 */
export const MANAGED_BY = { key: 'driftwatch:managed-by', value: 'ebs-snapshot-lifecycle' } as const;
/** Snapshot ARNs carry no account (`arn:aws:ec2:<region>::snapshot/<id>`). */
export const SNAPSHOTS = 'arn:${AWS::Partition}:ec2:*::snapshot/*';

export interface CreateSnapshotInput {
  readonly volumeId: string;
  readonly description: string;
  /** Applied at creation (TagSpecifications), so the snapshot is never untagged, not even briefly. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * CreateSnapshot with its tags in `TagSpecifications`: tagging after creation can fail (or the
 * Lambda can time out in between) and leave an unmarked snapshot that no policy would ever prune.
 * A volume deleted since the inventory was read is skipped, not failed.
 */
export const createSnapshot = defineAction<CreateSnapshotInput>({
  name: 'ec2:CreateSnapshot',
  // Tags are given at creation (TagSpecifications), which IAM authorises as ec2:CreateTags.
  alsoNeeds: ['ec2:CreateTags'],
  iam: {
    'ec2:CreateSnapshot': [
      { resources: ['arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:volume/*'] },
      {
        resources: [SNAPSHOTS],
        condition: { StringEquals: { [`aws:RequestTag/${MANAGED_BY.key}`]: MANAGED_BY.value } },
      },
    ],
    // Tags only as part of CreateSnapshot: never retag (and so adopt) an existing snapshot.
    'ec2:CreateTags': [
      { resources: [SNAPSHOTS], condition: { StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' } } },
    ],
  },
  // A due snapshot is the rule's scheduled work: done, it alerts nobody; failed, it always alerts.
  routine: true,
  async run(clients, region, input) {
    try {
      const out = await clients.get(EC2Client, region).send(
        new CreateSnapshotCommand({
          VolumeId: input.volumeId,
          Description: input.description,
          TagSpecifications: [
            {
              ResourceType: 'snapshot',
              Tags: Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })),
            },
          ],
        }),
      );
      return {
        status: 'done',
        note: `created ${out.SnapshotId ?? 'a snapshot'} (${out.State ?? 'pending'})`,
      };
    } catch (error) {
      if (awsErrorCode(error) === 'InvalidVolume.NotFound') {
        return { status: 'skipped', reason: `volume ${input.volumeId} no longer exists` };
      }
      throw error;
    }
  },
});

export interface DeleteSnapshotInput {
  readonly snapshotId: string;
}

/**
 * DeleteSnapshot, idempotent: a snapshot already gone (`InvalidSnapshot.NotFound`) is done; one
 * AWS reports in use (`InvalidSnapshot.InUse`, e.g. an AMI registered since the inventory was read)
 * is skipped and reported, never forced.
 */
export const deleteSnapshot = defineAction<DeleteSnapshotInput>({
  name: 'ec2:DeleteSnapshot',
  // Only the tool's own snapshots, whatever the planner decides.
  iam: {
    'ec2:DeleteSnapshot': [
      {
        resources: [SNAPSHOTS],
        condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_BY.key}`]: MANAGED_BY.value } },
      },
    ],
  },
  // Pruning past retention is scheduled work too (see createSnapshot).
  routine: true,
  async run(clients, region, input) {
    try {
      await clients.get(EC2Client, region).send(new DeleteSnapshotCommand({ SnapshotId: input.snapshotId }));
      return { status: 'done' };
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === 'InvalidSnapshot.NotFound') return { status: 'done', note: 'already gone' };
      if (code === 'InvalidSnapshot.InUse') {
        return { status: 'skipped', reason: `in use, kept: ${errorMessage(error)}` };
      }
      throw error;
    }
  },
});
