import { createSnapshot } from '../../lib/actions/ebs';
import type { PlannedAction } from '../../lib/actions/types';
import { plan } from '../../lib/actions/types';
import type { Volume } from '../../lib/inventory/ebs';
import { pickTags } from '../../lib/inventory/tags';
import type { Tags } from '../../lib/inventory/tags';
import type { FindingDraft } from '../../lib/rule';
import type { Params } from './params';
import type { VolumePlan } from './snapshot-planner';
import { MANAGED_TAGS, MANAGER } from './snapshot-tags';

/**
 * The per-volume `backup` finding of ebs-snapshot-lifecycle. One per volume of every region, so it
 * is built as literals (no object spreads: at 10,000 volumes they were most of the rule's own CPU)
 * with the keys in the order the findings have always had.
 */

type PolicyPlan = Extract<VolumePlan, { kind: 'policy' }>;

/** The tags of a new snapshot of a volume (and of its copies): chosen volume tags, then driftwatch's markers. */
export function snapshotTags(v: PolicyPlan, p: Params): Tags {
  const tags = pickTags(v.volume.tags, p.copyTags);
  tags[MANAGED_TAGS.managedBy] = MANAGER;
  tags[MANAGED_TAGS.volumeId] = v.volume.id;
  tags[MANAGED_TAGS.schedule] = v.schedule.text;
  tags[MANAGED_TAGS.retention] = v.retention.text;
  return tags;
}

/** What names a volume in an alert beside its Name tag (lib/publish/blocks.ts shows them): size and attached instances. */
// Type aliases, not interfaces: a finding's details are a Record, which an interface is not assignable to.
type Facts = {
  sizeGiB?: number;
  attachedTo?: readonly string[];
};

function addFacts<T extends Facts>(details: T, v: Volume): T {
  details.sizeGiB = v.sizeGiB;
  if (v.attachedTo) details.attachedTo = v.attachedTo;
  return details;
}

type PolicyDetails = Facts & {
  readonly schedule: string;
  readonly retention: string;
  readonly managedSnapshots: number;
  readonly newest: { readonly id: string; readonly startTime: string; readonly state: string } | null;
  readonly slot: string;
  readonly previousSlot: string;
  readonly behind: boolean;
  readonly nextDueAt: string;
  newestUnmanagedSnapshotAt?: string;
  snapshotTags?: Tags;
};

export function volumeDraft(v: VolumePlan, p: Params, unmanagedAt?: string): FindingDraft {
  const id = v.volume.id;
  const resource = { type: 'AwsEc2Volume', id, tags: v.volume.tags };
  if (v.kind === 'untagged')
    return {
      resource,
      checkId: 'backup',
      status: 'NOT_APPLICABLE',
      severity: 'informational',
      message: `Volume ${id} has no ${p.scheduleTag} tag, so this rule takes no snapshots of it.`,
      details: addFacts<Facts & { managedSnapshots: number }>({ managedSnapshots: v.managed }, v.volume),
    };
  if (v.kind === 'bad-tag') {
    const said = v.problems.map(
      (x) => `${x.tag} ${x.value === undefined ? 'is missing' : `is "${x.value}"`}; accepted: ${x.accepted}`,
    );
    const details = { problems: v.problems, managedSnapshots: v.managed };
    return {
      resource,
      checkId: 'backup',
      status: 'FAIL',
      message: `Volume ${id} has an unusable backup tag, so nothing is created or deleted for it: ${said.join('. ')}.`,
      details: addFacts<Facts & typeof details>(details, v.volume),
    };
  }
  const newest = v.newest;
  const details: PolicyDetails = addFacts<PolicyDetails>(
    {
      schedule: v.schedule.text,
      retention: v.retention.text,
      managedSnapshots: v.managed,
      newest: newest ? { id: newest.id, startTime: newest.startTime, state: newest.state } : null,
      slot: v.slot,
      previousSlot: v.previousSlot,
      behind: v.behind,
      nextDueAt: v.nextDueAt,
    },
    v.volume,
  );
  if (unmanagedAt) details.newestUnmanagedSnapshotAt = unmanagedAt;
  if (!v.due)
    return {
      resource,
      checkId: 'backup',
      status: 'PASS',
      message: `Volume ${id} has a snapshot for its ${v.schedule.text} schedule (${newest?.id ?? 'none'}); the next is due at ${v.nextDueAt}.`,
      details,
    };
  const tags = snapshotTags(v, p);
  details.snapshotTags = tags;
  // Due in the current slot only is the routine work this rule exists for (PASS); behind is a FAIL.
  return {
    resource,
    checkId: 'backup',
    status: v.behind ? 'FAIL' : 'PASS',
    message: dueMessage(v, unmanagedAt),
    details,
    action: creation(v, tags),
  };
}

function creation(v: PolicyPlan, tags: Tags): PlannedAction {
  const id = v.volume.id;
  return plan(
    createSnapshot,
    {
      volumeId: id,
      description: `driftwatch ${MANAGER}: ${id} (${v.schedule.text}, keep ${v.retention.text})`,
      tags,
      // The slot identifies this creation: checked after an uncertain outcome, claimed by one run.
      slot: v.slot,
    },
    `Create a snapshot of ${id} tagged for retention ${v.retention.text}`,
  );
}

/** One sentence for a volume a snapshot is due for: on schedule, behind by a slot or more, or never backed up. */
function dueMessage(v: PolicyPlan, unmanagedAt?: string): string {
  const id = v.volume.id;
  const schedule = v.schedule.text;
  if (!v.newest && unmanagedAt)
    return `Volume ${id} has no driftwatch-managed snapshot for its ${schedule} schedule (an unmanaged one from ${unmanagedAt.slice(0, 10)} exists); one is due now (slot ${v.slot}).`;
  if (!v.newest)
    return `Volume ${id} has no usable driftwatch snapshot for its ${schedule} schedule, so it has no backup; one is due now (slot ${v.slot}).`;
  const newest = `its newest driftwatch snapshot ${v.newest.id} started ${v.newest.startTime}`;
  if (v.behind)
    return `Volume ${id} is behind its ${schedule} schedule: ${newest}, before the previous slot (${v.previousSlot}), so at least one whole slot was missed.`;
  return `Volume ${id} is keeping its ${schedule} schedule (${newest}); a snapshot is due now for slot ${v.slot} and is created as routine work when remediation is on.`;
}
