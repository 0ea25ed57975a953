import type { ClientFactory } from '../aws/clients';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { awsErrorCode, errorMessage, InventoryReadError } from '../errors';
import type { Inventory, ReadDef } from './types';
import { GLOBAL_KEY, readKey } from './types';

/** One read as the live backend saw it: what a snapshot file stores. */
export type RecordedRead =
  | { readonly name: string; readonly key: string; readonly value: unknown }
  | { readonly name: string; readonly key: string; readonly error: { code: string; message: string } };

/**
 * The live inventory: each read runs at most once per run and region (the promise is memoised, so
 * concurrent rules share one call), and every outcome is recorded for snapshots.
 */
export class LiveInventory implements Inventory {
  readonly source = 'live' as const;
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly recorded = new Map<string, RecordedRead>();

  constructor(private readonly clients: ClientFactory) {}

  get<T>(read: ReadDef<T>, region?: string): Promise<T> {
    const key = readKey(read, region);
    const memoKey = `${read.name}@${key}`;
    let pending = this.memo.get(memoKey) as Promise<T> | undefined;
    if (!pending) {
      pending = this.fetch(read, key);
      this.memo.set(memoKey, pending);
    }
    return pending;
  }

  /** Every read made so far, successes and failures, in the order they completed. */
  recordedReads(): RecordedRead[] {
    return [...this.recorded.values()];
  }

  private async fetch<T>(read: ReadDef<T>, key: string): Promise<T> {
    const region = key === GLOBAL_KEY ? GLOBAL_SERVICE_REGION : key;
    const recordKey = `${read.name}@${key}`;
    try {
      const value = await read.fetch(this.clients, region);
      this.recorded.set(recordKey, { name: read.name, key, value });
      return value;
    } catch (error) {
      const code = awsErrorCode(error);
      const message = errorMessage(error);
      this.recorded.set(recordKey, { name: read.name, key, error: { code, message } });
      throw new InventoryReadError(
        read.name,
        key,
        code,
        `Could not read ${read.name} (${read.actions.join(', ') || 'no IAM action'}) in ${key}: ${code}: ${message}`,
        { cause: error },
      );
    }
  }
}
