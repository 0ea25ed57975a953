import { randomUUID } from 'node:crypto';
import { classifyDrift } from './drift';
import type { RunResult } from './engine';
import { awsErrorCode, errorMessage } from './errors';
import type { Finding } from './findings';
import { countByStatus, sortFindings, worstSeverity } from './findings';
import type { StateStore } from './state/types';
import type { Suppression } from './suppressions';
import { applySuppressions } from './suppressions';

export interface AlertingOptions {
  readonly suppressions: readonly Suppression[];
  /** Without a store every finding is reported as it is, with no drift (the CLI without `--state`). */
  readonly store?: StateStore;
  readonly now: Date;
  /** @default 24 */
  readonly reminderHours?: number;
  /** @default 30 */
  readonly resolvedRetentionDays?: number;
  /** False when this run sends no alert whatever it finds (no topic, `notify: never`): it claims nothing. */
  readonly alerting: boolean;
}

/** Whether drift was tracked for this run, for the summary and the logs. */
export type Tracking =
  | { readonly kind: 'off' }
  | { readonly kind: 'on' }
  | { readonly kind: 'unavailable'; readonly error: string };

export interface AlertedRun {
  /** The run with suppressions applied and, when tracked, drift on each finding. */
  readonly run: RunResult;
  readonly tracking: Tracking;
  /** Gives this run's alert claims back (call it when publishing failed) so the next run alerts. */
  release(): Promise<void>;
}

export const alertingDefaults = { reminderHours: 24, resolvedRetentionDays: 30 } as const;

/**
 * After the engine, before publishing: applies suppressions, classifies drift against the state
 * store (NEW / STILL_FAILING / RESOLVED, reminders), records the new state and claims the right to
 * alert. A state store that cannot be read or written never loses an alert: the run is reported
 * without drift (every failing finding), and `tracking` says why.
 *
 * @example
 * const { run, release } = await trackRun(raw, { suppressions, store, now: new Date(), alerting: true });
 */
export async function trackRun(raw: RunResult, options: AlertingOptions): Promise<AlertedRun> {
  const suppressed = withFindings(raw, applySuppressions(raw.findings, options.suppressions, options.now));
  const noRelease = () => Promise.resolve();
  if (!options.store) return { run: suppressed, tracking: { kind: 'off' }, release: noRelease };
  if (raw.account === 'unknown')
    return {
      run: suppressed,
      tracking: { kind: 'unavailable', error: 'the account could not be identified' },
      release: noRelease,
    };
  const store = options.store;
  try {
    const previous = await store.load(raw.ruleId, raw.account);
    const plan = classifyDrift(suppressed.findings, previous, {
      now: options.now,
      reminderHours: options.reminderHours ?? alertingDefaults.reminderHours,
      resolvedRetentionDays: options.resolvedRetentionDays ?? alertingDefaults.resolvedRetentionDays,
      regions: raw.regions,
      token: options.alerting ? randomUUID() : undefined,
      title: raw.title,
    });
    const claimed = await store.write(raw.ruleId, raw.account, plan.writes);
    const findings = plan.findings.map((f): Finding =>
      f.drift && claimed.has(f.id) ? { ...f, drift: { ...f.drift, notify: true } } : f,
    );
    const claims = plan.writes.flatMap((w) =>
      w.claim && claimed.has(w.values.id) ? [{ id: w.values.id, claim: w.claim }] : [],
    );
    return {
      run: withFindings(raw, findings),
      tracking: { kind: 'on' },
      release: () => store.release(raw.ruleId, raw.account, claims),
    };
  } catch (error) {
    return {
      run: suppressed,
      tracking: { kind: 'unavailable', error: `${awsErrorCode(error)}: ${errorMessage(error)}` },
      release: noRelease,
    };
  }
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
