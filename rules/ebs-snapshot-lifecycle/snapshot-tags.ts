/** Tags driftwatch puts on every snapshot it creates; only snapshots carrying them are ever deleted. */
export const MANAGED_TAGS = {
  managedBy: 'driftwatch:managed-by',
  volumeId: 'driftwatch:volume-id',
  schedule: 'driftwatch:schedule',
  retention: 'driftwatch:retention',
} as const;
export const MANAGER = 'ebs-snapshot-lifecycle';

/** Tags every cross-region copy carries besides the markers: they tie it to its source and destination. */
export const COPY_TAGS = {
  sourceSnapshotId: 'driftwatch:source-snapshot-id',
  sourceRegion: 'driftwatch:source-region',
  copyRegion: 'driftwatch:copy-region',
} as const;
