import * as z from 'zod/mini';
import { tagKey } from '../../lib/tag-key';
import { ORPHAN_POLICY_FORMS, ORPHAN_POLICY_PATTERN } from './snapshot-prune';

/** The parameters of ebs-snapshot-lifecycle, validated and defaulted (unknown keys refused). */

/** AWS reserves the `aws:` prefix: nobody can set such a tag on a volume or copy it onto a snapshot. */
const writableTagKey = tagKey.check(
  z.refine((k) => !k.toLowerCase().startsWith('aws:'), {
    error: 'expected a tag key not starting with "aws:"',
  }),
);

export const params = z.strictObject({
  /** Volume tag holding the schedule, e.g. `daily@03:00`. */
  scheduleTag: z._default(writableTagKey, 'driftwatch:snapshot-schedule'),
  /** Volume tag holding the retention, e.g. `7`, `14d` or `7,14d`. */
  retentionTag: z._default(writableTagKey, 'driftwatch:snapshot-retention'),
  /** Volume tags copied onto each new snapshot (driftwatch's own markers always win). */
  copyTags: z._default(z.array(writableTagKey).check(z.maxLength(40)), ['Name']),
  /** Deletions planned per region per run; the rest are reported and left for the next run. The request's maxChanges still caps what runs. */
  maxDeletionsPerRun: z._default(z.number().check(z.int(), z.gte(0), z.lte(10_000)), 100),
  /** Volume tag naming the regions to copy its newest snapshot to, e.g. `eu-west-1:14d,us-west-2`. */
  copyTag: z._default(writableTagKey, 'driftwatch:snapshot-copy-to'),
  /** KMS key (id, alias or ARN) per destination region for the copies there; absent: that region's default EBS key. */
  copyKmsKeyIds: z._default(
    z.record(
      z
        .string()
        .check(
          z.regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { error: 'expected a region name such as eu-west-1' }),
        ),
      z.string().check(z.minLength(1), z.maxLength(2048)),
    ),
    {},
  ),
  /** What happens to managed snapshots of deleted volumes, or of volumes whose schedule tag was removed. */
  orphanPolicy: z._default(
    z.string().check(z.regex(ORPHAN_POLICY_PATTERN, { error: `expected ${ORPHAN_POLICY_FORMS}` })),
    'keep-newest',
  ),
  /** Move managed snapshots older than this many days to the archive tier (never the newest, never one in use); absent: never. */
  archiveAfterDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(36_500))),
  /** Archive moves planned per region per run. */
  maxArchivesPerRun: z._default(z.number().check(z.int(), z.gte(0), z.lte(10_000)), 100),
});
export type Params = z.output<typeof params>;
