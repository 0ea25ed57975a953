import type { DriftPlan } from '../drift';
import type { Finding } from '../findings';
import type { FindingState, StateValues, StateWrite } from '../state/types';

/** Event-driven runs hold a RESOLVED back this long after the last alert (DRIFTWATCH_COALESCE_MINUTES). */
export const coalesceDefaults = { minutes: 15 } as const;

const MINUTE_MS = 60_000;

/**
 * Storm control for the drift plan (lib/drift.ts `classifyDrift`), so a script that stops and
 * starts a trail 100 times gives one alert per finding per window, not 100: a RESOLVED finding
 * whose last alert was less than `minutes` ago is held back. It is not alerted, and its state
 * stays open (as it was last alerted), so the first run after the window that still sees it
 * passing (the next event or the scheduled scan) reports it RESOLVED; a failure in between is
 * STILL_FAILING, already alerted. A failure is never held back: a NEW finding always alerts, so
 * "resolved, then broken again" is never silenced. `minutes` 0 turns this off.
 */
export function holdBackResolved(
  plan: DriftPlan,
  previous: readonly FindingState[],
  options: { readonly now: Date; readonly minutes: number },
): DriftPlan {
  if (options.minutes <= 0) return plan;
  const before = new Map(previous.map((s) => [s.id, s]));
  const recent = (id: string) => {
    const at = before.get(id)?.lastNotified;
    return at !== undefined && options.now.getTime() - Date.parse(at) < options.minutes * MINUTE_MS;
  };
  const held = new Set(
    plan.findings.filter((f) => f.drift?.state === 'RESOLVED' && recent(f.id)).map((f) => f.id),
  );
  if (held.size === 0) return plan;
  const note = `Held back: last alerted less than ${options.minutes} minutes ago; reported RESOLVED by the first run after that if it still passes.`;
  const findings = plan.findings.map((f): Finding =>
    held.has(f.id) && f.drift ? { ...f, drift: { ...f.drift, notify: false, note } } : f,
  );
  const writes = plan.writes.map((w): StateWrite => {
    const prev = before.get(w.values.id);
    if (!held.has(w.values.id) || !prev) return w;
    return { values: { ...withoutNotify(prev), lastSeen: options.now.toISOString() } };
  });
  return { findings, writes };
}

/** A state as written without a claim (notify fields are only written through one, so they stay). */
function withoutNotify({ lastNotified: _at, notifyToken: _token, ...values }: FindingState): StateValues {
  return values;
}
