import { z } from 'zod';
import { tagKey } from '../../lib/tag-key';

const hours = (field: string, fallback: number) =>
  z
    .number({ error: (i) => `expected a number of hours, got ${JSON.stringify(i.input)}` })
    .positive()
    .max(24 * 90)
    .default(fallback)
    .describe(field);

/** The rule's parameters (every field defaulted: an empty object parses). */
export const params = z
  .strictObject({
    /** Events starting within this many days are reported. */
    lookaheadDays: z
      .number({ error: (i) => `expected a whole number of days, got ${JSON.stringify(i.input)}` })
      .int()
      .min(1)
      .max(90)
      .default(14),
    /** An event starting within this many hours (or already started) is high severity. */
    highWithinHours: hours('highWithinHours', 72),
    /** Within this many hours it is medium, beyond it low. */
    mediumWithinHours: hours('mediumWithinHours', 168),
    nameTag: tagKey.default('Name'),
    ownerTag: tagKey.default('Owner'),
    /**
     * Tag holding a maintenance window, e.g. `Sun 03:00-05:00` (UTC; see maintenance-window.ts), on
     * an instance or, for all its members without their own, on an Auto Scaling group.
     */
    maintenanceWindowTag: tagKey.default('MaintenanceWindow'),
    /**
     * Replace an Auto Scaling group's instance ahead of a retirement, stop or reboot event, launching
     * the replacement before the instance goes (also needs the run's remediate, and no dry run).
     */
    replaceBeforeEvents: z
      .boolean({ error: (i) => `expected true or false, got ${JSON.stringify(i.input)}` })
      .default(false),
    /** How long before the event's start the replacement begins. */
    replacementLeadHours: hours('replacementLeadHours', 24),
  })
  .refine((p) => p.mediumWithinHours >= p.highWithinHours, {
    path: ['mediumWithinHours'],
    error: 'expected at least highWithinHours',
  });

export type Params = z.infer<typeof params>;
