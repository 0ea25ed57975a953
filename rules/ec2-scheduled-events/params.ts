import * as z from 'zod/mini';
import { tagKey } from '../../lib/tag-key';

const hours = (field: string, fallback: number) =>
  z
    ._default(
      z
        .number({ error: (i) => `expected a number of hours, got ${JSON.stringify(i.input)}` })
        .check(z.positive(), z.lte(24 * 90)),
      fallback,
    )
    .register(z.globalRegistry, { description: field });

/** The rule's parameters (every field defaulted: an empty object parses). */
export const params = z
  .strictObject({
    /** Events starting within this many days are reported. */
    lookaheadDays: z._default(
      z
        .number({ error: (i) => `expected a whole number of days, got ${JSON.stringify(i.input)}` })
        .check(z.int(), z.gte(1), z.lte(90)),
      14,
    ),
    /** An event starting within this many hours (or already started) is high severity. */
    highWithinHours: hours('highWithinHours', 72),
    /** Within this many hours it is medium, beyond it low. */
    mediumWithinHours: hours('mediumWithinHours', 168),
    nameTag: z._default(tagKey, 'Name'),
    ownerTag: z._default(tagKey, 'Owner'),
    /**
     * Tag holding a maintenance window, e.g. `Sun 03:00-05:00` (UTC; see maintenance-window.ts), on
     * an instance or, for all its members without their own, on an Auto Scaling group.
     */
    maintenanceWindowTag: z._default(tagKey, 'MaintenanceWindow'),
    /**
     * Replace an Auto Scaling group's instance ahead of a retirement, stop or reboot event, launching
     * the replacement before the instance goes (also needs the run's remediate, and no dry run).
     */
    replaceBeforeEvents: z._default(
      z.boolean({ error: (i) => `expected true or false, got ${JSON.stringify(i.input)}` }),
      false,
    ),
    /** How long before the event's start the replacement begins. */
    replacementLeadHours: hours('replacementLeadHours', 24),
  })
  .check(
    z.refine((p) => p.mediumWithinHours >= p.highWithinHours, {
      path: ['mediumWithinHours'],
      error: 'expected at least highWithinHours',
    }),
  );

export type Params = z.output<typeof params>;
