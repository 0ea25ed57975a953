import { paginateScan, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Status } from '../findings';
import { STATUSES } from '../findings';
import type { DailyPosture, FindingState, StateExport } from './types';
import { POSTURE_RETENTION_DAYS, runKey } from './types';

type Item = Record<string, AttributeValue>;

/**
 * Daily posture lives in the state table under the rule's own partition prefix,
 * `rule|posture|account` (sort key the UTC day): a rule run's Query (`pk = rule|account`) never sees
 * it, and the function's role, which may touch only keys `<rule-id>|*` (dynamodb:LeadingKeys), may
 * write it with the UpdateItem it already holds. Records expire through the table's TTL attribute
 * `expiresAt` after POSTURE_RETENTION_DAYS.
 */
export const POSTURE_SEGMENT = 'posture';
const postureKey = (ruleId: string, account: string) => `${ruleId}|${POSTURE_SEGMENT}|${account}`;

/** Writes (or replaces) one day's posture record. */
export async function putPosture(
  client: DynamoDBClient,
  table: string,
  posture: DailyPosture,
): Promise<void> {
  const counts: Item = Object.fromEntries(STATUSES.map((s) => [s, { N: String(posture.counts[s] ?? 0) }]));
  const expiresAt = Math.floor(Date.parse(posture.day) / 1000) + POSTURE_RETENTION_DAYS * 86_400;
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: { pk: { S: postureKey(posture.ruleId, posture.account) }, sk: { S: posture.day } },
      UpdateExpression: 'SET #counts = :counts, #partial = :partial, recordedAt = :at, expiresAt = :exp',
      ExpressionAttributeNames: { '#counts': 'counts', '#partial': 'partial' },
      ExpressionAttributeValues: {
        ':counts': { M: counts },
        ':partial': { BOOL: posture.partial },
        ':at': { S: posture.recordedAt },
        ':exp': { N: String(expiresAt) },
      },
    }),
  );
}

/** Reads the whole table (paginated Scan): every rule run's states and every posture record. */
export async function scanAll(
  client: DynamoDBClient,
  table: string,
  fromItem: (item: Item) => FindingState,
): Promise<StateExport> {
  const runs = new Map<string, FindingState[]>();
  const posture: DailyPosture[] = [];
  for await (const page of paginateScan({ client }, { TableName: table, ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      const pk = item.pk?.S ?? '';
      const [ruleId = '', segment = '', account = ''] = pk.split('|');
      if (segment === POSTURE_SEGMENT && account !== '')
        posture.push(postureOf(runKey(ruleId, account), item));
      else {
        const list = runs.get(pk) ?? [];
        list.push(fromItem(item));
        runs.set(pk, list);
      }
    }
  }
  return {
    runs: [...runs].map(([key, states]) => {
      const [ruleId = '', account = ''] = key.split('|');
      return { ruleId, account, states };
    }),
    posture,
  };
}

function postureOf(key: string, item: Item): DailyPosture {
  const [ruleId = '', account = ''] = key.split('|');
  const stored = item.counts?.M ?? {};
  const counts = Object.fromEntries(STATUSES.map((s) => [s, Number(stored[s]?.N ?? 0)])) as Record<
    Status,
    number
  >;
  return {
    ruleId,
    account,
    day: item.sk?.S ?? '',
    counts,
    partial: item.partial?.BOOL ?? false,
    recordedAt: item.recordedAt?.S ?? '',
  };
}
