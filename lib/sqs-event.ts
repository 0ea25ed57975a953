import { ValidationError } from './errors';

/**
 * Recognises an SQS event (the rule function's queue, event-source mapping with batch size 1) and
 * returns the one record's body: a run payload such as `{"account":"111122223333"}`, validated like
 * any ad hoc payload. Any other event is returned unchanged. More than one record is rejected, since
 * a failed scan must fail (and be retried) alone.
 */
export function unwrapSqsEvent(event: unknown): unknown {
  if (!event || typeof event !== 'object' || !('Records' in event)) return event;
  const records = (event as { Records: unknown }).Records;
  if (!Array.isArray(records) || !records.every(isSqsRecord)) return event;
  if (records.length !== 1) {
    throw new ValidationError(
      `Invalid SQS event: expected exactly 1 record (batch size 1), got ${records.length}.`,
      ['Records'],
    );
  }
  return (records[0] as { body: string }).body;
}

function isSqsRecord(record: unknown): boolean {
  return (
    !!record &&
    typeof record === 'object' &&
    (record as Record<string, unknown>).eventSource === 'aws:sqs' &&
    typeof (record as Record<string, unknown>).body === 'string'
  );
}
