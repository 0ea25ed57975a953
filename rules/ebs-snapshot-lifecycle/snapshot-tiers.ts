/**
 * Tiered retention (`daily=7,weekly=4,monthly=12`): each tier keeps the newest snapshot of each of
 * its N most recent periods that have one. Periods are UTC: hours, days, ISO weeks (Monday 00:00 to
 * Sunday 24:00) and calendar months and years. Pure arithmetic, shared by the planner and its tests.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The tiers, shortest period first (also the order of the canonical retention text). */
export const TIER_UNITS = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export type TierUnit = (typeof TIER_UNITS)[number];

export interface Tier {
  readonly unit: TierUnit;
  /** How many periods (that have a snapshot) the tier keeps one snapshot of. */
  readonly keep: number;
}

/**
 * A number naming the UTC period `t` (ms since the epoch) falls in: equal numbers, same period;
 * consecutive periods, consecutive numbers. Day 0 (1970-01-01) was a Thursday, so `(day + 3) / 7`
 * starts each week on a Monday, as ISO 8601 does. Months and years by arithmetic on the day number
 * (no Date per snapshot), as `Date`'s UTC calendar counts them.
 */
export function periodOf(unit: TierUnit, t: number): number {
  switch (unit) {
    case 'hourly':
      return Math.floor(t / HOUR);
    case 'daily':
      return Math.floor(t / DAY);
    case 'weekly':
      return Math.floor((Math.floor(t / DAY) + 3) / 7);
    case 'monthly': {
      const { year, month } = civil(Math.floor(t / DAY));
      return year * 12 + month;
    }
    case 'yearly':
      return civil(Math.floor(t / DAY)).year;
  }
}

/**
 * The proleptic Gregorian year and month (0-11) of a day number (days since 1970-01-01), as
 * `getUTCFullYear`/`getUTCMonth` give (H. Hinnant's civil_from_days, in 400-year eras).
 */
function civil(day: number): { year: number; month: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 2 : mp - 10;
  return { year: yoe + era * 400 + (month < 2 ? 1 : 0), month };
}

/** What a tier needs of a snapshot: when it started and whether it is a usable backup. */
export interface TierCandidate {
  readonly startTime: string;
  readonly state: string;
}

/** Where tier claims are recorded: a `Set` of positions, or the pruner's reusable marks. */
export interface Claims {
  add(position: number): unknown;
}

/**
 * The positions (in `group`, sorted newest first) that some tier claims: for each tier, walking
 * from the newest, the first usable (completed) snapshot of each new period is claimed until the
 * tier has claimed `keep` periods. Errored and pending snapshots claim nothing (a pending one is
 * never deleted anyway; an errored one is no backup). O(group × tiers). `times`: the start times
 * already parsed (`Date.parse`), in `group`'s order.
 */
export function tierClaims(
  group: readonly TierCandidate[],
  tiers: readonly Tier[],
  times: readonly number[] = group.map((s) => Date.parse(s.startTime)),
): Set<number> {
  const claimed = new Set<number>();
  claimTiers(group, tiers, times, claimed);
  return claimed;
}

/** `tierClaims` into `claimed` (in the same order: tier by tier, newest first). */
export function claimTiers(
  group: readonly TierCandidate[],
  tiers: readonly Tier[],
  times: readonly number[],
  claimed: Claims,
): void {
  for (const tier of tiers) {
    let periods = 0;
    let last: number | undefined;
    for (let i = 0; i < group.length && periods < tier.keep; i += 1) {
      if ((group[i] as TierCandidate).state !== 'completed') continue;
      const period = periodOf(tier.unit, times[i] as number);
      if (period === last) continue;
      last = period;
      periods += 1;
      claimed.add(i);
    }
  }
}
