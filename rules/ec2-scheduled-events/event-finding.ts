import type { ResourceRef } from '../../lib/findings';
import type { Ec2Instance, InstanceEvent, InstanceStatusEntry } from '../../lib/inventory/ec2-instances';
import type { EventPlan } from './event-plan';
import type { FindingDraft } from '../../lib/rule';
import type { SeverityThresholds } from './event-text';
import { eventMessage, eventSeverity, stopsInstance } from './event-text';
import type { InstanceTagKeys } from './instance-findings';
import { labelOf } from './instance-findings';

const HOUR = 3_600_000;

export interface DueEvent {
  readonly event: InstanceEvent;
  readonly status: InstanceStatusEntry;
  /** Undefined when DescribeInstances no longer lists the instance. */
  readonly instance: Ec2Instance | undefined;
  /** What driftwatch does about it (event-plan.ts). */
  readonly plan: EventPlan;
  /** The instance's Auto Scaling group, if it has one. */
  readonly groupName: string | undefined;
  readonly resource: ResourceRef;
  readonly region: string;
  readonly now: Date;
  readonly params: InstanceTagKeys & SeverityThresholds;
  /** Instance types with instance-store volumes; read only for a stop of an EBS-backed instance. */
  readonly instanceStoreTypes: () => Promise<readonly string[]>;
}

/**
 * FAIL for one due event: what AWS will do and when, what the owner can do, a severity by how soon
 * it starts (critical where a stop loses instance-store data), and what driftwatch does about it
 * (a replacement through the instance's Auto Scaling group, or a move into a maintenance window).
 */
export async function eventFinding(d: DueEvent): Promise<FindingDraft> {
  const { event, instance, plan: move, params: p, now } = d;
  const notBefore = event.notBefore ? new Date(event.notBefore) : undefined;
  const deadline = event.notBeforeDeadline ? new Date(event.notBeforeDeadline) : undefined;
  const rootDeviceType = instance?.rootDeviceType ?? 'ebs';
  const hasInstanceStore =
    rootDeviceType === 'instance-store' ||
    (stopsInstance(event.code) &&
      instance !== undefined &&
      (await d.instanceStoreTypes()).includes(instance.instanceType));
  const hoursUntil = notBefore ? (notBefore.getTime() - now.getTime()) / HOUR : 0;
  return {
    resource: d.resource,
    status: 'FAIL',
    checkId: event.id,
    severity: eventSeverity(hoursUntil, hasInstanceStore && stopsInstance(event.code), p),
    message: eventMessage({
      code: event.code,
      description: event.description,
      instanceLabel: labelOf(d.status.instanceId, instance, p),
      region: d.region,
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
      group: d.groupName ?? null,
      reschedule: move.reschedule,
      replacement: move.replacement,
      driftwatch: move.driftwatch,
    },
    ...(move.action ? { action: move.action } : {}),
  };
}
