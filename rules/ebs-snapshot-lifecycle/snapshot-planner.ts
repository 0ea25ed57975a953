import type { Snapshot, SnapshotUse, Volume } from '../../lib/inventory/ebs';
import type { Retention, Schedule } from './snapshot-policy';
import {
  lastSlot,
  nextSlot,
  parseRetention,
  parseSchedule,
  pastRetention,
  RETENTION_FORMS,
  SCHEDULE_FORMS,
} from './snapshot-policy';

/** Tags driftwatch puts on every snapshot it creates; only snapshots carrying them are ever deleted. */
export const MANAGED_TAGS = {
  managedBy: 'driftwatch:managed-by',
  volumeId: 'driftwatch:volume-id',
  schedule: 'driftwatch:schedule',
  retention: 'driftwatch:retention',
} as const;
export const MANAGER = 'ebs-snapshot-lifecycle';

/**
 * Created by this rule: the marker tag, and a volume tag matching the snapshot's own source volume
 * (a copy made with CopySnapshot has `vol-ffffffff`, so copied tags alone never make one "ours").
 */
export function isManaged(s: Snapshot): boolean {
  return s.tags[MANAGED_TAGS.managedBy] === MANAGER && s.tags[MANAGED_TAGS.volumeId] === s.volumeId;
}

export interface PlannerInput {
  readonly volumes: readonly Volume[];
  readonly snapshots: readonly Snapshot[];
  readonly inUse: readonly SnapshotUse[];
  readonly scheduleTag: string;
  readonly retentionTag: string;
  /** Deletions planned per region; the rest are reported as left for the next run. */
  readonly maxDeletions: number;
  readonly now: Date;
}

export interface TagProblem {
  readonly tag: string;
  /** Undefined when the tag is missing. */
  readonly value: string | undefined;
  readonly accepted: string;
}

export type VolumePlan =
  | { readonly kind: 'untagged'; readonly volume: Volume; readonly managed: number }
  | {
      readonly kind: 'bad-tag';
      readonly volume: Volume;
      readonly problems: readonly TagProblem[];
      readonly managed: number;
    }
  | {
      readonly kind: 'policy';
      readonly volume: Volume;
      readonly schedule: Schedule;
      readonly retention: Retention;
      readonly managed: number;
      readonly newest: Snapshot | undefined;
      /** A snapshot is due: the newest usable one started before the latest slot (or there is none). */
      readonly due: boolean;
      /**
       * Backups are behind, not just due: there is no usable snapshot, or the newest started before
       * the previous slot (at least one whole slot was missed). Due but not behind is routine work.
       */
      readonly behind: boolean;
      readonly slot: string;
      /** The slot before `slot`: the newest usable snapshot must have started at or after it to be on schedule. */
      readonly previousSlot: string;
      readonly nextDueAt: string;
    };

/** A managed snapshot past retention, with why it is (or is not) deleted. */
export interface Expired {
  readonly snapshot: Snapshot;
  readonly volumeId: string;
  readonly retention: string;
  /** 1-based position among its volume's managed snapshots, newest first. */
  readonly position: number;
  readonly ageDays: number;
  /** AMIs / launch templates that reference it; non-empty means it is kept. */
  readonly usedBy: readonly string[];
}

/** Managed snapshots whose volume is gone: pruned by the retention recorded on them, the newest always kept. */
export interface Orphans {
  readonly volumeId: string;
  readonly snapshots: number;
  readonly newest: Snapshot;
  /** Undefined when the recorded retention is missing or unreadable: then nothing is pruned. */
  readonly retention: string | undefined;
}

export interface SnapshotPlan {
  readonly volumes: readonly VolumePlan[];
  readonly orphans: readonly Orphans[];
  /** To delete this run, oldest first, at most `maxDeletions`. */
  readonly delete: readonly Expired[];
  /** Past retention and deletable, but beyond `maxDeletions`: left for the next run. */
  readonly deferred: readonly Expired[];
  /** Past retention but referenced by an AMI or launch template: kept. */
  readonly keptInUse: readonly Expired[];
  readonly managedCount: number;
  /** Snapshots not created by driftwatch: never touched. */
  readonly unmanagedCount: number;
}

const DAY = 86_400_000;
/** Code-unit order: ISO-8601 UTC times sort as strings, and it is far cheaper than localeCompare at 100,000 items. */
const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byNewest = (a: Snapshot, b: Snapshot): number => order(b.startTime, a.startTime) || order(a.id, b.id);

/** Plans creation and pruning for one region from its volumes, snapshots and in-use references. Pure. */
export function planSnapshots(input: PlannerInput): SnapshotPlan {
  const now = input.now.getTime();
  const groups = new Map<string, Snapshot[]>();
  let unmanagedCount = 0;
  for (const s of input.snapshots) {
    if (!isManaged(s)) {
      unmanagedCount += 1;
      continue;
    }
    const group = groups.get(s.volumeId);
    if (group) group.push(s);
    else groups.set(s.volumeId, [s]);
  }
  for (const group of groups.values()) group.sort(byNewest);
  const uses = new Map<string, string[]>();
  for (const u of input.inUse) uses.set(u.snapshotId, [...(uses.get(u.snapshotId) ?? []), u.usedBy]);

  const expired: Expired[] = [];
  const prune = (volumeId: string, group: readonly Snapshot[], retention: Retention): void => {
    // The newest (index 0) and the newest usable one are never deleted, whatever the retention says.
    const newestUsable = group.find((s) => s.state !== 'error');
    for (let i = 1; i < group.length; i += 1) {
      const s = group[i] as Snapshot;
      if (s.state === 'pending' || s === newestUsable) continue;
      const ageMs = now - Date.parse(s.startTime);
      if (!pastRetention(retention, i, ageMs)) continue;
      const usedBy = uses.get(s.id) ?? [];
      expired.push({
        snapshot: s,
        volumeId,
        retention: retention.text,
        position: i + 1,
        ageDays: Math.floor(ageMs / DAY),
        usedBy,
      });
    }
  };

  const volumePlans: VolumePlan[] = [];
  const seen = new Set<string>();
  for (const volume of input.volumes) {
    seen.add(volume.id);
    const group = groups.get(volume.id) ?? [];
    const plan = volumePlan(volume, group, input);
    volumePlans.push(plan);
    if (plan.kind === 'policy') prune(volume.id, group, plan.retention);
    else if (plan.kind === 'untagged') pruneByRecorded(volume.id, group, prune);
  }
  const orphans: Orphans[] = [];
  for (const [volumeId, group] of groups) {
    if (seen.has(volumeId)) continue;
    const retention = pruneByRecorded(volumeId, group, prune);
    orphans.push({
      volumeId,
      snapshots: group.length,
      newest: group[0] as Snapshot,
      retention: retention?.text,
    });
  }

  const deletable = expired
    .filter((e) => e.usedBy.length === 0)
    .sort((a, b) => order(a.snapshot.startTime, b.snapshot.startTime) || order(a.snapshot.id, b.snapshot.id));
  const cap = Math.max(0, input.maxDeletions);
  return {
    volumes: volumePlans,
    orphans,
    delete: deletable.slice(0, cap),
    deferred: deletable.slice(cap),
    keptInUse: expired.filter((e) => e.usedBy.length > 0),
    managedCount: input.snapshots.length - unmanagedCount,
    unmanagedCount,
  };
}

/** A group with no live policy (volume gone or its tags removed) is pruned by the retention its newest snapshot recorded. */
function pruneByRecorded(
  volumeId: string,
  group: readonly Snapshot[],
  prune: (volumeId: string, group: readonly Snapshot[], retention: Retention) => void,
): Retention | undefined {
  const recorded = group[0]?.tags[MANAGED_TAGS.retention];
  const parsed = recorded === undefined ? undefined : parseRetention(recorded);
  if (!parsed?.ok) return undefined;
  prune(volumeId, group, parsed.value);
  return parsed.value;
}

function volumePlan(volume: Volume, group: readonly Snapshot[], input: PlannerInput): VolumePlan {
  const scheduleRaw = volume.tags[input.scheduleTag];
  const retentionRaw = volume.tags[input.retentionTag];
  if (scheduleRaw === undefined && retentionRaw === undefined)
    return { kind: 'untagged', volume, managed: group.length };
  const schedule = scheduleRaw === undefined ? undefined : parseSchedule(scheduleRaw);
  const retention = retentionRaw === undefined ? undefined : parseRetention(retentionRaw);
  const problems: TagProblem[] = [];
  if (!schedule?.ok) problems.push({ tag: input.scheduleTag, value: scheduleRaw, accepted: SCHEDULE_FORMS });
  if (!retention?.ok)
    problems.push({ tag: input.retentionTag, value: retentionRaw, accepted: RETENTION_FORMS });
  if (!schedule?.ok || !retention?.ok) return { kind: 'bad-tag', volume, problems, managed: group.length };

  // An errored snapshot is no backup: the newest usable one decides whether a new one is due.
  const newest = group.find((s) => s.state !== 'error');
  const slot = lastSlot(schedule.value, input.now);
  const previous = lastSlot(schedule.value, new Date(slot.getTime() - 1));
  const started = newest === undefined ? undefined : Date.parse(newest.startTime);
  const due = volume.state !== 'creating' && (started === undefined || started < slot.getTime());
  const behind = due && (started === undefined || started < previous.getTime());
  return {
    kind: 'policy',
    volume,
    schedule: schedule.value,
    retention: retention.value,
    managed: group.length,
    newest,
    due,
    behind,
    slot: slot.toISOString(),
    previousSlot: previous.toISOString(),
    nextDueAt: nextSlot(schedule.value, input.now).toISOString(),
  };
}
