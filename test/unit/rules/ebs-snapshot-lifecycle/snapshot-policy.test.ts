import {
  lastSlot,
  nextSlot,
  parseRetention,
  parseSchedule,
  pastRetention,
} from '../../../../rules/ebs-snapshot-lifecycle/snapshot-policy';
import type { Schedule } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-policy';
import { match } from '../../../helpers/matchers';

const DAY = 86_400_000;

function schedule(text: string): Schedule {
  const parsed = parseSchedule(text);
  if (!parsed.ok) throw new Error(`expected ${text} to parse`);
  return parsed.value;
}

describe('parseSchedule', () => {
  it.each([
    ['hourly', 'hourly'],
    ['every-1h', 'hourly'],
    ['every-6h', 'every-6h'],
    ['daily', 'daily@00:00'],
    [' Daily@03:30 ', 'daily@03:30'],
    ['weekly', 'weekly@sun@00:00'],
    ['weekly@mon', 'weekly@mon@00:00'],
    ['weekly@FRI@23:59', 'weekly@fri@23:59'],
  ])('accepts %j as %s', (raw, text) => {
    expect(parseSchedule(raw)).toEqual({ ok: true, value: match.objectContaining({ text }) });
  });

  it.each([
    '',
    'daily@25:00',
    'daily@3:00',
    'every-5h',
    'every-24h',
    'weekly@funday',
    'monthly',
    'daily@03:00@x',
    'yes',
  ])('rejects %j with the accepted forms', (raw) => {
    const parsed = parseSchedule(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.accepted).toContain('daily@HH:MM');
  });
});

describe('parseRetention', () => {
  it.each([
    ['7', { count: 7, text: '7' }],
    ['14d', { maxAgeMs: 14 * DAY, text: '14d' }],
    ['8w', { maxAgeMs: 56 * DAY, text: '8w' }],
    ['36h', { maxAgeMs: 36 * 3_600_000, text: '36h' }],
    ['7,14d', { count: 7, maxAgeMs: 14 * DAY, text: '7,14d' }],
    ['14D , 7', { count: 7, maxAgeMs: 14 * DAY, text: '7,14d' }],
  ])('accepts %j', (raw, value) => {
    expect(parseRetention(raw)).toEqual({ ok: true, value });
  });

  it.each(['', '0', '1001', 'x', '14m', '7,8', '14d,2w', '7,14d,3', '-3', '0d', '99999d', 'forever'])(
    'rejects %j with the accepted forms',
    (raw) => {
      const parsed = parseRetention(raw);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.accepted).toContain('14d');
    },
  );
});

describe('lastSlot and nextSlot (UTC)', () => {
  it('puts hourly slots on the hour and every-6h slots at 00, 06, 12, 18', () => {
    const now = new Date('2026-03-10T13:59:59.999Z');
    expect(lastSlot(schedule('hourly'), now).toISOString()).toBe('2026-03-10T13:00:00.000Z');
    expect(lastSlot(schedule('every-6h'), now).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(nextSlot(schedule('every-6h'), now).toISOString()).toBe('2026-03-10T18:00:00.000Z');
  });

  it('uses yesterday before the daily time and today from that exact millisecond on', () => {
    const s = schedule('daily@03:00');
    expect(lastSlot(s, new Date('2026-03-10T02:59:59.999Z')).toISOString()).toBe('2026-03-09T03:00:00.000Z');
    expect(lastSlot(s, new Date('2026-03-10T03:00:00.000Z')).toISOString()).toBe('2026-03-10T03:00:00.000Z');
  });

  it('crosses month and year ends for daily and weekly schedules', () => {
    expect(lastSlot(schedule('daily@23:00'), new Date('2027-01-01T00:30:00Z')).toISOString()).toBe(
      '2026-12-31T23:00:00.000Z',
    );
    // 2026-03-10 is a Tuesday: the last Monday 04:00 slot is the day before; on Monday at 03:00 it is a week back.
    expect(lastSlot(schedule('weekly@mon@04:00'), new Date('2026-03-10T10:00:00Z')).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    expect(lastSlot(schedule('weekly@mon@04:00'), new Date('2026-03-09T03:00:00Z')).toISOString()).toBe(
      '2026-03-02T04:00:00.000Z',
    );
    expect(nextSlot(schedule('weekly@mon@04:00'), new Date('2026-03-09T03:00:00Z')).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
  });
});

describe('pastRetention', () => {
  it('by count: positions from the count on are past', () => {
    expect(pastRetention({ count: 3, text: '3' }, 2, 0)).toBe(false);
    expect(pastRetention({ count: 3, text: '3' }, 3, 0)).toBe(true);
  });

  it('by age: exactly at the limit is kept, one millisecond later is past', () => {
    const r = { maxAgeMs: 14 * DAY, text: '14d' };
    expect(pastRetention(r, 5, 14 * DAY)).toBe(false);
    expect(pastRetention(r, 5, 14 * DAY + 1)).toBe(true);
  });

  it('by both: past only when beyond the count and older than the age', () => {
    const r = { count: 2, maxAgeMs: DAY, text: '2,1d' };
    expect(pastRetention(r, 5, DAY / 2)).toBe(false);
    expect(pastRetention(r, 1, 10 * DAY)).toBe(false);
    expect(pastRetention(r, 2, 10 * DAY)).toBe(true);
  });
});
