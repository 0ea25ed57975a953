import type { RunDeadline } from '../aws/run-deadline';

/** How a claim on one change came out (see `ChangeClaims.claim`). */
export type ClaimOutcome =
  /** This run holds it (also when a retried write of its own claim is answered "already held"). */
  | 'won'
  /** This run holds it, taken over from an earlier run whose claim had lapsed: check before acting. */
  | 'taken-over'
  /** Another run holds it and is making the change: this run leaves it alone. */
  | 'held-by-another-run';

/**
 * Claims on single changes (one volume's snapshot of one slot), so two overlapping runs planning
 * from the same listing make each change once. Backed by conditional writes in the state table
 * (lib/state/dynamodb-claims.ts); absent when no state table is configured.
 */
export interface ChangeClaims {
  /** Claims `key` for this run, for `holdMs`; throws when the claim cannot be written at all. */
  claim(key: string): Promise<ClaimOutcome>;
  /** Gives a claim back (the change certainly did not happen), so a later run may make it. */
  release(key: string): Promise<void>;
}

/** What the action loop (lib/actions/execute.ts) hands each action besides its input. */
export interface ActionContext {
  /** The action's calls are aborted when it passes: the run's deadline less the publish reserve. */
  readonly deadline?: RunDeadline;
  readonly claims?: ChangeClaims;
  /**
   * Time given to AWS to show a change it may have made (read-after-write), before an uncertain
   * outcome is checked. @default 1000
   */
  readonly settleMs?: number;
}

/** A state store that can claim single changes for a run (the DynamoDB store). */
export interface ChangeClaimStore {
  changeClaims(ruleId: string, account: string, runId: string): ChangeClaims;
}

/** Whether `store` claims single changes (duck-typed, so stores and test fakes without it keep working). */
export function keepsChangeClaims<S extends object>(store: S): store is S & ChangeClaimStore {
  return typeof (store as Partial<ChangeClaimStore>).changeClaims === 'function';
}
