import {
  describeWindows,
  inMaintenanceWindow,
  parseMaintenanceWindow,
  rescheduleIntoWindow,
} from '../../../../rules/ec2-scheduled-events/maintenance-window';
import type { MaintenanceWindow } from '../../../../rules/ec2-scheduled-events/maintenance-window';

const windowsOf = (value: string): readonly MaintenanceWindow[] => {
  const parsed = parseMaintenanceWindow(value);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.windows;
};

// 2026-11-21 is a Saturday; 2026-11-22 a Sunday.
const SAT_NOON = new Date('2026-11-21T12:00:00Z');

describe('parseMaintenanceWindow', () => {
  it.each([
    ['Sun 03:00-05:00', [{ day: 0, startMinute: 180, durationMinutes: 120 }]],
    ['sunday 3:00 - 5:30 UTC', [{ day: 0, startMinute: 180, durationMinutes: 150 }]],
    ['Sat 23:00-01:00', [{ day: 6, startMinute: 1380, durationMinutes: 120 }]],
    ['Fri 22:00-24:00', [{ day: 5, startMinute: 1320, durationMinutes: 120 }]],
    [
      'Tue 02:00-04:00, Thu 02:00-04:00',
      [
        { day: 2, startMinute: 120, durationMinutes: 120 },
        { day: 4, startMinute: 120, durationMinutes: 120 },
      ],
    ],
    [
      'Mon 01:00-02:00; WED 01:00-02:00',
      [
        { day: 1, startMinute: 60, durationMinutes: 60 },
        { day: 3, startMinute: 60, durationMinutes: 60 },
      ],
    ],
  ])('reads %j as UTC windows', (value, expected) => {
    // Act
    const parsed = parseMaintenanceWindow(value);

    // Assess
    expect(parsed).toEqual({ ok: true, windows: expected });
  });

  it('reads Daily as one window on each of the seven days', () => {
    const windows = windowsOf('Daily 01:00-02:00');
    expect(windows.map((w) => w.day)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new Set(windows.map((w) => w.durationMinutes))).toEqual(new Set([60]));
  });

  it.each([
    ['', 'the value is empty'],
    ['Sunday 3am', '"Sunday 3am" is not DAY HH:MM-HH:MM in UTC'],
    ['Sun 03:00-05:00 CET', '"Sun 03:00-05:00 CET" is not DAY HH:MM-HH:MM in UTC'],
    ['Funday 03:00-05:00', '"Funday" in "Funday 03:00-05:00" is not a weekday (Mon ... Sun) or Daily'],
    ['Sun 25:00-26:00', 'start time 25:00 in "Sun 25:00-26:00" is not a time of day'],
    ['Sun 03:00-24:30', 'end time 24:30 in "Sun 03:00-24:30" is not a time of day'],
    ['Sun 03:00-03:00', '"Sun 03:00-03:00" starts and ends at the same time, so it is empty'],
    ['Sun 03:00-05:00, nonsense', '"nonsense" is not DAY HH:MM-HH:MM in UTC'],
  ])('rejects %j with a sentence saying what is wrong, without throwing', (value, error) => {
    // Act
    const parsed = parseMaintenanceWindow(value);

    // Assess
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(error);
  });

  it('describes windows back in the documented format', () => {
    expect(describeWindows(windowsOf('sat 23:00-01:00, Sun 3:00-5:00'))).toBe(
      'Sat 23:00-01:00 UTC, Sun 03:00-05:00 UTC',
    );
  });
});

describe('inMaintenanceWindow', () => {
  const windows = windowsOf('Sat 23:00-01:00');

  it.each([
    ['2026-11-21T22:59:59Z', false],
    ['2026-11-21T23:00:00Z', true],
    ['2026-11-22T00:30:00Z', true],
    ['2026-11-22T01:00:00Z', false],
  ])('is %s inside Sat 23:00-01:00 (start inclusive, end exclusive, across midnight): %s', (at, expected) => {
    expect(inMaintenanceWindow(windows, new Date(at))).toBe(expected);
  });
});

describe('rescheduleIntoWindow', () => {
  it('moves to the next window start when it is more than an hour away and before the deadline', () => {
    // Act
    const result = rescheduleIntoWindow({
      windows: windowsOf('Sun 03:00-05:00'),
      now: SAT_NOON,
      notBefore: new Date('2026-11-24T14:00:00Z'),
      deadline: new Date('2026-12-05T00:00:00Z'),
    });

    // Assess
    expect(result).toEqual({ kind: 'move', at: new Date('2026-11-22T03:00:00Z') });
  });

  it('moves to now + 60 minutes (rounded up to the minute) when a window is already open', () => {
    // Prepare: a daily window open 11:00-14:00; AWS requires the new start at least 60 minutes ahead
    const now = new Date('2026-11-21T12:00:30Z');

    // Act
    const result = rescheduleIntoWindow({
      windows: windowsOf('Daily 11:00-14:00'),
      now,
      notBefore: new Date('2026-11-24T20:00:00Z'),
      deadline: new Date('2026-12-01T00:00:00Z'),
    });

    // Assess
    expect(result).toEqual({ kind: 'move', at: new Date('2026-11-21T13:01:00Z') });
  });

  it('skips an open window whose rest is under 60 minutes away and takes the next one', () => {
    const result = rescheduleIntoWindow({
      windows: windowsOf('Daily 11:00-12:30'),
      now: SAT_NOON,
      notBefore: new Date('2026-11-24T20:00:00Z'),
      deadline: new Date('2026-12-01T00:00:00Z'),
    });
    expect(result).toEqual({ kind: 'move', at: new Date('2026-11-22T11:00:00Z') });
  });

  it('accepts a window that starts exactly at the deadline', () => {
    const result = rescheduleIntoWindow({
      windows: windowsOf('Sun 03:00-05:00'),
      now: SAT_NOON,
      notBefore: new Date('2026-11-24T14:00:00Z'),
      deadline: new Date('2026-11-22T03:00:00Z'),
    });
    expect(result).toEqual({ kind: 'move', at: new Date('2026-11-22T03:00:00Z') });
  });

  it('finds no slot when the next window opens one minute after the deadline', () => {
    // Act
    const result = rescheduleIntoWindow({
      windows: windowsOf('Sun 03:00-05:00'),
      now: SAT_NOON,
      notBefore: new Date('2026-11-21T20:00:00Z'),
      deadline: new Date('2026-11-22T02:59:00Z'),
    });

    // Assess
    expect(result).toEqual({ kind: 'no-slot-before-deadline', earliest: new Date('2026-11-21T13:00:00Z') });
  });

  it('finds no slot when the deadline is less than 60 minutes away', () => {
    const result = rescheduleIntoWindow({
      windows: windowsOf('Daily 13:00-14:00'),
      now: SAT_NOON,
      notBefore: new Date('2026-11-21T12:30:00Z'),
      deadline: new Date('2026-11-21T12:59:00Z'),
    });
    expect(result).toEqual({ kind: 'no-slot-before-deadline', earliest: new Date('2026-11-21T13:00:00Z') });
  });

  it('leaves an event that already starts inside a window where it is', () => {
    const result = rescheduleIntoWindow({
      windows: windowsOf('Tue 02:00-04:00'),
      now: SAT_NOON,
      notBefore: new Date('2026-11-24T03:59:00Z'),
      deadline: new Date('2026-12-01T00:00:00Z'),
    });
    expect(result).toEqual({ kind: 'already-in-window' });
  });

  it('uses the part of a midnight-crossing window that falls on the next day', () => {
    // Prepare: now is Sunday 00:10; the Saturday 23:00-01:00 window is open until 01:00 but the
    // earliest allowed start (01:10) is past it, so the next Saturday's window is used.
    const result = rescheduleIntoWindow({
      windows: windowsOf('Sat 23:00-01:00'),
      now: new Date('2026-11-22T00:10:00Z'),
      notBefore: new Date('2026-11-24T10:00:00Z'),
      deadline: new Date('2026-12-10T00:00:00Z'),
    });
    expect(result).toEqual({ kind: 'move', at: new Date('2026-11-28T23:00:00Z') });
  });
});
