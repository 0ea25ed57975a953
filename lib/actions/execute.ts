import type { ClientFactory } from '../aws/clients';
import { RunDeadline } from '../aws/run-deadline';
import { awsErrorCode, errorMessage } from '../errors';
import type { Remediation, RemediationStatus } from '../findings';
import { truncate } from '../validation';
import type { ActionContext, ChangeClaims } from './context';
import type { PlannedAction } from './types';
import type { Mutable } from '../mutable';

export interface ExecuteOptions {
  /** Carry actions out (the run asked to remediate and is not a dry run). */
  readonly execute: boolean;
  readonly clients: ClientFactory | undefined;
  /** The most actions carried out in this run; the rest are skipped for the next run. */
  readonly maxChanges: number;
  readonly remainingTimeMs: (() => number) | undefined;
  /** No clients: a snapshot scan can only plan. */
  readonly offline: boolean;
  /**
   * Time kept back for publishing after the last action: no action's call runs into it.
   * @default 20_000
   */
  readonly deadlineMarginMs?: number;
  /** Claims on single changes (the state table), so overlapping runs make each change once. */
  readonly claims?: ChangeClaims;
  /** See `ActionContext.settleMs`. */
  readonly settleMs?: number;
}

/** The publish reserve when the caller names none. */
export const PUBLISH_RESERVE_MS = 20_000;

/**
 * Carries out planned actions one at a time, in finding order, and returns the real outcome of each.
 * Guards: dry run (nothing runs), max changes, and the deadline; what a guard holds back is reported
 * `skipped` with the reason, and the next run plans it again from the account's state.
 *
 * The deadline guard starts an action only with at least one whole call window (attempts × request
 * timeout, `ClientFactory.callWindowMs`) left before the publish reserve, and the action's calls are
 * aborted when the reserve begins, so no action eats the time the alert needs.
 */
export async function executeActions(
  actions: readonly { action: PlannedAction; region: string }[],
  options: ExecuteOptions,
): Promise<Remediation[]> {
  const reserve = options.deadlineMarginMs ?? PUBLISH_RESERVE_MS;
  const outcomes: Remediation[] = [];
  let carriedOut = 0;
  for (const { action, region } of actions) {
    if (!options.execute || !options.clients) {
      const reason = options.offline
        ? 'offline scan: nothing can be changed'
        : 'dry run or remediation not requested: nothing was changed';
      outcomes.push(actionOutcome(action, 'planned', true, 'reason', reason));
      continue;
    }
    if (carriedOut >= options.maxChanges) {
      outcomes.push(
        actionOutcome(
          action,
          'skipped',
          false,
          'reason',
          `max changes per run (${options.maxChanges}) reached; left for the next run`,
        ),
      );
      continue;
    }
    const left = remaining(options.clients, options.remainingTimeMs);
    if (left !== undefined && left < reserve + options.clients.callWindowMs) {
      outcomes.push(
        actionOutcome(action, 'skipped', false, 'reason', 'deadline near; left for the next run'),
      );
      continue;
    }
    carriedOut += 1;
    const context: ActionContext = {
      ...(left !== undefined ? { deadline: RunDeadline.in(left - reserve) } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
      ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    };
    try {
      const result = await action.run(options.clients, region, context);
      outcomes.push(
        result.status === 'done'
          ? actionOutcome(action, 'done', false, 'reason', result.note || undefined)
          : actionOutcome(action, 'skipped', false, 'reason', result.reason),
      );
    } catch (error) {
      outcomes.push(
        actionOutcome(
          action,
          'failed',
          false,
          'error',
          `${awsErrorCode(error)}: ${truncate(errorMessage(error), 400)}`,
        ),
      );
    }
  }
  return outcomes;
}

/**
 * One action's outcome (a finding's `remediation`), built as a literal in the key order the spreads
 * it replaced gave (action, description, routine when set, status, dryRun, then the reason or error
 * when there is one): a run makes one per planned action, and the spreads made slow-mode objects
 * (11,868 outcomes of the 100k-snapshot ebs bench: 12 MB allocated, most of it held by the findings
 * until the run ends). The planned remediation of a new finding and a suppressed one's are made here too.
 */
export function actionOutcome(
  action: PlannedAction,
  status: RemediationStatus,
  dryRun: boolean,
  key: 'reason' | 'error' = 'reason',
  text?: string,
): Remediation {
  const r: Mutable<Remediation> = action.routine
    ? { action: action.name, description: action.description, routine: true, status, dryRun }
    : { action: action.name, description: action.description, status, dryRun };
  if (text === undefined) return r;
  if (key === 'reason') r.reason = text;
  else r.error = text;
  return r;
}

/** Milliseconds left: the sooner of the caller's clock and the clients' run deadline. */
function remaining(clients: ClientFactory, remainingTimeMs: (() => number) | undefined): number | undefined {
  const candidates = [remainingTimeMs?.(), clients.deadline?.remainingMs()].filter(
    (ms): ms is number => ms !== undefined,
  );
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}
