import { SnapshotError } from '../errors';
import type * as z from 'zod/mini';
import type { ClientFactory } from '../aws/clients';
import { list, object, strings } from './snapshot-schema-parts';
import type { ReadDef, ReadScope } from './types';

/** What a keyed read returns: the keys it was asked about, and what it found for them. */
export interface KeyedValue<E> {
  /** Sorted, de-duplicated: every key asked about, found or not. */
  readonly requested: readonly string[];
  /** One entry per key found (a key AWS does not know is simply absent). */
  readonly found: readonly E[];
}

/**
 * A read whose AWS calls need the names of what to read, e.g. the SSM parameters instances name
 * in their tags (GetParameters takes names, not a listing). Declare the read itself in a rule's
 * `reads` (its `actions` are the IAM actions), then `inventory.get(read.for(keys), region)`.
 *
 * The read keeps its one name, so the inventory memoises and records it once per region: a rule
 * asks it once per region with every key it needs. `requested` is stored with the value, so a
 * snapshot evaluated later can tell "not found" from "not asked" (`foundFor` throws on the latter).
 */
export interface KeyedRead<E> extends ReadDef<KeyedValue<E>> {
  for(keys: Iterable<string>): ReadDef<KeyedValue<E>>;
}

export interface KeyedReadInput<E> {
  readonly name: string;
  readonly scope: ReadScope;
  readonly actions: readonly string[];
  /**
   * The shape of one found entry; the read's `schema` is `{ requested, found }` around it, so a
   * snapshot file's stored value is checked as the plain reads' are (see `ReadDef.schema`).
   */
  readonly schema?: z.core.$ZodType<E>;
  /** Fetches the entries for `keys` (sorted, unique, never empty); a key AWS does not know is left out. */
  fetchKeys(clients: ClientFactory, region: string, keys: readonly string[]): Promise<E[]>;
}

/** Declares a keyed read (see `KeyedRead`). */
export function defineKeyedRead<E>(input: KeyedReadInput<E>): KeyedRead<E> {
  const schema = input.schema && keyedSchema(input.schema);
  const bound = (keys: readonly string[]): ReadDef<KeyedValue<E>> => ({
    name: input.name,
    scope: input.scope,
    actions: input.actions,
    ...(schema ? { schema } : {}),
    async fetch(clients, region) {
      const found = keys.length === 0 ? [] : await input.fetchKeys(clients, region, keys);
      return { requested: keys, found };
    },
  });
  return {
    ...bound([]),
    for: (keys) => bound([...new Set(keys)].sort()),
  };
}

/** The schema of a keyed read's value: the keys asked about, and the entries found for them. */
function keyedSchema<E>(entry: z.core.$ZodType<E>): z.core.$ZodType<KeyedValue<E>> {
  return object({ requested: strings, found: list(entry) });
}

/**
 * Looks up a keyed read's entries by key: undefined when AWS has none. Throws a SnapshotError for
 * a key the value was read without asking about (a snapshot recorded with other parameters or
 * tags), rather than mistaking "not asked" for "does not exist".
 */
export function indexFound<E>(
  value: KeyedValue<E>,
  keyOf: (entry: E) => string,
  readName: string,
): (key: string) => E | undefined {
  const byKey = new Map(value.found.map((e) => [keyOf(e), e]));
  const asked = new Set(value.requested);
  return (key) => {
    const entry = byKey.get(key);
    if (entry || asked.has(key)) return entry;
    throw new SnapshotError(
      `The recorded "${readName}" did not ask about "${key}"; record the snapshot again with the same parameters and tags.`,
    );
  };
}
