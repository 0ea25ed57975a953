import type { Snapshot, Volume } from '../../lib/inventory/ebs';
import type { ArchiveCandidate } from './snapshot-archive';
import { archiveCandidates } from './snapshot-archive';
import { ARCHIVE_MINIMUM_DAYS, keptThrough } from './snapshot-archive-minimum';
import type { Retention } from './snapshot-policy';
import type { CopyDestination } from './snapshot-copies';
import type {
  CopyGroup,
  LockedKept,
  Orphans,
  PlannerInput,
  SnapshotPlan,
  TagProblem,
  VolumePlan,
} from './snapshot-plan-types';
import { COPY_FORMS, planCopies } from './snapshot-copies';
import type { Group } from './snapshot-groups';
import { groupSnapshots, isManaged, order } from './snapshot-groups';
import { PolicyCache } from './snapshot-policy-cache';
import { RETENTION_FORMS, SCHEDULE_FORMS, schedulePeriodMs } from './snapshot-policy';
import type { Expired, OrphanPolicy } from './snapshot-prune';
import { Pruner } from './snapshot-prune';
import { COPY_TAGS, MANAGED_TAGS, MANAGER } from './snapshot-tags';
import { pushTo } from '../../lib/collections';

export { COPY_TAGS, isManaged, MANAGED_TAGS, MANAGER };
export type { Expired };
export type {
  CopyGroup,
  LockedKept,
  Orphans,
  PlannerInput,
  SnapshotPlan,
  TagProblem,
  VolumePlan,
} from './snapshot-plan-types';

const KEEP_NEWEST: OrphanPolicy = { kind: 'keep', count: 1, text: 'keep-newest' };

/** Plans creation, copies, pruning and archiving for one region from its inventory. Pure. */
export function planSnapshots(input: PlannerInput): SnapshotPlan {
  const now = input.now.getTime();
  const policies = new PolicyCache(input.now, input.region ?? '');
  const { groups, copyGroups, unmanagedCount, newestUnmanaged } = groupSnapshots(
    input.snapshots,
    input.region,
  );
  const uses = new Map<string, string[]>();
  for (const u of input.inUse) pushTo(uses, u.snapshotId, u.usedBy);

  const pruner = new Pruner(now, uses, policies);
  const orphanPolicy = input.orphanPolicy ?? KEEP_NEWEST;
  const orphans: Orphans[] = [];
  const orphan = (volumeId: string, group: Group, reason: Orphans['reason']): void => {
    const recorded = pruner.byOrphanPolicy(volumeId, group, orphanPolicy);
    const policy =
      orphanPolicy.kind === 'recorded' ? `recorded (${recorded?.text ?? 'unreadable'})` : orphanPolicy.text;
    const { snapshots } = group;
    orphans.push({ volumeId, reason, snapshots: snapshots.length, newest: snapshots[0] as Snapshot, policy });
  };

  const volumePlans: VolumePlan[] = [];
  const retentions = new Map<string, { readonly retention: Retention; readonly periodMs: number }>();
  const seen = new Set<string>();
  for (const volume of input.volumes) {
    seen.add(volume.id);
    const group = groups.get(volume.id) ?? NO_SNAPSHOTS;
    const plan = volumePlan(volume, group, input, policies);
    volumePlans.push(plan);
    if (plan.kind === 'policy') {
      pruner.byRetention(volume.id, group, plan.retention);
      retentions.set(volume.id, { retention: plan.retention, periodMs: schedulePeriodMs(plan.schedule) });
    } else if (plan.kind === 'untagged' && group.snapshots.length > 0)
      orphan(volume.id, group, 'schedule-tag-removed');
  }
  groups.forEach((group, volumeId) => {
    if (!seen.has(volumeId)) orphan(volumeId, group, 'volume-deleted');
  });
  const copyGroupPlans: CopyGroup[] = [];
  const dedupedCopies = new Map<string, Group>();
  copyGroups.forEach((group, key) => {
    const deduped = pruner.copies(key, group);
    dedupedCopies.set(key, deduped);
    const count = group.snapshots.length;
    copyGroupPlans.push({ key, snapshots: count, duplicates: count - deduped.snapshots.length });
  });

  const candidates = pruner.expired;
  const keptLocked: LockedKept[] = [];
  const deletable: Expired[] = [];
  for (let i = 0; i < candidates.length; i += 1) {
    const e = candidates[i] as Expired;
    if (e.usedBy.length > 0) continue;
    const lockState = input.locked?.get(e.snapshot.id);
    if (lockState) keptLocked.push({ ...e, lockState });
    else deletable.push(e);
  }
  deletable.sort(
    (a, b) => order(a.snapshot.startTime, b.snapshot.startTime) || order(a.snapshot.id, b.snapshot.id),
  );
  const cap = Math.max(0, input.maxDeletions);

  let archive: ArchiveCandidate[] = [];
  let archiveTooSoon = 0;
  if (input.archiveAfterDays !== undefined) {
    const excluded = new Set(candidates.map((e) => e.snapshot.id));
    // Only a live volume's retention says ahead when a snapshot goes; copies and orphans as before.
    const minimum = ARCHIVE_MINIMUM_DAYS * 86_400_000;
    const found = archiveCandidates(
      [groups, dedupedCopies],
      input.archiveAfterDays,
      now,
      uses,
      excluded,
      (id, g, i) => {
        const r = retentions.get(id);
        return r && keptThrough(r.retention, r.periodMs, g, i, now, minimum);
      },
    );
    archive = found.candidates;
    archiveTooSoon = found.tooSoon;
  }
  const archiveCap = Math.max(0, input.maxArchives ?? 100);
  return {
    volumes: volumePlans,
    orphans,
    copyGroups: copyGroupPlans,
    delete: deletable.slice(0, cap),
    deferred: deletable.slice(cap),
    keptInUse: candidates.filter((e) => e.usedBy.length > 0),
    keptLocked,
    archive: archive.slice(0, archiveCap),
    archiveDeferred: Math.max(0, archive.length - archiveCap),
    archiveTooSoon,
    managedCount: input.snapshots.length - unmanagedCount,
    unmanagedCount,
    newestUnmanaged,
  };
}

const NO_SNAPSHOTS: Group = { snapshots: [], times: [] };

function volumePlan(
  volume: Volume,
  { snapshots: group, times }: Group,
  input: PlannerInput,
  policies: PolicyCache,
): VolumePlan {
  const scheduleRaw = volume.tags[input.scheduleTag];
  const retentionRaw = volume.tags[input.retentionTag];
  if (scheduleRaw === undefined && retentionRaw === undefined)
    return { kind: 'untagged', volume, managed: group.length };
  const schedule = scheduleRaw === undefined ? undefined : policies.schedule(scheduleRaw);
  const retention = retentionRaw === undefined ? undefined : policies.retention(retentionRaw);
  const problems: TagProblem[] = [];
  if (!schedule?.ok) problems.push({ tag: input.scheduleTag, value: scheduleRaw, accepted: SCHEDULE_FORMS });
  if (!retention?.ok)
    problems.push({ tag: input.retentionTag, value: retentionRaw, accepted: RETENTION_FORMS });
  const copyRaw = input.copyTag === undefined ? undefined : volume.tags[input.copyTag];
  const copy = copyRaw === undefined ? undefined : policies.copyTag(copyRaw);
  if (copy && !copy.ok) problems.push({ tag: input.copyTag as string, value: copyRaw, accepted: COPY_FORMS });
  if (!schedule?.ok || !retention?.ok || (copy && !copy.ok))
    return { kind: 'bad-tag', volume, problems, managed: group.length };
  const destinations: readonly CopyDestination[] = copy?.ok ? copy.value : [];

  // An errored snapshot is no backup: the newest usable one decides whether a new one is due.
  const at = group.findIndex((s) => s.state !== 'error');
  const newest = at < 0 ? undefined : group[at];
  const slots = policies.slots(schedule.value);
  const started = at < 0 ? undefined : times[at];
  const due = volume.state !== 'creating' && (started === undefined || started < slots.slot);
  const behind = due && (started === undefined || started < slots.previous);
  return {
    kind: 'policy',
    volume,
    schedule: schedule.value,
    retention: retention.value,
    managed: group.length,
    newest,
    due,
    behind,
    slot: slots.slotText,
    previousSlot: slots.previousText,
    nextDueAt: slots.nextText,
    copies: planCopies(destinations, group, retention.value, input.destinations),
  };
}
