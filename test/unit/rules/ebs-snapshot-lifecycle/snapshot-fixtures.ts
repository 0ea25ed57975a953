import type { Snapshot, Volume } from '../../../../lib/inventory/ebs';
import { MANAGED_TAGS, MANAGER } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-planner';

/** Hand-built EBS inventory values for planner and rule tests. */
export const SCHEDULE_TAG = 'driftwatch:snapshot-schedule';
export const RETENTION_TAG = 'driftwatch:snapshot-retention';

export function volume(
  id: string,
  schedule?: string,
  retention?: string,
  extra: Record<string, string> = {},
): Volume {
  return {
    id,
    state: 'in-use',
    availabilityZone: 'us-east-1a',
    sizeGiB: 8,
    tags: {
      ...extra,
      ...(schedule === undefined ? {} : { [SCHEDULE_TAG]: schedule }),
      ...(retention === undefined ? {} : { [RETENTION_TAG]: retention }),
    },
  };
}

/** A snapshot driftwatch created for `volumeId`, started at `startTime`. */
export function managed(
  id: string,
  volumeId: string,
  startTime: string,
  retention = '7',
  state = 'completed',
): Snapshot {
  return {
    id,
    volumeId,
    state,
    startTime,
    sizeGiB: 8,
    storageTier: 'standard',
    tags: {
      [MANAGED_TAGS.managedBy]: MANAGER,
      [MANAGED_TAGS.volumeId]: volumeId,
      [MANAGED_TAGS.retention]: retention,
    },
  };
}

export function unmanaged(
  id: string,
  volumeId: string,
  startTime: string,
  tags: Record<string, string> = {},
): Snapshot {
  return { id, volumeId, state: 'completed', startTime, tags };
}

/** `n` daily managed snapshots of `volumeId`, the newest at `newest`, ids `<prefix>-0` (newest) upward. */
export function daily(
  prefix: string,
  volumeId: string,
  newest: string,
  n: number,
  retention = '7',
): Snapshot[] {
  const t = Date.parse(newest);
  return Array.from({ length: n }, (_, i) =>
    managed(`${prefix}-${i}`, volumeId, new Date(t - i * 86_400_000).toISOString(), retention),
  );
}
