/**
 * An instance's maintenance window, declared in a tag (by default `MaintenanceWindow`), always in UTC.
 *
 * Format: one or more entries separated by `,` or `;`, each `DAY HH:MM-HH:MM`, where DAY is a weekday
 * (`Mon` ... `Sun`, or the full name, any case) or `Daily`, and times are 24-hour UTC. An entry may
 * end with ` UTC`. A window that ends at or before its start runs past midnight into the next day;
 * `24:00` is allowed as an end. Examples: `Sun 03:00-05:00`, `Sat 23:00-01:00`,
 * `Tue 02:00-04:00, Thu 02:00-04:00`, `Daily 01:00-02:00 UTC`.
 */
export const MAINTENANCE_WINDOW_FORMAT =
  'DAY HH:MM-HH:MM in UTC, e.g. "Sun 03:00-05:00"; several separated by commas';

export interface MaintenanceWindow {
  /** 0 = Sunday ... 6 = Saturday (as `Date.getUTCDay`). */
  readonly day: number;
  /** Minutes after 00:00 UTC. */
  readonly startMinute: number;
  readonly durationMinutes: number;
}

export type WindowParse =
  | { readonly ok: true; readonly windows: readonly MaintenanceWindow[] }
  | { readonly ok: false; readonly error: string };

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const ENTRY = /^([A-Za-z]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})(?:\s+UTC)?$/i;
const MINUTE = 60_000;
const DAY = 24 * 60;

/** Parses the tag value; a bad value returns a sentence saying what is wrong, never throws. */
export function parseMaintenanceWindow(value: string): WindowParse {
  const entries = value
    .split(/[,;]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0)
    return { ok: false, error: `the value is empty; expected ${MAINTENANCE_WINDOW_FORMAT}` };
  const windows: MaintenanceWindow[] = [];
  for (const entry of entries) {
    const m = ENTRY.exec(entry);
    if (!m) return { ok: false, error: `"${entry}" is not ${MAINTENANCE_WINDOW_FORMAT}` };
    const [, dayText = '', sh = '', sm = '', eh = '', em = ''] = m;
    const day = dayText.toLowerCase();
    const days =
      day === 'daily'
        ? [0, 1, 2, 3, 4, 5, 6]
        : [DAYS.indexOf(day as (typeof DAYS)[number]), FULL.indexOf(day as (typeof FULL)[number])].filter(
            (d) => d >= 0,
          );
    if (days.length === 0)
      return { ok: false, error: `"${dayText}" in "${entry}" is not a weekday (Mon ... Sun) or Daily` };
    const start = Number(sh) * 60 + Number(sm);
    const end = Number(eh) * 60 + Number(em);
    if (Number(sh) > 23 || Number(sm) > 59)
      return { ok: false, error: `start time ${sh}:${sm} in "${entry}" is not a time of day` };
    if (Number(em) > 59 || end > DAY)
      return { ok: false, error: `end time ${eh}:${em} in "${entry}" is not a time of day` };
    if (end === start)
      return { ok: false, error: `"${entry}" starts and ends at the same time, so it is empty` };
    const durationMinutes = end > start ? end - start : end + DAY - start;
    for (const d of new Set(days)) windows.push({ day: d, startMinute: start, durationMinutes });
  }
  return { ok: true, windows };
}

/** Occurrences of the windows that overlap [from, to], oldest first, as [start, end) pairs. */
function occurrences(windows: readonly MaintenanceWindow[], from: Date, to: Date): [Date, Date][] {
  const out: [Date, Date][] = [];
  // Start a day early: a window that opened yesterday may run past midnight into `from`.
  const firstDay = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()) - DAY * MINUTE;
  for (let dayStart = firstDay; dayStart <= to.getTime(); dayStart += DAY * MINUTE) {
    const weekday = new Date(dayStart).getUTCDay();
    for (const w of windows) {
      if (w.day !== weekday) continue;
      const start = dayStart + w.startMinute * MINUTE;
      const end = start + w.durationMinutes * MINUTE;
      if (end > from.getTime() && start <= to.getTime()) out.push([new Date(start), new Date(end)]);
    }
  }
  return out.sort((a, b) => a[0].getTime() - b[0].getTime());
}

/** True when `at` falls inside one of the windows (start inclusive, end exclusive). */
export function inMaintenanceWindow(windows: readonly MaintenanceWindow[], at: Date): boolean {
  return occurrences(windows, at, at).some(([s, e]) => s <= at && at < e);
}

export interface RescheduleInput {
  readonly windows: readonly MaintenanceWindow[];
  readonly now: Date;
  /** The event's current start. */
  readonly notBefore: Date;
  /** The latest start AWS accepts (`NotBeforeDeadline`). */
  readonly deadline: Date;
  /**
   * How far ahead of `now` a new start must be. AWS requires at least 60 minutes.
   * @default 60
   */
  readonly minLeadMinutes?: number;
}

export type RescheduleResult =
  | { readonly kind: 'already-in-window' }
  | { readonly kind: 'move'; readonly at: Date }
  | { readonly kind: 'no-slot-before-deadline'; readonly earliest: Date };

/**
 * Where to move an event: the earliest moment inside a window that is at least `minLeadMinutes`
 * after `now` (rounded up to the minute) and not after the deadline. An event already starting
 * inside a window stays where it is.
 */
export function rescheduleIntoWindow(input: RescheduleInput): RescheduleResult {
  if (inMaintenanceWindow(input.windows, input.notBefore)) return { kind: 'already-in-window' };
  const lead = (input.minLeadMinutes ?? 60) * MINUTE;
  const earliest = new Date(Math.ceil((input.now.getTime() + lead) / MINUTE) * MINUTE);
  if (earliest > input.deadline) return { kind: 'no-slot-before-deadline', earliest };
  for (const [start, end] of occurrences(input.windows, earliest, input.deadline)) {
    const at = start > earliest ? start : earliest;
    if (at < end && at <= input.deadline) return { kind: 'move', at };
  }
  return { kind: 'no-slot-before-deadline', earliest };
}

/** `Sun 03:00-05:00 UTC`: a window as people write it. */
export function describeWindows(windows: readonly MaintenanceWindow[]): string {
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return windows
    .map((w) => `${names[w.day]} ${hhmm(w.startMinute)}-${hhmm(w.startMinute + w.durationMinutes)} UTC`)
    .join(', ');
}
