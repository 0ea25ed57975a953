import { CopySnapshotCommand, DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { ClientFactory } from '../aws/clients';
import { awsErrorCode } from '../errors';
import { SNAPSHOTS } from './ebs';
import type { IamGrant } from './types';
import { defineAction } from './types';

/** The tag a copy carries naming its source snapshot: the key of the "already copied?" lookup. */
export const SOURCE_SNAPSHOT_TAG = 'driftwatch:source-snapshot-id';
/** The marker every driftwatch snapshot carries; the lookup requires it too. */
const MANAGED_BY_TAG = 'driftwatch:managed-by';

/**
 * An EC2 client that makes each call once: CopySnapshot has no ClientToken, so an SDK retry of a
 * request whose reply was lost would make a second copy. The action retries by itself instead,
 * after looking for the copy the lost attempt may have made.
 */
export class SingleAttemptEC2Client extends EC2Client {
  constructor(config: EC2ClientConfig) {
    super({ ...config, maxAttempts: 1 });
  }
}

export interface CopySnapshotInput {
  readonly sourceSnapshotId: string;
  readonly sourceRegion: string;
  readonly destinationRegion: string;
  readonly description: string;
  /** Applied at creation (TagSpecifications); must include `SOURCE_SNAPSHOT_TAG` = `sourceSnapshotId`. */
  readonly tags: Readonly<Record<string, string>>;
  /** A KMS key of the destination region; absent: the region's default EBS key. */
  readonly kmsKeyId?: string;
}

/**
 * What EC2 does with the KMS keys on the caller's behalf when it copies into an encrypted snapshot
 * (the source's key to read it, the destination's to write: AWS's "permissions to use AWS KMS keys"
 * for EBS encryption). Any account's key (`copyKmsKeyIds` may name a shared one; its key policy
 * must allow the role too), only through EC2, and grants only for AWS resources.
 */
export const COPY_KMS_ACTIONS = [
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;
const KMS_KEYS = 'arn:${AWS::Partition}:kms:*:*:key/*';
const VIA_EC2 = { StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' } };

function copyKmsGrants(): Record<string, readonly IamGrant[]> {
  const grants: Record<string, readonly IamGrant[]> = {};
  for (const action of COPY_KMS_ACTIONS) grants[action] = [{ resources: [KMS_KEYS], condition: VIA_EC2 }];
  grants['kms:CreateGrant'] = [
    { resources: [KMS_KEYS], condition: { ...VIA_EC2, Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
  ];
  return grants;
}

/** Attempts at CopySnapshot, each preceded by the lookup; and the pause before looking after a failed one. */
const ATTEMPTS = 3;
const PAUSE_MS = 1_000;

/**
 * CopySnapshot into the destination region, encrypted, tagged at creation, at most once per source
 * snapshot: before each attempt it looks in the destination for a copy of the source (by its tags,
 * as a retried or overlapping run would have left it) and reports that instead of copying again. An
 * attempt that failed uncertainly (no reply, 5xx, throttled) is retried after the lookup; one AWS
 * refused (4xx) is not. A source deleted meanwhile is skipped. A copy made twice all the same (the
 * lookup is eventually consistent) is pruned as a duplicate by the destination region's plan.
 */
export const copySnapshot = defineAction<CopySnapshotInput>({
  name: 'ec2:CopySnapshot',
  // Tags given at creation are authorised as ec2:CreateTags; the lookup is a DescribeSnapshots.
  // The copy is encrypted: EC2 uses the source's and the destination's KMS keys as the caller.
  alsoNeeds: ['ec2:CreateTags', 'ec2:DescribeSnapshots', ...COPY_KMS_ACTIONS],
  iam: {
    'ec2:CopySnapshot': [{ resources: [SNAPSHOTS] }],
    // Tags only as part of the copy: never retag (and so adopt) an existing snapshot.
    'ec2:CreateTags': [
      { resources: [SNAPSHOTS], condition: { StringEquals: { 'ec2:CreateAction': 'CopySnapshot' } } },
    ],
    ...copyKmsGrants(),
  },
  routine: true,
  async run(clients, _region, input) {
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const existing = await findCopy(clients, input);
      if (existing) {
        return attempt === 1
          ? { status: 'skipped', reason: `already copied to ${input.destinationRegion} as ${existing}` }
          : {
              status: 'done',
              note: `copied to ${input.destinationRegion} as ${existing} (found after an uncertain reply)`,
            };
      }
      try {
        const out = await clients.get(SingleAttemptEC2Client, input.destinationRegion).send(
          new CopySnapshotCommand({
            SourceSnapshotId: input.sourceSnapshotId,
            SourceRegion: input.sourceRegion,
            Description: input.description,
            Encrypted: true,
            ...(input.kmsKeyId ? { KmsKeyId: input.kmsKeyId } : {}),
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
          note: `copied to ${input.destinationRegion} as ${out.SnapshotId ?? 'a snapshot'}`,
        };
      } catch (error) {
        if (awsErrorCode(error) === 'InvalidSnapshot.NotFound')
          return { status: 'skipped', reason: `source ${input.sourceSnapshotId} no longer exists` };
        if (!uncertain(error)) throw error;
        lastError = error;
        await new Promise((r) => setTimeout(r, PAUSE_MS * attempt));
      }
    }
    const found = await findCopy(clients, input);
    if (found)
      return {
        status: 'done',
        note: `copied to ${input.destinationRegion} as ${found} (found after an uncertain reply)`,
      };
    throw lastError;
  },
});

/** The id of a copy of the source already in the destination (any state but error), if any. */
async function findCopy(clients: ClientFactory, input: CopySnapshotInput): Promise<string | undefined> {
  const out = await clients.get(EC2Client, input.destinationRegion).send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [
        { Name: `tag:${SOURCE_SNAPSHOT_TAG}`, Values: [input.sourceSnapshotId] },
        { Name: `tag:${MANAGED_BY_TAG}`, Values: [input.tags[MANAGED_BY_TAG] ?? ''] },
      ],
    }),
  );
  return (out.Snapshots ?? []).find((s) => s.State !== 'error')?.SnapshotId;
}

/** No reply, a server fault or throttling: the copy may or may not have been made. */
function uncertain(error: unknown): boolean {
  const e = error as { $metadata?: { httpStatusCode?: number }; $fault?: string; name?: string };
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) return true;
  if (status >= 500) return true;
  return /throttl|RequestLimitExceeded/i.test(awsErrorCode(error));
}
