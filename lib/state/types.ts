import type { Severity, Status } from '../findings';

/**
 * What driftwatch remembers about one finding between runs. Stored per rule run (`rule|account`) and
 * finding id, so one query returns every finding a rule reported before, including ones that vanished.
 */
export interface FindingState {
  readonly id: string;
  /** The status at `lastSeen`: FAIL/ERROR (open), SUPPRESSED, or PASS once resolved. */
  readonly status: Status;
  /** When the current episode (failing or suppressed) began, ISO-8601 UTC. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** When an alert about it was last claimed, and the run token that claimed it. */
  readonly lastNotified?: string;
  readonly notifyToken?: string;
  /** Enough of the finding to report it RESOLVED after its resource is gone. */
  readonly severity: Severity;
  readonly region: string;
  readonly checkId?: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly message: string;
  /** Epoch seconds after which a resolved entry may be deleted (DynamoDB TTL). */
  readonly expiresAt?: number;
}

/** The fields a run writes; notify fields are only written through a claim. */
export type StateValues = Omit<FindingState, 'lastNotified' | 'notifyToken'>;

/** Take the right to alert about a finding, unless another run already has since `previousToken`. */
export interface Claim {
  readonly token: string;
  readonly at: string;
  /** The notify token seen when the state was loaded (undefined: never notified). */
  readonly previousToken?: string;
  readonly previousAt?: string;
}

export interface StateWrite {
  readonly values: StateValues;
  readonly claim?: Claim;
}

/** Where finding state lives: DynamoDB for the functions, a JSON file for the CLI. */
export interface StateStore {
  /** Every stored state of one rule on one account. */
  load(ruleId: string, account: string): Promise<FindingState[]>;
  /**
   * Writes states; a write with a claim is applied only if the finding's notify token is still the
   * one seen at load (so of two overlapping runs, one alerts). Returns the ids whose claim succeeded.
   */
  write(ruleId: string, account: string, writes: readonly StateWrite[]): Promise<Set<string>>;
  /** Gives claims back (the alert could not be published), so the next run alerts again. */
  release(ruleId: string, account: string, released: readonly { id: string; claim: Claim }[]): Promise<void>;
}

/** The partition key of a rule run: `rule|account`. */
export function runKey(ruleId: string, account: string): string {
  return `${ruleId}|${account}`;
}

/**
 * One rule run's posture on one UTC day: the counts of its last run that day, and whether that run
 * was partial (a region or check could not be evaluated). The HTML report's 90-day posture chart
 * reads these; a partial day is drawn as partial, never as passing.
 */
export interface DailyPosture {
  readonly ruleId: string;
  readonly account: string;
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly counts: Readonly<Record<Status, number>>;
  readonly partial: boolean;
  /** When the run that wrote it finished, ISO-8601 UTC (a later run the same day replaces it). */
  readonly recordedAt: string;
}

/** Days of posture a store keeps (the report shows 90). */
export const POSTURE_RETENTION_DAYS = 100;

/** Everything a store holds, for the report: every rule run's finding states and the daily posture. */
export interface StateExport {
  readonly runs: readonly {
    readonly ruleId: string;
    readonly account: string;
    readonly states: readonly FindingState[];
  }[];
  readonly posture: readonly DailyPosture[];
}

/**
 * Optional store capabilities added for the report, so existing stores (and test fakes) that only
 * implement `StateStore` keep working: record a day's posture, and read the whole store back.
 */
export interface PostureStore {
  /** Records (or replaces) the day's posture of one rule run. */
  recordPosture(posture: DailyPosture): Promise<void>;
  /** Every finding state and posture record in the store. */
  exportAll(): Promise<StateExport>;
}

/** Whether a store also keeps daily posture (both built-in stores do). */
export function keepsPosture(store: StateStore): store is StateStore & PostureStore {
  const s = store as Partial<PostureStore>;
  return typeof s.recordPosture === 'function' && typeof s.exportAll === 'function';
}

/** The UTC day (`YYYY-MM-DD`) of an ISO timestamp or date. */
export function utcDay(at: string | Date): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);
}
