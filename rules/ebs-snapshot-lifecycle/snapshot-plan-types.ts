import type { Snapshot, SnapshotUse, Volume } from '../../lib/inventory/ebs';
import type { ArchiveCandidate } from './snapshot-archive';
import type { CopyPlan, DestinationListing } from './snapshot-copies';
import type { Retention, Schedule } from './snapshot-policy';
import type { Expired, OrphanPolicy } from './snapshot-prune';

/** The shapes of the ebs-snapshot-lifecycle plan: what the planner takes and what it returns. */

export interface PlannerInput {
  readonly volumes: readonly Volume[];
  readonly snapshots: readonly Snapshot[];
  readonly inUse: readonly SnapshotUse[];
  readonly scheduleTag: string;
  readonly retentionTag: string;
  /** Deletions planned per region; the rest are reported as left for the next run. */
  readonly maxDeletions: number;
  readonly now: Date;
  /** The region planned: copies are made from it, and copies in it are recognised by it. */
  readonly region?: string;
  /** Volume tag naming copy destinations; absent: no copies are planned. */
  readonly copyTag?: string;
  /** What each destination region holds (see `copyDestinations` for which to list). */
  readonly destinations?: ReadonlyMap<string, DestinationListing>;
  /** Locked snapshot id → lock state; absent: locks unknown (AWS still refuses to delete a locked one). */
  readonly locked?: ReadonlyMap<string, string>;
  /** @default keep-newest */
  readonly orphanPolicy?: OrphanPolicy;
  /** Move managed snapshots older than this many days to the archive tier; absent: never. */
  readonly archiveAfterDays?: number;
  /** @default 100 */
  readonly maxArchives?: number;
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
      /** One per destination of the copy tag (none without it). */
      readonly copies: readonly CopyPlan[];
    };

/** Managed snapshots with no live policy: the volume is gone, or it lost its schedule tag. */
export interface Orphans {
  readonly volumeId: string;
  readonly reason: 'volume-deleted' | 'schedule-tag-removed';
  readonly snapshots: number;
  readonly newest: Snapshot;
  /** The orphan policy applied (`recorded (<retention>)` when by the recorded retention, or `recorded (unreadable)`). */
  readonly policy: string;
}

/** Managed copies in this region of one source volume, pruned by their recorded retention. */
export interface CopyGroup {
  readonly key: string;
  readonly snapshots: number;
  readonly duplicates: number;
}

/** A deletion candidate kept because it is locked. */
export interface LockedKept extends Expired {
  readonly lockState: string;
}

export interface SnapshotPlan {
  readonly volumes: readonly VolumePlan[];
  readonly orphans: readonly Orphans[];
  readonly copyGroups: readonly CopyGroup[];
  /** To delete this run, oldest first, at most `maxDeletions`. */
  readonly delete: readonly Expired[];
  /** Deletable, but beyond `maxDeletions`: left for the next run. */
  readonly deferred: readonly Expired[];
  /** A deletion candidate referenced by an AMI or launch template: kept. */
  readonly keptInUse: readonly Expired[];
  /** A deletion candidate under an EBS snapshot lock: kept. */
  readonly keptLocked: readonly LockedKept[];
  /** To move to the archive tier this run, oldest first, at most `maxArchives`. */
  readonly archive: readonly ArchiveCandidate[];
  readonly archiveDeferred: number;
  /** Old enough to archive, but the retention deletes them within the archive's 90-day minimum: left in standard. */
  readonly archiveTooSoon: number;
  readonly managedCount: number;
  /** Snapshots not created by driftwatch: never touched. */
  readonly unmanagedCount: number;
  /** Volume id → start time of its newest completed snapshot driftwatch did not make. */
  readonly newestUnmanaged: ReadonlyMap<string, string>;
}
