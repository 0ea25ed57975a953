import type { ResourceRef } from '../../lib/findings';
import type { GroupLaunch } from '../../lib/inventory/autoscaling-members';
import type { InstanceEvent } from '../../lib/inventory/ec2-instances';
import type { FindingDraft } from '../../lib/rule';
import { utc } from './event-text';
import type { ReplacementMarker } from './groups';

/** How long after starting a replacement the rule keeps reporting it as done. */
export const REPLACED_REPORT_DAYS = 7;

/**
 * PASS for the event of an instance driftwatch had its group replace, once the instance has left
 * the group: names the replacements (the group's running instances launched since the replacement
 * began), under the event's own finding id so the drift alert reports it as resolved.
 */
export function replacedFinding(
  marker: ReplacementMarker,
  resource: ResourceRef,
  launches: readonly GroupLaunch[],
  region: string,
): FindingDraft {
  const replacements = launches
    .filter(
      (l) =>
        l.groupName === marker.groupName &&
        l.instanceId !== marker.instanceId &&
        (l.state === 'running' || l.state === 'pending') &&
        l.launchTime !== undefined &&
        // EC2 reports launch times to the second.
        Date.parse(l.launchTime) >= Math.floor(marker.startedAt.getTime() / 1000) * 1000,
    )
    .sort((a, b) => (a.launchTime ?? '').localeCompare(b.launchTime ?? ''));
  const ids = replacements.map((r) => r.instanceId);
  const by =
    ids.length === 0
      ? 'no instance the group launched since then is running yet'
      : `replaced by ${ids.join(', ')}`;
  return {
    resource,
    status: 'PASS',
    checkId: marker.instanceEventId,
    message: `EC2 instance ${marker.instanceId} in ${region} left Auto Scaling group ${marker.groupName} before its scheduled event ${marker.instanceEventId}: driftwatch started the replacement at ${utc(marker.startedAt)}, ${by}.`,
    details: {
      instanceEventId: marker.instanceEventId,
      group: marker.groupName,
      replacementStartedAt: marker.startedAt.toISOString(),
      replacements: replacements.map((r) => ({ instanceId: r.instanceId, launchTime: r.launchTime ?? null })),
    },
  };
}

/** FAIL (medium): AWS no longer starts the event at the time driftwatch moved it to. */
export function notKeptFinding(
  event: InstanceEvent,
  resource: ResourceRef,
  asked: string,
  region: string,
): FindingDraft {
  const now = event.notBefore ? `starts it at ${utc(new Date(event.notBefore))}` : 'shows no start time';
  return {
    resource,
    status: 'FAIL',
    checkId: `${event.id}:moved`,
    severity: 'medium',
    message: `AWS did not keep the start driftwatch set for ${event.code} event ${event.id} of EC2 instance ${resource.id} in ${region}: driftwatch moved it to ${utc(new Date(asked))}, AWS now ${now}. It is not moved again automatically; check the event in the EC2 console.`,
    details: {
      instanceEventId: event.id,
      askedNotBefore: asked,
      notBefore: event.notBefore ?? null,
      notBeforeDeadline: event.notBeforeDeadline ?? null,
    },
  };
}
