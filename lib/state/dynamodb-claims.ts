import { QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ChangeClaims, ClaimOutcome } from '../actions/context';
import { awsErrorCode } from '../errors';

/**
 * Change claims live in the state table under the rule's own partition prefix,
 * `<rule>|claims|<account>` (sort key the change, e.g. `create-snapshot|us-east-1|vol-1|<slot>`): a
 * rule run's Query (`pk = rule|account`) never sees them, and the function's role, limited to partition
 * keys `<rule>|*` (dynamodb:LeadingKeys), may write them with the UpdateItem it already holds.
 */
export const claimsKey = (ruleId: string, account: string) => `${ruleId}|claims|${account}`;

/** How long a claim holds when its run never finishes: longer than any run (Lambda's 15 min). */
export const CLAIM_HOLD_MS = 15 * 60_000;

/**
 * One run's change claims: a conditional UpdateItem that succeeds when nobody holds the change, this
 * run already does (a retried write whose first reply was lost), or the holder's claim lapsed.
 */
export class DynamoChangeClaims implements ChangeClaims {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly pk: string,
    private readonly runId: string,
    private readonly clock: () => number = Date.now,
    private readonly holdMs: number = CLAIM_HOLD_MS,
  ) {}

  async claim(key: string): Promise<ClaimOutcome> {
    const now = this.clock();
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: this.pk }, sk: { S: key } },
          UpdateExpression: 'SET #owner = :me, #until = :until, #expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(#owner) OR #owner = :me OR #until < :now',
          ExpressionAttributeNames: { '#owner': 'owner', '#until': 'holdUntil', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: {
            ':me': { S: this.runId },
            ':until': { N: String(now + this.holdMs) },
            ':now': { N: String(now) },
            // DynamoDB TTL (epoch seconds) clears spent claims a day after they lapse.
            ':ttl': { N: String(Math.floor((now + this.holdMs) / 1000) + 86_400) },
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previous = out.Attributes?.owner?.S;
      return previous === undefined || previous === this.runId ? 'won' : 'taken-over';
    } catch (error) {
      if (awsErrorCode(error) === 'ConditionalCheckFailedException') return 'held-by-another-run';
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: this.pk }, sk: { S: key } },
          UpdateExpression: 'SET #until = :zero',
          ConditionExpression: '#owner = :me',
          ExpressionAttributeNames: { '#owner': 'owner', '#until': 'holdUntil' },
          ExpressionAttributeValues: { ':me': { S: this.runId }, ':zero': { N: '0' } },
        }),
      );
    } catch (error) {
      if (awsErrorCode(error) !== 'ConditionalCheckFailedException') throw error;
    }
  }
}

/**
 * The notify token stored on a finding's state (a strongly consistent Query of its one item, with
 * the Query the function's role already holds). After a retried claim failed its condition, this
 * tells a lost reply (the token is this run's: the claim is ours) from another run's claim.
 */
export async function storedNotifyToken(
  client: DynamoDBClient,
  table: string,
  pk: string,
  sk: string,
): Promise<string | undefined> {
  const out = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': { S: pk }, ':sk': { S: sk } },
      ProjectionExpression: 'notifyToken',
      ConsistentRead: true,
    }),
  );
  return out.Items?.[0]?.notifyToken?.S;
}
