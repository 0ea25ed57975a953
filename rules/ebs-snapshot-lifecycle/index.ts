import { archiveSnapshot } from '../../lib/actions/ebs-archive';
import { copySnapshot } from '../../lib/actions/ebs-copy';
import { createSnapshot, deleteSnapshot } from '../../lib/actions/ebs';
import { plan } from '../../lib/actions/types';
import { ownedSnapshots, snapshotsInUse, volumes } from '../../lib/inventory/ebs';
import type { Volume } from '../../lib/inventory/ebs';
import { lockedSnapshots } from '../../lib/inventory/ebs-locks';
import { enabledRegions } from '../../lib/inventory/regions';
import { pickTags } from '../../lib/inventory/tags';
import type { Tags } from '../../lib/inventory/tags';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { archiveDraft, copyDraft } from './snapshot-copy-findings';
import { deletionDraft, keptDraft, lockedDraft, orphanDraft, summaryDraft } from './snapshot-findings';
import type { VolumePlan } from './snapshot-planner';
import { copyDestinations, MANAGED_TAGS, MANAGER, planSnapshots } from './snapshot-planner';
import { newestUnmanaged, volumeFacts } from './volume-facts';
import { parseOrphanPolicy } from './snapshot-prune';
import { destinationListings, readLocks } from './snapshot-reads';

import { params } from './params';
import type { Params } from './params';

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
    const copies = result.volumes.flatMap((v) =>
      v.kind === 'policy'
        ? v.copies.map((c) =>
            copyDraft(v.volume, c, { region, baseTags: snapshotTags(v, p), kmsKeyIds: p.copyKmsKeyIds }),
          )
        : [],
    );
    const unmanaged = newestUnmanaged(snaps);
    return [
      ...result.volumes.map((v) => volumeDraft(v, p, unmanaged.get(v.volume.id))),
      ...copies,
      ...result.delete.map(deletionDraft),
      ...result.keptInUse.map(keptDraft),
      ...result.keptLocked.map(lockedDraft),
      ...result.archive.map((a) => archiveDraft(a, p.archiveAfterDays ?? 0)),
      ...result.orphans.map((o) => orphanDraft(o, p.scheduleTag)),
      summaryDraft(
        region,
        result,
        p.maxDeletionsPerRun,
        locks.ok ? { ok: true, count: locks.locked.size } : locks,
      ),
    ];
  },
});

/** The tags of a new snapshot of a volume (and of its copies): chosen volume tags, then driftwatch's markers. */
function snapshotTags(v: Extract<VolumePlan, { kind: 'policy' }>, p: Params): Tags {
  const tags = pickTags(v.volume.tags, p.copyTags);
  Object.assign(tags, {
    [MANAGED_TAGS.managedBy]: MANAGER,
    [MANAGED_TAGS.volumeId]: v.volume.id,
    [MANAGED_TAGS.schedule]: v.schedule.text,
    [MANAGED_TAGS.retention]: v.retention.text,
  });
  return tags;
}

function volumeResource(v: Volume): FindingDraft['resource'] {
  return { type: 'AwsEc2Volume', id: v.id, tags: v.tags };
}

function volumeDraft(v: VolumePlan, p: Params, unmanagedAt?: string): FindingDraft {
  const resource = volumeResource(v.volume);
  const base = { resource, checkId: 'backup' };
  if (v.kind === 'untagged') {
    return {
      ...base,
      status: 'NOT_APPLICABLE',
      severity: 'informational',
      message: `Volume ${v.volume.id} has no ${p.scheduleTag} tag, so this rule takes no snapshots of it.`,
      details: { managedSnapshots: v.managed, ...volumeFacts(v.volume) },
    };
  }
  if (v.kind === 'bad-tag') {
    const said = v.problems.map(
      (x) => `${x.tag} ${x.value === undefined ? 'is missing' : `is "${x.value}"`}; accepted: ${x.accepted}`,
    );
    return {
      ...base,
      status: 'FAIL',
      message: `Volume ${v.volume.id} has an unusable backup tag, so nothing is created or deleted for it: ${said.join('. ')}.`,
      details: { problems: v.problems, managedSnapshots: v.managed, ...volumeFacts(v.volume) },
    };
  }
  const details = {
    schedule: v.schedule.text,
    retention: v.retention.text,
    managedSnapshots: v.managed,
    newest: v.newest ? { id: v.newest.id, startTime: v.newest.startTime, state: v.newest.state } : null,
    slot: v.slot,
    previousSlot: v.previousSlot,
    behind: v.behind,
    nextDueAt: v.nextDueAt,
    ...volumeFacts(v.volume),
    ...(unmanagedAt ? { newestUnmanagedSnapshotAt: unmanagedAt } : {}),
  };
  if (!v.due) {
    return {
      ...base,
      status: 'PASS',
      message: `Volume ${v.volume.id} has a snapshot for its ${v.schedule.text} schedule (${v.newest?.id ?? 'none'}); the next is due at ${v.nextDueAt}.`,
      details,
    };
  }
  const tags = snapshotTags(v, p);
  // Due in the current slot only is the routine work this rule exists for (PASS); behind is a FAIL.
  return {
    ...base,
    status: v.behind ? 'FAIL' : 'PASS',
    message: dueMessage(v, unmanagedAt),
    details: { ...details, snapshotTags: tags },
    action: plan(
      createSnapshot,
      {
        volumeId: v.volume.id,
        description: `driftwatch ${MANAGER}: ${v.volume.id} (${v.schedule.text}, keep ${v.retention.text})`,
        tags,
        // The slot identifies this creation: checked after an uncertain outcome, claimed by one run.
        slot: v.slot,
      },
      `Create a snapshot of ${v.volume.id} tagged for retention ${v.retention.text}`,
    ),
  };
}

/** One sentence for a volume a snapshot is due for: on schedule, behind by a slot or more, or never backed up. */
function dueMessage(v: Extract<VolumePlan, { kind: 'policy' }>, unmanagedAt?: string): string {
  const id = v.volume.id;
  const schedule = v.schedule.text;
  if (!v.newest && unmanagedAt)
    return `Volume ${id} has no driftwatch-managed snapshot for its ${schedule} schedule (an unmanaged one from ${unmanagedAt.slice(0, 10)} exists); one is due now (slot ${v.slot}).`;
  if (!v.newest)
    return `Volume ${id} has no usable driftwatch snapshot for its ${schedule} schedule, so it has no backup; one is due now (slot ${v.slot}).`;
  const newest = `its newest driftwatch snapshot ${v.newest.id} started ${v.newest.startTime}`;
  if (v.behind)
    return `Volume ${id} is behind its ${schedule} schedule: ${newest}, before the previous slot (${v.previousSlot}), so at least one whole slot was missed.`;
  return `Volume ${id} is keeping its ${schedule} schedule (${newest}); a snapshot is due now for slot ${v.slot} and is created as routine work when remediation is on.`;
}
