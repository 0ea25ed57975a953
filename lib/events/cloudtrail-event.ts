import * as z from 'zod/mini';
import { describeValue, parseOrThrow } from '../validation';
import type { ApiCall, Caller } from './types';
import { API_CALL_DETAIL_TYPE } from './types';

const text = (what: string) =>
  z
    .string({ error: (i) => `expected ${what}, got ${describeValue(i.input)}` })
    .check(z.minLength(1, { error: (i) => `expected ${what}, got ${describeValue(i.input)}` }));
const accountId = z
  .string({ error: (i) => `expected a 12-digit account id, got ${describeValue(i.input)}` })
  .check(
    z.regex(/^\d{12}$/, { error: (i) => `expected a 12-digit account id, got ${describeValue(i.input)}` }),
  );
const isoTime = text('an ISO-8601 time such as 2026-05-04T09:12:40Z').check(
  z.refine((t) => !Number.isNaN(Date.parse(t)), {
    error: (i) => `expected an ISO-8601 time such as 2026-05-04T09:12:40Z, got ${describeValue(i.input)}`,
  }),
);
const record = z.record(z.string(), z.unknown(), {
  error: (i) => `expected an object, got ${describeValue(i.input)}`,
});

/** The fields the sentinel reads from the EventBridge envelope and its CloudTrail record (the rest is kept as is). */
const apiCallEvent = z.object({
  id: text('the EventBridge event id'),
  source: text('an event source such as aws.cloudtrail'),
  account: accountId,
  region: text('a region name'),
  detail: z.looseObject({
    eventSource: text('a service endpoint such as cloudtrail.amazonaws.com'),
    eventName: text('an API operation name such as StopLogging'),
    eventTime: isoTime,
    awsRegion: z.optional(text('a region name')),
    sourceIPAddress: z.optional(z.string()),
    userAgent: z.optional(z.string()),
    errorCode: z.optional(z.string()),
    requestParameters: z.nullish(record),
    userIdentity: z.looseObject({
      type: text('an identity type such as IAMUser'),
      arn: z.optional(z.string()),
      principalId: z.optional(z.string()),
      userName: z.optional(z.string()),
      invokedBy: z.optional(z.string()),
      sessionContext: z.optional(
        z.looseObject({ sessionIssuer: z.optional(z.looseObject({ arn: z.optional(z.string()) })) }),
      ),
    }),
  }),
});

/**
 * Recognises an EventBridge event for an API call recorded by CloudTrail (`detail-type` "AWS API
 * Call via CloudTrail", an `aws.*` source), as a rule's trigger rules deliver it (or a member
 * account forwards it). Anything else (a schedule, an ad hoc payload, an SQS record) is not one.
 */
export function isApiCallEvent(event: unknown): boolean {
  if (!event || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return (
    e['detail-type'] === API_CALL_DETAIL_TYPE && typeof e.source === 'string' && e.source.startsWith('aws.')
  );
}

/**
 * Parses an "AWS API Call via CloudTrail" event into the call's context: account and region, the
 * caller (principal ARN), source IP, time, name and request parameters. A malformed event is a
 * `ValidationError` naming the field (e.g. `detail.eventTime`), before any AWS call.
 *
 * @example
 * if (isApiCallEvent(event)) {
 *   const call = parseApiCall(event); // call.caller.name: 'arn:aws:iam::111122223333:user/alice'
 * }
 */
export function parseApiCall(event: unknown): ApiCall {
  const e = parseOrThrow(apiCallEvent, event, 'CloudTrail API call event');
  const d = e.detail;
  return {
    eventId: e.id,
    source: e.source,
    eventSource: d.eventSource,
    eventName: d.eventName,
    account: e.account,
    region: d.awsRegion ?? e.region,
    time: new Date(d.eventTime).toISOString().replace('.000Z', 'Z'),
    caller: callerOf(d.userIdentity),
    sourceIp: d.sourceIPAddress ?? 'an unrecorded address',
    ...(d.userAgent ? { userAgent: d.userAgent } : {}),
    requestParameters: d.requestParameters ?? {},
    ...(d.errorCode ? { errorCode: d.errorCode } : {}),
    detail: d,
  };
}

function callerOf(identity: z.output<typeof apiCallEvent>['detail']['userIdentity']): Caller {
  const roleArn = identity.sessionContext?.sessionIssuer?.arn;
  const name =
    identity.arn ??
    identity.userName ??
    identity.invokedBy ??
    identity.principalId ??
    `an unnamed ${identity.type}`;
  return {
    type: identity.type,
    ...(identity.arn ? { arn: identity.arn } : {}),
    name,
    ...(roleArn ? { roleArn } : {}),
  };
}
