import { deleteSnapshot } from '../../lib/actions/ebs';
import type { PlannedAction } from '../../lib/actions/types';
import { plan } from '../../lib/actions/types';
import type { FindingDraft } from '../../lib/rule';
import { freedByDeleting, savedByArchiving, SNAPSHOT_PRICES } from './prices';
import type { Expired, LockedKept, Orphans, SnapshotPlan } from './snapshot-planner';
import type { Mutable } from '../../lib/mutable';

/**
 * The ebs-snapshot-lifecycle findings about snapshots and the region's plan (the rule itself builds
 * the per-volume ones): what is deleted, kept because in use or locked, orphaned, and left for the
 * next run.
 */

/** How many snapshot ids a summary finding lists (its counts are always complete). */
const LISTED = 50;

/** Managed snapshots with no live policy (volume deleted, or schedule tag removed): they follow the orphan policy. */
export function orphanDraft(o: Orphans, scheduleTag: string): FindingDraft {
  const why =
    o.reason === 'volume-deleted'
      ? `Volume ${o.volumeId} no longer exists`
      : `Volume ${o.volumeId} no longer has the ${scheduleTag} tag`;
  const what = o.policy.startsWith('delete-after-')
    ? `each is deleted once older than ${o.policy.slice('delete-after-'.length)}, the newest (${o.newest.id}) too`
    : o.policy === 'keep-newest'
      ? `the newest, ${o.newest.id}, is kept and older ones are deleted`
      : o.policy.startsWith('keep-')
        ? `the newest ${o.policy.slice('keep-'.length)} (from ${o.newest.id}) are kept and older ones are deleted`
        : `they are pruned by their ${o.policy} retention, and the newest, ${o.newest.id}, is always kept`;
  return {
    resource: { type: 'AwsEc2Volume', id: o.volumeId },
    checkId: 'orphaned-snapshots',
    status: 'FAIL',
    severity: 'informational',
    message: `${why}; its ${o.snapshots} driftwatch snapshot(s) follow the orphan policy ${o.policy}: ${what}.`,
    details: {
      reason: o.reason,
      policy: o.policy,
      snapshots: o.snapshots,
      newest: o.newest.id,
      newestStartTime: o.newest.startTime,
    },
  };
}

/**
 * What the deletion, the kept-in-use and the kept-locked drafts share: the candidate under the
 * retention check. All are informational PASS: pruning is the routine work the rule exists for, and
 * keeping one an AMI uses or a lock holds is the safe outcome. Deletions left for the next run fail
 * in the region summary instead. Built as one literal (no spreads: there is one per candidate).
 */
function expiredDraft(e: Expired, message: string, locked?: string, action?: PlannedAction): FindingDraft {
  const details: Record<string, unknown> = {
    volumeId: e.volumeId,
    reason: e.reason,
    retention: e.retention,
    position: e.position,
    ageDays: e.ageDays,
    startTime: e.snapshot.startTime,
    usedBy: e.usedBy,
  };
  if (locked !== undefined) details.locked = locked;
  const draft: Mutable<FindingDraft> = {
    resource: { type: 'AwsEc2Snapshot', id: e.snapshot.id, tags: e.snapshot.tags },
    checkId: 'retention',
    status: 'PASS',
    severity: 'informational',
    details,
    message,
  };
  if (action) draft.action = action;
  return draft;
}

/** Why a candidate could go, as a clause (`short`: without its age and position). */
function because(e: Expired, short = false): string {
  if (e.reason === 'duplicate-copy')
    return `is a second copy of the same source snapshot in this region (a retried or overlapping copy)`;
  const past =
    e.reason === 'orphan-policy'
      ? `beyond the orphan policy (${e.retention})`
      : `past its retention (${e.retention})`;
  return short ? `is ${past}` : `is ${past}, ${e.ageDays} days old and number ${e.position} from the newest`;
}

/** A candidate nothing uses or locks: its deletion (routine) is planned. */
export function deletionDraft(e: Expired): FindingDraft {
  return expiredDraft(
    e,
    `Snapshot ${e.snapshot.id} of ${e.volumeId} ${because(e)}; pruning it.`,
    undefined,
    plan(
      deleteSnapshot,
      { snapshotId: e.snapshot.id },
      `Delete expired driftwatch snapshot ${e.snapshot.id} of ${e.volumeId}`,
    ),
  );
}

/** A candidate an AMI or launch template uses: kept, and said so. */
export function keptDraft(e: Expired): FindingDraft {
  return expiredDraft(
    e,
    `Snapshot ${e.snapshot.id} of ${e.volumeId} ${because(e, true)} but is kept because ${e.usedBy.join(', ')} uses it.`,
  );
}

/** A candidate under an EBS snapshot lock: never deleted, reported as locked. */
export function lockedDraft(e: LockedKept): FindingDraft {
  return expiredDraft(
    e,
    `Snapshot ${e.snapshot.id} of ${e.volumeId} ${because(e, true)} but is kept because it is locked (${e.lockState}).`,
    e.lockState,
  );
}

/** `unknown` when the locks could not be read: deletions are still planned (AWS refuses a locked one). */
export type LockRead =
  { readonly ok: true; readonly count: number } | { readonly ok: false; readonly error: string };

export function summaryDraft(
  region: string,
  r: SnapshotPlan,
  maxDeletionsPerRun: number,
  locks: LockRead,
): FindingDraft {
  const due = r.volumes.filter((v) => v.kind === 'policy' && v.due).length;
  const behind = r.volumes.filter((v) => v.kind === 'policy' && v.behind).length;
  const copies = r.volumes.flatMap((v) => (v.kind === 'policy' ? v.copies : []));
  const freed = freedByDeleting(r.delete.map((e) => e.snapshot));
  const archived = savedByArchiving(r.archive.map((a) => a.snapshot));
  const money = (usd: number) => `$${usd.toFixed(2)}`;
  return {
    resource: { type: 'AwsRegion', id: region },
    checkId: 'lifecycle-plan',
    status: r.deferred.length > 0 ? 'FAIL' : 'PASS',
    severity: 'informational',
    message:
      `In ${region}: ${due} snapshot(s) to create, ${copies.filter((c) => c.status === 'due').length} to copy, ${r.delete.length} expired to delete, ` +
      `${r.keptInUse.length} expired kept (in use), ${r.keptLocked.length} kept (locked), ${r.archive.length} to archive${r.archiveTooSoon > 0 ? ` (${r.archiveTooSoon} not: deleted within the archive tier's 90-day minimum)` : ''}, ` +
      `${r.deferred.length} left for the next run (max ${maxDeletionsPerRun} deletions per run); ${r.unmanagedCount} snapshot(s) not created by driftwatch untouched. ` +
      `Freed: ${freed.gb} GB, about ${money(freed.usdPerMonth)}/month by deletions and ${money(archived.usdPerMonth)}/month by archiving ${archived.gb} GB ` +
      `(estimate at ${SNAPSHOT_PRICES.basis} list prices, volume size as snapshot size).` +
      (locks.ok
        ? ''
        : ` Snapshot locks could not be read (${locks.error}); AWS refuses to delete a locked snapshot, which would show as a failed deletion.`),
    details: {
      volumes: r.volumes.length,
      untaggedVolumes: r.volumes.filter((v) => v.kind === 'untagged').length,
      badTagVolumes: r.volumes.filter((v) => v.kind === 'bad-tag').length,
      toCreate: due,
      behindVolumes: behind,
      toCopy: copies.filter((c) => c.status === 'due').length,
      copyDestinationsUnreadable: copies.filter((c) => c.status === 'unreadable').length,
      toDelete: r.delete.length,
      keptInUse: r.keptInUse.length,
      keptLocked: r.keptLocked.length,
      locks: locks.ok ? { read: true, locked: locks.count } : { read: false, error: locks.error },
      toArchive: r.archive.length,
      archiveLeftForNextRun: r.archiveDeferred,
      archiveTooSoon: r.archiveTooSoon,
      leftForNextRun: r.deferred.length,
      leftForNextRunIds: r.deferred.slice(0, LISTED).map((e) => e.snapshot.id),
      orphanedVolumes: r.orphans.length,
      copyGroups: r.copyGroups.length,
      duplicateCopies: r.copyGroups.reduce((n, g) => n + g.duplicates, 0),
      managedSnapshots: r.managedCount,
      unmanagedSnapshots: r.unmanagedCount,
      maxDeletionsPerRun: maxDeletionsPerRun,
      freed: {
        deletions: freed,
        archiving: archived,
        prices: { ...SNAPSHOT_PRICES, table: 'rules/ebs-snapshot-lifecycle/prices.ts' },
      },
    },
  };
}
