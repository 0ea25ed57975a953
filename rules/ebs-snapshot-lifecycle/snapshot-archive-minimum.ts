import type { Group } from './snapshot-groups';
import type { Retention } from './snapshot-policy';
import type { TierUnit } from './snapshot-tiers';
import { claimTiers } from './snapshot-tiers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * AWS bills an archived snapshot for at least 90 days: deleted (or restored for good) sooner, it is
 * charged for the rest of them (EBS User Guide, "Archive Amazon EBS snapshots", pricing and billing).
 */
export const ARCHIVE_MINIMUM_DAYS = 90;

/** The length of one period of a tier's unit, at its shortest (a month: 28 days; a year: 365). */
const UNIT_MS: Record<TierUnit, number> = {
  hourly: HOUR,
  daily: DAY,
  weekly: 7 * DAY,
  monthly: 28 * DAY,
  yearly: 365 * DAY,
};

/**
 * Whether the retention still keeps `group`'s snapshot at `index` (newest first) once `horizonMs`
 * more have passed, with the schedule adding a snapshot every period meanwhile: what archiving it
 * needs, since deleting it sooner costs the archive's minimum anyway. Kept then if its age stays
 * within `maxAgeMs`, or its position (pushed back by the snapshots to come) within `count`, or a tier
 * still claims it (each new period with a snapshot pushes the tier's claims back by one; a period
 * is counted at its shortest and at most once per scheduled snapshot, so the estimate errs towards
 * "deleted sooner", i.e. towards not archiving).
 */
export function keptThrough(
  retention: Retention,
  periodMs: number,
  group: Group,
  index: number,
  now: number,
  horizonMs: number,
): boolean {
  const ageThen = now - (group.times[index] as number) + horizonMs;
  if (retention.maxAgeMs !== undefined && ageThen <= retention.maxAgeMs) return true;
  const toCome = Math.ceil(horizonMs / periodMs);
  if (retention.count !== undefined && index + toCome < retention.count) return true;
  for (const tier of retention.tiers ?? []) {
    const rank = tierRank(group, index, tier.unit);
    const newPeriods = Math.min(toCome, Math.ceil(horizonMs / UNIT_MS[tier.unit]));
    if (rank !== undefined && rank + newPeriods < tier.keep) return true;
  }
  return false;
}

/**
 * The snapshot's rank among the periods a tier of `unit` claims (0 = the newest period), or undefined
 * when it is not the snapshot that tier claims for its period: the pruner's own walk (claimTiers),
 * stopped once it has claimed as many periods as there are snapshots up to `index`.
 */
function tierRank(group: Group, index: number, unit: TierUnit): number | undefined {
  let rank = 0;
  let found: number | undefined;
  claimTiers(group.snapshots, [{ unit, keep: index + 1 }], group.times, {
    add(position) {
      if (position === index) found = rank;
      rank += 1;
    },
  });
  return found;
}
