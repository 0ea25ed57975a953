import { randomUUID } from 'node:crypto';
import { classifyDrift } from './drift';
import type { RunResult } from './engine';
import { awsErrorCode, errorMessage } from './errors';
import { coalesceStorm } from './events/coalesce';
import type { Finding } from './findings';
import { countByStatus, sortFindings, worstSeverity } from './findings';
import type { StateStore } from './state/types';
import { keepsPosture, utcDay } from './state/types';

export interface AlertingOptions {
  /** Without a store every finding is reported as it is, with no drift (the CLI without `--state`). */
  readonly store?: StateStore;
  readonly now: Date;
  /** @default 24 */
  readonly reminderHours?: number;
  /** @default 30 */
  readonly resolvedRetentionDays?: number;
  /**
   * Storm control: within this many minutes of a finding's last alert, a RESOLVED is held back and
   * a repeated fix is not alerted again (lib/events/coalesce.ts); lib/scan.ts sets it for
   * event-driven runs only. @default 0 (off)
   */
  readonly coalesceMinutes?: number;
  /** False when this run sends no alert whatever it finds (no topic, `notify: never`): it claims nothing. */
  readonly alerting: boolean;
}

/** Whether drift was tracked for this run, for the summary and the logs. */
export type Tracking =
  | { readonly kind: 'off' }
  | { readonly kind: 'on' }
  | { readonly kind: 'unavailable'; readonly error: string };

export interface AlertedRun {
  /** The run with, when tracked, drift on each finding. */
  readonly run: RunResult;
  readonly tracking: Tracking;
  /** Gives this run's alert claims back (call it when publishing failed) so the next run alerts. */
  release(): Promise<void>;
}

export const alertingDefaults = { reminderHours: 24, resolvedRetentionDays: 30 } as const;

/**
 * The drift phase of the pipeline (lib/scan.ts), after suppressions and actions, before publishing:
 * classifies drift against the state store (NEW / STILL_FAILING / RESOLVED, reminders; a SUPPRESSED
 * finding is not alerted), records the new state and claims the right to alert. A state store that
 * cannot be read or written never loses an alert: the run is reported without drift (every failing
 * finding), and `tracking` says why.
 *
 * @example
 * const { run, release } = await trackRun(acted, { store, now: new Date(), alerting: true });
 */
export async function trackRun(suppressed: RunResult, options: AlertingOptions): Promise<AlertedRun> {
  const noRelease = () => Promise.resolve();
  if (!options.store) return { run: suppressed, tracking: { kind: 'off' }, release: noRelease };
  if (suppressed.account === 'unknown')
    return {
      run: suppressed,
      tracking: { kind: 'unavailable', error: 'the account could not be identified' },
      release: noRelease,
    };
  const store = options.store;
  try {
    const previous = await store.load(suppressed.ruleId, suppressed.account);
    const token = options.alerting ? randomUUID() : undefined;
    const classified = classifyDrift(suppressed.findings, previous, {
      now: options.now,
      reminderHours: options.reminderHours ?? alertingDefaults.reminderHours,
      resolvedRetentionDays: options.resolvedRetentionDays ?? alertingDefaults.resolvedRetentionDays,
      regions: suppressed.regions,
      token,
      title: suppressed.title,
    });
    const plan = coalesceStorm(classified, previous, {
      now: options.now,
      minutes: options.coalesceMinutes ?? 0,
      token,
    });
    const claimed = await store.write(suppressed.ruleId, suppressed.account, plan.writes);
    await recordPosture(store, suppressed, options.now);
    const findings = plan.findings.map((f): Finding =>
      f.drift && claimed.has(f.id) ? { ...f, drift: { ...f.drift, notify: true } } : f,
    );
    const claims = plan.writes.flatMap((w) =>
      w.claim && claimed.has(w.values.id) ? [{ id: w.values.id, claim: w.claim }] : [],
    );
    return {
      run: withFindings(suppressed, findings),
      tracking: { kind: 'on' },
      release: () => store.release(suppressed.ruleId, suppressed.account, claims),
    };
  } catch (error) {
    return {
      run: suppressed,
      tracking: { kind: 'unavailable', error: `${awsErrorCode(error)}: ${errorMessage(error)}` },
      release: noRelease,
    };
  }
}

/**
 * The day's posture for the HTML report (lib/state DailyPosture), when the store keeps it. Best
 * effort: the alerts and their claims are already settled, so a failed write only leaves a gap in
 * the 90-day chart.
 */
async function recordPosture(store: StateStore, run: RunResult, now: Date): Promise<void> {
  if (!keepsPosture(store)) return;
  const posture = { ruleId: run.ruleId, account: run.account, day: utcDay(now), counts: run.counts };
  await store
    .recordPosture({ ...posture, partial: run.partial, recordedAt: now.toISOString() })
    .catch(() => undefined);
}

/** The run with other findings, its counts and worst severity recomputed. */
export function withFindings(run: RunResult, unsorted: readonly Finding[]): RunResult {
  const findings = sortFindings(unsorted);
  const counts = countByStatus(findings);
  return { ...run, findings, counts, worstSeverity: worstSeverity(findings), partial: counts.ERROR > 0 };
}

export interface DriftCounts {
  readonly new: number;
  readonly resolved: number;
  readonly stillFailing: number;
  /** STILL_FAILING findings alerted again because their reminder interval passed. */
  readonly reminders: number;
  readonly suppressed: number;
  /** Findings this run alerts about (it won their claim). */
  readonly alerted: number;
}

export function driftCounts(findings: readonly Finding[]): DriftCounts {
  const count = (test: (f: Finding) => boolean) => findings.filter(test).length;
  return {
    new: count((f) => f.drift?.state === 'NEW'),
    resolved: count((f) => f.drift?.state === 'RESOLVED'),
    stillFailing: count((f) => f.drift?.state === 'STILL_FAILING'),
    reminders: count((f) => f.drift?.reminder === true),
    suppressed: count((f) => f.status === 'SUPPRESSED'),
    alerted: count((f) => f.drift?.notify === true),
  };
}
