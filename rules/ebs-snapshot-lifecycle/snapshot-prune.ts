import type { Snapshot } from '../../lib/inventory/ebs';
import type { Group } from './snapshot-groups';
import type { PolicyCache } from './snapshot-policy-cache';
import { without } from './snapshot-groups';
import type { Retention } from './snapshot-policy';
import { pastRetention } from './snapshot-policy';
import { COPY_TAGS } from './snapshot-tags';
import { claimTiers } from './snapshot-tiers';

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
const UNUSED: readonly string[] = [];

/** Collects deletion candidates over the groups of one region. */
export class Pruner {
  readonly expired: Expired[] = [];
  private readonly claims = new Marks();

  constructor(
    private readonly now: number,
    private readonly uses: ReadonlyMap<string, readonly string[]>,
    private readonly policies: PolicyCache,
  ) {}

  /** By a retention (count, age, tiers): deleted only when nothing keeps it. */
  byRetention(volumeId: string, group: Group, retention: Retention): void {
    const { snapshots, times } = group;
    const claimed = this.claims.reset(snapshots.length);
    if (retention.tiers) claimTiers(snapshots, retention.tiers, times, claimed);
    // As `each`, without a closure per volume.
    const newestUsable = snapshots.find((s) => s.state !== 'error');
    for (let i = 1; i < snapshots.length; i += 1) {
      const s = snapshots[i] as Snapshot;
      if (s.state === 'pending' || s === newestUsable || claimed.has(i)) continue;
      const ageMs = this.now - (times[i] as number);
      if (pastRetention(retention, i, ageMs)) this.push(s, volumeId, 'retention', retention.text, i, ageMs);
    }
  }

  /** By the orphan policy (`recorded`: the retention the group's newest snapshot recorded). */
  byOrphanPolicy(volumeId: string, group: Group, policy: OrphanPolicy): Retention | undefined {
    if (policy.kind === 'recorded') {
      const recorded = this.policies.recorded(group.snapshots);
      if (recorded) this.byRetention(volumeId, group, recorded);
      return recorded;
    }
    if (policy.kind === 'keep') {
      this.each(volumeId, group, 'orphan-policy', policy.text, (i) => i >= policy.count);
      return undefined;
    }
    const limit = policy.days * DAY;
    this.each(volumeId, group, 'orphan-policy', policy.text, (_i, ageMs) => ageMs > limit, true);
    return undefined;
  }

  /**
   * Copies in this region: a second copy of one source snapshot (a retried or overlapping copy) is a
   * duplicate and goes; the rest are pruned by the retention the newest copy recorded (none readable:
   * all kept). Returns the group without its duplicates.
   */
  copies(key: string, group: Group): Group {
    const snapshots = group.snapshots;
    const kept = new Set<string>();
    const duplicates = new Set<Snapshot>();
    // Oldest first, so the first copy made of each source is the one kept (a completed one before any other).
    const oldestFirst = [...snapshots]
      .reverse()
      .sort((a, b) => Number(b.state === 'completed') - Number(a.state === 'completed'));
    for (const s of oldestFirst) {
      const source = s.tags[COPY_TAGS.sourceSnapshotId] as string;
      if (kept.has(source)) duplicates.add(s);
      else kept.add(source);
    }
    if (duplicates.size > 0) {
      const position = new Map<Snapshot, number>();
      snapshots.forEach((s, i) => {
        if (!position.has(s)) position.set(s, i);
      });
      for (const s of duplicates) {
        if (s.state === 'pending') continue;
        const i = position.get(s) as number;
        this.push(s, key, 'duplicate-copy', 'duplicate copy', i, this.now - (group.times[i] as number));
      }
    }
    const deduped = without(group, duplicates);
    const recorded = this.policies.recorded(deduped.snapshots);
    if (recorded) this.byRetention(key, deduped, recorded);
    return deduped;
  }

  /** Applies `expired` to each snapshot that may go (never a pending one, nor the newest usable unless `newestToo`). */
  private each(
    volumeId: string,
    group: Group,
    reason: DeletionReason,
    text: string,
    expired: (index: number, ageMs: number) => boolean,
    newestToo = false,
  ): void {
    const { snapshots, times } = group;
    const newestUsable = snapshots.find((s) => s.state !== 'error');
    for (let i = newestToo ? 0 : 1; i < snapshots.length; i += 1) {
      const s = snapshots[i] as Snapshot;
      if (s.state === 'pending' || (!newestToo && s === newestUsable)) continue;
      const ageMs = this.now - (times[i] as number);
      if (expired(i, ageMs)) this.push(s, volumeId, reason, text, i, ageMs);
    }
  }

  private push(
    s: Snapshot,
    volumeId: string,
    reason: DeletionReason,
    retention: string,
    index: number,
    ageMs: number,
  ): void {
    this.expired.push({
      snapshot: s,
      volumeId,
      retention,
      reason,
      position: index + 1,
      ageDays: Math.floor(ageMs / DAY),
      usedBy: this.uses.get(s.id) ?? UNUSED,
    });
  }
}

/** Tier claims of the group being pruned: one buffer reused for every group of the region. */
class Marks {
  private marks = new Uint8Array(64);

  reset(size: number): this {
    if (size > this.marks.length) this.marks = new Uint8Array(size * 2);
    else this.marks.fill(0, 0, size);
    return this;
  }

  add(position: number): void {
    this.marks[position] = 1;
  }

  has(position: number): boolean {
    return this.marks[position] === 1;
  }
}
