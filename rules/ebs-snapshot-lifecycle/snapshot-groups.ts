import type { Snapshot } from '../../lib/inventory/ebs';
import type { CopyDestination } from './snapshot-copies';
import { parseCopyTag } from './snapshot-copies';
import type { Parsed, Retention, Schedule } from './snapshot-policy';
import { lastSlot, nextSlot, parseRetention, parseSchedule } from './snapshot-policy';
import { MANAGED_TAGS } from './snapshot-tags';

/**
 * What the planner computes once per region instead of once per snapshot or per volume: each
 * group's start times, and the parsed tag values and slots (a region's volumes share a handful of
 * schedules and retentions; 100,000 snapshots carry four or five recorded retentions).
 */

/** One group's snapshots, newest first, with `times[i]` = `Date.parse(snapshots[i].startTime)`. */
export interface Group {
  readonly snapshots: readonly Snapshot[];
  readonly times: readonly number[];
}

/** Code-unit order: ISO-8601 UTC times sort as strings, and it is far cheaper than localeCompare at 100,000 items. */
export const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byNewest = (a: Snapshot, b: Snapshot): number => order(b.startTime, a.startTime) || order(a.id, b.id);

/** Sorts `snapshots` newest first (in place) and parses their start times once. */
export function newestFirst(snapshots: Snapshot[]): Group {
  snapshots.sort(byNewest);
  const times = new Array<number>(snapshots.length);
  for (let i = 0; i < snapshots.length; i += 1) times[i] = Date.parse((snapshots[i] as Snapshot).startTime);
  return { snapshots, times };
}

/** The group without the snapshots of `dropped` (order and times kept). */
export function without(group: Group, dropped: ReadonlySet<Snapshot>): Group {
  if (dropped.size === 0) return group;
  const snapshots: Snapshot[] = [];
  const times: number[] = [];
  for (let i = 0; i < group.snapshots.length; i += 1) {
    const s = group.snapshots[i] as Snapshot;
    if (dropped.has(s)) continue;
    snapshots.push(s);
    times.push(group.times[i] as number);
  }
  return { snapshots, times };
}

/** A schedule's latest slot, the one before it and the next, as times and as the ISO text findings show. */
export interface Slots {
  readonly slot: number;
  readonly previous: number;
  readonly slotText: string;
  readonly previousText: string;
  readonly nextText: string;
}

/** Parsed tag values and slots, memoised by their text for one plan (one `now`, one region). */
export class PolicyCache {
  private readonly schedules = new Map<string, Parsed<Schedule>>();
  private readonly retentions = new Map<string, Parsed<Retention>>();
  private readonly copyTags = new Map<string, Parsed<readonly CopyDestination[]>>();
  private readonly slotsBySchedule = new Map<string, Slots>();

  constructor(
    private readonly now: Date,
    private readonly region: string,
  ) {}

  schedule(raw: string): Parsed<Schedule> {
    return memo(this.schedules, raw, parseSchedule);
  }

  retention(raw: string): Parsed<Retention> {
    return memo(this.retentions, raw, parseRetention);
  }

  copyTag(raw: string): Parsed<readonly CopyDestination[]> {
    return memo(this.copyTags, raw, (text) => parseCopyTag(text, this.region));
  }

  /** The retention a group's newest snapshot recorded, when readable. */
  recorded(group: readonly Snapshot[]): Retention | undefined {
    const raw = group[0]?.tags[MANAGED_TAGS.retention];
    const parsed = raw === undefined ? undefined : this.retention(raw);
    return parsed?.ok ? parsed.value : undefined;
  }

  slots(schedule: Schedule): Slots {
    let s = this.slotsBySchedule.get(schedule.text);
    if (!s) {
      const slot = lastSlot(schedule, this.now);
      const previous = lastSlot(schedule, new Date(slot.getTime() - 1));
      s = {
        slot: slot.getTime(),
        previous: previous.getTime(),
        slotText: slot.toISOString(),
        previousText: previous.toISOString(),
        nextText: nextSlot(schedule, this.now).toISOString(),
      };
      this.slotsBySchedule.set(schedule.text, s);
    }
    return s;
  }
}

function memo<T>(cache: Map<string, T>, raw: string, parse: (raw: string) => T): T {
  let parsed = cache.get(raw);
  if (parsed === undefined) {
    parsed = parse(raw);
    cache.set(raw, parsed);
  }
  return parsed;
}
