import { z } from 'zod';
import { rescheduleInstanceEvent } from '../lib/actions/ec2-events';
import { plan } from '../lib/actions/types';
import type { ResourceRef } from '../lib/findings';
import type { Ec2Instance, InstanceEvent, InstanceStatusEntry } from '../lib/inventory/ec2-instances';
import { instances, instanceStatuses, instanceStoreTypes } from '../lib/inventory/ec2-instances';
import { enabledRegions } from '../lib/inventory/regions';
import type { MaintenanceWindow, WindowParse } from '../lib/maintenance-window';
import {
  describeWindows,
  MAINTENANCE_WINDOW_FORMAT,
  parseMaintenanceWindow,
  rescheduleIntoWindow,
} from '../lib/maintenance-window';
import type { FindingDraft } from '../lib/rule';
import { defineRule } from '../lib/rule';
import {
  eventIsOver,
  eventMessage,
  eventSeverity,
  impairedMessage,
  instanceLabel,
  stopsInstance,
  utc,
} from '../lib/scheduled-event-text';

const HOUR = 3_600_000;
/** AWS refuses to move an event that starts within 5 minutes. */
const UNMOVABLE_WITHIN_MS = 5 * 60_000;

const hours = (field: string, fallback: number) =>
  z
    .number({ error: (i) => `expected a number of hours, got ${JSON.stringify(i.input)}` })
    .positive()
    .max(24 * 90)
    .default(fallback)
    .describe(field);
const tagKey = (fallback: string) =>
  z
    .string({ error: (i) => `expected a tag key, got ${JSON.stringify(i.input)}` })
    .min(1)
    .max(128)
    .default(fallback);

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
    nameTag: tagKey('Name'),
    ownerTag: tagKey('Owner'),
    /** Tag holding the instance's maintenance window, e.g. `Sun 03:00-05:00` (UTC; see lib/maintenance-window). */
    maintenanceWindowTag: tagKey('MaintenanceWindow'),
  })
  .refine((p) => p.mediumWithinHours >= p.highWithinHours, {
    path: ['mediumWithinHours'],
    error: 'expected at least highWithinHours',
  });
type Params = z.infer<typeof params>;

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
    permissions: {
      read: [
        'ec2:DescribeRegions',
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceTypes',
      ],
      remediate: ['ec2:ModifyInstanceEventStartTime'],
    },
    remediation: {
      text: `Act before the event as each finding says, or move it (EC2 console, Events) up to its deadline; tag instances with a maintenance window (${MAINTENANCE_WINDOW_FORMAT}) to have driftwatch move events there.`,
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instances-status-check_sched.html',
    },
  },
  params,
  regions: enabledRegions,
  async evaluate({ inventory, region, params: p, now }): Promise<FindingDraft[]> {
    const horizon = now.getTime() + p.lookaheadDays * 24 * HOUR;
    const statuses = await inventory.get(instanceStatuses, region);
    const due = (e: InstanceEvent) =>
      !eventIsOver(e.description) && (!e.notBefore || Date.parse(e.notBefore) <= horizon);
    const impaired = (s: InstanceStatusEntry) =>
      [s.system, s.instance, s.attachedEbs].some((c) => c?.status === 'impaired');
    const needDetails = statuses.some((s) => s.events.some(due) || impaired(s));
    const byId = new Map(
      (needDetails ? await inventory.get(instances, region) : []).map((i) => [i.instanceId, i]),
    );

    const findings: FindingDraft[] = [];
    for (const status of statuses) {
      const instance = byId.get(status.instanceId);
      const resource = resourceOf(status.instanceId, instance, p);
      const dueEvents = status.events.filter(due);
      if (dueEvents.length === 0) {
        const later = status.events.filter((e) => !eventIsOver(e.description));
        findings.push({
          resource,
          status: 'PASS',
          message: `EC2 instance ${status.instanceId} has no AWS scheduled event in the next ${p.lookaheadDays} days.`,
          details: { laterEvents: later },
        });
      }
      const tagValue = instance?.tags[p.maintenanceWindowTag];
      const window = tagValue === undefined ? undefined : parseMaintenanceWindow(tagValue);
      if (dueEvents.length > 0 && window && !window.ok) {
        findings.push({
          resource,
          status: 'FAIL',
          checkId: 'maintenance-window-tag',
          severity: 'low',
          message: `EC2 instance ${status.instanceId} has tag ${p.maintenanceWindowTag}="${tagValue}", which driftwatch cannot read (${window.error}), so its scheduled events are not moved into a maintenance window.`,
          details: { tag: p.maintenanceWindowTag, value: tagValue, error: window.error },
        });
      }
      for (const event of dueEvents)
        findings.push(await eventFinding(event, status, instance, window, resource));
      if (impaired(status)) findings.push(impairedFinding(status, resource));
    }
    return findings;

    async function eventFinding(
      event: InstanceEvent,
      status: InstanceStatusEntry,
      instance: Ec2Instance | undefined,
      window: WindowParse | undefined,
      resource: ResourceRef,
    ): Promise<FindingDraft> {
      const notBefore = event.notBefore ? new Date(event.notBefore) : undefined;
      const deadline = event.notBeforeDeadline ? new Date(event.notBeforeDeadline) : undefined;
      const rootDeviceType = instance?.rootDeviceType ?? 'ebs';
      const hasInstanceStore =
        rootDeviceType === 'instance-store' ||
        (stopsInstance(event.code) &&
          instance !== undefined &&
          (await inventory.get(instanceStoreTypes, region)).includes(instance.instanceType));
      const hoursUntil = notBefore ? (notBefore.getTime() - now.getTime()) / HOUR : 0;
      const move = window?.ok
        ? moveIntoWindow(event, status.instanceId, window.windows, notBefore, deadline)
        : undefined;
      return {
        resource,
        status: 'FAIL',
        checkId: event.id,
        severity: eventSeverity(hoursUntil, hasInstanceStore && stopsInstance(event.code), p),
        message: eventMessage({
          code: event.code,
          description: event.description,
          instanceLabel: labelOf(status.instanceId, instance, p),
          region,
          ...(notBefore ? { notBefore } : {}),
          ...(event.notAfter ? { notAfter: new Date(event.notAfter) } : {}),
          ...(deadline ? { deadline } : {}),
          rootDeviceType,
          hasInstanceStore,
          now,
        }),
        details: {
          instanceEventId: event.id,
          code: event.code,
          description: event.description,
          notBefore: event.notBefore ?? null,
          notAfter: event.notAfter ?? null,
          notBeforeDeadline: event.notBeforeDeadline ?? null,
          hoursUntilStart: Math.round(hoursUntil * 10) / 10,
          name: instance?.tags[p.nameTag] ?? null,
          owner: instance?.tags[p.ownerTag] ?? null,
          rootDeviceType,
          instanceType: instance?.instanceType ?? null,
          dataLossOnStop: hasInstanceStore,
          reschedule:
            move?.note ?? (window ? 'maintenance-window tag unreadable' : `no ${p.maintenanceWindowTag} tag`),
        },
        ...(move?.action ? { action: move.action } : {}),
      };
    }

    function moveIntoWindow(
      event: InstanceEvent,
      instanceId: string,
      windows: readonly MaintenanceWindow[],
      notBefore?: Date,
      deadline?: Date,
    ) {
      if (!deadline || !notBefore) return { note: 'AWS does not allow this event to be moved (no deadline)' };
      if (notBefore.getTime() - now.getTime() <= UNMOVABLE_WITHIN_MS)
        return { note: 'starts within 5 minutes or has started; too late to move' };
      const result = rescheduleIntoWindow({ windows, now, notBefore, deadline });
      const where = describeWindows(windows);
      if (result.kind === 'already-in-window')
        return { note: `already starts inside the maintenance window ${where}` };
      if (result.kind === 'no-slot-before-deadline')
        return {
          note: `no maintenance window (${where}) between ${utc(result.earliest)} and the deadline ${utc(deadline)}`,
        };
      const input = { instanceId, instanceEventId: event.id, notBefore: result.at.toISOString() };
      const description = `Move ${event.code} event ${event.id} of ${instanceId} from ${utc(notBefore)} to ${utc(result.at)}, inside its maintenance window ${where} and before the deadline ${utc(deadline)}`;
      return {
        note: `move to ${result.at.toISOString()}`,
        action: plan(rescheduleInstanceEvent, input, description),
      };
    }
  },
});

function resourceOf(instanceId: string, instance: Ec2Instance | undefined, p: Params): ResourceRef {
  const tags: Record<string, string> = {};
  for (const key of [p.nameTag, p.ownerTag, p.maintenanceWindowTag]) {
    const value = instance?.tags[key];
    if (value !== undefined) tags[key] = value;
  }
  return { type: 'AwsEc2Instance', id: instanceId, ...(Object.keys(tags).length > 0 ? { tags } : {}) };
}

function labelOf(instanceId: string, instance: Ec2Instance | undefined, p: Params): string {
  return instanceLabel(instanceId, instance?.tags ?? {}, p.nameTag, p.ownerTag);
}

function impairedFinding(status: InstanceStatusEntry, resource: ResourceRef): FindingDraft {
  return {
    resource,
    status: 'FAIL',
    checkId: 'status-checks',
    severity: 'medium',
    message: impairedMessage(status),
    details: {
      system: status.system,
      instance: status.instance,
      ...(status.attachedEbs ? { attachedEbs: status.attachedEbs } : {}),
    },
  };
}
