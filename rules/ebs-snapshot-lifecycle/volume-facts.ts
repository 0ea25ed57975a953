import type { Snapshot } from '../../lib/inventory/ebs';
import { isManaged } from './snapshot-planner';

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
