import type { Rule } from '../lib/rule';
import { memberRoleName, param, resourceIds } from './names';
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

/** The organization dispatcher: one scan message per (rule, member account), to each rule's queue. */
export function dispatcherFunction(ruleIds: readonly string[]): SlsFunction {
  const queues = ruleIds.map((id) => `"${id}":"\${${resourceIds(id).scanQueue}}"`).join(', ');
  return {
    ...bundled('dispatcher'),
    description: 'driftwatch org dispatcher: one scan message per (rule, member account)',
    role: { 'Fn::GetAtt': ['DispatcherRole', 'Arn'] },
    timeout: 120,
    environment: {
      DRIFTWATCH_RULE_QUEUES: { 'Fn::Sub': `{${queues}}` },
      DRIFTWATCH_ORG_SCOPE: param('orgScope', ''),
    },
    destinations: onFailure('dispatcher'),
    events: [
      { schedule: { rate: param('dispatcherRate', 'rate(1 day)'), enabled: '${param:orgMode, false}' } },
    ],
  };
}
