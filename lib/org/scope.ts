import * as z from 'zod/mini';
import { zodValidationError } from '../validation';

/**
 * Which member accounts a fleet run covers. Exactly one source, minus `exclude`:
 * - `{ "organization": true }`: every ACTIVE account of the organization (ListAccounts);
 * - `{ "organizationalUnits": ["ou-ab12-cdefgh34"] }`: ACTIVE accounts under those OUs, nested OUs included;
 * - `{ "accounts": ["111122223333"] }`: an explicit list; the dispatcher keeps only ACTIVE accounts of
 *   the organization (lib/org/dispatcher.ts `organizationAccounts`).
 */
export interface AccountScope {
  readonly organization?: true;
  readonly organizationalUnits?: readonly string[];
  readonly accounts?: readonly string[];
  readonly exclude: readonly string[];
}

const ACCOUNT_ID = /^\d{12}$/;
/** Organizations' OU id pattern: `ou-` + 4–32 characters of the root id + `-` + 8–32 characters. */
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

const accountId = z
  .string({ error: (i) => `expected a 12-digit account id, got ${typeof i.input}` })
  .check(
    z.regex(ACCOUNT_ID, { error: (i) => `expected a 12-digit account id, got ${JSON.stringify(i.input)}` }),
  );
const ouId = z
  .string({ error: (i) => `expected an OU id such as ou-ab12-cdefgh34, got ${typeof i.input}` })
  .check(
    z.regex(OU_ID, {
      error: (i) => `expected an OU id such as ou-ab12-cdefgh34, got ${JSON.stringify(i.input)}`,
    }),
  );
const list = <T extends z.core.$ZodType>(item: T) =>
  z
    .array(item, { error: () => 'expected a non-empty list' })
    .check(z.minLength(1, { error: 'expected a non-empty list' }));

export const scopeSchema = z
  .strictObject(
    {
      organization: z.optional(z.literal(true, { error: () => 'expected true' })),
      organizationalUnits: z.optional(list(ouId)),
      accounts: z.optional(list(accountId)),
      exclude: z._default(z.array(accountId, { error: () => 'expected a list of account ids' }), []),
    },
    { error: (i) => (i.code === 'unrecognized_keys' ? undefined : 'expected a JSON object') },
  )
  .check(
    z.superRefine((scope, ctx) => {
      const sources = (['organization', 'organizationalUnits', 'accounts'] as const).filter(
        (key) => scope[key] !== undefined,
      );
      if (sources.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: `expected exactly one of organization, organizationalUnits or accounts, got ${sources.length === 0 ? 'none' : sources.join(' and ')}`,
        });
      }
    }),
  );

/** Validates an account scope; errors name the field (`scope.organizationalUnits.0`). */
export function parseScope(input: unknown, field = 'scope'): AccountScope {
  const parsed = scopeSchema.safeParse(input);
  if (!parsed.success) throw zodValidationError(parsed.error, 'account scope', { prefix: field });
  return parsed.data;
}
