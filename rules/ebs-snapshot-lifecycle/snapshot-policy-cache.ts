import type { Snapshot } from '../../lib/inventory/ebs';
import type { CopyDestination } from './snapshot-copies';
import { parseCopyTag } from './snapshot-copies';
import type { Parsed, Retention, Schedule } from './snapshot-policy';
import { lastSlot, nextSlot, parseRetention, parseSchedule } from './snapshot-policy';
import { MANAGED_TAGS } from './snapshot-tags';

/**
 * What the planner parses and computes once per region instead of once per volume or snapshot:
 * a region's volumes share a handful of schedules and retentions, and 100,000 snapshots carry four
 * or five recorded retentions.
 */

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
