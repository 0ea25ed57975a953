import { sessionName } from '../aws/assume-role';
import type { RunPayload, RunRequest } from '../request';
import { parsePayload, resolveRequest } from '../request';
import type { Rule } from '../rule';
import { functionName } from '../rule';
import { summariseRun } from '../run-result';
import type { RunSummary } from '../summary';
import { summarise } from '../summary';
import { triggerContext } from './call-text';
import { isApiCallEvent, parseApiCall } from './cloudtrail-event';
import { matchingTrigger } from './match';
import type { ApiCall } from './types';

/** Where the function runs: from the Lambda context (no AWS call needed). */
export interface FunctionIdentity {
  /** `arn:aws:lambda:<region>:<account>:function:<name>`: the function's own account. */
  readonly invokedFunctionArn?: string;
  /** The function's name, which is also its execution role's session name. */
  readonly functionName?: string;
}

/** An API call event, as a run request for its account and region, or the reason it starts none. */
export type ApiCallRoute<P> =
  | { readonly kind: 'scan'; readonly request: RunRequest<P>; readonly call: ApiCall }
  | { readonly kind: 'ignored'; readonly summary: RunSummary; readonly call: ApiCall };

/**
 * Turns an EventBridge "AWS API Call via CloudTrail" event into the run request of the rule it may
 * have broken: just the call's region (account-wide checks run too) in the call's account (a
 * member account through its role when it is not the function's own), with the function's own
 * defaults for remediation, so a deployment with `DRIFTWATCH_REMEDIATE=true` fixes at once; the
 * request carries the call's context (`trigger`) for the findings and the alert. Returns undefined
 * for any other event. A call that cannot have broken the rule is `ignored`, with a summary saying
 * why, and nothing is read: another API, a failed call, a region the function does not scan, or
 * the rule's own remediation (its function's session).
 */
export function routeApiCall<P>(
  rule: Rule<P>,
  event: unknown,
  defaults: RunPayload,
  identity: FunctionIdentity = {},
): ApiCallRoute<P> | undefined {
  if (!isApiCallEvent(event)) return undefined;
  const call = parseApiCall(event);
  const reason = ignoreReason(rule, call, defaults, identity);
  if (reason) return { kind: 'ignored', summary: ignoredSummary(rule, call, defaults, reason), call };
  const own = identity.invokedFunctionArn?.split(':')[4];
  const payload = parsePayload({
    ...(rule.meta.scope === 'regional' ? { regions: [call.region] } : {}),
    ...(own !== undefined && own !== call.account ? { account: call.account } : {}),
  });
  const request = resolveRequest(rule, defaults, payload);
  return { kind: 'scan', request: { ...request, trigger: triggerContext(call) }, call };
}

function ignoreReason<P>(
  rule: Rule<P>,
  call: ApiCall,
  defaults: RunPayload,
  identity: FunctionIdentity,
): string | undefined {
  const triggers = rule.meta.triggers ?? [];
  if (!matchingTrigger(triggers, call)) {
    const known = triggers.flatMap((t) => t.eventNames);
    return `${call.eventName} (${call.source}) is not an API call that can break ${rule.meta.id}${known.length ? ` (it reacts to ${known.join(', ')})` : ' (it declares no triggers)'}.`;
  }
  if (call.errorCode) return `the ${call.eventName} call failed (${call.errorCode}), so it changed nothing.`;
  if (isOwnCall(rule, call, identity))
    return `the ${call.eventName} call was made by ${rule.meta.id}'s own function (${call.caller.name}), not by anyone else.`;
  const regions = defaults.regions;
  if (rule.meta.scope === 'regional' && Array.isArray(regions) && !regions.includes(call.region))
    return `${call.region} is not among the regions this function scans (DRIFTWATCH_REGIONS: ${regions.join(',')}).`;
  return undefined;
}

/** The rule's own session: its Lambda role (session = function name) or its member role's `driftwatch-<rule>`. */
function isOwnCall<P>(rule: Rule<P>, call: ApiCall, identity: FunctionIdentity): boolean {
  const arn = call.caller.arn ?? '';
  if (call.caller.type !== 'AssumedRole' || !arn.includes(':assumed-role/')) return false;
  const [roleName = '', session = ''] = (arn.split(':assumed-role/')[1] ?? '').split('/');
  if (identity.functionName !== undefined && session === identity.functionName) return true;
  return roleName === functionName(rule.meta.id) && session === sessionName(rule.meta.id);
}

/** The summary of an event that starts no scan, from an empty run: `result` says `ignored: <why>`. */
function ignoredSummary<P>(rule: Rule<P>, call: ApiCall, defaults: RunPayload, reason: string): RunSummary {
  const at = new Date().toISOString();
  const empty = summariseRun(
    {
      ruleId: rule.meta.id,
      title: rule.meta.title,
      account: call.account,
      regions: [],
      dryRun: defaults.dryRun ?? false,
      remediate: defaults.remediate ?? false,
      startedAt: at,
      finishedAt: at,
    },
    [],
  );
  return { ...summarise(empty, [], {}), result: `ignored: ${reason}` };
}
