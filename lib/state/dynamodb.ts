import { DynamoDBClient, paginateQuery, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ChangeClaims, ChangeClaimStore } from '../actions/context';
import type { ClientFactory } from '../aws/clients';
import { mapSettled } from '../concurrency';
import { awsErrorCode } from '../errors';
import type { Severity, Status } from '../findings';
import { claimsKey, DynamoChangeClaims, storedNotifyToken } from './dynamodb-claims';
import { putPosture, scanAll } from './dynamodb-posture';
import type {
  Claim,
  DailyPosture,
  FindingState,
  PostureStore,
  StateExport,
  StateStore,
  StateWrite,
} from './types';
import { runKey } from './types';

/** Writes in flight at once: well under on-demand limits, enough for thousands of findings. */
const WRITE_CONCURRENCY = 8;

type Item = Record<string, AttributeValue>;

/**
 * The functions' state store: a DynamoDB table with partition key `pk` (`rule|account`) and sort key
 * `sk` (the finding id). One paginated, strongly consistent Query loads a rule run's states; each
 * write is an UpdateItem, and a claim adds a condition on the notify token seen at load, so two
 * overlapping runs cannot both alert about the same finding; a claim whose condition fails is
 * re-read, so this run's own token (a retried write whose reply was lost) still counts as won.
 *
 * @example
 * const store = new DynamoStateStore(clients, 'driftwatch-prod-state', 'us-east-1');
 * const previous = await store.load('root-account-mfa', '123456789012');
 */
export class DynamoStateStore implements StateStore, PostureStore, ChangeClaimStore {
  private readonly client: DynamoDBClient;
  constructor(
    clients: ClientFactory,
    private readonly table: string,
    region: string,
  ) {
    this.client = clients.get(DynamoDBClient, region);
  }

  async load(ruleId: string, account: string): Promise<FindingState[]> {
    const states: FindingState[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: runKey(ruleId, account) } },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) states.push(fromItem(item));
    return states;
  }

  async write(ruleId: string, account: string, writes: readonly StateWrite[]): Promise<Set<string>> {
    const claimed = new Set<string>();
    const results = await mapSettled(writes, WRITE_CONCURRENCY, async (w) => {
      const update = updateOf(w);
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: key(ruleId, account, w.values.id),
            ...update,
          }),
        );
        if (w.claim) claimed.add(w.values.id);
      } catch (error) {
        if (!w.claim || awsErrorCode(error) !== 'ConditionalCheckFailedException') throw error;
        // The condition failed: another run claimed this alert first (it sends it), or this run's own
        // write went through, its reply was lost and the SDK's retry met its own token. Re-read.
        const stored = await storedNotifyToken(this.client, this.table, runKey(ruleId, account), w.values.id);
        if (stored === w.claim.token) claimed.add(w.values.id);
      }
    });
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return claimed;
  }

  /** Records the day's posture under its own partition (`posture|rule|account`, see dynamodb-posture). */
  recordPosture(posture: DailyPosture): Promise<void> {
    return putPosture(this.client, this.table, posture);
  }

  /** Every finding state and posture record in the table (a paginated Scan; for the report). */
  async exportAll(): Promise<StateExport> {
    const all = await scanAll(this.client, this.table, fromItem);
    // Change claims (`rule|claims|account`, lib/state/dynamodb-claims.ts) are not finding states.
    return { ...all, runs: all.runs.filter((r) => r.account !== 'claims') };
  }

  /** Claims on single changes (a volume's snapshot of one slot) for one run: see DynamoChangeClaims. */
  changeClaims(ruleId: string, account: string, runId: string): ChangeClaims {
    return new DynamoChangeClaims(this.client, this.table, claimsKey(ruleId, account), runId);
  }

  async release(ruleId: string, account: string, released: readonly { id: string; claim: Claim }[]) {
    await mapSettled(released, WRITE_CONCURRENCY, async ({ id, claim }) => {
      const restore = claim.previousToken
        ? 'SET #token = :previous, #at = :previousAt'
        : 'REMOVE #token, #at';
      await this.client
        .send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: key(ruleId, account, id),
            UpdateExpression: restore,
            ConditionExpression: '#token = :mine',
            ExpressionAttributeNames: { '#token': 'notifyToken', '#at': 'lastNotified' },
            ExpressionAttributeValues: {
              ':mine': { S: claim.token },
              ...(claim.previousToken
                ? {
                    ':previous': { S: claim.previousToken },
                    ':previousAt': { S: claim.previousAt ?? claim.at },
                  }
                : {}),
            },
          }),
        )
        .catch((error: unknown) => {
          if (awsErrorCode(error) !== 'ConditionalCheckFailedException') throw error;
        });
    });
  }
}

function key(ruleId: string, account: string, id: string): Item {
  return { pk: { S: runKey(ruleId, account) }, sk: { S: id } };
}

const STRING_FIELDS = [
  'status',
  'firstSeen',
  'lastSeen',
  'severity',
  'region',
  'checkId',
  'resourceType',
  'resourceId',
  'message',
] as const;

function updateOf(w: StateWrite) {
  const names: Record<string, string> = {};
  const values: Item = {};
  const set: string[] = [];
  const put = (field: string, value: AttributeValue) => {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    set.push(`#${field} = :${field}`);
  };
  for (const field of STRING_FIELDS) {
    const value = w.values[field];
    if (value !== undefined) put(field, { S: value });
  }
  let remove = '';
  if (w.values.expiresAt !== undefined) put('expiresAt', { N: String(w.values.expiresAt) });
  else {
    names['#expiresAt'] = 'expiresAt';
    remove = ' REMOVE #expiresAt';
  }
  let condition: string | undefined;
  if (w.claim) {
    put('lastNotified', { S: w.claim.at });
    put('notifyToken', { S: w.claim.token });
    if (w.claim.previousToken) {
      values[':seenToken'] = { S: w.claim.previousToken };
      condition = '#notifyToken = :seenToken';
    } else condition = 'attribute_not_exists(#notifyToken)';
  }
  return {
    UpdateExpression: `SET ${set.join(', ')}${remove}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(condition ? { ConditionExpression: condition } : {}),
  };
}

function fromItem(item: Item): FindingState {
  const s = (field: string) => item[field]?.S;
  const expiresAt = item.expiresAt?.N;
  return {
    id: s('sk') ?? '',
    status: (s('status') ?? 'PASS') as Status,
    firstSeen: s('firstSeen') ?? '',
    lastSeen: s('lastSeen') ?? '',
    severity: (s('severity') ?? 'informational') as Severity,
    region: s('region') ?? '',
    resourceType: s('resourceType') ?? '',
    resourceId: s('resourceId') ?? '',
    message: s('message') ?? '',
    ...(s('checkId') ? { checkId: s('checkId') } : {}),
    ...(s('lastNotified') ? { lastNotified: s('lastNotified') } : {}),
    ...(s('notifyToken') ? { notifyToken: s('notifyToken') } : {}),
    ...(expiresAt ? { expiresAt: Number(expiresAt) } : {}),
  };
}
