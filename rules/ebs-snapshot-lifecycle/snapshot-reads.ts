import { ownedSnapshots } from '../../lib/inventory/ebs';
import { lockedSnapshots } from '../../lib/inventory/ebs-locks';
import type { Inventory } from '../../lib/inventory/types';
import { InventoryReadError, SnapshotError } from '../../lib/errors';
import type { DestinationListing } from './snapshot-copies';
import { copiesIn } from './snapshot-copies';

/**
 * The reads of ebs-snapshot-lifecycle whose failure does not stop the region's plan: the snapshot
 * locks (AWS enforces a lock whatever the plan says, so unknown locks are reported, not fatal) and
 * the destination regions' listings (a copy is not made where the listing failed; that volume's
 * copy finding fails, the rest of the region is planned).
 */

export type Locks =
  | { readonly ok: true; readonly locked: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly error: string };

/** Why a read the rule can do without failed: the AWS code, or a snapshot file without it. */
function reason(error: unknown): string | undefined {
  if (error instanceof InventoryReadError) return error.awsCode;
  if (error instanceof SnapshotError) return 'not in the snapshot file';
  return undefined;
}

/** The region's locked snapshots (id → lock state), or why they could not be read. */
export async function readLocks(inventory: Inventory, region: string): Promise<Locks> {
  try {
    const locks = await inventory.get(lockedSnapshots, region);
    return { ok: true, locked: new Map(locks.map((l) => [l.snapshotId, l.lockState])) };
  } catch (error) {
    const why = reason(error);
    if (why === undefined) throw error;
    return { ok: false, error: why };
  }
}

/**
 * Each destination's copies of `region`'s snapshots, read through the inventory (memoised per
 * region, so a destination that is also scanned is listed once per run).
 */
export async function destinationListings(
  inventory: Inventory,
  region: string,
  destinations: readonly string[],
): Promise<Map<string, DestinationListing>> {
  const entries = await Promise.all(
    destinations.map(async (dest): Promise<[string, DestinationListing]> => {
      try {
        const snaps = await inventory.get(ownedSnapshots, dest);
        return [dest, { ok: true, copies: copiesIn(dest, region, snaps) }];
      } catch (error) {
        const why = reason(error);
        if (why === undefined) throw error;
        return [dest, { ok: false, error: why }];
      }
    }),
  );
  return new Map(entries);
}
