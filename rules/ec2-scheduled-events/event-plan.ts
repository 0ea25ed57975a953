import type { PlannedAction } from '../../lib/actions/types';
import type { ActiveRefresh } from '../../lib/inventory/autoscaling';
import type { InstanceEvent } from '../../lib/inventory/ec2-instances';
import { utc } from './event-text';
import { planEventMove } from './event-rescheduling';
import type { Membership, ReplacementMarker } from './groups';
import type { WindowParse } from './maintenance-window';
import type { Params } from './params';
import { planReplacement } from './replacement';

/** The maintenance window that applies to an instance, and whose tag it is. */
export interface AppliedWindow {
  readonly parse: WindowParse;
  /** `instance`: its own tag; `group`: its Auto Scaling group's (the instance has none). */
  readonly source: 'instance' | 'group';
}

export interface EventPlanInput {
  readonly event: InstanceEvent;
  readonly instanceId: string;
  readonly now: Date;
  readonly params: Params;
  readonly window: AppliedWindow | undefined;
  readonly membership: Membership | undefined;
  readonly activeRefresh: ActiveRefresh | undefined;
  readonly marker: ReplacementMarker | undefined;
  /** The start driftwatch asked AWS for on an earlier run (its `driftwatch:moved:<event>` tag). */
  readonly movedTo: string | undefined;
}

export interface EventPlan {
  /** Why the event stays, or where it goes (`details.reschedule`). */
  readonly reschedule: string;
  /** What the instance's group does about it (`details.replacement`); null outside a group. */
  readonly replacement: string | null;
  /** One sentence: what driftwatch does about the event (the calendar entry says it too). */
  readonly driftwatch: string;
  readonly action?: PlannedAction;
  /** Set when AWS no longer shows the start driftwatch asked for. */
  readonly notKept?: { readonly asked: string; readonly now: string | null };
}

/**
 * What driftwatch does about one due event: replace the instance through its Auto Scaling group
 * (which then also settles the event), else move the event into the instance's maintenance window
 * or, lacking one, its group's, else nothing, saying why. A start driftwatch set on an earlier run
 * is checked instead of planned again.
 */
export function planEvent(i: EventPlanInput): EventPlan {
  const { event, params: p } = i;
  const replacement = i.membership
    ? planReplacement({
        event,
        instanceId: i.instanceId,
        membership: i.membership,
        now: i.now,
        replaceBeforeEvents: p.replaceBeforeEvents,
        leadHours: p.replacementLeadHours,
        activeRefresh: i.activeRefresh,
        marker: i.marker,
      })
    : undefined;
  const replacementNote =
    replacement?.note ??
    (i.membership
      ? `member of Auto Scaling group ${i.membership.group.name}; a ${event.code} event is not a reason to replace it`
      : null);
  const base = { replacement: replacementNote };
  if (i.movedTo !== undefined) {
    const kept = event.notBefore !== undefined && Date.parse(event.notBefore) === Date.parse(i.movedTo);
    const asked = utc(new Date(i.movedTo));
    if (kept)
      return {
        ...base,
        reschedule: `moved by driftwatch to ${asked}; AWS kept it`,
        driftwatch: `Moved it to ${asked} on an earlier run; nothing more to do.`,
      };
    return {
      ...base,
      reschedule: `driftwatch moved it to ${asked}, but AWS now starts it ${event.notBefore ? `at ${utc(new Date(event.notBefore))}` : 'at no announced time'}`,
      driftwatch: `Moved it to ${asked} on an earlier run, which AWS did not keep; not moved again (see the finding).`,
      notKept: { asked: i.movedTo, now: event.notBefore ?? null },
    };
  }
  if (replacement?.handles) {
    return {
      ...base,
      reschedule: 'not moved: its Auto Scaling group replaces the instance',
      driftwatch: replacement.action
        ? `${replacement.action.description} (only with remediation on, not in a dry run).`
        : `${replacement.note}.`,
      ...(replacement.action ? { action: replacement.action } : {}),
    };
  }
  const w = i.window;
  if (!w || !w.parse.ok) {
    const reschedule = !w
      ? `no ${p.maintenanceWindowTag} tag${i.membership ? ' on the instance or its Auto Scaling group' : ''}`
      : w.source === 'group'
        ? `its Auto Scaling group's ${p.maintenanceWindowTag} tag is unreadable`
        : 'maintenance-window tag unreadable';
    return { ...base, reschedule, driftwatch: `Nothing: ${reschedule}.` };
  }
  const move = planEventMove({
    event,
    instanceId: i.instanceId,
    windows: w.parse.windows,
    now: i.now,
    ...(event.notBefore ? { notBefore: new Date(event.notBefore) } : {}),
    ...(event.notBeforeDeadline ? { deadline: new Date(event.notBeforeDeadline) } : {}),
    source: w.source,
  });
  return {
    ...base,
    reschedule: move.note,
    driftwatch: move.action
      ? `${move.action.description} (only with remediation on, not in a dry run).`
      : `Nothing: ${move.note}.`,
    ...(move.action ? { action: move.action } : {}),
  };
}
