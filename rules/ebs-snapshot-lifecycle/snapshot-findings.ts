import { deleteSnapshot } from '../../lib/actions/ebs';
import { plan } from '../../lib/actions/types';
import type { FindingDraft } from '../../lib/rule';
import type { Expired, Orphans, SnapshotPlan } from './snapshot-planner';

/**
 * The ebs-snapshot-lifecycle findings about snapshots and the region's plan (the rule itself builds
 * the per-volume ones): what is deleted, kept because in use, orphaned, and left for the next run.
 */

/** How many snapshot ids a summary finding lists (its counts are always complete). */
const LISTED = 50;

/** Managed snapshots whose volume is gone: informational, pruned by their own recorded retention. */
export function orphanDraft(o: Orphans): FindingDraft {
  return {
    resource: { type: 'AwsEc2Volume', id: o.volumeId },
    checkId: 'orphaned-snapshots',
    status: 'FAIL',
    severity: 'informational',
    message: `Volume ${o.volumeId} no longer exists; its ${o.snapshots} driftwatch snapshot(s) are ${o.retention ? `pruned by their recorded retention (${o.retention})` : 'kept (no readable recorded retention)'}, and the newest, ${o.newest.id}, is always kept.`,
    details: {
      snapshots: o.snapshots,
      newest: o.newest.id,
      newestStartTime: o.newest.startTime,
      retention: o.retention ?? null,
    },
  };
}

/**
 * What the deletion and the kept-in-use drafts share: the expired snapshot under the retention check.
 * Both are informational PASS: pruning is the routine work the rule exists for, and keeping one an
 * AMI uses is the safe outcome. Deletions left for the next run fail in the region summary instead.
 */
function expiredDraft(e: Expired) {
  return {
    resource: { type: 'AwsEc2Snapshot', id: e.snapshot.id, tags: e.snapshot.tags },
    checkId: 'retention',
    status: 'PASS' as const,
    severity: 'informational' as const,
    details: {
      volumeId: e.volumeId,
      retention: e.retention,
      position: e.position,
      ageDays: e.ageDays,
      startTime: e.snapshot.startTime,
      usedBy: e.usedBy,
    },
  };
}

/** An expired snapshot nothing uses: its deletion (routine) is planned. */
export function deletionDraft(e: Expired): FindingDraft {
  return {
    ...expiredDraft(e),
    message: `Snapshot ${e.snapshot.id} of ${e.volumeId} is past its retention (${e.retention}), ${e.ageDays} days old and number ${e.position} from the newest; pruning it.`,
    action: plan(
      deleteSnapshot,
      { snapshotId: e.snapshot.id },
      `Delete expired driftwatch snapshot ${e.snapshot.id} of ${e.volumeId}`,
    ),
  };
}

/** An expired snapshot an AMI or launch template uses: kept, and said so. */
export function keptDraft(e: Expired): FindingDraft {
  return {
    ...expiredDraft(e),
    message: `Snapshot ${e.snapshot.id} of ${e.volumeId} is past its retention (${e.retention}) but is kept because ${e.usedBy.join(', ')} uses it.`,
  };
}

export function summaryDraft(region: string, r: SnapshotPlan, maxDeletionsPerRun: number): FindingDraft {
  const due = r.volumes.filter((v) => v.kind === 'policy' && v.due).length;
  const behind = r.volumes.filter((v) => v.kind === 'policy' && v.behind).length;
  const badTags = r.volumes.filter((v) => v.kind === 'bad-tag').length;
  const untagged = r.volumes.filter((v) => v.kind === 'untagged').length;
  return {
    resource: { type: 'AwsRegion', id: region },
    checkId: 'lifecycle-plan',
    status: r.deferred.length > 0 ? 'FAIL' : 'PASS',
    severity: 'informational',
    message:
      `In ${region}: ${due} snapshot(s) to create, ${r.delete.length} expired to delete, ${r.keptInUse.length} expired kept (in use), ` +
      `${r.deferred.length} left for the next run (max ${maxDeletionsPerRun} deletions per run); ${r.unmanagedCount} snapshot(s) not created by driftwatch untouched.`,
    details: {
      volumes: r.volumes.length,
      untaggedVolumes: untagged,
      badTagVolumes: badTags,
      toCreate: due,
      behindVolumes: behind,
      toDelete: r.delete.length,
      keptInUse: r.keptInUse.length,
      leftForNextRun: r.deferred.length,
      leftForNextRunIds: r.deferred.slice(0, LISTED).map((e) => e.snapshot.id),
      orphanedVolumes: r.orphans.length,
      managedSnapshots: r.managedCount,
      unmanagedSnapshots: r.unmanagedCount,
      maxDeletionsPerRun: maxDeletionsPerRun,
    },
  };
}
