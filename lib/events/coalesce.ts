import type { DriftPlan } from '../drift';
import type { Finding } from '../findings';
import type { Claim, FindingState, StateValues, StateWrite } from '../state/types';

/** Event-driven runs coalesce this long after a finding's last alert (DRIFTWATCH_COALESCE_MINUTES). */
export const coalesceDefaults = { minutes: 15 } as const;

const MINUTE_MS = 60_000;

export interface CoalesceOptions {
  readonly now: Date;
  /** The window after a finding's last alert; 0 turns coalescing off. */
  readonly minutes: number;
  /** This run's claim token (undefined: the run sends no alert and claims nothing). */
  readonly token: string | undefined;
}

/**
 * Storm control for the drift plan (lib/drift.ts `classifyDrift`), so a script that stops and
 * starts a trail 100 times gives one alert per finding per window, not 100. Within `minutes` of a
 * finding's last alert:
 * - a RESOLVED is held back: not alerted, its state kept open (as last alerted), so the first run
 *   after the window that still sees it passing (the next event or the scheduled scan) reports it;
 * - the same fix made again on a STILL_FAILING finding (remediation done) is counted in the run's
 *   changes as routine, not alerted again. Outside the window such a fix claims the alert, so its
 *   time is remembered as the finding's last alert.
 * A failure is never held back: a NEW finding always alerts, so "resolved, then broken again" is
 * never silenced, and a failed fix always alerts.
 */
export function coalesceStorm(
  plan: DriftPlan,
  previous: readonly FindingState[],
  options: CoalesceOptions,
): DriftPlan {
  if (options.minutes <= 0) return plan;
  const before = new Map(previous.map((s) => [s.id, s]));
  const recent = (id: string) => {
    const at = before.get(id)?.lastNotified;
    return at !== undefined && options.now.getTime() - Date.parse(at) < options.minutes * MINUTE_MS;
  };
  const repeatedFix = (f: Finding) =>
    f.drift?.state === 'STILL_FAILING' && f.remediation?.status === 'done' && !f.remediation.routine;
  const held = new Set(
    plan.findings.filter((f) => f.drift?.state === 'RESOLVED' && recent(f.id)).map((f) => f.id),
  );
  const quiet = new Set(plan.findings.filter((f) => repeatedFix(f) && recent(f.id)).map((f) => f.id));
  const claimed = new Set(plan.findings.filter((f) => repeatedFix(f) && !recent(f.id)).map((f) => f.id));
  const window = `less than ${options.minutes} minutes ago`;
  const findings = plan.findings.map((f): Finding => {
    if (held.has(f.id) && f.drift)
      return {
        ...f,
        drift: {
          ...f.drift,
          note: `Held back: last alerted ${window}; reported RESOLVED by the first run after that if it still passes.`,
        },
      };
    if (quiet.has(f.id) && f.drift && f.remediation)
      return {
        ...f,
        remediation: { ...f.remediation, routine: true },
        drift: {
          ...f.drift,
          note: `The same fix was made and alerted ${window}; counted in the changes, not alerted again.`,
        },
      };
    return f;
  });
  const writes = plan.writes.map((w): StateWrite => {
    const prev = before.get(w.values.id);
    if (!prev) return w;
    if (held.has(w.values.id))
      return { values: { ...withoutNotify(prev), lastSeen: options.now.toISOString() } };
    if (claimed.has(w.values.id) && !w.claim && options.token) return { ...w, claim: claimOf(prev, options) };
    return w;
  });
  return { findings, writes };
}

function claimOf(prev: FindingState, options: CoalesceOptions): Claim {
  return {
    token: options.token ?? '',
    at: options.now.toISOString(),
    ...(prev.notifyToken ? { previousToken: prev.notifyToken } : {}),
    ...(prev.lastNotified ? { previousAt: prev.lastNotified } : {}),
  };
}

/** A state as written without a claim (notify fields are only written through one, so they stay). */
function withoutNotify({ lastNotified: _at, notifyToken: _token, ...values }: FindingState): StateValues {
  return values;
}
