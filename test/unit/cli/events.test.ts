import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import type { InstanceStatusEntry } from '../../../lib/inventory/ec2-instances';
import { DEMO, runCli } from './io';

interface Stored {
  readonly capturedAt: string;
  readonly reads: Record<string, Record<string, { value?: InstanceStatusEntry[] }>>;
}

/** The demo's upcoming events with an announced start within 90 days of its capture. */
function demoEvents(): { uid: string; start: string; end: string | undefined }[] {
  const snapshot = JSON.parse(readFileSync(DEMO, 'utf8')) as Stored;
  const horizon = Date.parse(snapshot.capturedAt) + 90 * 86_400_000;
  return Object.values(snapshot.reads['ec2.instanceStatuses'] ?? {}).flatMap((r) =>
    (r.value ?? []).flatMap((s) =>
      s.events
        .filter(
          (e) =>
            e.notBefore &&
            Date.parse(e.notBefore) <= horizon &&
            !/^\[(Completed|Canceled)\]/.test(e.description),
        )
        .map((e) => ({
          uid: `${e.id}.${s.instanceId}.111122223333@driftwatch`,
          start: e.notBefore as string,
          end: e.notAfter,
        })),
    ),
  );
}

describe('driftwatch events --format ics', () => {
  it('writes every upcoming event of a snapshot, parsed back by ical.js with its times in UTC', async () => {
    // Prepare
    const expected = demoEvents();
    // Act
    const out = await runCli(['events', '--format', 'ics', '--snapshot', DEMO]);
    // Assess
    expect(out.code).toBe(0);
    const calendar = new ICAL.Component(ICAL.parse(out.stdout) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.uid).sort()).toEqual(expected.map((e) => e.uid).sort());
    for (const want of expected) {
      const got = events.find((e) => e.uid === want.uid) as ICAL.Event;
      expect(got.startDate.zone.tzid).toBe('UTC');
      expect(got.startDate.toJSDate().toISOString()).toBe(new Date(want.start).toISOString());
      if (want.end) expect(got.endDate.toJSDate().toISOString()).toBe(new Date(want.end).toISOString());
      expect(got.description).toMatch(
        /^Instance: i-\w+ in account 111122223333, [a-z0-9-]+\nName: .+\nOwner: .+\nWhat AWS will do: EC2 instance .+\nWhat driftwatch will do: .+\nEvent: instance-event-/,
      );
    }
  });

  it('refuses a missing or other format, naming the flag, before reading anything', async () => {
    const missing = await runCli(['events', '--snapshot', DEMO]);
    const other = await runCli(['events', '--format', 'csv']);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'driftwatch: --format: expected ics, got nothing (driftwatch events --format ics).\n',
    });
    expect(other.stderr).toBe(
      'driftwatch: --format: expected ics, got "csv" (driftwatch events --format ics).\n',
    );
  });

  it('refuses a lookahead outside 1 to 90 days, naming the flag', async () => {
    const out = await runCli(['events', '--format', 'ics', '--lookahead-days', '120', '--snapshot', DEMO]);
    expect(out).toMatchObject({
      code: 2,
      stderr: 'driftwatch: --lookahead-days: expected a whole number of days from 1 to 90, got "120".\n',
    });
  });
});
