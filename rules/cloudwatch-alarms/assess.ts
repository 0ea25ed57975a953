import type { MetricAlarm } from '../../lib/inventory/cloudwatch';
import type { MetricFilter } from '../../lib/inventory/cloudwatch-logs';
import type { TopicSubscriptions } from '../../lib/inventory/sns-subscriptions';
import type { FindingDraft } from '../../lib/rule';
import type { MonitoredEvent } from './benchmark';
import { matchesBenchmark } from './filter-pattern';
import type { MonitoringTrail } from './trails';

/** What the rule read, looked up by the assessment (pure: no reads here). */
export interface MonitoringEvidence {
  readonly account: string;
  /** The account's multi-region trails (its own and organization trails), judged. */
  readonly trails: readonly MonitoringTrail[];
  /** A log group's metric filters; undefined when the group does not exist. */
  filtersOf(region: string, logGroup: string): readonly MetricFilter[] | undefined;
  /** A region's metric alarms. */
  alarmsIn(region: string): readonly MetricAlarm[];
  /** A topic's subscriptions; undefined when the topic does not exist. */
  topic(arn: string): TopicSubscriptions | undefined;
}

/** The SNS topics an alarm notifies when it fires (none while its actions are disabled). */
export function snsActions(alarm: MetricAlarm): string[] {
  return alarm.actionsEnabled
    ? alarm.alarmActions.filter((a) => a.startsWith('arn:aws') && a.split(':')[2] === 'sns')
    : [];
}

/** The furthest the chain trail → log group → filter → alarm → subscribed topic got, and where it broke. */
interface Chain {
  readonly pass?: { trail: string; logGroup: string; filter: string; alarm: string; topic: string };
  readonly broken: string[];
  readonly unknown: string[];
}

function follow(event: MonitoredEvent, e: MonitoringEvidence, t: MonitoringTrail): Chain {
  const broken: string[] = [];
  const unknown: string[] = [];
  const name = t.trail.name;
  if (t.active !== true) {
    (t.active === undefined ? unknown : broken).push(`trail ${name} ${t.problem ?? 'is not active'}`);
    return { broken, unknown };
  }
  if (!t.logGroup) return { broken: [`trail ${name} does not deliver to CloudWatch Logs`], unknown };
  const { region, name: group } = t.logGroup;
  const filters = e.filtersOf(region, group);
  if (filters === undefined)
    return { broken: [`log group ${group} (trail ${name}) does not exist in ${region}`], unknown };
  const matching = filters.filter((f) => matchesBenchmark(f.pattern, event.patterns));
  if (matching.length === 0)
    return { broken: [`log group ${group} has no metric filter with the benchmark's pattern`], unknown };
  for (const filter of matching) {
    const alarms = e
      .alarmsIn(region)
      .filter((a) =>
        a.metrics.some((m) => filter.metrics.some((f) => f.name === m.name && f.namespace === m.namespace)),
      );
    if (alarms.length === 0) broken.push(`metric filter ${filter.name} has no alarm on its metric`);
    for (const alarm of alarms) {
      const topics = snsActions(alarm);
      if (topics.length === 0)
        broken.push(
          `alarm ${alarm.name} ${alarm.actionsEnabled ? 'notifies no SNS topic' : 'has its actions disabled'}`,
        );
      for (const arn of topics) {
        const subs = e.topic(arn);
        if (subs === undefined)
          broken.push(`alarm ${alarm.name} notifies topic ${arn}, which does not exist`);
        else if ('error' in subs)
          unknown.push(`the subscriptions of topic ${arn} could not be read (${subs.error.code})`);
        else if (subs.confirmed.length === 0)
          broken.push(
            `topic ${arn} has no confirmed subscription${subs.pending ? ` (${subs.pending} pending)` : ''}`,
          );
        else
          return {
            pass: { trail: name, logGroup: group, filter: filter.name, alarm: alarm.name, topic: arn },
            broken,
            unknown,
          };
      }
    }
  }
  return { broken, unknown };
}

/** The finding for one event class of CIS 4.1-4.15, for the account. */
export function monitoredEventDraft(event: MonitoredEvent, e: MonitoringEvidence): FindingDraft {
  const base = {
    resource: { type: 'AwsAccount', id: e.account, arn: `arn:aws:iam::${e.account}:root` },
    checkId: event.checkId,
    controls: event.controls,
  };
  const chains = e.trails.map((t) => follow(event, e, t));
  const pass = chains.find((c) => c.pass)?.pass;
  if (pass)
    return {
      ...base,
      status: 'PASS',
      details: pass,
      message: `Account ${e.account} alarms on ${event.events}: metric filter ${pass.filter} on log group ${pass.logGroup} of trail ${pass.trail}, alarm ${pass.alarm}, topic ${pass.topic} with a confirmed subscription.`,
    };
  const broken = chains.flatMap((c) => c.broken);
  const unknown = chains.flatMap((c) => c.unknown);
  const details = { trails: e.trails.map((t) => t.trail.name), broken, unknown };
  if (e.trails.length === 0)
    return {
      ...base,
      status: 'FAIL',
      details,
      message: `Account ${e.account} has no multi-region CloudTrail trail, so nothing alarms on ${event.events}.`,
    };
  const own = e.trails.filter((t) => t.trail.ownerAccount === e.account);
  if (own.length === 0) {
    const owners = [...new Set(e.trails.map((t) => t.trail.ownerAccount))].join(', ');
    return {
      ...base,
      status: 'NOT_APPLICABLE',
      details,
      message: `Account ${e.account} is logged only by organization trails of account ${owners}, whose log groups and alarms this account cannot read; scan ${owners} for ${event.events}.`,
    };
  }
  return {
    ...base,
    status: unknown.length > 0 ? 'ERROR' : 'FAIL',
    details,
    message: `Account ${e.account} has no alarm with a subscribed topic on ${event.events}: ${[...broken, ...unknown].join('; ')}.`,
  };
}
