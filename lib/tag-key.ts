import { z } from 'zod';

/**
 * A rule parameter naming a resource tag key: 1 to 128 characters, as EC2 and EBS accept. A bad value
 * is a ValidationError naming the field ("expected a tag key, got 5"). Add `.default(...)` per field.
 */
export const tagKey = z
  .string({ error: (i) => `expected a tag key, got ${JSON.stringify(i.input)}` })
  .min(1)
  .max(128);
