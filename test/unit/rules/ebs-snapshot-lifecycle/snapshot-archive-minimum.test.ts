import {
  ARCHIVE_MINIMUM_DAYS,
  keptThrough,
} from '../../../../rules/ebs-snapshot-lifecycle/snapshot-archive-minimum';
import type { Group } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-groups';
import type { Retention } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-policy';
import {
  parseRetention,
  parseSchedule,
  schedulePeriodMs,
} from '../../../../rules/ebs-snapshot-lifecycle/snapshot-policy';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const MINIMUM = ARCHIVE_MINIMUM_DAYS * DAY;

function retention(text: string): Retention {
  const r = parseRetention(text);
  if (!r.ok) throw new Error(`bad retention ${text}`);
  return r.value;
}
function period(text: string): number {
  const s = parseSchedule(text);
  if (!s.ok) throw new Error(`bad schedule ${text}`);
  return schedulePeriodMs(s.value);
}

/** One completed snapshot a day for `days` days back from NOW, newest first. */
function dailyGroup(days: number): Group {
  const times = Array.from({ length: days }, (_, i) => NOW - i * DAY);
  const snapshots = times.map((t, i) => ({
    id: `s-${i}`,
    volumeId: 'vol-1',
    state: 'completed',
    startTime: new Date(t).toISOString(),
    tags: {},
  }));
  return { snapshots, times };
}

/** The positions of a 400-day daily history that the retention still keeps 90 days from now. */
function survivors(text: string, schedule = 'daily'): number[] {
  const group = dailyGroup(400);
  return group.snapshots
    .map((_, i) => i)
    .filter((i) => keptThrough(retention(text), period(schedule), group, i, NOW, MINIMUM));
}

describe("keptThrough: does the retention keep a snapshot through the archive's 90-day minimum?", () => {
  it('an age retention keeps what is younger than the limit minus 90 days', () => {
    expect(survivors('180d')).toEqual(Array.from({ length: 91 }, (_, i) => i));
    expect(survivors('90d')).toEqual([0]);
    expect(survivors('30d')).toEqual([]);
  });

  it('a count retention keeps the positions that stay within it after a period of new snapshots per schedule slot', () => {
    expect(survivors('100')).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(survivors('7')).toEqual([]);
    // Weekly: 13 snapshots come in 90 days, so of 20 kept the newest 7 stay.
    expect(survivors('20', 'weekly')).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('a monthly tier keeps its claimed snapshots whose months stay among the kept ones; the dailies of a mix go', () => {
    // Claimed monthly snapshots are the newest of each month (Dec 2, Nov 30, Oct 31, ...); 4 new
    // months (at 28 days each) come in 90 days, so of monthly=12 the newest 8 claimed months stay.
    const kept = survivors('daily=7,weekly=4,monthly=12');
    const days = kept.map((i) => new Date(NOW - i * DAY).toISOString().slice(0, 10));
    expect(days).toEqual([
      '2026-12-02',
      '2026-11-30',
      '2026-10-31',
      '2026-09-30',
      '2026-08-31',
      '2026-07-31',
      '2026-06-30',
      '2026-05-31',
    ]);
  });

  it('keeps a snapshot that any part keeps, and counts only completed snapshots for a tier', () => {
    const group = dailyGroup(10);
    const failed = {
      ...group,
      snapshots: group.snapshots.map((s, i) => (i === 0 ? { ...s, state: 'error' } : s)),
    };
    // yearly=2: the newest completed snapshot is s-1 once s-0 failed, and it is claimed for 2026.
    expect(keptThrough(retention('yearly=2'), DAY, failed, 1, NOW, MINIMUM)).toBe(true);
    expect(keptThrough(retention('yearly=2'), DAY, failed, 0, NOW, MINIMUM)).toBe(false);
    expect(keptThrough(retention('3,120d'), DAY, group, 9, NOW, MINIMUM)).toBe(true);
    expect(keptThrough(retention('3,60d'), DAY, group, 9, NOW, MINIMUM)).toBe(false);
  });
});
