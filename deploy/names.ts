import { functionName } from '../lib/rule';

/** Names the generator gives a rule's resources; the tests and the member-role template use the same. */

/** `rootAccountMfa` → `RootAccountMfa`: the prefix Serverless gives a function's logical ids. */
export function logicalId(fn: string): string {
  return `${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;
}

/** The logical ids of one rule's (or the dispatcher's) resources. */
export function resourceIds(ruleIdOrFunction: string) {
  const fn = functionName(ruleIdOrFunction);
  const id = logicalId(fn);
  return {
    fn,
    role: `${id}Role`,
    lambda: `${id}LambdaFunction`,
    scanQueue: `${id}ScanQueue`,
    scanQueuePolicy: `${id}ScanQueuePolicy`,
    scanDeadLetters: `${id}ScanDeadLetters`,
    scanDeadLettersAlarm: `${id}ScanDeadLettersAlarm`,
    failedRuns: `${id}FailedRuns`,
    errorsAlarm: `${id}ErrorsAlarm`,
  } as const;
}

/** `${sls:stage}`-qualified physical name: `driftwatch-<stage>-<suffix>`. */
export const physicalName = (suffix: string) => `driftwatch-\${sls:stage}-${suffix}`;

/** The tag on each rule role naming its rule: member roles trust only the role with their rule's tag. */
export const RULE_TAG = 'driftwatch:rule';

/** Serverless parameter with a default: `${param:name, 'default'}`. */
export const param = (name: string, fallback: string) => `\${param:${name}, '${fallback}'}`;

/** The member role of one rule (path = memberRoleName): `<memberRoleName>/<function>`. */
export const memberRoleName = (ruleId: string) =>
  `${param('memberRoleName', 'driftwatch-member')}/${functionName(ruleId)}`;
