import type { Rule } from '../lib/rule';
import { conditions, fleetResources, parameters } from './fleet-resources';
import { dispatcherFunction, ruleFunction } from './functions';
import { functionName } from '../lib/rule';
import { failureResources, scanQueueResources } from './queues';
import { dispatcherRole, ruleRole } from './rule-role';
import { resourceIds } from './names';
import {
  reportConditions,
  reportExtensions,
  reportFunction,
  reportParameters,
  reportResources,
} from './report';
import { securityHubConditions, securityHubParameters, securityHubResources } from './security-hub';
import { organizationBusPolicy, triggerConditions, triggerParameters, triggerResources } from './triggers';
import type { CfnResources, SlsFunction } from './types';

/**
 * The deployment generated from the rule registry (serverless.ts): pure functions, so unit tests
 * call them without packaging. Adding a rule to `rules/index.ts` adds its function, role, schedule,
 * queues, alarms and dispatcher entry; nothing here names a rule.
 */

/**
 * Every rule's function and the dispatcher, keyed by function name; `local` for `sls invoke local`
 * (deploy/environment.ts).
 */
export function functions(rules: readonly Rule<never>[], local = false): Record<string, SlsFunction> {
  const ids = rules.map((r) => r.meta.id);
  return {
    ...Object.fromEntries(rules.map((r) => [functionName(r.meta.id), ruleFunction(r)])),
    dispatcher: dispatcherFunction(ids, local),
    // Deployed only with reportEnabled=true (its resources carry the ReportEnabled condition).
    report: reportFunction(local),
  };
}

/** The `resources` section: parameters, conditions and every resource Serverless does not make itself. */
export function resources(rules: readonly Rule<never>[]): {
  Parameters: typeof parameters &
    typeof triggerParameters &
    typeof reportParameters &
    typeof securityHubParameters;
  Conditions: typeof conditions &
    typeof triggerConditions &
    typeof reportConditions &
    typeof securityHubConditions;
  Resources: CfnResources;
  /** Attributes added to resources osls generates (the report function's condition). */
  extensions: typeof reportExtensions;
} {
  const ids = rules.map((r) => r.meta.id);
  const perRule: CfnResources = Object.assign(
    {},
    ...rules.map((r) => ({
      [resourceIds(r.meta.id).role]: ruleRole(r),
      ...scanQueueResources(r.meta.id),
      ...failureResources(functionName(r.meta.id), `driftwatch rule ${r.meta.id}`),
      ...triggerResources(r),
    })),
  ) as CfnResources;
  return {
    Parameters: { ...parameters, ...triggerParameters, ...reportParameters, ...securityHubParameters },
    Conditions: { ...conditions, ...triggerConditions, ...reportConditions, ...securityHubConditions },
    Resources: {
      ...fleetResources,
      ...perRule,
      DispatcherRole: dispatcherRole(ids),
      ...failureResources('dispatcher', 'driftwatch org dispatcher'),
      ...organizationBusPolicy,
      ...reportResources(),
      ...securityHubResources(ids),
    },
    extensions: reportExtensions,
  };
}

/** Fails early, naming the rule, when two rules would share a function name (and so every resource). */
export function checkUniqueFunctions(rules: readonly Rule<never>[]): void {
  const seen = new Map<string, string>();
  for (const r of rules) {
    const fn = functionName(r.meta.id);
    const other =
      seen.get(fn) ??
      (fn === 'dispatcher' ? 'the dispatcher' : fn === 'report' ? 'the posture report' : undefined);
    if (other) throw new Error(`Rule ${r.meta.id}: its function name ${fn} is already used by ${other}.`);
    seen.set(fn, r.meta.id);
  }
}
