import type { ClientFactory } from '../lib/aws/clients';
import { ValidationError } from '../lib/errors';
import { loadSnapshot, snapshotInventory } from '../lib/inventory/snapshot-file';
import type { SnapshotFile } from '../lib/inventory/snapshot-file';
import type { Inventory } from '../lib/inventory/types';
import type { ScanSource } from '../lib/output/report';
import type { CliIo } from './io';
import { openLiveAccount } from './live';

/** What a scan reads: a snapshot file, or the live account (with clients for fixes). */
export interface OpenedSource {
  readonly inventory: Inventory;
  readonly source: ScanSource;
  /** The evaluation clock: the snapshot's capture time, or the wall clock. */
  readonly now: () => Date;
  readonly clients?: ClientFactory;
  /** The regions to scan: as asked, else the snapshot's (undefined: every enabled region). */
  readonly regions: 'all' | readonly string[] | undefined;
  readonly snapshot?: SnapshotFile;
}

/**
 * Opens `--snapshot FILE` (refusing regions it was not captured for, naming `regionsFlag`) or the
 * live account of the environment's credentials (AWS_PROFILE and AWS_REGION already applied).
 */
export async function openScanSource(
  file: string | undefined,
  regions: 'all' | readonly string[] | undefined,
  regionsFlag: string,
  io: CliIo,
): Promise<OpenedSource> {
  if (file === undefined) {
    const live = await openLiveAccount();
    return {
      inventory: live.inventory,
      clients: live.clients,
      source: { kind: 'live' },
      now: io.now ?? (() => new Date()),
      regions,
    };
  }
  const snapshot = loadSnapshot(file);
  if (regions !== undefined && regions !== 'all' && snapshot.regions !== 'all') {
    const captured = snapshot.regions;
    const absent = regions.filter((r) => !captured.includes(r));
    if (absent.length > 0) {
      throw new ValidationError(
        `${regionsFlag}: snapshot ${file} was captured for ${captured.join(', ')} only; it has nothing for ${absent.join(', ')}.`,
        [regionsFlag],
      );
    }
  }
  const capturedAt = new Date(snapshot.capturedAt);
  return {
    inventory: snapshotInventory(snapshot),
    source: { kind: 'snapshot', file, capturedAt: snapshot.capturedAt },
    now: () => capturedAt,
    regions: regions ?? (snapshot.regions === 'all' ? 'all' : [...snapshot.regions]),
    snapshot,
  };
}
