import type { Severity, Status, StatusCounts } from '../findings';
import type { DurationStats } from './stats';

/** A heatmap cell's colour: the worst status of one rule on one account. */
export const CELL_STATUSES = ['FAIL', 'ERROR', 'SUPPRESSED', 'PASS', 'NOT_APPLICABLE'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

/** One rule on one account: its worst status, counts, and whether its last scan was partial. */
export interface HeatCell {
  readonly status: CellStatus;
  /** A region or check could not be evaluated: shown as partial, never as passing. */
  readonly partial: boolean;
  readonly counts: StatusCounts;
}

/** A finding still open (FAIL, ERROR, or SUPPRESSED), with how long it has been. */
export interface OpenFinding {
  readonly id: string;
  readonly ruleId: string;
  readonly account: string;
  readonly region: string;
  readonly resourceId: string;
  readonly status: Extract<Status, 'FAIL' | 'ERROR' | 'SUPPRESSED'>;
  readonly severity: Severity;
  readonly message: string;
  /** When its current episode began (drift state), ISO-8601; undefined when never tracked. */
  readonly firstSeen?: string;
  readonly ageHours?: number;
  /** What to do: the planned action of the scan, else the rule's remediation text. */
  readonly remediation: string;
  readonly remediationUrl?: string;
}

/** Per rule: counts over every account, time to resolve (from resolved findings), age of open ones. */
export interface RuleStats {
  readonly ruleId: string;
  readonly title: string;
  readonly counts: StatusCounts;
  /** Hours from first seen to resolved, over the resolved findings the sources still hold. */
  readonly resolved: DurationStats;
  /** Hours since first seen, over the open findings with a first-seen time. */
  readonly openAge: DurationStats;
}

/** The fleet's posture on one UTC day (summed over the rule runs recorded that day). */
export interface PostureDay {
  readonly day: string;
  readonly counts: StatusCounts;
  /** Some rule run that day could not evaluate everything: the counts are a lower bound. */
  readonly partial: boolean;
  /** Rule runs (rule × account) recorded that day; 0 means no data, not "no findings". */
  readonly runs: number;
}

/** Everything the HTML report shows, built by `buildPosture` from the state and/or scans. */
export interface PostureModel {
  readonly generatedAt: string;
  /** Where the data came from, e.g. `state file state.json`, `scan scan-prod.json`. */
  readonly sources: readonly string[];
  /** Worst first (most FAIL and ERROR), then by id. */
  readonly accounts: readonly string[];
  readonly rules: readonly { readonly id: string; readonly title: string }[];
  /** Keyed `rule|account`; a missing cell means no data for that pair. */
  readonly cells: ReadonlyMap<string, HeatCell>;
  readonly accountCounts: ReadonlyMap<string, StatusCounts>;
  readonly ruleStats: readonly RuleStats[];
  /** The open findings listed: worst severity first, then oldest; at most `maxFindings`. */
  readonly open: readonly OpenFinding[];
  /** Every open finding, listed or not. */
  readonly openTotal: number;
  /** The last 90 UTC days, oldest first, ending today. */
  readonly days: readonly PostureDay[];
}

export function cellKey(ruleId: string, account: string): string {
  return `${ruleId}|${account}`;
}
