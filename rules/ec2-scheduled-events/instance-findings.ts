import type { ResourceRef } from '../../lib/findings';
import type { Ec2Instance, InstanceStatusEntry } from '../../lib/inventory/ec2-instances';
import { pickTags } from '../../lib/inventory/tags';
import type { FindingDraft } from '../../lib/rule';
import { impairedMessage, instanceLabel } from './event-text';

/** The tag keys the rule reads from an instance (rule parameters). */
export interface InstanceTagKeys {
  readonly nameTag: string;
  readonly ownerTag: string;
  readonly maintenanceWindowTag: string;
}

/** The instance as a finding's resource, carrying the tags the rule reads that it has. */
export function instanceResource(
  instanceId: string,
  instance: Ec2Instance | undefined,
  keys: InstanceTagKeys,
): ResourceRef {
  const tags = pickTags(instance?.tags ?? {}, [keys.nameTag, keys.ownerTag, keys.maintenanceWindowTag]);
  return { type: 'AwsEc2Instance', id: instanceId, ...(Object.keys(tags).length > 0 ? { tags } : {}) };
}

/** `i-0abc ("web-1"; owner: team-payments)`. */
export function labelOf(
  instanceId: string,
  instance: Ec2Instance | undefined,
  keys: InstanceTagKeys,
): string {
  return instanceLabel(instanceId, instance?.tags ?? {}, keys.nameTag, keys.ownerTag);
}

/** PASS: nothing due within the lookahead; events further out go in the evidence. */
export function noEventFinding(
  status: InstanceStatusEntry,
  resource: ResourceRef,
  lookaheadDays: number,
  laterEvents: InstanceStatusEntry['events'],
): FindingDraft {
  return {
    resource,
    status: 'PASS',
    message: `EC2 instance ${status.instanceId} has no AWS scheduled event in the next ${lookaheadDays} days.`,
    details: { laterEvents },
  };
}

/** FAIL (low): the maintenance-window tag cannot be read, so due events stay where AWS put them. */
export function unreadableWindowFinding(
  status: InstanceStatusEntry,
  resource: ResourceRef,
  tag: string,
  value: string,
  error: string,
): FindingDraft {
  return {
    resource,
    status: 'FAIL',
    checkId: 'maintenance-window-tag',
    severity: 'low',
    message: `EC2 instance ${status.instanceId} has tag ${tag}="${value}", which driftwatch cannot read (${error}), so its scheduled events would not be moved into a maintenance window.`,
    details: { tag, value, error },
  };
}

/** Whether any of the instance's status checks reports `impaired`. */
export function isImpaired(status: InstanceStatusEntry): boolean {
  return [status.system, status.instance, status.attachedEbs].some((c) => c?.status === 'impaired');
}

/** FAIL (medium): an impaired status check, with the checks as evidence. */
export function impairedFinding(status: InstanceStatusEntry, resource: ResourceRef): FindingDraft {
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
