import { ValidationError } from './errors';
import type { RunPayload } from './request';
import { parsePayload } from './request';
import { problemsError } from './validation';

/**
 * Recognises an SQS event (the rule function's queue, event-source mapping with batch size 1) and
 * returns the one record's body. Any other event is returned unchanged. More than one record is
 * rejected, since a failed scan must fail (and be retried) alone.
 */
export function unwrapSqsEvent(event: unknown): unknown {
  if (!event || typeof event !== 'object' || !('Records' in event)) return event;
  const records = event.Records;
  if (!Array.isArray(records) || !records.every(isSqsRecord)) return event;
  if (records.length !== 1) {
    throw new ValidationError(
      `Invalid SQS event: expected exactly 1 record (batch size 1), got ${records.length}.`,
      ['Records'],
    );
  }
  return (records[0] as { body: string }).body;
}

/**
 * The run payload of a scan message from the org dispatcher, or undefined when `event` is not an SQS
 * event. A queue message names the member account and nothing else: whatever widens what the
 * deployment allows (`remediate`, `maxChanges`, `params`, and with them `dryRun` and `regions`)
 * comes from the function's own configuration, never from a message anyone able to send to the
 * queue could write. Such a field is rejected, naming it, before any AWS call (and the message goes
 * to the dead-letter queue, where it is seen).
 */
export function queuedScanPayload(event: unknown): RunPayload | undefined {
  const body = unwrapSqsEvent(event);
  if (body === event) return undefined;
  const payload = parsePayload(body);
  const problems = Object.keys(payload)
    .filter((field) => field !== 'account')
    .map((field) => ({
      field,
      message:
        'not accepted from a scan queue message (only "account"; remediation, max changes, regions and parameters come from the function configuration)',
    }));
  if (payload.account === undefined)
    problems.push({ field: 'account', message: 'expected a 12-digit account id, got none' });
  if (problems.length > 0) throw problemsError(problems, 'scan queue message');
  return payload;
}

function isSqsRecord(record: unknown): boolean {
  return (
    !!record &&
    typeof record === 'object' &&
    (record as Record<string, unknown>).eventSource === 'aws:sqs' &&
    typeof (record as Record<string, unknown>).body === 'string'
  );
}
