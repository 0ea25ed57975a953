/**
 * EBS snapshot storage prices the rule's cost estimates use, with their source. Prices differ by
 * region and change; these are the ones AWS documents (US East, N. Virginia), so every estimate is
 * labelled an estimate and names this table. Update `retrieved` with the numbers.
 */
export const SNAPSHOT_PRICES = {
  currency: 'USD',
  basis: 'us-east-1',
  /** Standard tier, per GB-month of data stored (incremental: only changed blocks). */
  standardPerGbMonth: 0.05,
  /** Archive tier, per GB-month (a full snapshot: every block is billed). */
  archivePerGbMonth: 0.0125,
  /** Restoring from the archive tier, per GB restored. */
  archiveRestorePerGb: 0.03,
  /** Deleting or permanently restoring an archived snapshot earlier bills the remaining days. */
  archiveMinimumDays: 90,
  sources: [
    'https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-archive-pricing.html',
    'https://aws.amazon.com/ebs/pricing/',
  ],
  retrieved: '2026-12-02',
} as const;

/** A snapshot's size for the estimates: the volume size it records, an upper bound of what it stores. */
export interface Sized {
  readonly sizeGiB?: number;
  readonly storageTier?: string;
}

/** GB and estimated $/month that deleting these snapshots frees (archived ones at the archive rate). */
export function freedByDeleting(snapshots: readonly Sized[]): { gb: number; usdPerMonth: number } {
  let gb = 0;
  let usd = 0;
  for (const s of snapshots) {
    const size = s.sizeGiB ?? 0;
    gb += size;
    usd +=
      size *
      (s.storageTier === 'archive' ? SNAPSHOT_PRICES.archivePerGbMonth : SNAPSHOT_PRICES.standardPerGbMonth);
  }
  return { gb, usdPerMonth: round(usd) };
}

/** GB moved and estimated $/month saved by archiving these (standard-tier) snapshots. */
export function savedByArchiving(snapshots: readonly Sized[]): { gb: number; usdPerMonth: number } {
  const gb = snapshots.reduce((sum, s) => sum + (s.sizeGiB ?? 0), 0);
  return {
    gb,
    usdPerMonth: round(gb * (SNAPSHOT_PRICES.standardPerGbMonth - SNAPSHOT_PRICES.archivePerGbMonth)),
  };
}

function round(usd: number): number {
  return Math.round(usd * 100) / 100;
}
