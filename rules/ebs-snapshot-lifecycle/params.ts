import { z } from 'zod';
import { tagKey } from '../../lib/tag-key';
import { ORPHAN_POLICY_FORMS, ORPHAN_POLICY_PATTERN } from './snapshot-prune';

/** The parameters of ebs-snapshot-lifecycle, validated and defaulted (unknown keys refused). */

/** AWS reserves the `aws:` prefix: nobody can set such a tag on a volume or copy it onto a snapshot. */
const writableTagKey = tagKey.refine((k) => !k.toLowerCase().startsWith('aws:'), {
  error: 'expected a tag key not starting with "aws:"',
});

export const params = z.strictObject({
  /** Volume tag holding the schedule, e.g. `daily@03:00`. */
  scheduleTag: writableTagKey.default('driftwatch:snapshot-schedule'),
  /** Volume tag holding the retention, e.g. `7`, `14d` or `7,14d`. */
  retentionTag: writableTagKey.default('driftwatch:snapshot-retention'),
  /** Volume tags copied onto each new snapshot (driftwatch's own markers always win). */
  copyTags: z.array(writableTagKey).max(40).default(['Name']),
  /** Deletions planned per region per run; the rest are reported and left for the next run. The request's maxChanges still caps what runs. */
  maxDeletionsPerRun: z.number().int().min(0).max(10_000).default(100),
  /** Volume tag naming the regions to copy its newest snapshot to, e.g. `eu-west-1:14d,us-west-2`. */
  copyTag: writableTagKey.default('driftwatch:snapshot-copy-to'),
  /** KMS key (id, alias or ARN) per destination region for the copies there; absent: that region's default EBS key. */
  copyKmsKeyIds: z
    .record(
      z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { error: 'expected a region name such as eu-west-1' }),
      z.string().min(1).max(2048),
    )
    .default({}),
  /** What happens to managed snapshots of deleted volumes, or of volumes whose schedule tag was removed. */
  orphanPolicy: z
    .string()
    .regex(ORPHAN_POLICY_PATTERN, { error: `expected ${ORPHAN_POLICY_FORMS}` })
    .default('keep-newest'),
  /** Move managed snapshots older than this many days to the archive tier (never the newest, never one in use); absent: never. */
  archiveAfterDays: z.number().int().min(1).max(36_500).optional(),
  /** Archive moves planned per region per run. */
  maxArchivesPerRun: z.number().int().min(0).max(10_000).default(100),
});
export type Params = z.infer<typeof params>;
