import { param } from './names';
import { reportLinkValue } from './report';

/**
 * The functions' environment, in two flavours chosen when osls loads `serverless.ts`:
 *
 * - **deployed** (`sls deploy`, `sls package`, `sls invoke`): stage parameters and CloudFormation
 *   references only. Nothing is read from the deployer's shell, so a variable left set after a
 *   local test never ends up in a deployed function.
 * - **invoke local** (`sls invoke local`): every documented variable set in the shell wins over the
 *   stage parameter (`DRIFTWATCH_REGIONS=us-east-1 sls invoke local …` scans one region), and
 *   nothing needs AWS to resolve: the alerts topic and the state table are whatever the shell names
 *   (unset: no topic, no drift tracking), never a `Ref` that invoke local would have to look up.
 *   A variable resolved to `null` is left out, so the code's own default applies.
 *
 * The function reports what it ran with (`settings` in its response), so an override is never
 * silent.
 */

/** True when osls was started as `sls invoke local` (its command words, in order, in argv). */
export function isInvokeLocal(argv: readonly string[]): boolean {
  return argv.some((word, i) => word === 'invoke' && argv[i + 1] === 'local');
}

/** `${env:NAME, <fallback>}`: the shell's value under invoke local, else `fallback` (a variable or literal). */
const shellFirst = (name: string, fallback: string) => `\${env:${name}, ${fallback}}`;

/** The stage parameter's variable without its `${...}`, for use as a fallback inside another. */
const paramRef = (name: string, fallback: string) => param(name, fallback).slice(2, -1);

/** The provider environment of every function (see the module comment for the two flavours). */
export function providerEnvironment(local: boolean): Record<string, unknown> {
  const common = {
    POWERTOOLS_SERVICE_NAME: 'driftwatch',
    POWERTOOLS_METRICS_NAMESPACE: 'driftwatch',
  };
  if (!local) {
    return {
      DRIFTWATCH_TOPIC_ARN: { Ref: 'AlertsTopic' },
      // Empty by default: --enable-source-maps costs 12-20 ms of every cold start (bench (d)); the
      // .map files ship beside each bundle, so `nodeOptions=--enable-source-maps` turns them on.
      NODE_OPTIONS: param('nodeOptions', ''),
      DRIFTWATCH_REGIONS: param('regions', 'all'),
      DRIFTWATCH_NOTIFY: param('notify', 'on-change'),
      DRIFTWATCH_STATE_TABLE: '${self:custom.stateTableName}',
      DRIFTWATCH_REMINDER_HOURS: param('reminderHours', '24'),
      // Issue 20: the posture report's link in the email (empty without reportEnabled), and the
      // Security Hub export (securityHubExport).
      DRIFTWATCH_REPORT_LINK: reportLinkValue,
      DRIFTWATCH_SECURITY_HUB: param('securityHubExport', 'false'),
      ...common,
    };
  }
  return {
    DRIFTWATCH_TOPIC_ARN: shellFirst('DRIFTWATCH_TOPIC_ARN', 'null'),
    DRIFTWATCH_REGIONS: shellFirst('DRIFTWATCH_REGIONS', paramRef('regions', 'all')),
    // No state table by default, so the code's default (`on-fail`) applies unless one is named.
    DRIFTWATCH_NOTIFY: shellFirst('DRIFTWATCH_NOTIFY', 'param:notify, null'),
    DRIFTWATCH_STATE_TABLE: shellFirst('DRIFTWATCH_STATE_TABLE', 'null'),
    DRIFTWATCH_REMINDER_HOURS: shellFirst('DRIFTWATCH_REMINDER_HOURS', paramRef('reminderHours', '24')),
    DRIFTWATCH_REPORT_LINK: shellFirst('DRIFTWATCH_REPORT_LINK', 'null'),
    DRIFTWATCH_SECURITY_HUB: shellFirst('DRIFTWATCH_SECURITY_HUB', paramRef('securityHubExport', 'false')),
    ...common,
  };
}

/**
 * The dispatcher's queues: deployed, rule id → queue URL (a `Fn::Sub` of the queues' references);
 * under invoke local, the shell's `DRIFTWATCH_RULE_QUEUES` if set, else rule id → queue name, which
 * the dispatcher turns into URLs with GetQueueUrl (so it runs with no `Fn::Sub` to resolve).
 */
export function dispatcherQueues(
  local: boolean,
  urls: Readonly<Record<string, string>>,
  names: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const scope = param('orgScope', '');
  if (!local) {
    const sub = Object.entries(urls)
      .map(([id, ref]) => `"${id}":"\${${ref}}"`)
      .join(', ');
    return { DRIFTWATCH_RULE_QUEUES: { 'Fn::Sub': `{${sub}}` }, DRIFTWATCH_ORG_SCOPE: scope };
  }
  return {
    DRIFTWATCH_RULE_QUEUES: shellFirst('DRIFTWATCH_RULE_QUEUES', 'null'),
    DRIFTWATCH_RULE_QUEUE_NAMES: JSON.stringify(names),
    DRIFTWATCH_ORG_SCOPE: shellFirst('DRIFTWATCH_ORG_SCOPE', paramRef('orgScope', '')),
  };
}
