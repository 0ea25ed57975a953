import type { Snapshot } from '../../../../lib/inventory/ebs';
import { planSnapshots } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-planner';
import { parseRetention } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-policy';
import { periodOf, tierClaims } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-tiers';
import { daily, managed, RETENTION_TAG, SCHEDULE_TAG, volume } from './snapshot-fixtures';

/** 365 daily snapshots at 03:00 UTC, the newest on Friday 2028-03-31 (so 2028-02-29 is among them). */
const NEWEST = '2028-03-31T03:00:00.000Z';
const NOW = new Date('2028-03-31T10:00:00.000Z');
const HISTORY = (retention: string) => daily('s', 'vol-1', NEWEST, 365, retention);

/** The days (YYYY-MM-DD) of the snapshots a retention keeps over the 365-day history, newest first. */
function keptDays(retention: string): string[] {
  const snapshots = HISTORY(retention);
  const plan = planSnapshots({
    volumes: [volume('vol-1', 'daily@03:00', retention)],
    snapshots,
    inUse: [],
    scheduleTag: SCHEDULE_TAG,
    retentionTag: RETENTION_TAG,
    maxDeletions: 10_000,
    now: NOW,
  });
  const deleted = new Set(plan.delete.map((e) => e.snapshot.id));
  return snapshots.filter((s) => !deleted.has(s.id)).map((s) => s.startTime.slice(0, 10));
}

// Expected sets derived independently (Python's date.isocalendar and calendar months), not by this code.
describe('tiered retention over 365 daily snapshots (UTC periods, ISO weeks from Monday)', () => {
  it('daily=7,weekly=4,monthly=12 keeps the 7 latest days, the newest of the 4 latest ISO weeks and of the 12 latest months (leap day 2028-02-29 for February)', () => {
    // Act
    const kept = keptDays('daily=7,weekly=4,monthly=12');

    // Assess
    expect(kept).toEqual([
      '2028-03-31', '2028-03-30', '2028-03-29', '2028-03-28', '2028-03-27', '2028-03-26', '2028-03-25',
      '2028-03-19', '2028-03-12',
      '2028-02-29', '2028-01-31', '2027-12-31', '2027-11-30', '2027-10-31', '2027-09-30', '2027-08-31',
      '2027-07-31', '2027-06-30', '2027-05-31', '2027-04-30',
    ]); // prettier-ignore
  });

  it('monthly=13,yearly=2 keeps one per month that has a snapshot (12 here, not 13) and the year ends already claimed', () => {
    expect(keptDays('monthly=13,yearly=2')).toEqual([
      '2028-03-31', '2028-02-29', '2028-01-31', '2027-12-31', '2027-11-30', '2027-10-31', '2027-09-30',
      '2027-08-31', '2027-07-31', '2027-06-30', '2027-05-31', '2027-04-30',
    ]); // prettier-ignore
  });

  it('weekly=52 keeps the newest of each of 52 ISO weeks: the current Friday, then Sundays back to 2027-04-11', () => {
    // Act
    const kept = keptDays('weekly=52');

    // Assess
    expect(kept).toHaveLength(52);
    expect(kept.slice(0, 3)).toEqual(['2028-03-31', '2028-03-26', '2028-03-19']);
    expect(kept.slice(1).every((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 0)).toBe(true);
    expect(kept[51]).toBe('2027-04-11');
  });

  it('a count, an age and a tier together keep the union of what each keeps', () => {
    // 3 newest (03-31..03-29), younger than 10 days (03-22 03:00 is 9d7h old .. 03-21 is 10d7h), newest of 2 ISO weeks
    expect(keptDays('3,10d,weekly=2')).toEqual([
      '2028-03-31', '2028-03-30', '2028-03-29', '2028-03-28', '2028-03-27', '2028-03-26', '2028-03-25',
      '2028-03-24', '2028-03-23', '2028-03-22',
    ]); // prettier-ignore
  });

  it('a plain count still keeps exactly that many (backwards compatible)', () => {
    expect(keptDays('7')).toEqual(['2028-03-31', '2028-03-30', '2028-03-29', '2028-03-28', '2028-03-27', '2028-03-26', '2028-03-25']); // prettier-ignore
  });
});

describe('tier periods at their boundaries', () => {
  const at = (iso: string) => Date.parse(iso);

  it('starts ISO weeks on Monday 00:00 UTC: Sunday 23:59:59.999 and Monday 00:00 are different weeks', () => {
    expect(periodOf('weekly', at('2028-03-26T23:59:59.999Z'))).toBe(
      periodOf('weekly', at('2028-03-20T00:00:00Z')),
    );
    expect(periodOf('weekly', at('2028-03-27T00:00:00Z'))).toBe(
      periodOf('weekly', at('2028-03-26T23:59:59.999Z')) + 1,
    );
    // Across a year end: Monday 2029-01-01 starts ISO week 1 of 2029, Sunday 2028-12-31 ends the week before
    expect(periodOf('weekly', at('2029-01-01T00:00:00Z'))).toBe(
      periodOf('weekly', at('2028-12-31T12:00:00Z')) + 1,
    );
  });

  it('treats the leap day as its own day in February, and month ends as month ends (UTC)', () => {
    expect(periodOf('daily', at('2028-02-29T12:00:00Z'))).toBe(
      periodOf('daily', at('2028-02-28T12:00:00Z')) + 1,
    );
    expect(periodOf('monthly', at('2028-02-29T23:59:59.999Z'))).toBe(
      periodOf('monthly', at('2028-02-01T00:00:00Z')),
    );
    expect(periodOf('monthly', at('2028-03-01T00:00:00Z'))).toBe(
      periodOf('monthly', at('2028-02-29T23:59:59.999Z')) + 1,
    );
    expect(periodOf('yearly', at('2027-12-31T23:59:59.999Z'))).toBe(2027);
  });

  it('claims the newest completed snapshot of each period, passing over errored and pending ones', () => {
    // Prepare: newest first; the newest of Monday's week is pending, Sunday's newest errored
    const group: Snapshot[] = [
      managed('mon-pending', 'vol-1', '2028-03-27T06:00:00Z', 'weekly=2', 'pending'),
      managed('mon', 'vol-1', '2028-03-27T00:00:00Z', 'weekly=2'),
      managed('sun-error', 'vol-1', '2028-03-26T23:59:59Z', 'weekly=2', 'error'),
      managed('sun', 'vol-1', '2028-03-26T12:00:00Z', 'weekly=2'),
      managed('sat', 'vol-1', '2028-03-25T12:00:00Z', 'weekly=2'),
    ];

    // Act
    const claimed = tierClaims(group, [{ unit: 'weekly', keep: 2 }]);

    // Assess
    expect([...claimed].map((i) => group[i]?.id)).toEqual(['mon', 'sun']);
  });
});

describe('parseRetention: tiers, backwards compatible', () => {
  it.each([
    ['7', '7'],
    ['14d', '14d'],
    ['7,14d', '7,14d'],
    ['monthly=12, daily=7 ,weekly=4', 'daily=7,weekly=4,monthly=12'],
    ['hourly=24,yearly=3', 'hourly=24,yearly=3'],
    ['3,30d,DAILY=7', '3,30d,daily=7'],
  ])('accepts %s as %s', (raw, text) => {
    expect(parseRetention(raw)).toMatchObject({ ok: true, value: { text } });
  });

  it.each(['daily=0', 'daily=7,daily=3', 'fortnightly=2', 'daily=7,', 'daily=', 'daily=10000', '7,8'])(
    'refuses %s, listing the accepted forms including tiers',
    (raw) => {
      const parsed = parseRetention(raw);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.accepted).toContain('daily=7,weekly=4,monthly=12');
    },
  );
});
