import { archiveSnapshot } from '../../lib/actions/ebs-archive';
import { copySnapshot } from '../../lib/actions/ebs-copy';
import { createSnapshot, deleteSnapshot } from '../../lib/actions/ebs';
import { ownedSnapshots, snapshotsInUse, volumes } from '../../lib/inventory/ebs';
import { lockedSnapshots } from '../../lib/inventory/ebs-locks';
import { enabledRegions } from '../../lib/inventory/regions';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { archiveDraft, copyDraft } from './snapshot-copy-findings';
import { deletionDraft, keptDraft, lockedDraft, orphanDraft, summaryDraft } from './snapshot-findings';
import { copyDestinations } from './snapshot-copies';
import type { Expired, LockedKept, Orphans, VolumePlan } from './snapshot-planner';
import { planSnapshots } from './snapshot-planner';
import type { ArchiveCandidate } from './snapshot-archive';
import type { CopyPlan } from './snapshot-copies';
import { snapshotTags, volumeDraft } from './volume-findings';
import { parseOrphanPolicy } from './snapshot-prune';
import { destinationListings, readLocks } from './snapshot-reads';

import { params } from './params';

/**
 * ebs-snapshot-lifecycle: volumes declare a snapshot schedule and retention in tags; the rule creates
 * snapshots when due and prunes expired ones it created — never the newest of a volume, never one an
 * AMI or launch template uses, never one it did not create.
 */
export const ebsSnapshotLifecycle = defineRule({
  meta: {
    id: 'ebs-snapshot-lifecycle',
    title: 'EBS volumes are snapshotted on their tagged schedule and old snapshots are pruned',
    description:
      'Creates EBS snapshots for volumes whose tags declare a schedule (hourly, every N hours, daily or weekly at a UTC time), copies the newest to the tagged disaster-recovery regions, moves old ones to the archive tier if asked, and deletes the snapshots it created once past the tagged retention (a count, an age, tiers such as daily=7,weekly=4,monthly=12, or a mix); orphaned ones follow an orphan policy, locked ones are never deleted.',
    risk: 'A volume without a recent snapshot loses data for good when it fails or is deleted; snapshots kept forever cost money and hide which ones matter.',
    severity: 'medium',
    resourceType: 'AwsEc2Volume',
    scope: 'regional',
    controls: {},
    deployment: { schedule: 'rate(1 hour)', memorySize: 1024 },
    triggers: [
      { source: 'aws.ec2', eventNames: ['DeleteSnapshot'] },
      {
        source: 'aws.ec2',
        eventNames: ['CreateTags', 'DeleteTags'],
        detail: { requestParameters: { resourcesSet: { items: { resourceId: [{ prefix: 'vol-' }] } } } },
      },
    ],
    remediation: {
      text: 'Tag each volume to back up with driftwatch:snapshot-schedule (e.g. daily@03:00) and driftwatch:snapshot-retention (e.g. 7,14d), and run the rule with remediate enabled.',
      url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-creating-snapshot.html',
    },
  },
  reads: [volumes, ownedSnapshots, snapshotsInUse, lockedSnapshots],
  actions: [createSnapshot, deleteSnapshot, copySnapshot, archiveSnapshot],
  params,
  regions: enabledRegions,
  async evaluate({ inventory, region, params: p, now }): Promise<FindingDraft[]> {
    const [vols, snaps, inUse, locks] = await Promise.all([
      inventory.get(volumes, region),
      inventory.get(ownedSnapshots, region),
      inventory.get(snapshotsInUse, region),
      readLocks(inventory, region),
    ]);
    const destinations = await destinationListings(
      inventory,
      region,
      copyDestinations(vols, p.copyTag, region),
    );
    const result = planSnapshots({
      volumes: vols,
      snapshots: snaps,
      inUse,
      scheduleTag: p.scheduleTag,
      retentionTag: p.retentionTag,
      maxDeletions: p.maxDeletionsPerRun,
      now,
      region,
      copyTag: p.copyTag,
      destinations,
      ...(locks.ok ? { locked: locks.locked } : {}),
      orphanPolicy: parseOrphanPolicy(p.orphanPolicy),
      ...(p.archiveAfterDays === undefined ? {} : { archiveAfterDays: p.archiveAfterDays }),
      maxArchives: p.maxArchivesPerRun,
    });
    // Creations first, then copies: if maxChanges or the deadline stops the run, backups win over pruning.
    // One array filled in order by indexed loops, not a spread of per-kind arrays (nor an array per
    // volume for its copies): evaluate runs once a region, unoptimised, where for-of allocates too.
    const drafts: FindingDraft[] = [];
    const { volumes: plans, newestUnmanaged } = result;
    for (let i = 0; i < plans.length; i += 1) {
      const v = plans[i] as VolumePlan;
      drafts.push(volumeDraft(v, p, newestUnmanaged.get(v.volume.id)));
    }
    for (let i = 0; i < plans.length; i += 1) {
      const v = plans[i] as VolumePlan;
      if (v.kind !== 'policy' || v.copies.length === 0) continue;
      const copy = { region, baseTags: snapshotTags(v, p), kmsKeyIds: p.copyKmsKeyIds };
      for (let j = 0; j < v.copies.length; j += 1)
        drafts.push(copyDraft(v.volume, v.copies[j] as CopyPlan, copy));
    }
    for (let i = 0; i < result.delete.length; i += 1) drafts.push(deletionDraft(result.delete[i] as Expired));
    for (let i = 0; i < result.keptInUse.length; i += 1)
      drafts.push(keptDraft(result.keptInUse[i] as Expired));
    for (let i = 0; i < result.keptLocked.length; i += 1)
      drafts.push(lockedDraft(result.keptLocked[i] as LockedKept));
    const archiveAfterDays = p.archiveAfterDays ?? 0;
    for (let i = 0; i < result.archive.length; i += 1)
      drafts.push(archiveDraft(result.archive[i] as ArchiveCandidate, archiveAfterDays));
    for (let i = 0; i < result.orphans.length; i += 1)
      drafts.push(orphanDraft(result.orphans[i] as Orphans, p.scheduleTag));
    drafts.push(
      summaryDraft(
        region,
        result,
        p.maxDeletionsPerRun,
        locks.ok ? { ok: true, count: locks.locked.size } : locks,
      ),
    );
    return drafts;
  },
});
