import { randomUUID } from 'node:crypto';
import { keepsChangeClaims } from './actions/context';
import { actionOutcome, executeActions } from './actions/execute';
import type { ClientFactory } from './aws/clients';
import type { Evaluation, PendingAction } from './evaluation';
import type { Finding, Remediation } from './findings';
import type { RunRequest } from './request';
import type { RunResult } from './run-result';
import { summariseRun } from './run-result';
import type { StateStore } from './state/types';

export interface ActOptions {
  /** Without clients (offline snapshot scans) actions are only planned. */
  readonly clients?: ClientFactory;
  /** Milliseconds left before the caller's deadline: no action starts too close to it. */
  readonly remainingTimeMs?: () => number;
  /** The clock of `finishedAt`. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * The state store: when it can claim single changes (the DynamoDB table), each change is claimed
   * before it is made, so two overlapping runs planning from the same listing make it once.
   */
  readonly store?: StateStore;
  /** See lib/actions/context.ts `settleMs` (tests lower it). */
  readonly settleMs?: number;
  /** Time kept back for publishing after the last action. @default 20_000 */
  readonly publishReserveMs?: number;
}

/**
 * The act phase (after suppressions, see lib/scan.ts): carries out, or only plans, the evaluation's
 * pending actions under the dry-run, max-changes and deadline guards, records each real outcome on
 * its finding, and completes the run.
 *
 * A SUPPRESSED finding is never remediated: its action does not run (nor count towards max changes)
 * and its remediation is `skipped`, with the reason naming the suppression entry, its owner and why.
 */
export async function act<P>(
  evaluation: Evaluation,
  request: RunRequest<P>,
  options: ActOptions = {},
): Promise<RunResult> {
  const execute = request.remediate && !request.dryRun && options.clients !== undefined;
  const runnable: PendingAction[] = [];
  // Indexed loops and an array by finding index, not a Map and entry iterators: a run can plan an
  // action for most of its findings (11,868 of 15,102 in the 100k-snapshot ebs bench).
  const outcome = new Array<Remediation | undefined>(evaluation.findings.length).fill(undefined);
  const { actions } = evaluation;
  for (let i = 0; i < actions.length; i += 1) {
    const pending = actions[i] as PendingAction;
    const finding = evaluation.findings[pending.findingIndex] as Finding;
    if (finding.status === 'SUPPRESSED')
      outcome[pending.findingIndex] = suppressedOutcome(pending, finding, execute);
    else runnable.push(pending);
  }
  if (runnable.length > 0) {
    const outcomes = await executeActions(runnable, {
      execute,
      clients: options.clients,
      maxChanges: request.maxChanges,
      remainingTimeMs: options.remainingTimeMs,
      offline: options.clients === undefined,
      ...claimsFor(evaluation, options.store),
      ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
      ...(options.publishReserveMs !== undefined ? { deadlineMarginMs: options.publishReserveMs } : {}),
    });
    for (let j = 0; j < runnable.length; j += 1)
      outcome[(runnable[j] as PendingAction).findingIndex] = outcomes[j];
  }
  const findings = evaluation.findings.map((f, i) => {
    const remediation = outcome[i];
    return remediation ? { ...f, remediation } : f;
  });
  const now = options.now ?? (() => new Date());
  return summariseRun({ ...evaluation.header, finishedAt: now().toISOString() }, findings);
}

/** This run's change claims, when the store keeps them and the account is known. */
function claimsFor(evaluation: Evaluation, store: StateStore | undefined) {
  const { ruleId, account } = evaluation.header;
  if (!store || !keepsChangeClaims(store) || account === 'unknown') return {};
  return { claims: store.changeClaims(ruleId, account, randomUUID()) };
}

/** `suppressed: suppressions[0] (owner secops: accepted until the migration)`. */
function suppressedOutcome(pending: PendingAction, finding: Finding, execute: boolean): Remediation {
  const s = finding.suppression;
  const reason = s ? `suppressed: ${s.entry} (owner ${s.owner}: ${s.reason})` : 'suppressed';
  return actionOutcome(pending.action, 'skipped', !execute, 'reason', reason);
}
