import type { ApiCall, TriggerContext } from './types';

/** What a call did to the resource it named (`r`, when its request parameters name one). */
const PHRASES: Readonly<Record<string, (r: string | undefined) => string>> = {
  StopLogging: (r) => `Trail${named(r)} was stopped`,
  DeleteTrail: (r) => `Trail${named(r)} was deleted`,
  UpdateTrail: (r) => `Trail${named(r)} was updated`,
  PutEventSelectors: (r) => `The event selectors of trail${named(r)} were replaced`,
  PutAdvancedEventSelectors: (r) => `The advanced event selectors of trail${named(r)} were replaced`,
  StopConfigurationRecorder: (r) => `Config recorder${named(r)} was stopped`,
  DeleteConfigurationRecorder: (r) => `Config recorder${named(r)} was deleted`,
  PutConfigurationRecorder: (r) => `Config recorder${named(r)} was changed`,
  DeleteDeliveryChannel: (r) => `Config delivery channel${named(r)} was deleted`,
  DeactivateMFADevice: (r) => `MFA device${named(r)} was deactivated`,
  DeleteVirtualMFADevice: (r) => `Virtual MFA device${named(r)} was deleted`,
  CreateAccessKey: (r) => (r ? `An access key for ${r} was created` : 'An access key was created'),
  DeleteSnapshot: (r) => `Snapshot${named(r)} was deleted`,
  AuthorizeSecurityGroupIngress: (r) => `Security group${named(r)} was opened to new ingress`,
  DisableEbsEncryptionByDefault: () => 'EBS encryption by default was turned off',
  PutBucketPolicy: (r) => `The policy of bucket${named(r)} was replaced`,
  DeletePublicAccessBlock: (r) => `The public access block${r ? ` of ${r}` : ''} was removed`,
  DeleteAccountPasswordPolicy: () => 'The account password policy was deleted',
};

const named = (r: string | undefined) => (r ? ` ${r}` : '');

/** Request parameters that name the resource a call acted on, most specific first. */
const NAME_KEYS = [
  'name',
  'trailName',
  'configurationRecorderName',
  'deliveryChannelName',
  'serialNumber',
  'snapshotId',
  'groupId',
  'groupName',
  'bucketName',
  'policyArn',
  'roleName',
  'userName',
] as const;

/** The resource a call named in its request parameters (a trail ARN is cut to its name), if any. */
export function calledResource(call: ApiCall): string | undefined {
  const p = call.requestParameters;
  for (const key of NAME_KEYS) {
    const v = p[key] ?? (p.configurationRecorder as Record<string, unknown> | undefined)?.[key];
    if (typeof v === 'string' && v !== '')
      return v.replace(/^arn:aws[a-z-]*:cloudtrail:[^:]*:\d{12}:trail\//, '');
  }
  const items = (p.resourcesSet as { items?: { resourceId?: unknown }[] } | undefined)?.items;
  const ids = (items ?? []).map((i) => i.resourceId).filter((id): id is string => typeof id === 'string');
  return ids.length ? ids.join(', ') : undefined;
}

/**
 * One sentence naming what the call did, who made it, from where and when, e.g. `Trail
 * org-audit-trail was stopped by arn:aws:iam::111122223333:user/alice from 203.0.113.7 at
 * 2026-05-04T09:12:40Z.` A call without a phrase reads `StopInstances was called on i-0… by …`.
 */
export function callSentence(call: ApiCall): string {
  const resource = calledResource(call);
  const phrase = PHRASES[call.eventName];
  const what = phrase ? phrase(resource) : `${call.eventName} was called${resource ? ` on ${resource}` : ''}`;
  const by = call.caller.type === 'Root' ? `the root user (${call.caller.name})` : call.caller.name;
  return `${what} by ${by} from ${call.sourceIp} at ${call.time}.`;
}

/** What a finding records about the call that set off its evaluation (`details.trigger`). */
export function triggerContext(call: ApiCall): TriggerContext {
  return {
    eventName: call.eventName,
    eventSource: call.eventSource,
    time: call.time,
    principal: call.caller.name,
    principalType: call.caller.type,
    sourceIp: call.sourceIp,
    requestParameters: call.requestParameters,
    sentence: callSentence(call),
  };
}
