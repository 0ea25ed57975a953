import type { Snapshot } from '../../lib/inventory/ebs';
import type { Group } from './snapshot-groups';
import { order } from './snapshot-groups';

/** A managed snapshot old enough for the archive tier, and safe to move there. */
export interface ArchiveCandidate {
  readonly snapshot: Snapshot;
  /** The volume (or `<source region>/<volume>` for copies) whose group it belongs to. */
  readonly volumeId: string;
  readonly ageDays: number;
}

const DAY = 86_400_000;

/**
 * Whether the retention keeps the group's snapshot at `index` through the archive's 90-day minimum
 * (snapshot-archive-minimum.ts); absent for groups whose retention is not known ahead.
 */
export type KeptThroughMinimum = (volumeId: string, group: Group, index: number) => boolean | undefined;

/**
 * The snapshots of the maps' groups (each newest first) to move to the archive tier: completed, in the
 * standard tier, older than `afterDays`, not the newest nor the newest completed of its group, not
 * used by an AMI or launch template, not about to be deleted (`excluded`), and not one the retention
 * will delete within the archive's 90-day minimum (`keptThrough` false: counted in `tooSoon`, left
 * in the standard tier). Oldest first.
 */
export function archiveCandidates(
  groups: readonly ReadonlyMap<string, Group>[],
  afterDays: number,
  now: number,
  uses: ReadonlyMap<string, readonly string[]>,
  excluded: ReadonlySet<string>,
  keptThrough: KeptThroughMinimum = () => undefined,
): { readonly candidates: ArchiveCandidate[]; readonly tooSoon: number } {
  const limit = afterDays * DAY;
  const out: ArchiveCandidate[] = [];
  let tooSoon = 0;
  const consider = (entry: Group, volumeId: string): void => {
    const { snapshots: group, times } = entry;
    const newestCompleted = group.find((s) => s.state === 'completed');
    for (let i = 1; i < group.length; i += 1) {
      const s = group[i] as Snapshot;
      if (s.state !== 'completed' || s === newestCompleted) continue;
      if ((s.storageTier ?? 'standard') !== 'standard') continue;
      const ageMs = now - (times[i] as number);
      if (ageMs <= limit || uses.has(s.id) || excluded.has(s.id)) continue;
      if (keptThrough(volumeId, entry, i) === false) {
        tooSoon += 1;
        continue;
      }
      out.push({ snapshot: s, volumeId, ageDays: Math.floor(ageMs / DAY) });
    }
  };
  for (const map of groups) map.forEach(consider);
  return { candidates: out.sort((a, b) => order(a.snapshot.startTime, b.snapshot.startTime)), tooSoon };
}
