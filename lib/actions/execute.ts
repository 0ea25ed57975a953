import type { ClientFactory } from '../aws/clients';
import { awsErrorCode, errorMessage } from '../errors';
import type { Remediation } from '../findings';
import type { PlannedAction } from './types';

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
   * Stop starting actions when less than this is left before the deadline, leaving time to publish.
   * @default 20_000
   */
  readonly deadlineMarginMs?: number;
}

/**
 * Carries out planned actions one at a time, in finding order, and returns the real outcome of each.
 * Guards: dry run (nothing runs), max changes, and the deadline; what a guard holds back is reported
 * `skipped` with the reason, and the next run plans it again from the account's state.
 */
export async function executeActions(
  actions: readonly { action: PlannedAction; region: string }[],
  options: ExecuteOptions,
): Promise<Remediation[]> {
  const margin = options.deadlineMarginMs ?? 20_000;
  const outcomes: Remediation[] = [];
  let carriedOut = 0;
  for (const { action, region } of actions) {
    const base = {
      action: action.name,
      description: action.description,
      ...(action.routine ? { routine: true as const } : {}),
    };
    if (!options.execute || !options.clients) {
      const reason = options.offline
        ? 'offline scan: nothing can be changed'
        : 'dry run or remediation not requested: nothing was changed';
      outcomes.push({ ...base, status: 'planned', dryRun: true, reason });
      continue;
    }
    if (carriedOut >= options.maxChanges) {
      outcomes.push({
        ...base,
        status: 'skipped',
        dryRun: false,
        reason: `max changes per run (${options.maxChanges}) reached; left for the next run`,
      });
      continue;
    }
    if (options.remainingTimeMs && options.remainingTimeMs() < margin) {
      outcomes.push({
        ...base,
        status: 'skipped',
        dryRun: false,
        reason: 'deadline near; left for the next run',
      });
      continue;
    }
    carriedOut += 1;
    try {
      const result = await action.run(options.clients, region);
      outcomes.push(
        result.status === 'done'
          ? { ...base, status: 'done', dryRun: false, ...(result.note ? { reason: result.note } : {}) }
          : { ...base, status: 'skipped', dryRun: false, reason: result.reason },
      );
    } catch (error) {
      outcomes.push({
        ...base,
        status: 'failed',
        dryRun: false,
        error: `${awsErrorCode(error)}: ${errorMessage(error)}`,
      });
    }
  }
  return outcomes;
}
