import type * as z from 'zod/mini';
import type { ClientFactory } from '../aws/clients';

/** Where a read applies: once per account (IAM), or once per enabled region. */
export type ReadScope = 'global' | 'regional';

/**
 * One named read of account state. Reads are the unit of the inventory: the live backend runs
 * `fetch` (paginated to the end) once per run and region, the snapshot backend looks the value up by
 * `name`. Values are plain JSON (dates as ISO strings) so a snapshot file holds exactly what rules see.
 */
export interface ReadDef<T> {
  /** Stable name, `service.thing`, e.g. `iam.accountSummary`. Also the key in snapshot files. */
  readonly name: string;
  readonly scope: ReadScope;
  /** The IAM actions `fetch` calls. Rule metadata must declare them (a unit test holds it to that). */
  readonly actions: readonly string[];
  fetch(clients: ClientFactory, region: string): Promise<T>;
  /**
   * The shape of the value `fetch` produces (lib/inventory/snapshot-schemas.ts). A snapshot file's
   * stored value is checked against it, so a bad file is refused naming the path of the bad value.
   * A read without one is served from snapshots unchecked.
   */
  readonly schema?: z.core.$ZodType<T>;
}

/** Declares a read; the identity function exists so `T` is inferred at the definition. */
export function defineRead<T>(def: ReadDef<T>): ReadDef<T> {
  return def;
}

/**
 * What a rule may know about an account. A failed read throws `InventoryReadError` (never an empty
 * value), which the engine turns into an ERROR finding for that region.
 */
export interface Inventory {
  readonly source: 'live' | 'snapshot';
  /** `region` is required for regional reads and ignored for global ones. */
  get<T>(read: ReadDef<T>, region?: string): Promise<T>;
}

/** The key under which a read's value is memoised and stored in snapshots. */
export const GLOBAL_KEY = 'global';

export function readKey(read: ReadDef<unknown>, region: string | undefined): string {
  if (read.scope === 'global') return GLOBAL_KEY;
  if (!region) throw new TypeError(`Expected a region for regional read ${read.name}, got none.`);
  return region;
}
