import { z } from 'zod';
import { rescheduleInstanceEvent } from '../../lib/actions/ec2-events';
import type { InstanceEvent } from '../../lib/inventory/ec2-instances';
import { instances, instanceStatuses, instanceStoreTypes } from '../../lib/inventory/ec2-instances';
import { enabledRegions } from '../../lib/inventory/regions';
import { MAINTENANCE_WINDOW_FORMAT, parseMaintenanceWindow } from './maintenance-window';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { eventIsOver } from './event-text';
import { tagKey } from '../../lib/tag-key';
import { eventFinding } from './event-finding';
import {
  impairedFinding,
  instanceResource,
  isImpaired,
  noEventFinding,
  unreadableWindowFinding,
} from './instance-findings';

const DAY = 24 * 3_600_000;

const hours = (field: string, fallback: number) =>
  z
    .number({ error: (i) => `expected a number of hours, got ${JSON.stringify(i.input)}` })
    .positive()
    .max(24 * 90)
    .default(fallback)
    .describe(field);

const params = z
  .strictObject({
    /** Events starting within this many days are reported. */
    lookaheadDays: z
      .number({ error: (i) => `expected a whole number of days, got ${JSON.stringify(i.input)}` })
      .int()
      .min(1)
      .max(90)
      .default(14),
    /** An event starting within this many hours (or already started) is high severity. */
    highWithinHours: hours('highWithinHours', 72),
    /** Within this many hours it is medium, beyond it low. */
    mediumWithinHours: hours('mediumWithinHours', 168),
    nameTag: tagKey.default('Name'),
    ownerTag: tagKey.default('Owner'),
    /** Tag holding the instance's maintenance window, e.g. `Sun 03:00-05:00` (UTC; see lib/maintenance-window). */
    maintenanceWindowTag: tagKey.default('MaintenanceWindow'),
  })
  .refine((p) => p.mediumWithinHours >= p.highWithinHours, {
    path: ['mediumWithinHours'],
    error: 'expected at least highWithinHours',
  });

/**
 * ec2-scheduled-events: no EC2 instance has an AWS scheduled event (reboot, maintenance, stop,
 * retirement) coming up that its owner has not been told about. Reads DescribeInstanceStatus (no
 * AWS Health subscription needed); DescribeInstances only when something is to be reported.
 */
export const ec2ScheduledEvents = defineRule({
  meta: {
    id: 'ec2-scheduled-events',
    title: 'No EC2 instance has an upcoming AWS scheduled event',
    description:
      "Reports each scheduled event (instance-reboot, system-reboot, system-maintenance, instance-retirement, instance-stop) starting within the lookahead window, with what will happen and what the owner can do; optionally moves movable events into the instance's tagged maintenance window. Also reports impaired status checks.",
    risk: 'AWS reboots, stops or retires the instance at a time it chose; an instance-store instance loses its data.',
    severity: 'high',
    resourceType: 'AwsEc2Instance',
    scope: 'regional',
    controls: {},
    deployment: { schedule: 'rate(6 hours)' },
    remediation: {
      text: `Act before the event as each finding says, or move it (EC2 console, Events) up to its deadline; tag instances with a maintenance window (${MAINTENANCE_WINDOW_FORMAT}) to have driftwatch move events there.`,
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instances-status-check_sched.html',
    },
  },
  reads: [instanceStatuses, instances, instanceStoreTypes],
  actions: [rescheduleInstanceEvent],
  params,
  regions: enabledRegions,
  async evaluate({ inventory, region, params: p, now }): Promise<FindingDraft[]> {
    const horizon = now.getTime() + p.lookaheadDays * DAY;
    const statuses = await inventory.get(instanceStatuses, region);
    const due = (e: InstanceEvent) =>
      !eventIsOver(e.description) && (!e.notBefore || Date.parse(e.notBefore) <= horizon);
    // DescribeInstances on every run (one paginated listing): names and owners for the messages, and
    // the maintenance-window tag, whose bad value is reported whether or not an event is due.
    const byId = new Map((await inventory.get(instances, region)).map((i) => [i.instanceId, i]));

    const findings: FindingDraft[] = [];
    for (const status of statuses) {
      const instance = byId.get(status.instanceId);
      const resource = instanceResource(status.instanceId, instance, p);
      const dueEvents = status.events.filter(due);
      if (dueEvents.length === 0) {
        const later = status.events.filter((e) => !eventIsOver(e.description));
        findings.push(noEventFinding(status, resource, p.lookaheadDays, later));
      }
      const tagValue = instance?.tags[p.maintenanceWindowTag];
      const window = tagValue === undefined ? undefined : parseMaintenanceWindow(tagValue);
      if (window && !window.ok && tagValue !== undefined)
        findings.push(
          unreadableWindowFinding(status, resource, p.maintenanceWindowTag, tagValue, window.error),
        );
      for (const event of dueEvents) {
        findings.push(
          await eventFinding({
            event,
            status,
            instance,
            window,
            resource,
            region,
            now,
            params: p,
            instanceStoreTypes: () => inventory.get(instanceStoreTypes, region),
          }),
        );
      }
      if (isImpaired(status)) findings.push(impairedFinding(status, resource));
    }
    return findings;
  },
});
