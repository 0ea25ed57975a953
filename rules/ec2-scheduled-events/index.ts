import { refreshGroupBeforeEvent, replaceGroupInstance } from '../../lib/actions/autoscaling-replace';
import { rescheduleInstanceEvent } from '../../lib/actions/ec2-events';
import { activeRefreshes } from '../../lib/inventory/autoscaling';
import { groupLaunches, groupMembers } from '../../lib/inventory/autoscaling-members';
import type { InstanceEvent } from '../../lib/inventory/ec2-instances';
import { instances, instanceStatuses, instanceStoreTypes } from '../../lib/inventory/ec2-instances';
import { indexFound } from '../../lib/inventory/keyed-read';
import { enabledRegions } from '../../lib/inventory/regions';
import { MAINTENANCE_WINDOW_FORMAT, parseMaintenanceWindow } from './maintenance-window';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { eventIsOver } from './event-text';
import { eventFinding } from './event-finding';
import type { AppliedWindow } from './event-plan';
import { planEvent } from './event-plan';
import {
  groupWindows,
  membershipIndex,
  movedTo,
  replacementMarkers,
  unreadableGroupWindowFinding,
} from './groups';
import type { ReplacementMarker } from './groups';
import { notKeptFinding, REPLACED_REPORT_DAYS, replacedFinding } from './autopilot-findings';
import {
  impairedFinding,
  instanceResource,
  isImpaired,
  noEventFinding,
  unreadableWindowFinding,
} from './instance-findings';
import { params } from './params';
import { replacementDue } from './replacement';

const DAY = 24 * 3_600_000;

/**
 * ec2-scheduled-events: no EC2 instance has an AWS scheduled event (reboot, maintenance, stop,
 * retirement) coming up that its owner has not been told about. Reads DescribeInstanceStatus (no
 * AWS Health subscription needed), DescribeInstances and DescribeAutoScalingGroups on every run;
 * optionally replaces Auto Scaling members before the event or moves the event into a window.
 */
export const ec2ScheduledEvents = defineRule({
  meta: {
    id: 'ec2-scheduled-events',
    title: 'No EC2 instance has an upcoming AWS scheduled event',
    description:
      "Reports each scheduled event (instance-reboot, system-reboot, system-maintenance, instance-retirement, instance-stop) starting within the lookahead window, with what will happen and what the owner can do; optionally (replaceBeforeEvents) has an instance's Auto Scaling group replace it before a retirement, stop or reboot, launching the replacement first, and moves movable events into the instance's (or its group's) tagged maintenance window, checking on the next run that AWS kept the time. Also reports impaired status checks.",
    risk: 'AWS reboots, stops or retires the instance at a time it chose; an instance-store instance loses its data.',
    severity: 'high',
    resourceType: 'AwsEc2Instance',
    scope: 'regional',
    controls: {},
    deployment: { schedule: 'rate(6 hours)' },
    remediation: {
      text: `Act before the event as each finding says, or move it (EC2 console, Events) up to its deadline; tag instances or their Auto Scaling groups with a maintenance window (${MAINTENANCE_WINDOW_FORMAT}) to have driftwatch move events there, and set replaceBeforeEvents to have groups replace their instances first.`,
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instances-status-check_sched.html',
    },
  },
  reads: [instanceStatuses, instances, instanceStoreTypes, groupMembers, activeRefreshes, groupLaunches],
  actions: [rescheduleInstanceEvent, replaceGroupInstance, refreshGroupBeforeEvent],
  params,
  regions: enabledRegions,
  async evaluate({ inventory, region, params: p, now }): Promise<FindingDraft[]> {
    const horizon = now.getTime() + p.lookaheadDays * DAY;
    const due = (e: InstanceEvent) =>
      !eventIsOver(e.description) && (!e.notBefore || Date.parse(e.notBefore) <= horizon);
    // Every run: names, owners and window tags of instances, and of groups (a bad tag is reported
    // whether or not an event is due), and which group an instance is in.
    const [statuses, listed, groups] = await Promise.all([
      inventory.get(instanceStatuses, region),
      inventory.get(instances, region),
      inventory.get(groupMembers, region),
    ]);
    const byId = new Map(listed.map((i) => [i.instanceId, i]));
    const memberOf = membershipIndex(groups);
    const groupWindow = groupWindows(groups, p.maintenanceWindowTag);
    const findings: FindingDraft[] = [];
    for (const g of groups) {
      const w = groupWindow.get(g.name);
      if (w && !w.ok) findings.push(unreadableGroupWindowFinding(g, p.maintenanceWindowTag, w.error, region));
    }

    // Replacements driftwatch started: under way while the instance is in its group, done once it left.
    const recent = groups
      .flatMap(replacementMarkers)
      .filter((m) => now.getTime() - m.startedAt.getTime() <= REPLACED_REPORT_DAYS * DAY);
    const underWay = new Map<string, ReplacementMarker>();
    const done: ReplacementMarker[] = [];
    for (const m of recent) {
      if (memberOf.get(m.instanceId)?.group.name === m.groupName)
        underWay.set(`${m.instanceId}|${m.instanceEventId}`, m);
      else done.push(m);
    }
    if (done.length > 0) {
      const launches = await inventory.get(groupLaunches.for(done.map((m) => m.groupName)), region);
      for (const m of done)
        findings.push(
          replacedFinding(
            m,
            instanceResource(m.instanceId, byId.get(m.instanceId), p),
            launches.found,
            region,
          ),
        );
    }
    const replaced = new Set(done.map((m) => `${m.instanceId}|${m.instanceEventId}`));

    const dueEvents = statuses.map((s) =>
      s.events.filter((e) => due(e) && !replaced.has(`${s.instanceId}|${e.id}`)),
    );
    // Refreshes are read only for the groups of replacements that are due now.
    const refreshing = statuses.flatMap((s, i) => {
      const membership = memberOf.get(s.instanceId);
      if (!membership) return [];
      const input = {
        instanceId: s.instanceId,
        membership,
        now,
        replaceBeforeEvents: p.replaceBeforeEvents,
        leadHours: p.replacementLeadHours,
      };
      return (dueEvents[i] ?? []).some((event) =>
        replacementDue({ ...input, event, marker: underWay.get(`${s.instanceId}|${event.id}`) }),
      )
        ? [membership.group.name]
        : [];
    });
    const active =
      refreshing.length === 0
        ? () => undefined
        : indexFound(
            await inventory.get(activeRefreshes.for(refreshing), region),
            (r) => r.groupName,
            activeRefreshes.name,
          );
    const asked = new Set(refreshing);

    for (const [index, status] of statuses.entries()) {
      const instance = byId.get(status.instanceId);
      const resource = instanceResource(status.instanceId, instance, p);
      const events = dueEvents[index] ?? [];
      if (events.length === 0) {
        const later = status.events.filter((e) => !eventIsOver(e.description));
        if (!status.events.some((e) => replaced.has(`${status.instanceId}|${e.id}`)))
          findings.push(noEventFinding(status, resource, p.lookaheadDays, later));
      }
      const membership = memberOf.get(status.instanceId);
      const tagValue = instance?.tags[p.maintenanceWindowTag];
      const own = tagValue === undefined ? undefined : parseMaintenanceWindow(tagValue);
      if (own && !own.ok && tagValue !== undefined)
        findings.push(unreadableWindowFinding(status, resource, p.maintenanceWindowTag, tagValue, own.error));
      const fromGroup = membership ? groupWindow.get(membership.group.name) : undefined;
      const window: AppliedWindow | undefined = own
        ? { parse: own, source: 'instance' }
        : fromGroup
          ? { parse: fromGroup, source: 'group' }
          : undefined;
      const moved = movedTo(instance?.tags ?? {});
      for (const event of events) {
        const group = membership?.group.name;
        const plan = planEvent({
          event,
          instanceId: status.instanceId,
          now,
          params: p,
          window,
          membership,
          activeRefresh: group !== undefined && asked.has(group) ? active(group) : undefined,
          marker: underWay.get(`${status.instanceId}|${event.id}`),
          movedTo: moved.get(event.id),
        });
        findings.push(
          await eventFinding({
            event,
            status,
            instance,
            plan,
            groupName: group,
            resource,
            region,
            now,
            params: p,
            instanceStoreTypes: () => inventory.get(instanceStoreTypes, region),
          }),
        );
        if (plan.notKept) findings.push(notKeptFinding(event, resource, plan.notKept.asked, region));
      }
      if (isImpaired(status)) findings.push(impairedFinding(status, resource));
    }
    return findings;
  },
});
