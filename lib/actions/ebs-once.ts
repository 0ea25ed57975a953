import {
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { ClientFactory } from '../aws/clients';
import { awsErrorCode, ChangeOutcomeUnknownError, errorMessage } from '../errors';
import { truncate } from '../validation';
import type { ActionContext } from './context';
import type { ActionOutcome } from './types';
import { failureKind, settle } from './uncertain';

/** The tag naming the schedule slot a snapshot was taken for (ISO-8601 UTC), written at creation. */
export const SLOT_TAG = 'driftwatch:slot';
const MANAGED_BY = { key: 'driftwatch:managed-by', value: 'ebs-snapshot-lifecycle' } as const;
/** Calls of one change: the first, and at most two more after each was checked not to have happened. */
const ATTEMPT_WINDOWS = 3;
const DEFAULT_SETTLE_MS = 1_000;

export interface SnapshotOfSlot {
  readonly volumeId: string;
  /** The schedule slot (ISO-8601 UTC) the snapshot is for. */
  readonly slot: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
}

const callOptions = (context: ActionContext) =>
  context.deadline ? { abortSignal: context.deadline.signal() } : {};

/** Thrown when the run deadline cut a change off: whether it happened is unknown. */
function cutOff(what: string, error: unknown): ChangeOutcomeUnknownError {
  return new ChangeOutcomeUnknownError(
    `${what} was cut off by the run deadline; whether it happened is unknown, and the next run's listing shows it.`,
    { cause: error },
  );
}

/**
 * CreateSnapshot exactly once per volume and slot. The call is made on a client that retries only
 * throttling; after an uncertain outcome (timeout, lost response, 5xx) the snapshot of that volume
 * and slot is looked for (its `driftwatch:slot` tag) before the call is made again. With change
 * claims (the state table), the slot is claimed first, so of two overlapping runs one creates it.
 */
export async function createSnapshotOnce(
  clients: ClientFactory,
  region: string,
  input: SnapshotOfSlot,
  context: ActionContext = {},
): Promise<ActionOutcome> {
  const key = `create-snapshot|${region}|${input.volumeId}|${input.slot}`;
  let checkFirst = false;
  let note = '';
  if (context.claims) {
    try {
      const outcome = await context.claims.claim(key);
      if (outcome === 'held-by-another-run')
        return {
          status: 'skipped',
          reason: `another run holds the claim on the ${input.slot} snapshot of ${input.volumeId} and creates it`,
        };
      checkFirst = outcome === 'taken-over';
    } catch (error) {
      checkFirst = true;
      note = `; the slot claim could not be written (${awsErrorCode(error)}), so the slot was checked first`;
    }
  }
  const find = () => findSlotSnapshot(clients, region, input, context);
  if (checkFirst) {
    const existing = await find().catch(() => undefined);
    if (existing)
      return { status: 'done', note: `found ${existing} already created for slot ${input.slot}${note}` };
  }
  const release = () => context.claims?.release(key).catch(() => undefined);
  const command = new CreateSnapshotCommand({
    VolumeId: input.volumeId,
    Description: input.description,
    TagSpecifications: [
      {
        ResourceType: 'snapshot',
        Tags: Object.entries({ ...input.tags, [SLOT_TAG]: input.slot }).map(([Key, Value]) => ({
          Key,
          Value,
        })),
      },
    ],
  });
  let lastError: unknown;
  for (let window = 1; window <= ATTEMPT_WINDOWS; window += 1) {
    try {
      const out = await clients.forMutation(EC2Client, region).send(command, callOptions(context));
      const again = window > 1 ? `, on attempt ${window} after the earlier ones were checked absent` : '';
      return {
        status: 'done',
        note: `created ${out.SnapshotId ?? 'a snapshot'} (${out.State ?? 'pending'})${again}${note}`,
      };
    } catch (error) {
      // Every earlier attempt was checked absent, so a refusal now means nothing was created.
      if (awsErrorCode(error) === 'InvalidVolume.NotFound') {
        await release();
        return { status: 'skipped', reason: `volume ${input.volumeId} no longer exists` };
      }
      const kind = failureKind(error);
      if (kind === 'refused') {
        await release();
        throw error;
      }
      if (kind === 'deadline') throw cutOff(`CreateSnapshot of ${input.volumeId}`, error);
      await settle(context.settleMs ?? DEFAULT_SETTLE_MS);
      let found: string | undefined;
      try {
        found = await find();
      } catch (readError) {
        throw new ChangeOutcomeUnknownError(
          `CreateSnapshot of ${input.volumeId} had an uncertain outcome (${awsErrorCode(error)}) and the check for its snapshot failed (${awsErrorCode(readError)}: ${truncate(errorMessage(readError))}); the next run's listing shows whether it was created.`,
          { cause: error },
        );
      }
      if (found)
        return {
          status: 'done',
          note: `created ${found} (confirmed by DescribeSnapshots after ${awsErrorCode(error)})${note}`,
        };
      lastError = error;
    }
  }
  await release();
  throw lastError;
}

/** The id of a driftwatch snapshot of the volume tagged for the slot, if AWS lists one. */
async function findSlotSnapshot(
  clients: ClientFactory,
  region: string,
  input: SnapshotOfSlot,
  context: ActionContext,
): Promise<string | undefined> {
  const out = await clients.get(EC2Client, region).send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [
        { Name: 'volume-id', Values: [input.volumeId] },
        { Name: `tag:${SLOT_TAG}`, Values: [input.slot] },
        { Name: `tag:${MANAGED_BY.key}`, Values: [MANAGED_BY.value] },
      ],
    }),
    callOptions(context),
  );
  return out.Snapshots?.find((s) => s.SnapshotId)?.SnapshotId;
}

/**
 * DeleteSnapshot, verified: a call whose response was lost is confirmed by a describe (the snapshot
 * gone is done) before it is made again. `InvalidSnapshot.NotFound` on a deletion this run did not
 * make is `skipped` ("already gone"), not done; `InvalidSnapshot.InUse` is skipped and never forced.
 */
export async function deleteSnapshotOnce(
  clients: ClientFactory,
  region: string,
  snapshotId: string,
  context: ActionContext = {},
): Promise<ActionOutcome> {
  let uncertainBefore: string | undefined;
  let lastError: unknown;
  for (let window = 1; window <= ATTEMPT_WINDOWS; window += 1) {
    try {
      await clients
        .forMutation(EC2Client, region)
        .send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }), callOptions(context));
      return uncertainBefore
        ? { status: 'done', note: `deleted on a later attempt after ${uncertainBefore}` }
        : { status: 'done' };
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === 'InvalidSnapshot.NotFound')
        return uncertainBefore
          ? { status: 'done', note: `gone after this run's uncertain call (${uncertainBefore})` }
          : { status: 'skipped', reason: 'already gone: deleted since the listing, not by this run' };
      if (code === 'InvalidSnapshot.InUse')
        return { status: 'skipped', reason: `in use, kept: ${truncate(errorMessage(error))}` };
      const kind = failureKind(error);
      if (kind === 'refused') throw error;
      if (kind === 'deadline') throw cutOff(`DeleteSnapshot of ${snapshotId}`, error);
      await settle(context.settleMs ?? DEFAULT_SETTLE_MS);
      let exists: boolean;
      try {
        exists = await snapshotExists(clients, region, snapshotId, context);
      } catch (readError) {
        throw new ChangeOutcomeUnknownError(
          `DeleteSnapshot of ${snapshotId} had an uncertain outcome (${code}) and the check failed (${awsErrorCode(readError)}); the next run's listing shows whether it is gone.`,
          { cause: error },
        );
      }
      if (!exists) return { status: 'done', note: `confirmed gone by DescribeSnapshots after ${code}` };
      uncertainBefore = code;
      lastError = error;
    }
  }
  throw lastError;
}

async function snapshotExists(
  clients: ClientFactory,
  region: string,
  snapshotId: string,
  context: ActionContext,
): Promise<boolean> {
  try {
    const out = await clients
      .get(EC2Client, region)
      .send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }), callOptions(context));
    return (out.Snapshots ?? []).some((s) => s.SnapshotId === snapshotId);
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidSnapshot.NotFound') return false;
    throw error;
  }
}
