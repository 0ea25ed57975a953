import type { Finding } from '../findings';

/**
 * Upcoming EC2 scheduled events as an iCalendar feed (RFC 5545), so on-call sees AWS maintenance
 * in their calendar: CRLF line ends, lines folded at 75 octets, TEXT values escaped, times in UTC,
 * and a UID per event built from its event id, so a calendar re-reading the feed updates the entry
 * instead of adding another.
 */

/** One calendar entry. */
export interface CalendarEvent {
  readonly uid: string;
  readonly start: Date;
  readonly end: Date;
  readonly summary: string;
  readonly description: string;
  readonly location?: string;
  readonly categories?: readonly string[];
}

/** RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newlines escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 3.1: a content line longer than 75 octets continues on lines starting with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // The first line holds 75 octets; a continuation line 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** `20261122T030000Z` (UTC, RFC 5545 3.3.5 form 2). */
export function icsTime(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export interface CalendarOptions {
  /** DTSTAMP of every entry: when the feed was made. */
  readonly now: Date;
  /** The calendar's display name. @default 'AWS scheduled events (driftwatch)' */
  readonly name?: string;
}

/** The feed: a VCALENDAR with one VEVENT per entry, sorted by start, CRLF-terminated lines. */
export function renderCalendar(events: readonly CalendarEvent[], options: CalendarOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//driftwatch//ec2-scheduled-events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name ?? 'AWS scheduled events (driftwatch)')}`,
  ];
  const sorted = [...events].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid),
  );
  for (const e of sorted) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${icsTime(options.now)}`,
      `DTSTART:${icsTime(e.start)}`,
      `DTEND:${icsTime(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      ...(e.categories && e.categories.length > 0
        ? [`CATEGORIES:${e.categories.map(escapeText).join(',')}`]
        : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

const HOUR = 3_600_000;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The calendar entries of ec2-scheduled-events findings: one per finding about a scheduled event
 * with an announced start (FAIL, or SUPPRESSED), naming the instance, its Name and Owner tags,
 * what AWS will do (the finding's message) and what driftwatch will do (`details.driftwatch`, or
 * the outcome of its remediation). An event without an end lasts an hour in the calendar.
 */
export function eventsFromFindings(findings: readonly Finding[]): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  for (const f of findings) {
    const d = f.details;
    const eventId = text(d.instanceEventId);
    const notBefore = text(d.notBefore);
    if (f.ruleId !== 'ec2-scheduled-events' || !eventId || !notBefore || f.checkId !== eventId) continue;
    if (f.status !== 'FAIL' && f.status !== 'SUPPRESSED') continue;
    const start = new Date(notBefore);
    const notAfter = text(d.notAfter);
    const end =
      notAfter && Date.parse(notAfter) > start.getTime()
        ? new Date(notAfter)
        : new Date(start.getTime() + HOUR);
    const name = text(d.name);
    const owner = text(d.owner);
    const code = text(d.code) ?? 'event';
    const r = f.remediation;
    const driftwatch = !r
      ? (text(d.driftwatch) ?? 'Nothing.')
      : r.dryRun
        ? `${r.description} (planned: done only when the rule runs with remediation on, not in a dry run)`
        : `${r.description} (${r.status}${r.reason ? `: ${r.reason}` : ''})`;
    out.push({
      uid: `${eventId}.${f.resource.id}.${f.account}@driftwatch`,
      start,
      end,
      summary: `${code}: ${f.resource.id}${name ? ` "${name}"` : ''} (${f.region})`,
      description: [
        `Instance: ${f.resource.id} in account ${f.account}, ${f.region}`,
        `Name: ${name ?? '(no Name tag)'}`,
        `Owner: ${owner ?? '(no Owner tag)'}`,
        `What AWS will do: ${f.message}`,
        `What driftwatch will do: ${driftwatch}`,
        `Event: ${eventId}`,
      ].join('\n'),
      location: `${f.account} ${f.region}`,
      categories: [code, f.severity],
    });
  }
  return out;
}
