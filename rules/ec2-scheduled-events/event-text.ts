import type { Severity } from '../../lib/findings';
import type { InstanceStatusEntry } from '../../lib/inventory/ec2-instances';

/**
 * Words for an EC2 scheduled event, as the instance's owner needs them: what AWS will do, when, and
 * what the owner can do about it. Pure: every time is passed in and printed in UTC.
 */

export const EVENT_CODES = [
  'instance-reboot',
  'system-reboot',
  'system-maintenance',
  'instance-retirement',
  'instance-stop',
] as const;

/** Completed and canceled events stay listed for up to a week, marked in their description. */
export function eventIsOver(description: string): boolean {
  return /^\s*\[(Completed|Canceled)\]/i.test(description);
}

/** Retirement and stop take the instance down; on instance-store storage the data goes with it. */
export function stopsInstance(code: string): boolean {
  return code === 'instance-retirement' || code === 'instance-stop';
}

export interface SeverityThresholds {
  readonly highWithinHours: number;
  readonly mediumWithinHours: number;
}

/**
 * Critical is kept for data loss (retirement or stop of an instance with instance-store storage);
 * otherwise high within `highWithinHours` of the start (or once started), medium within
 * `mediumWithinHours`, low beyond.
 */
export function eventSeverity(hoursUntil: number, dataLoss: boolean, t: SeverityThresholds): Severity {
  if (dataLoss) return 'critical';
  if (hoursUntil <= t.highWithinHours) return 'high';
  if (hoursUntil <= t.mediumWithinHours) return 'medium';
  return 'low';
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Wed 2026-11-25 04:00 UTC`. */
export function utc(at: Date): string {
  return `${WEEKDAYS[at.getUTCDay()]} ${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)} UTC`;
}

/** `in 3 days 6 hours`, `in 45 minutes`, `2 hours ago`. */
export function relative(at: Date, now: Date): string {
  const minutes = Math.round((at.getTime() - now.getTime()) / 60_000);
  const abs = Math.abs(minutes);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  let text: string;
  if (abs < 60) text = plural(abs, 'minute');
  else if (abs < 48 * 60) text = plural(Math.floor(abs / 60), 'hour');
  else {
    const days = Math.floor(abs / 1440);
    const hours = Math.floor((abs % 1440) / 60);
    text = hours === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(hours, 'hour')}`;
  }
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}

export interface EventStory {
  readonly code: string;
  /** What AWS said (`Description`), already known not to be over. */
  readonly description: string;
  /** `i-0abc (web-1; owner: team-payments)`. */
  readonly instanceLabel: string;
  readonly region: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly deadline?: Date;
  readonly rootDeviceType: string;
  /** The instance has instance-store volumes (root or not) whose data a stop destroys. */
  readonly hasInstanceStore: boolean;
  readonly now: Date;
}

function when(s: EventStory): string {
  if (!s.notBefore) return 'at a time AWS has not announced';
  const start = `${utc(s.notBefore)} (${relative(s.notBefore, s.now)})`;
  if (s.notBefore <= s.now)
    return `in a window that started ${start}${s.notAfter ? ` and ends ${utc(s.notAfter)}` : ''}`;
  return s.notAfter ? `between ${start} and ${utc(s.notAfter)}` : `from ${start}`;
}

/** What will happen, and what the owner can do: the finding's message. */
export function eventMessage(s: EventStory): string {
  const who = `EC2 instance ${s.instanceLabel} in ${s.region}`;
  const aws = s.description ? ` (AWS: "${s.description}")` : '';
  const instanceStoreRoot = s.rootDeviceType === 'instance-store';
  const losesVolumes =
    s.hasInstanceStore && !instanceStoreRoot
      ? ', and the data on its instance-store volumes will be lost'
      : '';
  const copyFirst = s.hasInstanceStore ? ' after copying off the data on its instance-store volumes' : '';
  let what: string;
  let advice: string;
  switch (s.code) {
    case 'instance-retirement':
      if (instanceStoreRoot) {
        what = `will be terminated by AWS for retirement ${when(s)}, because its underlying hardware is failing${aws}; it is instance-store backed, so everything on it will be lost`;
        advice =
          'Copy the data you need off it and launch a replacement (for example from an AMI of it) before then.';
      } else {
        what = `will be stopped by AWS for retirement ${when(s)}, because its underlying hardware is failing${aws}${losesVolumes}`;
        advice = `To choose the time yourself, stop and start it before then${copyFirst}: it moves to healthy hardware and the event clears; otherwise start it again after AWS stops it.`;
      }
      break;
    case 'instance-stop':
      what = `will be stopped by AWS ${when(s)}${aws}${losesVolumes}`;
      advice = `To choose the time yourself, stop and start it before then${copyFirst}: it moves to new hardware and the event clears; otherwise start it again after AWS stops it.`;
      break;
    case 'instance-reboot':
      what = `will be rebooted by AWS ${when(s)}${aws}`;
      advice =
        'Reboot it yourself before then at a time that suits you, or plan for a few minutes of downtime.';
      break;
    case 'system-reboot':
      what = `will be restarted by AWS ${when(s)} because the host it runs on is rebooted${aws}`;
      advice =
        'Plan for a few minutes of downtime, or reboot it yourself before then (where reboot migration is supported this moves it to new hardware and clears the event).';
      break;
    case 'system-maintenance':
      what = `may lose network connectivity or be rebooted ${when(s)} during power or network maintenance of its host${aws}`;
      advice = 'Plan for a short interruption.';
      break;
    default:
      what = `has a scheduled ${s.code || 'unknown'} event ${when(s)}${aws}`;
      advice = 'See the EC2 console, Events, for what it means.';
  }
  const move = s.deadline
    ? ` AWS lets you move the event to any time up to ${utc(s.deadline)} (EC2 console, Events, Actions, Schedule event).`
    : '';
  return `${who} ${what}. ${advice}${move}`;
}

/** `i-0abc ("web-1"; owner: team-payments)`, naming a missing tag so somebody adds it. */
export function instanceLabel(
  instanceId: string,
  tags: Readonly<Record<string, string>>,
  nameTag: string,
  ownerTag: string,
): string {
  const name = tags[nameTag];
  const owner = tags[ownerTag];
  return `${instanceId} (${name ? `"${name}"` : `no ${nameTag} tag`}; ${owner ? `owner: ${owner}` : `no ${ownerTag} tag`})`;
}

/** Which status checks fail, since when, and what usually fixes them. */
export function impairedMessage(status: InstanceStatusEntry): string {
  const checks = (
    [
      ['system', status.system],
      ['instance', status.instance],
      ['attached EBS', status.attachedEbs],
    ] as const
  ).filter(([, c]) => c?.status === 'impaired');
  const names = checks.map(([n]) => n).join(' and ');
  const since = checks
    .flatMap(([, c]) => c?.failing.map((f) => f.impairedSince) ?? [])
    .find((s) => s !== undefined);
  return `EC2 instance ${status.instanceId} fails its ${names} status check${checks.length > 1 ? 's' : ''}${since ? ` since ${utc(new Date(since))}` : ''}: it may be unreachable; a system check failure usually clears with a stop and start, an instance check failure needs a look inside the instance.`;
}
