import type { Finding } from '../findings';
import type { RunResult } from '../run-result';
import type { TriggerContext } from './types';

/** Calls after which the region may log nothing more: EventBridge gets API call events only from a logging trail. */
const LOGGING_GAP_EVENTS = new Set([
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutAdvancedEventSelectors',
]);

/** The sentence an alert about a broken trail adds: the sentinel itself goes blind there. */
export const LOGGING_GAP_NOTE =
  'Until a trail logs this region again, EventBridge receives no API call events from it, so further changes there are seen only by the next scheduled scan.';

/**
 * The drift phase's output with the API call that set off this run named on what it broke: each
 * FAIL finding that is NEW (every FAIL finding when drift is not tracked) gets the call's sentence
 * appended to its message ("… Trail org-audit-trail was stopped by arn:…:user/alice from
 * 203.0.113.7 at …") and the call in `details.trigger`. A finding that was already failing is left
 * as it was: the call did not cause it. The ids are unchanged, so drift and claims are unaffected.
 */
export function withTrigger(run: RunResult, trigger: TriggerContext | undefined): RunResult {
  if (!trigger) return run;
  const caused = (f: Finding) => f.status === 'FAIL' && (f.drift === undefined || f.drift.state === 'NEW');
  const gap = LOGGING_GAP_EVENTS.has(trigger.eventName) ? ` ${LOGGING_GAP_NOTE}` : '';
  return {
    ...run,
    findings: run.findings.map((f) =>
      caused(f)
        ? {
            ...f,
            message: `${f.message} ${trigger.sentence}${gap}`,
            details: { ...f.details, trigger },
          }
        : f,
    ),
  };
}
