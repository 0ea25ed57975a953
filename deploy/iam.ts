import type { ActionDef, IamGrant } from '../lib/actions/types';
import type { Rule } from '../lib/rule';
import type { CfnValue, IamStatement } from './types';

/** A string with `${AWS::…}` (or another CloudFormation reference) goes through `Fn::Sub`; others stay literal. */
export function sub(value: string): CfnValue {
  return value.includes('${') ? { 'Fn::Sub': value } : value;
}

function conditionOf(grant: IamGrant): IamStatement['Condition'] {
  if (!grant.condition) return undefined;
  return Object.fromEntries(
    Object.entries(grant.condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(
        Object.entries(keys).map(([key, v]) => [key, typeof v === 'string' ? sub(v) : v.map(sub)]),
      ),
    ]),
  );
}

function grantStatement(action: string, grant: IamGrant): IamStatement {
  const resources = (grant.resources ?? ['*']).map(sub);
  const condition = conditionOf(grant);
  return {
    Effect: 'Allow',
    Action: action,
    Resource: resources.length === 1 ? resources[0] : resources,
    ...(condition ? { Condition: condition } : {}),
  };
}

/** Every IAM action one action definition needs, each with its grants (none: unscoped). */
function iamActionsOf(def: ActionDef<never>): { action: string; grants?: readonly IamGrant[] }[] {
  return [def.name, ...(def.alsoNeeds ?? [])].map((action) => ({ action, grants: def.iam?.[action] }));
}

/**
 * The statements granting a rule's own permissions, derived from what it declares: its read
 * actions and any remediation action without IAM scoping on `*` (reads are Describe/List/Get calls,
 * most of which support no resource-level permissions), then one statement per grant that an
 * action definition scopes (`ActionDef.iam`: resources, condition). The union of their actions is
 * exactly `rule.meta.permissions`.
 */
export function ruleStatements(
  rule: Rule<never>,
  kind: 'read' | 'remediate' | 'all' = 'all',
): IamStatement[] {
  const unscoped = kind === 'remediate' ? [] : [...rule.meta.permissions.read];
  const scoped: IamStatement[] = [];
  if (kind !== 'read') {
    for (const def of rule.actions ?? []) {
      for (const { action, grants } of iamActionsOf(def)) {
        if (grants?.length) scoped.push(...grants.map((g) => grantStatement(action, g)));
        else unscoped.push(action);
      }
    }
  }
  const actions = [...new Set(unscoped)];
  const seen = new Set<string>();
  const statements = [
    ...(actions.length ? [{ Effect: 'Allow' as const, Action: actions, Resource: '*' }] : []),
    ...scoped,
  ];
  return statements.filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The IAM actions of a list of statements, flattened. */
export function statementActions(statements: readonly IamStatement[]): string[] {
  return statements.flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action]));
}
