import { InventoryReadError, SnapshotReadMissingError } from '../errors';
import type { Inventory, ReadDef } from './types';
import { readKey } from './types';

/** A read's stored outcome: a value, or the AWS error the live read got. */
export type StoredRead = { readonly value: unknown } | { readonly error: { code: string; message: string } };

/** Stored reads by read name, then by region (or `global`). */
export type StoredReads = Readonly<Record<string, Readonly<Record<string, StoredRead>>>>;

/**
 * An inventory over stored reads: the backend behind snapshot files, and the hand-built inventories of
 * rule tests. A read that was stored as an error throws the same `InventoryReadError` the live read
 * did, so a snapshot evaluates to the same findings. A read that is missing is a `SnapshotError`
 * (`SnapshotReadMissingError`) naming it: the file cannot answer what the rule asks.
 */
export class StoredInventory implements Inventory {
  readonly source = 'snapshot' as const;

  constructor(private readonly reads: StoredReads) {}

  async get<T>(read: ReadDef<T>, region?: string): Promise<T> {
    const key = readKey(read, region);
    const stored = this.reads[read.name]?.[key];
    if (!stored) {
      // The CLI reports the rule as not recorded, with advice that fits the file (cli/not-recorded.ts).
      throw new SnapshotReadMissingError(read.name, key, `The snapshot has no "${read.name}" for ${key}.`);
    }
    if ('error' in stored) {
      throw new InventoryReadError(
        read.name,
        key,
        stored.error.code,
        `Could not read ${read.name} in ${key}: ${stored.error.code}: ${stored.error.message}`,
      );
    }
    return stored.value as T;
  }
}

/** Builds stored reads from `{ readName: { region: value } }`, the compact form tests write by hand. */
export function storedValues(
  values: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): StoredReads {
  const out: Record<string, Record<string, StoredRead>> = {};
  for (const [name, byKey] of Object.entries(values)) {
    out[name] = {};
    for (const [key, value] of Object.entries(byKey)) out[name][key] = { value };
  }
  return out;
}
