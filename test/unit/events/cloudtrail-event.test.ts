import { ValidationError } from '../../../lib/errors';
import { callSentence } from '../../../lib/events/call-text';
import { isApiCallEvent, parseApiCall } from '../../../lib/events/cloudtrail-event';
import {
  documentedStartLogging,
  documentedStopConfigurationRecorder,
  envelope,
  stopLoggingBy,
} from './fixtures';

describe('parseApiCall', () => {
  it('reads account, region, caller, source IP, time and parameters from the documented CloudTrail record (StartLogging)', () => {
    // Prepare
    const event = envelope(documentedStartLogging);

    // Act
    const call = parseApiCall(event);

    // Assess
    expect(isApiCallEvent(event)).toBe(true);
    expect(call).toMatchObject({
      source: 'aws.cloudtrail',
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StartLogging',
      account: '123456789012',
      region: 'us-east-2',
      time: '2019-06-19T00:18:31Z',
      caller: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/Mary_Major' },
      sourceIp: '203.0.113.64',
      requestParameters: { name: 'arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail' },
    });
    expect(call.errorCode).toBeUndefined();
  });

  it('reads the documented AWS Config StopConfigurationRecorder record, naming the recorder in the sentence', () => {
    // Act
    const call = parseApiCall(envelope(documentedStopConfigurationRecorder));

    // Assess
    expect(call).toMatchObject({ source: 'aws.config', account: '222222222222', region: 'us-west-2' });
    expect(callSentence(call)).toBe(
      'Config recorder default was stopped by arn:aws:iam::222222222222:user/JohnDoe from 192.0.2.0 at 2014-12-11T18:35:13Z.',
    );
  });

  it('names the trail, principal ARN, source IP and time of a StopLogging call (hand-written event)', () => {
    // Act
    const call = parseApiCall(envelope(stopLoggingBy()));

    // Assess
    expect(callSentence(call)).toBe(
      'Trail org-audit-trail was stopped by arn:aws:iam::123456789012:user/alice from 203.0.113.7 at 2026-05-04T09:12:40Z.',
    );
  });

  it('names an assumed-role session and the root user as CloudTrail records them (hand-written events)', () => {
    // Prepare
    const session = 'arn:aws:sts::123456789012:assumed-role/Admin/mallory';
    const root = stopLoggingBy(undefined, {
      eventName: 'CreateAccessKey',
      eventSource: 'iam.amazonaws.com',
      userIdentity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root' },
      requestParameters: {},
    });

    // Act
    const assumed = parseApiCall(
      envelope(stopLoggingBy(undefined, { userIdentity: { type: 'AssumedRole', arn: session } })),
    );
    const byRoot = parseApiCall(envelope(root));

    // Assess
    expect(callSentence(assumed)).toContain(`was stopped by ${session} from 203.0.113.7`);
    expect(callSentence(byRoot)).toBe(
      'An access key was created by the root user (arn:aws:iam::123456789012:root) from 203.0.113.7 at 2026-05-04T09:12:40Z.',
    );
  });

  it('keeps the error code of a call that failed (hand-written AccessDenied StopLogging)', () => {
    // Act
    const call = parseApiCall(envelope(stopLoggingBy(undefined, { errorCode: 'AccessDenied' })));

    // Assess
    expect(call.errorCode).toBe('AccessDenied');
  });

  it('does not take a scheduled event, an ad hoc payload or an SQS record for an API call', () => {
    // Assess
    expect(isApiCallEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} })).toBe(
      false,
    );
    expect(isApiCallEvent({ regions: ['us-east-1'] })).toBe(false);
    expect(isApiCallEvent({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] })).toBe(false);
    expect(isApiCallEvent({ source: 'custom.app', 'detail-type': 'AWS API Call via CloudTrail' })).toBe(
      false,
    );
  });

  it('rejects a malformed event naming the field and the accepted form, before any AWS call', () => {
    // Prepare
    const event = envelope(stopLoggingBy(undefined, { eventTime: 'yesterday' }), { account: '42' });

    // Act
    const attempt = () => parseApiCall(event);

    // Assess
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/account: expected a 12-digit account id, got string "42"/);
    expect(attempt).toThrow(
      /detail\.eventTime: expected an ISO-8601 time such as 2026-05-04T09:12:40Z, got string "yesterday"/,
    );
  });
});
