import { MOVED_TAG_PREFIX } from '../../lib/actions/ec2-events';
import { REPLACING_TAG_PREFIX } from '../../lib/actions/autoscaling-replace';
import type { GroupInstance } from '../../lib/inventory/autoscaling';
import type { GroupMembers } from '../../lib/inventory/autoscaling-members';
import type { FindingDraft } from '../../lib/rule';
import type { WindowParse } from './maintenance-window';
import { parseMaintenanceWindow } from './maintenance-window';

/** An instance's place in its Auto Scaling group. */
export interface Membership {
  readonly group: GroupMembers;
  readonly member: GroupInstance;
}

/** Instance id → its group and its state there. */
export function membershipIndex(groups: readonly GroupMembers[]): Map<string, Membership> {
  const out = new Map<string, Membership>();
  for (const group of groups)
    for (const member of group.instances) out.set(member.instanceId, { group, member });
  return out;
}

/** A replacement driftwatch started: the group's marker tag `driftwatch:replacing:<instance>`. */
export interface ReplacementMarker {
  readonly groupName: string;
  readonly instanceId: string;
  readonly instanceEventId: string;
  readonly startedAt: Date;
}

/** The replacement markers on a group (a value that is not `<event id>@<ISO time>` is ignored). */
export function replacementMarkers(group: GroupMembers): ReplacementMarker[] {
  const out: ReplacementMarker[] = [];
  for (const [key, value] of Object.entries(group.tags)) {
    if (!key.startsWith(REPLACING_TAG_PREFIX)) continue;
    const m = /^(.+)@(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(value);
    const startedAt = m ? new Date(m[2] as string) : undefined;
    if (!m || !startedAt || Number.isNaN(startedAt.getTime())) continue;
    out.push({
      groupName: group.name,
      instanceId: key.slice(REPLACING_TAG_PREFIX.length),
      instanceEventId: m[1] as string,
      startedAt,
    });
  }
  return out;
}

/** The start driftwatch asked AWS for, per event id, from the instance's `driftwatch:moved:*` tags. */
export function movedTo(tags: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tags))
    if (key.startsWith(MOVED_TAG_PREFIX)) out.set(key.slice(MOVED_TAG_PREFIX.length), value);
  return out;
}

/** Each group's parsed maintenance-window tag (absent: the group has none). */
export function groupWindows(groups: readonly GroupMembers[], tag: string): Map<string, WindowParse> {
  const out = new Map<string, WindowParse>();
  for (const g of groups) {
    const value = g.tags[tag];
    if (value !== undefined) out.set(g.name, parseMaintenanceWindow(value));
  }
  return out;
}

/** FAIL (low): the group's maintenance-window tag cannot be read, so nothing is moved into it. */
export function unreadableGroupWindowFinding(
  group: GroupMembers,
  tag: string,
  error: string,
  region: string,
): FindingDraft {
  const value = group.tags[tag] ?? '';
  return {
    resource: { type: 'AwsAutoScalingAutoScalingGroup', id: group.name, tags: { [tag]: value } },
    status: 'FAIL',
    checkId: 'maintenance-window-tag',
    severity: 'low',
    message: `Auto Scaling group ${group.name} in ${region} has tag ${tag}="${value}", which driftwatch cannot read (${error}), so scheduled events of its instances without their own window would not be moved into a maintenance window.`,
    details: { tag, value, error },
  };
}
