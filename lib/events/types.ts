/**
 * The tamper sentinel's shapes: what a rule declares about the API calls that can break what it
 * checks (`meta.triggers`), and what an EventBridge "AWS API Call via CloudTrail" event says about
 * one such call once parsed.
 */

/** The `detail-type` of every API call event CloudTrail delivers to EventBridge. */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** One value an EventBridge pattern field may match: an exact string, or a prefix. */
export type TriggerValue = string | { readonly prefix: string };

/**
 * A narrowing EventBridge pattern on the event's `detail` (the CloudTrail record): nested objects
 * end in lists of exact values or `{ prefix }` matchers, as EventBridge reads them. A list field of
 * the event (e.g. `requestParameters.resourcesSet.items`) matches when any element does.
 */
export interface TriggerFilter {
  readonly [field: string]: TriggerFilter | readonly TriggerValue[];
}

/**
 * API calls that can break what a rule checks: the template routes exactly these events to the
 * rule's function (deploy/triggers.ts), and the function re-evaluates that account and region.
 */
export interface ApiTrigger {
  /** The EventBridge source of the service, e.g. `aws.cloudtrail` (IAM's `aws.iam` arrives in us-east-1 only). */
  readonly source: string;
  /** CloudTrail event names (API operations), e.g. `StopLogging`. */
  readonly eventNames: readonly string[];
  /** Narrows the match, e.g. root's own calls only: `{ userIdentity: { type: ['Root'] } }`. */
  readonly detail?: TriggerFilter;
}

/** Who made a call, as CloudTrail's `userIdentity` records it. */
export interface Caller {
  /** `Root`, `IAMUser`, `AssumedRole`, `FederatedUser`, `AWSService`, `AWSAccount`, `IdentityCenterUser`. */
  readonly type: string;
  /** The principal's ARN where CloudTrail records one (not for an AWS service). */
  readonly arn?: string;
  /** A readable name for the message: the ARN, else the user name, the invoking service or the principal id. */
  readonly name: string;
  /** The role an assumed-role session belongs to (`sessionContext.sessionIssuer.arn`). */
  readonly roleArn?: string;
}

/** One API call, from an EventBridge "AWS API Call via CloudTrail" event. */
export interface ApiCall {
  /** The EventBridge event id, for the logs. */
  readonly eventId: string;
  readonly source: string;
  /** e.g. `cloudtrail.amazonaws.com`. */
  readonly eventSource: string;
  readonly eventName: string;
  /** The account the call was made in (the event's `account`, i.e. the member account when forwarded). */
  readonly account: string;
  /** The region the call was made in (`awsRegion`). */
  readonly region: string;
  /** ISO-8601 UTC time of the call (`eventTime`). */
  readonly time: string;
  readonly caller: Caller;
  /** `sourceIPAddress`: an IP address, or a service name (`cloudtrail.amazonaws.com`, `AWS Internal`). */
  readonly sourceIp: string;
  readonly userAgent?: string;
  readonly requestParameters: Readonly<Record<string, unknown>>;
  /** Set when the call failed (e.g. `AccessDenied`): it changed nothing. */
  readonly errorCode?: string;
  /** The CloudTrail record itself, for pattern filters. */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** What a finding records about the call that made the function look (`details.trigger`). */
export interface TriggerContext {
  readonly eventName: string;
  readonly eventSource: string;
  readonly time: string;
  readonly principal: string;
  readonly principalType: string;
  readonly sourceIp: string;
  readonly requestParameters: Readonly<Record<string, unknown>>;
  /** e.g. `Trail org-audit-trail was stopped by arn:aws:iam::111122223333:user/alice from 203.0.113.7 at 2026-05-04T09:12:40Z.` */
  readonly sentence: string;
}
