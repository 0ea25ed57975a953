import ICAL from 'ical.js';
import { escapeText, foldLine, renderCalendar } from '../../../../lib/output/ics';
import type { CalendarEvent } from '../../../../lib/output/ics';

const NOW = new Date('2026-11-21T12:00:00Z');
const awkward: CalendarEvent = {
  uid: 'instance-event-0abc.i-0aaa.111122223333@driftwatch',
  start: new Date('2026-11-22T03:00:00Z'),
  end: new Date('2026-11-22T05:00:00Z'),
  summary: 'instance-retirement: i-0aaa "web, api; \\ shard" (eu-west-1)',
  description: `What AWS will do: it stops the instance, then, ${'a long sentence with ünïcödé that wraps '.repeat(6)}\nWhat driftwatch will do: Nothing.`,
  categories: ['instance-retirement', 'high'],
};

describe('lib/output/ics: RFC 5545 details', () => {
  it('escapes backslash, semicolon, comma and newlines in TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds lines at 75 octets, never inside a multi-byte character, continuing with a space', () => {
    // Prepare
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    // Act
    const folded = foldLine(line).split('\r\n');
    // Assess
    for (const part of folded) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });

  it('ends every line with CRLF and writes times in UTC', () => {
    const feed = renderCalendar([awkward], { now: NOW });
    expect(feed.endsWith('\r\n')).toBe(true);
    expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(feed).toContain('\r\nDTSTART:20261122T030000Z\r\n');
    expect(feed).toContain('\r\nDTSTAMP:20261121T120000Z\r\n');
  });

  it('round-trips through ical.js: same UID, summary, description and UTC times', () => {
    // Act
    const parsed = new ICAL.Component(ICAL.parse(renderCalendar([awkward], { now: NOW })) as unknown[]);
    const [vevent] = parsed.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    // Assess
    expect(event.uid).toBe(awkward.uid);
    expect(event.summary).toBe(awkward.summary);
    expect(event.description).toBe(awkward.description);
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-22T03:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-11-22T05:00:00.000Z');
    expect(vevent?.getFirstProperty('categories')?.getValues()).toEqual(['instance-retirement', 'high']);
  });
});
