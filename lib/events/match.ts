import type { ApiCall, ApiTrigger, TriggerFilter, TriggerValue } from './types';
import { API_CALL_DETAIL_TYPE } from './types';

/**
 * The trigger of a rule that an API call matches, as EventBridge would match the trigger's pattern
 * (source, event name, then the `detail` filter), or undefined. The function checks it again
 * because anyone able to invoke it could hand it any event: only these calls start a scan.
 */
export function matchingTrigger(triggers: readonly ApiTrigger[], call: ApiCall): ApiTrigger | undefined {
  return triggers.find(
    (t) =>
      t.source === call.source &&
      t.eventNames.includes(call.eventName) &&
      (t.detail === undefined || matchesFilter(t.detail, call.detail)),
  );
}

/**
 * Whether `value` matches an EventBridge pattern fragment: every field of the filter must match;
 * a list of values matches a string equal to one of them (or starting with a `prefix`), and a
 * list in the event matches when any of its elements does.
 */
export function matchesFilter(filter: TriggerFilter, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => matchesFilter(filter, item));
  if (!value || typeof value !== 'object') return false;
  const fields = value as Record<string, unknown>;
  return Object.entries(filter).every(([key, expected]) =>
    isValueList(expected) ? matchesValues(expected, fields[key]) : matchesFilter(expected, fields[key]),
  );
}

function isValueList(expected: TriggerFilter | readonly TriggerValue[]): expected is readonly TriggerValue[] {
  return Array.isArray(expected);
}

function matchesValues(values: readonly TriggerValue[], actual: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((a) => matchesValues(values, a));
  if (typeof actual !== 'string') return false;
  return values.some((v) => (typeof v === 'string' ? v === actual : actual.startsWith(v.prefix)));
}

/** The EventBridge event pattern of one trigger: exactly its source, event names and filter. */
export function triggerPattern(trigger: ApiTrigger): Record<string, unknown> {
  return {
    source: [trigger.source],
    'detail-type': [API_CALL_DETAIL_TYPE],
    detail: { ...trigger.detail, eventName: [...trigger.eventNames] },
  };
}
