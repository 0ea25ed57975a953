import * as z from 'zod/mini';
import { tagKey } from '../../lib/tag-key';

/** SSM parameter names: a path of letters, digits and `_.-/` (or a name without a path), up to 2,048. */
const parameterName = z
  .string({
    error: (i) => `expected an SSM parameter name such as "/golden/web/ami", got ${JSON.stringify(i.input)}`,
  })
  .check(
    z.regex(/^[A-Za-z0-9_.\-/]{1,2048}$/, {
      error: (i) =>
        `expected an SSM parameter name such as "/golden/web/ami", got ${JSON.stringify(i.input)}`,
    }),
  );

/** An image family: where its current image comes from. */
const family = z.strictObject({
  /** SSM parameter holding the family's current AMI id: the first choice. */
  parameter: z.optional(parameterName),
  /**
   * Image name pattern (`*` any run of characters, `?` one) of the family's own images: the newest
   * available one the account owns is current when there is no parameter (or it is unusable).
   * Owned images tagged `familyTag` = the family's name belong to it too.
   */
  namePattern: z.optional(
    z
      .string({
        error: (i) => `expected an image name pattern such as "golden-web-*", got ${JSON.stringify(i.input)}`,
      })
      .check(z.minLength(1), z.maxLength(128)),
  ),
});

const FAMILY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;

const percent = (min: number, max: number, fallback: number) =>
  z._default(
    z
      .number({
        error: (i) => `expected a whole percentage from ${min} to ${max}, got ${JSON.stringify(i.input)}`,
      })
      .check(z.int(), z.gte(min), z.lte(max)),
    fallback,
  );

export const params = z
  .strictObject({
    /** Family name → its parameter and/or name pattern, e.g. `{ "web": { "parameter": "/golden/web/ami" } }`. */
    families: z._default(
      z.record(
        z.string().check(
          z.regex(FAMILY_NAME, {
            error: 'expected a family name of letters, digits and _.:/- (up to 128)',
          }),
        ),
        family,
      ),
      {},
    ),
    /** Tag (on the instance, or on the image it runs) naming its image family. */
    familyTag: z._default(tagKey, 'driftwatch:image-family'),
    /** Tag on an instance naming the SSM parameter that holds its current image, e.g. `/golden/web/ami`. */
    imageParameterTag: z._default(tagKey, 'driftwatch:image-parameter'),
    /** Tag on an instance with its own maximum lifetime, e.g. `36h` or `2d`. */
    lifetimeTag: z._default(tagKey, 'driftwatch:max-lifetime'),
    /** Maximum lifetime of an instance without the lifetime tag. */
    maxLifetimeHours: z._default(
      z
        .number({ error: (i) => `expected a whole number of hours, got ${JSON.stringify(i.input)}` })
        .check(z.int(), z.gte(1), z.lte(8760)),
      24,
    ),
    /** An instance superseded for less than this is being rolled (PASS); past it, FAIL. */
    supersededGraceHours: z._default(
      z
        .number({ error: (i) => `expected a number of hours, got ${JSON.stringify(i.input)}` })
        .check(z.gte(0), z.lte(720)),
      4,
    ),
    nameTag: z._default(tagKey, 'Name'),
    /** The owner tag every instance must have. */
    ownerTag: z._default(tagKey, 'Owner'),
    /**
     * Also check IMDSv2 per instance (checkId `imdsv2`). Off by default: ec2-network checks it on
     * every instance (CIS 5.7 / Security Hub EC2.8), and two functions alerting the same instance
     * for the same control is one alert too many. Turn it on where ec2-network is not deployed.
     */
    imdsv2: z._default(z.boolean(), false),
    /** Instance refresh: share of the desired capacity that stays in service (StartInstanceRefresh MinHealthyPercentage). */
    minHealthyPercentage: percent(0, 100, 100),
    /** Above 100 the refresh launches replacements before terminating; 200 with 100 above never dips. */
    maxHealthyPercentage: percent(100, 200, 200),
  })
  .check(
    z.refine((p) => p.maxHealthyPercentage - p.minHealthyPercentage <= 100, {
      path: ['maxHealthyPercentage'],
      error: 'expected at most minHealthyPercentage + 100 (an Auto Scaling limit)',
    }),
  );

export type Params = z.output<typeof params>;
export type FamilyConfig = z.output<typeof family>;
