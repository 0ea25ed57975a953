import { ValidationError } from '../../../lib/errors';
import { queuedScanPayload } from '../../../lib/sqs-event';

const sqsEvent = (body: unknown) => ({
  Records: [{ eventSource: 'aws:sqs', messageId: 'm-1', body: JSON.stringify(body) }],
});

describe('queuedScanPayload', () => {
  it('accepts a scan message naming only the member account', () => {
    // Act / Assess
    expect(queuedScanPayload(sqsEvent({ account: '111122223333' }))).toEqual({ account: '111122223333' });
  });

  it('leaves an event that is not from SQS to the ad hoc payload parser', () => {
    expect(queuedScanPayload({ remediate: true })).toBeUndefined();
    expect(queuedScanPayload(undefined)).toBeUndefined();
  });

  it.each([
    ['remediate', { remediate: true }],
    ['maxChanges', { maxChanges: 10_000 }],
    ['params', { params: { maxDeletionsPerRun: 9 } }],
    ['dryRun', { dryRun: false }],
    ['regions', { regions: 'all' }],
  ])('rejects a queue message that sets %s, naming the field', (field, extra) => {
    // Act
    const attempt = () => queuedScanPayload(sqsEvent({ account: '111122223333', ...extra }));

    // Assess
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(
      `Invalid scan queue message: ${field}: not accepted from a scan queue message (only "account"`,
    );
  });

  it('rejects a queue message without an account, and echoes a long field name only in part', () => {
    // Prepare
    const long = 'k'.repeat(5_000);

    // Act / Assess
    expect(() => queuedScanPayload(sqsEvent({}))).toThrow(
      'account: expected a 12-digit account id, got none',
    );
    const error = (() => {
      try {
        queuedScanPayload(sqsEvent({ account: '111122223333', [long]: 1 }));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message.length).toBeLessThan(500);
  });
});
