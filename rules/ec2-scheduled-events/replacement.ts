import { refreshGroupBeforeEvent, replaceGroupInstance } from '../../lib/actions/autoscaling-replace';
import type { PlannedAction } from '../../lib/actions/types';
import { plan } from '../../lib/actions/types';
import type { ActiveRefresh } from '../../lib/inventory/autoscaling';
import { launchesBeforeTerminating } from '../../lib/inventory/autoscaling-members';
import type { InstanceEvent } from '../../lib/inventory/ec2-instances';
import { utc } from './event-text';
import type { Membership, ReplacementMarker } from './groups';

const HOUR = 3_600_000;

/** Events that take the instance down (stop, retirement) or reboot it: a group replaces it first. */
export const REPLACEABLE_CODES: ReadonlySet<string> = new Set([
  'instance-retirement',
  'instance-stop',
  'instance-reboot',
  'system-reboot',
]);

export interface ReplacementInput {
  readonly event: InstanceEvent;
  readonly instanceId: string;
  readonly membership: Membership;
  readonly now: Date;
  readonly replaceBeforeEvents: boolean;
  readonly leadHours: number;
  /** The group's unfinished instance refresh; read only when a replacement is due. */
  readonly activeRefresh: ActiveRefresh | undefined;
  /** A replacement of this instance driftwatch already started. */
  readonly marker: ReplacementMarker | undefined;
}

export interface ReplacementPlan {
  /** What happens to the instance through its group: the finding's `details.replacement`. */
  readonly note: string;
  /** Whether the group takes care of the event (so the event is not also moved). */
  readonly handles: boolean;
  readonly action?: PlannedAction;
}

/** When the replacement becomes due: `leadHours` before the start (now, for an unannounced start). */
export function replacementDueAt(event: InstanceEvent, leadHours: number, now: Date): Date {
  return event.notBefore ? new Date(Date.parse(event.notBefore) - leadHours * HOUR) : now;
}

/** Whether the plan would read the group's refreshes: the replacement is due and nothing blocks it yet. */
export function replacementDue(i: Omit<ReplacementInput, 'activeRefresh'>): boolean {
  return (
    REPLACEABLE_CODES.has(i.event.code) &&
    i.replaceBeforeEvents &&
    i.marker === undefined &&
    i.membership.member.lifecycleState === 'InService' &&
    replacementDueAt(i.event, i.leadHours, i.now) <= i.now
  );
}

/** MaxHealthyPercentage that lets a refresh launch at least one instance above the desired capacity. */
export function launchFirstMaximum(desired: number): number {
  return Math.min(200, Math.max(110, 100 + Math.ceil(100 / Math.max(desired, 1))));
}

/**
 * How the instance's Auto Scaling group replaces it before the event, keeping its healthy capacity:
 * with a launch-before-terminating instance maintenance policy, the one instance is marked
 * unhealthy (the group launches, waits for the new one, then terminates); without one, an instance
 * refresh that launches first (minimum healthy 100%). Nothing when the option is off, the
 * replacement is not yet due, the group is already refreshing or below its healthy desired
 * capacity, or a replacement driftwatch started is under way.
 */
export function planReplacement(i: ReplacementInput): ReplacementPlan | undefined {
  const { event, instanceId, membership, now } = i;
  if (!REPLACEABLE_CODES.has(event.code)) return undefined;
  const { group, member } = membership;
  const g = `Auto Scaling group ${group.name}`;
  if (i.marker)
    return {
      note: `driftwatch started replacing it through ${g} at ${utc(i.marker.startedAt)}; waiting for the group to finish`,
      handles: true,
    };
  if (!i.replaceBeforeEvents)
    return {
      note: `member of ${g}; replaceBeforeEvents is off, so driftwatch does not replace it`,
      handles: false,
    };
  if (member.lifecycleState !== 'InService')
    return { note: `${member.lifecycleState} in ${g}, not in service: not replaced`, handles: false };
  const dueAt = replacementDueAt(event, i.leadHours, now);
  if (dueAt > now)
    return {
      note: `${g} replaces it from ${utc(dueAt)}, ${i.leadHours} h before the event (launching the replacement first)`,
      handles: true,
    };
  if (i.activeRefresh)
    return {
      note: `${g} is already refreshing (${i.activeRefresh.refreshId}, ${i.activeRefresh.status}): nothing else is started`,
      handles: true,
    };
  const d = group.desiredCapacity;
  const healthy = group.instances.filter(
    (x) => x.lifecycleState === 'InService' && x.healthStatus === 'Healthy',
  ).length;
  if (d < group.minSize || healthy < d)
    return {
      note: `${g} has ${healthy} of ${d} instances in service and healthy (minimum ${group.minSize}): not replaced until it is whole`,
      handles: false,
    };
  const input = { groupName: group.name, instanceId, instanceEventId: event.id, markedAt: now.toISOString() };
  const when = event.notBefore ? utc(new Date(event.notBefore)) : 'a time AWS has not announced';
  if (launchesBeforeTerminating(group.maintenancePolicy)) {
    const description = `Replace ${instanceId} before its ${event.code} at ${when}: mark it unhealthy in ${g}, whose instance maintenance policy launches the replacement and waits for it before terminating (capacity stays at ${d}, minimum ${group.minSize})`;
    return { note: description, handles: true, action: plan(replaceGroupInstance, input, description) };
  }
  const max = launchFirstMaximum(d);
  const description = `Replace ${instanceId} before its ${event.code} at ${when}: start an instance refresh of ${g} that launches before it terminates (minimum healthy 100%, maximum ${max}%; every instance of the group is replaced, capacity stays at ${d}, minimum ${group.minSize})`;
  return {
    note: description,
    handles: true,
    action: plan(
      refreshGroupBeforeEvent,
      { ...input, minHealthyPercentage: 100, maxHealthyPercentage: max },
      description,
    ),
  };
}
