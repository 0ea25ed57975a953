import * as z from 'zod/mini';

// The building blocks of lib/inventory/snapshot-schemas.ts: JSON primitives as the live reads write
// them, each with an error that says what was expected and what the file holds.

/** A string (possibly empty, as the reads write `?? ''`). */
export const text = z.string({ error: (i) => `expected a string, got ${received(i.input)}` });
/** A non-empty string (a region name). */
export const name = text.check(z.minLength(1, { error: 'expected a non-empty string, got ""' }));
/** A JSON boolean. */
export const flag = z.boolean({ error: (i) => `expected true or false, got ${received(i.input)}` });
/** An ISO-8601 time, as the reads write SDK dates (`toISOString()`). */
export const time = z.iso.datetime({
  offset: true,
  error: (i) => `expected an ISO-8601 time such as 2026-11-20T09:00:00.000Z, got ${received(i.input)}`,
});
/** A whole number >= 0 (sizes, IAM summary counts). */
export const count = z
  .number({ error: (i) => `expected a number, got ${received(i.input)}` })
  .check(
    z.int({ error: (i) => `expected a whole number, got ${received(i.input)}` }),
    z.nonnegative({ error: (i) => `expected a whole number >= 0, got ${received(i.input)}` }),
  );
/** A JSON array of `item`. */
export const list = <T extends z.core.$ZodType>(item: T) =>
  z.array(item, { error: (i) => `expected a list, got ${received(i.input)}` });
/** A JSON object with exactly these fields (optional ones may be absent, none may be added). */
export const object = <S extends z.core.$ZodShape>(shape: S) =>
  z.strictObject(shape, { error: (i) => `expected an object, got ${received(i.input)}` });
/** A list of strings. */
export const strings = list(text);

/** `null`, `a number (42)`, `"tomorrow"`: the received value, short, for error messages. */
export function received(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `a ${typeof value} (${scalarText(value)})`;
}

/** A number, boolean or bigint as written; anything else (undefined, a symbol, a function) by its kind. */
function scalarText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
    ? value.toString()
    : typeof value;
}
