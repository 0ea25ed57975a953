import { archiveSnapshot } from '../../lib/actions/ebs-archive';
import { copySnapshot } from '../../lib/actions/ebs-copy';
import { plan } from '../../lib/actions/types';
import type { Volume } from '../../lib/inventory/ebs';
import type { Tags } from '../../lib/inventory/tags';
import type { FindingDraft } from '../../lib/rule';
import { savedByArchiving } from './prices';
import type { ArchiveCandidate } from './snapshot-archive';
import type { CopyPlan } from './snapshot-copies';
import { COPY_TAGS, MANAGED_TAGS } from './snapshot-tags';

/** The findings about cross-region copies (one per volume and destination) and archiving. */

export interface CopyContext {
  readonly region: string;
  /** Tags the copy carries: the volume's copied tags and the markers of its snapshots. */
  readonly baseTags: Tags;
  /** Destination region → KMS key for the copies there. */
  readonly kmsKeyIds: Readonly<Record<string, string>>;
}

/** A volume's copy to one destination: copied, due (routine, PASS), nothing to copy yet, or unreadable (FAIL). */
export function copyDraft(volume: Volume, c: CopyPlan, ctx: CopyContext): FindingDraft {
  const base = {
    resource: { type: 'AwsEc2Volume', id: volume.id, tags: volume.tags },
    checkId: `copy:${c.region}`,
    severity: 'informational' as const,
  };
  if (c.status === 'unreadable')
    return {
      ...base,
      status: 'FAIL',
      severity: 'medium',
      message: `Volume ${volume.id} is to be copied to ${c.region}, but the snapshots there could not be listed (${c.error}), so no copy is made this run.`,
      details: { destination: c.region, error: c.error },
    };
  if (c.status === 'no-source')
    return {
      ...base,
      status: 'PASS',
      message: `Volume ${volume.id} has no completed driftwatch snapshot to copy to ${c.region} yet.`,
      details: { destination: c.region },
    };
  if (c.status === 'copied')
    return {
      ...base,
      status: 'PASS',
      message: `Volume ${volume.id}'s newest snapshot ${c.source.id} is copied to ${c.region} as ${c.copyId}.`,
      details: { destination: c.region, source: c.source.id, copy: c.copyId },
    };
  const tags: Record<string, string> = {
    ...ctx.baseTags,
    [MANAGED_TAGS.retention]: c.retention,
    [COPY_TAGS.sourceSnapshotId]: c.source.id,
    [COPY_TAGS.sourceRegion]: ctx.region,
    [COPY_TAGS.copyRegion]: c.region,
  };
  const kmsKeyId = ctx.kmsKeyIds[c.region];
  return {
    ...base,
    status: 'PASS',
    message: `Volume ${volume.id}'s newest snapshot ${c.source.id} has no copy in ${c.region} yet; copying it there (encrypted, kept by ${c.retention}) as routine work when remediation is on.`,
    details: {
      destination: c.region,
      source: c.source.id,
      retention: c.retention,
      copyTags: tags,
      kmsKeyId: kmsKeyId ?? null,
    },
    action: plan(
      copySnapshot,
      {
        sourceSnapshotId: c.source.id,
        sourceRegion: ctx.region,
        destinationRegion: c.region,
        description: `driftwatch copy of ${c.source.id} (${volume.id}) from ${ctx.region}`,
        tags,
        ...(kmsKeyId ? { kmsKeyId } : {}),
      },
      `Copy snapshot ${c.source.id} of ${volume.id} to ${c.region}`,
    ),
  };
}

/** A snapshot old enough for the archive tier: moving it is planned (routine). */
export function archiveDraft(a: ArchiveCandidate, afterDays: number): FindingDraft {
  const saved = savedByArchiving([a.snapshot]);
  return {
    resource: { type: 'AwsEc2Snapshot', id: a.snapshot.id, tags: a.snapshot.tags },
    checkId: 'archive',
    status: 'PASS',
    severity: 'informational',
    message: `Snapshot ${a.snapshot.id} of ${a.volumeId} is ${a.ageDays} days old (archive after ${afterDays}); moving it to the archive tier saves about $${saved.usdPerMonth.toFixed(2)}/month (estimate).`,
    details: { volumeId: a.volumeId, ageDays: a.ageDays, sizeGiB: a.snapshot.sizeGiB ?? null, saved },
    action: plan(
      archiveSnapshot,
      { snapshotId: a.snapshot.id },
      `Archive driftwatch snapshot ${a.snapshot.id} of ${a.volumeId}`,
    ),
  };
}
