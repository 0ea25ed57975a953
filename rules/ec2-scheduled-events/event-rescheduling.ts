import { rescheduleInstanceEvent } from '../../lib/actions/ec2-events';
import type { PlannedAction } from '../../lib/actions/types';
import { plan } from '../../lib/actions/types';
import type { InstanceEvent } from '../../lib/inventory/ec2-instances';
import type { MaintenanceWindow } from './maintenance-window';
import { describeWindows, rescheduleIntoWindow } from './maintenance-window';
import { utc } from './event-text';

/** AWS refuses to move an event that starts within 5 minutes. */
const UNMOVABLE_WITHIN_MS = 5 * 60_000;

/**
 * The new start's margin after the evaluation: AWS's 60 minutes from the call, plus 15 for the
 * time between evaluating and calling (the function's timeout at most).
 */
export const MOVE_LEAD_MINUTES = 75;

export interface EventMoveInput {
  readonly event: InstanceEvent;
  readonly instanceId: string;
  /** The instance's maintenance windows, read from its tag. */
  readonly windows: readonly MaintenanceWindow[];
  readonly now: Date;
  /** The event's current start. */
  readonly notBefore?: Date;
  /** The latest start AWS accepts; without one the event cannot be moved. */
  readonly deadline?: Date;
  /** Whose window it is: the instance's own tag, or its Auto Scaling group's. @default 'instance' */
  readonly source?: 'instance' | 'group';
}

export interface EventMove {
  /** Why the event stays, or where it goes: the finding's `details.reschedule`. */
  readonly note: string;
  /** ModifyInstanceEventStartTime into the window, when there is a slot before the deadline. */
  readonly action?: PlannedAction;
}

/**
 * Plans moving a scheduled instance event into the instance's maintenance window, or says why it
 * stays: AWS gives no deadline, it starts too soon to move, it already starts inside a window, or no
 * window opens before the deadline.
 */
export function planEventMove({
  event,
  instanceId,
  windows,
  now,
  notBefore,
  deadline,
  source = 'instance',
}: EventMoveInput): EventMove {
  if (!deadline || !notBefore) return { note: 'AWS does not allow this event to be moved (no deadline)' };
  if (notBefore.getTime() - now.getTime() <= UNMOVABLE_WITHIN_MS)
    return { note: 'starts within 5 minutes or has started; too late to move' };
  const result = rescheduleIntoWindow({
    windows,
    now,
    notBefore,
    deadline,
    minLeadMinutes: MOVE_LEAD_MINUTES,
  });
  const whose = source === 'group' ? "its Auto Scaling group's" : 'its';
  const where = `${whose} maintenance window ${describeWindows(windows)}`;
  if (result.kind === 'already-in-window')
    return {
      note: `already starts inside ${source === 'group' ? where : `the maintenance window ${describeWindows(windows)}`}`,
    };
  if (result.kind === 'no-slot-before-deadline')
    return {
      note: `no ${source === 'group' ? "Auto Scaling group's " : ''}maintenance window (${describeWindows(windows)}) between ${utc(result.earliest)} and the deadline ${utc(deadline)}`,
    };
  const input = { instanceId, instanceEventId: event.id, notBefore: result.at.toISOString() };
  const description = `Move ${event.code} event ${event.id} of ${instanceId} from ${utc(notBefore)} to ${utc(result.at)}, inside ${where} and before the deadline ${utc(deadline)}`;
  return {
    note: `move to ${result.at.toISOString()}`,
    action: plan(rescheduleInstanceEvent, input, description),
  };
}
