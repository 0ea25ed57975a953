import type { Tier, TierUnit } from './snapshot-tiers';
import { TIER_UNITS } from './snapshot-tiers';

/**
 * The backup policy a volume declares in its tags: a schedule and a retention. Pure parsing and
 * clock arithmetic (all times UTC), shared by the planner and its tests.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Snapshots are due once per slot: every N hours (N divides 24), daily at a time, weekly on a day at a time. */
export type Schedule =
  | { readonly kind: 'hours'; readonly every: number; readonly text: string }
  | { readonly kind: 'daily'; readonly minuteOfDay: number; readonly text: string }
  | {
      readonly kind: 'weekly';
      readonly weekday: number;
      readonly minuteOfDay: number;
      readonly text: string;
    };

/**
 * Keep the newest `count`, everything younger than `maxAgeMs`, and what a tier claims (the newest of
 * each of its N latest periods): a snapshot goes only when nothing keeps it.
 */
export interface Retention {
  readonly count?: number;
  readonly maxAgeMs?: number;
  /** In `TIER_UNITS` order; absent when the retention has no tier. */
  readonly tiers?: readonly Tier[];
  readonly text: string;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly accepted: string };

export const SCHEDULE_FORMS =
  'hourly, every-<N>h (N = 2, 3, 4, 6, 8 or 12), daily, daily@HH:MM, weekly, weekly@<day>, weekly@<day>@HH:MM (times UTC, day sun..sat)';
export const RETENTION_FORMS =
  'a count (7), an age (36h, 14d, 8w), tiers (hourly=N, daily=N, weekly=N, monthly=N, yearly=N: the newest snapshot of each of the N latest UTC hours, days, ISO weeks, months, years), or several separated by commas (7,14d or daily=7,weekly=4,monthly=12: a snapshot is deleted only when nothing keeps it)';

const TIER_PART = /^(hourly|daily|weekly|monthly|yearly)=(\d{1,4})$/;
const EVERY_HOURS = new Set([1, 2, 3, 4, 6, 8, 12]);
const MAX_COUNT = 1000;
const MAX_AGE_MS = 3650 * DAY;

function parseTime(text: string | undefined): number | undefined {
  if (text === undefined) return 0;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function timeText(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** Parses a schedule tag value; the canonical `text` is what created snapshots record. */
export function parseSchedule(raw: string): Parsed<Schedule> {
  const fail = { ok: false, accepted: SCHEDULE_FORMS } as const;
  const value = raw.trim().toLowerCase();
  if (value === 'hourly') return { ok: true, value: { kind: 'hours', every: 1, text: 'hourly' } };
  const every = /^every-(\d{1,2})h$/.exec(value);
  if (every) {
    const n = Number(every[1]);
    if (!EVERY_HOURS.has(n)) return fail;
    return { ok: true, value: { kind: 'hours', every: n, text: n === 1 ? 'hourly' : `every-${n}h` } };
  }
  const [kind, ...rest] = value.split('@');
  if (kind === 'daily' && rest.length <= 1) {
    const minuteOfDay = parseTime(rest[0]);
    if (minuteOfDay === undefined) return fail;
    return { ok: true, value: { kind: 'daily', minuteOfDay, text: `daily@${timeText(minuteOfDay)}` } };
  }
  if (kind === 'weekly' && rest.length <= 2) {
    const weekday = rest[0] === undefined ? 0 : WEEKDAYS.indexOf(rest[0] as (typeof WEEKDAYS)[number]);
    const minuteOfDay = parseTime(rest[1]);
    if (weekday < 0 || minuteOfDay === undefined) return fail;
    const text = `weekly@${WEEKDAYS[weekday]}@${timeText(minuteOfDay)}`;
    return { ok: true, value: { kind: 'weekly', weekday, minuteOfDay, text } };
  }
  return fail;
}

const AGE_UNITS: Readonly<Record<string, number>> = { h: HOUR, d: DAY, w: 7 * DAY };

/** Parses a retention tag value: `7`, `14d`, `8w`, `36h`, `7,14d`, `daily=7,weekly=4,monthly=12`, or a mix. */
export function parseRetention(raw: string): Parsed<Retention> {
  const fail = { ok: false, accepted: RETENTION_FORMS } as const;
  const parts = raw
    .trim()
    .toLowerCase()
    .split(/\s*,\s*/);
  if (parts.length > 2 + TIER_UNITS.length) return fail;
  let count: number | undefined;
  let age: { ms: number; text: string } | undefined;
  const tiers = new Map<TierUnit, number>();
  for (const part of parts) {
    const n = /^(\d{1,4})$/.exec(part);
    const a = /^(\d{1,5})([hdw])$/.exec(part);
    const t = TIER_PART.exec(part);
    if (n && count === undefined) {
      count = Number(n[1]);
      if (count < 1 || count > MAX_COUNT) return fail;
    } else if (a && age === undefined) {
      const ms = Number(a[1]) * (AGE_UNITS[a[2] as string] as number);
      if (ms < HOUR || ms > MAX_AGE_MS) return fail;
      age = { ms, text: `${Number(a[1])}${a[2]}` };
    } else if (t && !tiers.has(t[1] as TierUnit)) {
      const keep = Number(t[2]);
      if (keep < 1 || keep > MAX_COUNT) return fail;
      tiers.set(t[1] as TierUnit, keep);
    } else {
      return fail;
    }
  }
  const ordered = TIER_UNITS.filter((u) => tiers.has(u)).map((unit) => ({
    unit,
    keep: tiers.get(unit) as number,
  }));
  const text = [
    count === undefined ? undefined : String(count),
    age?.text,
    ...ordered.map((x) => `${x.unit}=${x.keep}`),
  ]
    .filter(Boolean)
    .join(',');
  return {
    ok: true,
    value: {
      ...(count === undefined ? {} : { count }),
      ...(age ? { maxAgeMs: age.ms } : {}),
      ...(ordered.length > 0 ? { tiers: ordered } : {}),
      text,
    },
  };
}

/** The start of the latest slot at or before `now`: a snapshot started before it means one is due. */
export function lastSlot(schedule: Schedule, now: Date): Date {
  const t = now.getTime();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (schedule.kind === 'hours') {
    const hour = now.getUTCHours();
    return new Date(midnight + (hour - (hour % schedule.every)) * HOUR);
  }
  const at = midnight + schedule.minuteOfDay * 60_000;
  if (schedule.kind === 'daily') return new Date(at <= t ? at : at - DAY);
  const back = (now.getUTCDay() - schedule.weekday + 7) % 7;
  const candidate = at - back * DAY;
  return new Date(candidate <= t ? candidate : candidate - 7 * DAY);
}

/** The slot after `lastSlot`: when the next snapshot becomes due. */
export function nextSlot(schedule: Schedule, now: Date): Date {
  return new Date(lastSlot(schedule, now).getTime() + schedulePeriodMs(schedule));
}

/** The schedule's period: how often a new snapshot joins the volume's group. */
export function schedulePeriodMs(schedule: Schedule): number {
  return schedule.kind === 'hours' ? schedule.every * HOUR : schedule.kind === 'daily' ? DAY : 7 * DAY;
}

/**
 * Whether a snapshot is past its count and age retention (tiers are `tierClaims`'s). `index` is its
 * position among its volume's managed snapshots, newest first (0 = newest); `ageMs` is how long ago
 * it started. Exactly at the age limit it is kept. A retention of tiers only keeps nothing by count
 * or age.
 */
export function pastRetention(retention: Retention, index: number, ageMs: number): boolean {
  const beyondCount = retention.count === undefined || index >= retention.count;
  const tooOld = retention.maxAgeMs === undefined || ageMs > retention.maxAgeMs;
  return beyondCount && tooOld;
}
