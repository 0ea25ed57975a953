import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { ClientFactory } from '../aws/clients';
import { mapSettled } from '../concurrency';
import { awsErrorCode, DriftwatchError, errorMessage } from '../errors';

/** The body of one scan message: an ad hoc run payload naming the member account (see lib/sqs-event). */
export interface ScanMessage {
  readonly account: string;
}

export interface DispatchPlan {
  /** Rule id → URL of the queue its function consumes. */
  readonly queues: Readonly<Record<string, string>>;
  readonly accounts: readonly string[];
}

export interface DispatchResult {
  readonly accounts: number;
  /** Messages enqueued per rule. */
  readonly enqueued: Readonly<Record<string, number>>;
  readonly sqsCalls: number;
}

/** Some scan messages could not be enqueued after one retry; the invocation fails so it is seen. */
export class DispatchError extends DriftwatchError {
  constructor(message: string) {
    super('DispatchError', message);
    this.name = 'DispatchError';
  }
}

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;
/** Batches in flight at once: well under SQS's per-queue limits, fast enough for 10,000 messages. */
const IN_FLIGHT = 8;

function queueRegion(url: string): string {
  // https://sqs.<region>.amazonaws.com/<account>/<name>; moto and custom endpoints fall back to AWS_REGION.
  return /sqs\.([a-z0-9-]+)\.amazonaws/.exec(url)?.[1] ?? process.env.AWS_REGION ?? 'us-east-1';
}

/**
 * Enqueues one message per (rule, account) on the rule's queue, in batches of ten. Entries SQS
 * reports as failed are retried once; what still fails is thrown as a DispatchError after every
 * batch was tried (the accounts that were enqueued are scanned regardless).
 */
export async function dispatchScans(clients: ClientFactory, plan: DispatchPlan): Promise<DispatchResult> {
  const batches: { ruleId: string; url: string; entries: SendMessageBatchRequestEntry[] }[] = [];
  for (const [ruleId, url] of Object.entries(plan.queues)) {
    for (let i = 0; i < plan.accounts.length; i += BATCH) {
      const entries = plan.accounts.slice(i, i + BATCH).map((account) => ({
        Id: account,
        MessageBody: JSON.stringify({ account } satisfies ScanMessage),
      }));
      batches.push({ ruleId, url, entries });
    }
  }
  let sqsCalls = 0;
  const send = async (url: string, entries: SendMessageBatchRequestEntry[]) => {
    sqsCalls += 1;
    const out = await clients
      .get(SQSClient, queueRegion(url))
      .send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    return out.Failed ?? [];
  };
  const enqueued: Record<string, number> = Object.fromEntries(Object.keys(plan.queues).map((r) => [r, 0]));
  const failures: string[] = [];
  const settled = await mapSettled(batches, IN_FLIGHT, async ({ url, entries }) => {
    const failed = await send(url, entries);
    if (failed.length === 0) return [];
    const again = new Set(failed.map((f) => f.Id));
    return send(
      url,
      entries.filter((e) => again.has(e.Id)),
    );
  });
  for (const [i, result] of settled.entries()) {
    const { ruleId, entries } = batches[i] as (typeof batches)[number];
    if (result.status === 'rejected') {
      failures.push(
        `${ruleId} for ${entries.length} account(s): ${awsErrorCode(result.reason)}: ${errorMessage(result.reason)}`,
      );
      continue;
    }
    enqueued[ruleId] = (enqueued[ruleId] ?? 0) + entries.length - result.value.length;
    for (const f of result.value)
      failures.push(`${ruleId} for account ${f.Id}: ${f.Code}: ${f.Message ?? ''}`);
  }
  if (failures.length > 0) {
    throw new DispatchError(
      `Could not enqueue ${failures.length} scan(s): ${failures.slice(0, 10).join('; ')}`,
    );
  }
  return { accounts: plan.accounts.length, enqueued, sqsCalls };
}
