import type { ClientFactory } from '../aws/clients';
import type { Finding } from '../findings';
import type { ReportObject } from '../report/upload';
import { uploadReport } from '../report/upload';
import { eventsFromFindings, renderCalendar } from './ics';

/**
 * Writes the fleet's upcoming EC2 scheduled events as an iCalendar object (`text/calendar`) to S3,
 * through the report bucket's put (private, SSE-S3): e.g. `calendar/ec2-scheduled-events.ics`,
 * which a calendar subscribes to through a presigned or CloudFront URL the operator sets up.
 * `findings` are every account's and region's ec2-scheduled-events findings of the latest runs.
 * Returns how many events the calendar holds.
 */
export async function writeEventCalendar(
  clients: ClientFactory,
  target: ReportObject,
  findings: readonly Finding[],
  now: Date,
): Promise<number> {
  const events = eventsFromFindings(findings);
  await uploadReport(clients, target, renderCalendar(events, { now }), 'text/calendar; charset=utf-8');
  return events.length;
}
