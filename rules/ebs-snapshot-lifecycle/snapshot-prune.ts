import type { Snapshot } from '../../lib/inventory/ebs';
import type { Retention } from './snapshot-policy';
import { parseRetention, pastRetention } from './snapshot-policy';
import { COPY_TAGS, MANAGED_TAGS } from './snapshot-tags';
import { tierClaims } from './snapshot-tiers';

/**
 * Which managed snapshots of a group (one volume's, or one volume's copies in this region) could go,
 * and why. The safety rules every path shares: a pending snapshot is never a candidate, and neither
 * is the newest nor the newest usable one of the group (the one exception: an explicit
 * `delete-after-<D>d` orphan policy). AMI/launch-template use and locks are applied by the planner.
 */

/** Why a snapshot is a deletion candidate. */
export type DeletionReason = 'retention' | 'orphan-policy' | 'duplicate-copy';

/** A managed snapshot that could be deleted, with why it is (or is not) deleted. */
export interface Expired {
  readonly snapshot: Snapshot;
  readonly volumeId: string;
  /** The retention or orphan policy applied (its text), or `duplicate copy`. */
  readonly retention: string;
  readonly reason: DeletionReason;
  /** 1-based position among its group's managed snapshots, newest first. */
  readonly position: number;
  readonly ageDays: number;
  /** AMIs / launch templates that reference it; non-empty means it is kept. */
  readonly usedBy: readonly string[];
}

/** What happens to managed snapshots whose volume is gone or lost its schedule tag. */
export type OrphanPolicy =
  | { readonly kind: 'keep'; readonly count: number; readonly text: string }
  | { readonly kind: 'delete-after'; readonly days: number; readonly text: string }
  | { readonly kind: 'recorded'; readonly text: 'recorded' };

export const ORPHAN_POLICY_FORMS =
  'keep-newest, keep-<N> (N = 1..1000), delete-after-<D>d (D = 1..3650; deletes the newest too), or recorded (the retention recorded on the snapshots)';
export const ORPHAN_POLICY_PATTERN =
  /^(keep-newest|keep-([1-9]\d{0,3})|delete-after-([1-9]\d{0,3})d|recorded)$/;

/** Parses an orphan policy parameter (validated by `ORPHAN_POLICY_PATTERN` beforehand). */
export function parseOrphanPolicy(text: string): OrphanPolicy {
  const m = ORPHAN_POLICY_PATTERN.exec(text);
  if (!m) throw new TypeError(`orphanPolicy "${text}": accepted ${ORPHAN_POLICY_FORMS}`);
  if (m[1] === 'recorded') return { kind: 'recorded', text: 'recorded' };
  if (m[1] === 'keep-newest') return { kind: 'keep', count: 1, text };
  if (m[2] !== undefined) return { kind: 'keep', count: Math.min(1000, Number(m[2])), text };
  return { kind: 'delete-after', days: Math.min(3650, Number(m[3])), text };
}

const DAY = 86_400_000;

/** Collects deletion candidates over the groups of one region. */
export class Pruner {
  readonly expired: Expired[] = [];

  constructor(
    private readonly now: number,
    private readonly uses: ReadonlyMap<string, readonly string[]>,
  ) {}

  /** By a retention (count, age, tiers): deleted only when nothing keeps it. */
  byRetention(volumeId: string, group: readonly Snapshot[], retention: Retention): void {
    const claimed = retention.tiers ? tierClaims(group, retention.tiers) : undefined;
    this.each(volumeId, group, (s, i, ageMs) =>
      claimed?.has(i) || !pastRetention(retention, i, ageMs) ? undefined : ['retention', retention.text],
    );
  }

  /** By the orphan policy (`recorded`: the retention the group's newest snapshot recorded). */
  byOrphanPolicy(volumeId: string, group: readonly Snapshot[], policy: OrphanPolicy): Retention | undefined {
    if (policy.kind === 'recorded') {
      const recorded = recordedRetention(group);
      if (recorded) this.byRetention(volumeId, group, recorded);
      return recorded;
    }
    if (policy.kind === 'keep') {
      this.each(volumeId, group, (_s, i) => (i < policy.count ? undefined : ['orphan-policy', policy.text]));
      return undefined;
    }
    const limit = policy.days * DAY;
    this.each(
      volumeId,
      group,
      (_s, _i, ageMs) => (ageMs > limit ? ['orphan-policy', policy.text] : undefined),
      true,
    );
    return undefined;
  }

  /**
   * Copies in this region: a second copy of one source snapshot (a retried or overlapping copy) is a
   * duplicate and goes; the rest are pruned by the retention the newest copy recorded (none readable:
   * all kept). Returns the group without its duplicates.
   */
  copies(key: string, group: readonly Snapshot[]): Snapshot[] {
    const kept = new Map<string, Snapshot>();
    const duplicates: Snapshot[] = [];
    // Oldest first, so the first copy made of each source is the one kept (a completed one before any other).
    const oldestFirst = [...group]
      .reverse()
      .sort((a, b) => Number(b.state === 'completed') - Number(a.state === 'completed'));
    for (const s of oldestFirst) {
      const source = s.tags[COPY_TAGS.sourceSnapshotId] as string;
      if (kept.has(source)) duplicates.push(s);
      else kept.set(source, s);
    }
    const deduped = group.filter((s) => !duplicates.includes(s));
    for (const s of duplicates) {
      if (s.state === 'pending') continue;
      this.push(s, key, 'duplicate-copy', 'duplicate copy', group.indexOf(s));
    }
    const recorded = recordedRetention(deduped);
    if (recorded) this.byRetention(key, deduped, recorded);
    return deduped;
  }

  private each(
    volumeId: string,
    group: readonly Snapshot[],
    decide: (s: Snapshot, index: number, ageMs: number) => [DeletionReason, string] | undefined,
    newestToo = false,
  ): void {
    const newestUsable = group.find((s) => s.state !== 'error');
    for (let i = newestToo ? 0 : 1; i < group.length; i += 1) {
      const s = group[i] as Snapshot;
      if (s.state === 'pending' || (!newestToo && s === newestUsable)) continue;
      const verdict = decide(s, i, this.now - Date.parse(s.startTime));
      if (verdict) this.push(s, volumeId, verdict[0], verdict[1], i);
    }
  }

  private push(
    s: Snapshot,
    volumeId: string,
    reason: DeletionReason,
    retention: string,
    index: number,
  ): void {
    this.expired.push({
      snapshot: s,
      volumeId,
      retention,
      reason,
      position: index + 1,
      ageDays: Math.floor((this.now - Date.parse(s.startTime)) / DAY),
      usedBy: this.uses.get(s.id) ?? [],
    });
  }
}

/** The retention the group's newest snapshot recorded, when readable. */
export function recordedRetention(group: readonly Snapshot[]): Retention | undefined {
  const recorded = group[0]?.tags[MANAGED_TAGS.retention];
  const parsed = recorded === undefined ? undefined : parseRetention(recorded);
  return parsed?.ok ? parsed.value : undefined;
}
