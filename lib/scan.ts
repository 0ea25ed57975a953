import { act } from './act';
import type { Tracking } from './alerting';
import { trackRun } from './alerting';
import type { EngineOptions } from './engine';
import { evaluateRule } from './engine';
import { withTrigger } from './events/annotate';
import { exportRunToSecurityHub } from './integrations/export-run';
import type { SecurityHubOutcome } from './integrations/export-run';
import { coalesceDefaults } from './events/coalesce';
import type { Evaluation } from './evaluation';
import { withEvaluatedFindings } from './evaluation';
import type { RunRequest } from './request';
import type { Rule } from './rule';
import type { RunResult } from './run-result';
import type { StateStore } from './state/types';
import type { Suppression } from './suppressions';
import { applySuppressions } from './suppressions';

export interface ScanOptions {
  /** The account (inventory, clients for actions), concurrency, evaluation clock and deadline. */
  readonly engine: EngineOptions;
  readonly suppressions: readonly Suppression[];
  /**
   * The moment suppression expiry and drift are judged at: the wall clock, also when a snapshot is
   * evaluated as of its capture time (`engine.now`).
   */
  readonly judgedAt: Date;
  /** Without a store findings are reported without drift (and changes are not claimed). */
  readonly store?: StateStore;
  /** Time given to AWS to show a change before an uncertain outcome is checked (lib/actions/context.ts). */
  readonly settleMs?: number;
  /** Time kept back for publishing after the last action. @default 20_000 (lib/actions/execute.ts) */
  readonly publishReserveMs?: number;
  /** @default 24 */
  readonly reminderHours?: number;
  /**
   * Event-driven runs (`request.trigger`) only: a RESOLVED within this many minutes of the
   * finding's last alert waits, so an API call storm alerts once (lib/events/coalesce.ts); 0 off.
   * Scheduled and ad hoc runs report every change, as before. @default 15
   */
  readonly coalesceMinutes?: number;
  /** False when this run sends no alert whatever it finds: it claims nothing in the store. */
  readonly alerting: boolean;
  /**
   * Publishes the finished run and returns what was published (message ids). When it throws, the
   * run's alert claims are given back (so the next run alerts again) and the error is rethrown.
   */
  readonly publish?: (run: RunResult, tracking: Tracking) => Promise<readonly string[]>;
  /**
   * Imports the run's findings into Security Hub in this region with `engine.clients` (the scanned
   * account's: the default product ARN requires it), after publishing, so a slow or failed export
   * never delays or stops the alert; its outcome is returned, never thrown.
   */
  readonly securityHub?: { readonly region: string };
}

export interface ScanOutcome {
  /** Suppressions applied, actions carried out (or planned, or skipped), drift on each finding. */
  readonly run: RunResult;
  readonly tracking: Tracking;
  readonly published: readonly string[];
  /** The Security Hub export's outcome, when `securityHub` was asked for. */
  readonly securityHub?: SecurityHubOutcome;
}

/**
 * The one scan pipeline of a rule, shared by the Lambda handler and the CLI:
 * evaluate → suppress → act → drift → publish → Security Hub (optional). Suppressions are applied before the act phase, so a
 * finding suppressed as an accepted risk is never remediated: its remediation is `skipped` with a
 * reason naming the suppression (lib/act.ts).
 *
 * @example
 * const { run } = await scanRule(rule, request, { engine: { inventory, clients }, suppressions, judgedAt: new Date(), alerting: false });
 */
export async function scanRule<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  options: ScanOptions,
): Promise<ScanOutcome> {
  const evaluated = await evaluateRule(rule, request, options.engine);
  const suppressed = suppress(evaluated, options.suppressions, options.judgedAt);
  // With the state table, each change is claimed first: overlapping runs make it once (lib/act.ts).
  const acted = await act(suppressed, request, {
    ...options.engine,
    ...(options.store ? { store: options.store } : {}),
    ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    ...(options.publishReserveMs !== undefined ? { publishReserveMs: options.publishReserveMs } : {}),
  });
  const tracked = await trackRun(acted, {
    now: options.judgedAt,
    alerting: options.alerting,
    ...(options.store ? { store: options.store } : {}),
    ...(options.reminderHours !== undefined ? { reminderHours: options.reminderHours } : {}),
    ...(request.trigger ? { coalesceMinutes: options.coalesceMinutes ?? coalesceDefaults.minutes } : {}),
  });
  const { tracking } = tracked;
  // An event-driven run names the API call on the findings it broke (lib/events/annotate.ts).
  const run = withTrigger(tracked.run, request.trigger);
  const published = options.publish
    ? await options.publish(run, tracking).catch(async (error: unknown) => {
        await tracked.release();
        throw error;
      })
    : [];
  const clients = options.engine.clients;
  const securityHub =
    options.securityHub && clients
      ? await exportRunToSecurityHub(clients, run, {
          region: options.securityHub.region,
          tracked: tracking.kind === 'on',
        })
      : undefined;
  return { run, tracking, published, ...(securityHub ? { securityHub } : {}) };
}

/** The suppress phase: FAIL findings matched by an unexpired entry become SUPPRESSED (lib/suppressions.ts). */
export function suppress(
  evaluation: Evaluation,
  suppressions: readonly Suppression[],
  now: Date,
): Evaluation {
  return withEvaluatedFindings(evaluation, applySuppressions(evaluation.findings, suppressions, now));
}
