import type { Snapshot, Volume } from '../../lib/inventory/ebs';
import { isManaged } from './snapshot-planner';

/** What a volume's findings add for the alert (lib/publish/blocks.ts shows them with its Name tag). */

/** What names a volume in an alert beside its Name tag: size and attached instances. */
export function volumeFacts(v: Volume) {
  return { sizeGiB: v.sizeGiB, ...(v.attachedTo ? { attachedTo: v.attachedTo } : {}) };
}

/** Volume id → start time of its newest completed snapshot driftwatch did not make. */
export function newestUnmanaged(snapshots: readonly Snapshot[]): Map<string, string> {
  const newest = new Map<string, string>();
  for (const s of snapshots) {
    if (isManaged(s) || s.state !== 'completed') continue;
    const seen = newest.get(s.volumeId);
    if (!seen || s.startTime > seen) newest.set(s.volumeId, s.startTime);
  }
  return newest;
}
