import { createSnapshotOnce, deleteSnapshotOnce } from './ebs-once';
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
  /**
   * The schedule slot (ISO-8601 UTC) the snapshot is for, written as its `driftwatch:slot` tag: how
   * an uncertain creation is checked, and what two overlapping runs claim.
   */
  readonly slot: string;
}

/**
 * CreateSnapshot with its tags in `TagSpecifications`: tagging after creation can fail (or the
 * Lambda can time out in between) and leave an unmarked snapshot that no policy would ever prune.
 * A volume deleted since the inventory was read is skipped, not failed. Made once per volume and
 * slot: an uncertain outcome is checked with ec2:DescribeSnapshots (a read the rule already holds).
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
  // Exactly once per volume and slot: claimed, not blindly retried, verified (lib/actions/ebs-once.ts).
  run: (clients, region, input, context) => createSnapshotOnce(clients, region, input, context),
});

export interface DeleteSnapshotInput {
  readonly snapshotId: string;
}

/**
 * DeleteSnapshot, verified: a deletion whose response was lost is confirmed by a describe; a snapshot
 * already gone that this run did not delete (`InvalidSnapshot.NotFound`) is skipped ("already gone");
 * one AWS reports in use (`InvalidSnapshot.InUse`, e.g. an AMI registered since the inventory was
 * read) is skipped and reported, never forced.
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
  run: (clients, region, input, context) => deleteSnapshotOnce(clients, region, input.snapshotId, context),
});
