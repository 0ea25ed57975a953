import type { Rule } from '../lib/rule';
import { dispatcherQueues } from './environment';
import { memberRoleName, param, physicalName, resourceIds } from './names';
import { EXTERNAL_ID_PARAMETER } from './rule-role';
import type { SlsFunction } from './types';

/** Lambda's limit on a function description. */
const DESCRIPTION_MAX = 256;

function bundled(fn: string): Pick<SlsFunction, 'handler' | 'package'> {
  return { handler: `dist/${fn}/index.handler`, package: { patterns: [`dist/${fn}/**`] } };
}

/** A failed asynchronous (scheduled) invocation goes to the function's failed-runs queue. */
function onFailure(fn: string): SlsFunction['destinations'] {
  return { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': [resourceIds(fn).failedRuns, 'Arn'] } } };
}

/**
 * A rule's function: its own bundle and role, memory and timeout from its metadata (the provider's
 * defaults otherwise), its schedule (`<function>Rate` overrides the rule's default) and, in
 * organization mode, its scan queue consumer and its own member role.
 */
export function ruleFunction(rule: Rule<never>): SlsFunction {
  const ids = resourceIds(rule.meta.id);
  const { schedule, memorySize, timeout } = rule.meta.deployment;
  return {
    ...bundled(ids.fn),
    description: `driftwatch rule ${rule.meta.id}: ${rule.meta.title}`.slice(0, DESCRIPTION_MAX),
    role: { 'Fn::GetAtt': [ids.role, 'Arn'] },
    ...(memorySize ? { memorySize } : {}),
    ...(timeout ? { timeout } : {}),
    environment: {
      DRIFTWATCH_MEMBER_ROLE_NAME: memberRoleName(rule.meta.id),
      DRIFTWATCH_EXTERNAL_ID_PARAMETER: EXTERNAL_ID_PARAMETER,
    },
    destinations: onFailure(ids.fn),
    events: [
      { schedule: { rate: param(`${ids.fn}Rate`, schedule), enabled: '${param:schedulesEnabled, true}' } },
      // Organization mode: one message per member account, one scan per invocation.
      {
        sqs: {
          arn: { 'Fn::GetAtt': [ids.scanQueue, 'Arn'] },
          batchSize: 1,
          maximumConcurrency: '${param:scanConcurrency, 10}',
          enabled: '${param:orgMode, false}',
        },
      },
    ],
  };
}

/**
 * The organization dispatcher: one scan message per (rule, member account), to each rule's queue.
 * `local` (sls invoke local): its queues from the shell or by name, nothing to resolve in AWS.
 */
export function dispatcherFunction(ruleIds: readonly string[], local = false): SlsFunction {
  const urls = Object.fromEntries(ruleIds.map((id) => [id, resourceIds(id).scanQueue]));
  const names = Object.fromEntries(ruleIds.map((id) => [id, physicalName(`${resourceIds(id).fn}-scans`)]));
  return {
    ...bundled('dispatcher'),
    description: 'driftwatch org dispatcher: one scan message per (rule, member account)',
    role: { 'Fn::GetAtt': ['DispatcherRole', 'Arn'] },
    timeout: 120,
    environment: dispatcherQueues(local, urls, names),
    destinations: onFailure('dispatcher'),
    events: [
      { schedule: { rate: param('dispatcherRate', 'rate(1 day)'), enabled: '${param:orgMode, false}' } },
    ],
  };
}
