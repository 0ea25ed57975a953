import * as z from 'zod/mini';

/**
 * A rule parameter naming a resource tag key: 1 to 128 characters, as EC2 and EBS accept. A bad value
 * is a ValidationError naming the field ("expected a tag key, got 5"). Wrap in `z._default(...)` per field.
 */
export const tagKey = z
  .string({ error: (i) => `expected a tag key, got ${JSON.stringify(i.input)}` })
  .check(z.minLength(1), z.maxLength(128));
