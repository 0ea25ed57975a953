import { writeFileSync } from 'node:fs';
import { ValidationError } from '../lib/errors';
import type { Finding } from '../lib/findings';
import { eventsFromFindings, renderCalendar } from '../lib/output/ics';
import { ec2ScheduledEvents } from '../rules/ec2-scheduled-events';
import type { Rule } from '../lib/rule';
import { scanRules } from './evaluate';
import type { CliIo } from './io';
import { EXIT } from './io';
import { parseFlags, parseRegions } from './options';
import { silentProgress } from './progress';
import { openScanSource } from './scan-source';

export const EVENTS_HELP = `Usage: driftwatch events --format ics [options]

Writes every upcoming EC2 scheduled event (reboots, retirements, stops, maintenance) of the live
account (the environment's credentials) or of recorded snapshot files as an iCalendar feed (RFC
5545), so on-call sees AWS maintenance in their calendar. Each entry names the instance, its Name
and Owner tags, what AWS will do and what driftwatch will do about it; its UID comes from the event
id, so re-importing updates entries instead of duplicating them. Nothing is changed in the account.

Options:
  --format ics          The output format (only ics). Required.
  --snapshot FILE       Read a recorded snapshot instead of the live account (repeat for several
                        accounts; each is evaluated as of its capture time).
  --regions LIST        "all" enabled regions (default) or e.g. us-east-1,eu-west-1.
  --lookahead-days N    Events starting within N days (1 to 90, default 90).
  --out FILE            Write the feed to FILE instead of standard output.
  -h, --help            Show this help.

Example:
  driftwatch events --format ics --out aws-maintenance.ics
`;

/** The flags of `driftwatch events` (shell completion is generated from them). */
export const EVENTS_FLAGS = {
  format: { type: 'string' },
  snapshot: { type: 'string', multiple: true },
  regions: { type: 'string' },
  'lookahead-days': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function lookahead(value: string | undefined): number {
  if (value === undefined) return 90;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 90)
    throw new ValidationError(
      `--lookahead-days: expected a whole number of days from 1 to 90, got "${value}".`,
      ['--lookahead-days'],
    );
  return n;
}

/** `driftwatch events --format ics`: the calendar of upcoming scheduled events. */
export async function eventsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('events', argv, EVENTS_FLAGS);
  if (values.help) {
    io.stdout.write(EVENTS_HELP);
    return EXIT.ok;
  }
  if (values.format !== 'ics')
    throw new ValidationError(
      `--format: expected ics, got ${values.format === undefined ? 'nothing' : `"${values.format}"`} (driftwatch events --format ics).`,
      ['--format'],
    );
  const days = lookahead(values['lookahead-days']);
  const regions = parseRegions(values.regions);
  const files: (string | undefined)[] = values.snapshot?.length ? values.snapshot : [undefined];
  const findings: Finding[] = [];
  for (const file of files) {
    const source = await openScanSource(file, regions, '--regions', io);
    // No clients: the rule's actions are only planned, so the calendar never changes the account.
    const scans = await scanRules({
      rules: [ec2ScheduledEvents as Rule<never>],
      inventory: source.inventory,
      payload: {
        regions: source.regions === undefined || source.regions === 'all' ? 'all' : [...source.regions],
      },
      params: new Map([['ec2-scheduled-events', { defaults: {}, payload: { lookaheadDays: days } }]]),
      now: source.now,
      progress: silentProgress,
    });
    for (const scan of scans) findings.push(...scan.run.findings);
  }
  const now = (io.now ?? (() => new Date()))();
  const feed = renderCalendar(eventsFromFindings(findings), { now });
  if (values.out) writeFileSync(values.out, feed);
  else io.stdout.write(feed);
  return EXIT.ok;
}
