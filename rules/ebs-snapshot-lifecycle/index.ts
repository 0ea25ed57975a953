import { z } from 'zod';
import { createSnapshot, deleteSnapshot } from '../../lib/actions/ebs';
import { plan } from '../../lib/actions/types';
import { ownedSnapshots, snapshotsInUse, volumes } from '../../lib/inventory/ebs';
import type { Volume } from '../../lib/inventory/ebs';
import { enabledRegions } from '../../lib/inventory/regions';
import { pickTags } from '../../lib/inventory/tags';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { deletionDraft, keptDraft, orphanDraft, summaryDraft } from './snapshot-findings';
import type { VolumePlan } from './snapshot-planner';
import { MANAGED_TAGS, MANAGER, planSnapshots } from './snapshot-planner';
import { tagKey } from '../../lib/tag-key';

/** AWS reserves the `aws:` prefix: nobody can set such a tag on a volume or copy it onto a snapshot. */
const writableTagKey = tagKey.refine((k) => !k.toLowerCase().startsWith('aws:'), {
  error: 'expected a tag key not starting with "aws:"',
});

const params = z.strictObject({
  /** Volume tag holding the schedule, e.g. `daily@03:00`. */
  scheduleTag: writableTagKey.default('driftwatch:snapshot-schedule'),
  /** Volume tag holding the retention, e.g. `7`, `14d` or `7,14d`. */
  retentionTag: writableTagKey.default('driftwatch:snapshot-retention'),
  /** Volume tags copied onto each new snapshot (driftwatch's own markers always win). */
  copyTags: z.array(writableTagKey).max(40).default(['Name']),
  /** Deletions planned per region per run; the rest are reported and left for the next run. The request's maxChanges still caps what runs. */
  maxDeletionsPerRun: z.number().int().min(0).max(10_000).default(100),
});
type Params = z.infer<typeof params>;

/**
 * ebs-snapshot-lifecycle: volumes declare a snapshot schedule and retention in tags; the rule creates
 * snapshots when due and prunes expired ones it created — never the newest of a volume, never one an
 * AMI or launch template uses, never one it did not create.
 */
export const ebsSnapshotLifecycle = defineRule({
  meta: {
    id: 'ebs-snapshot-lifecycle',
    title: 'EBS volumes are snapshotted on their tagged schedule and old snapshots are pruned',
    description:
      'Creates EBS snapshots for volumes whose tags declare a schedule (hourly, every N hours, daily or weekly at a UTC time) and deletes the snapshots it created once past the tagged retention (a count, an age, or both).',
    risk: 'A volume without a recent snapshot loses data for good when it fails or is deleted; snapshots kept forever cost money and hide which ones matter.',
    severity: 'medium',
    resourceType: 'AwsEc2Volume',
    scope: 'regional',
    controls: {},
    deployment: { schedule: 'rate(1 hour)', memorySize: 1024 },
    remediation: {
      text: 'Tag each volume to back up with driftwatch:snapshot-schedule (e.g. daily@03:00) and driftwatch:snapshot-retention (e.g. 7,14d), and run the rule with remediate enabled.',
      url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-creating-snapshot.html',
    },
  },
  reads: [volumes, ownedSnapshots, snapshotsInUse],
  actions: [createSnapshot, deleteSnapshot],
  params,
  regions: enabledRegions,
  async evaluate({ inventory, region, params: p, now }): Promise<FindingDraft[]> {
    const [vols, snaps, inUse] = await Promise.all([
      inventory.get(volumes, region),
      inventory.get(ownedSnapshots, region),
      inventory.get(snapshotsInUse, region),
    ]);
    const result = planSnapshots({
      volumes: vols,
      snapshots: snaps,
      inUse,
      scheduleTag: p.scheduleTag,
      retentionTag: p.retentionTag,
      maxDeletions: p.maxDeletionsPerRun,
      now,
    });
    // Creations first: if maxChanges or the deadline stops the run, backups win over pruning.
    return [
      ...result.volumes.map((v) => volumeDraft(v, p)),
      ...result.delete.map(deletionDraft),
      ...result.keptInUse.map(keptDraft),
      ...result.orphans.map(orphanDraft),
      summaryDraft(region, result, p.maxDeletionsPerRun),
    ];
  },
});

function volumeResource(v: Volume): FindingDraft['resource'] {
  return { type: 'AwsEc2Volume', id: v.id, tags: v.tags };
}

function volumeDraft(v: VolumePlan, p: Params): FindingDraft {
  const resource = volumeResource(v.volume);
  const base = { resource, checkId: 'backup' };
  if (v.kind === 'untagged') {
    return {
      ...base,
      status: 'NOT_APPLICABLE',
      severity: 'informational',
      message: `Volume ${v.volume.id} has no ${p.scheduleTag} tag, so this rule takes no snapshots of it.`,
      details: { managedSnapshots: v.managed },
    };
  }
  if (v.kind === 'bad-tag') {
    const said = v.problems.map(
      (x) => `${x.tag} ${x.value === undefined ? 'is missing' : `is "${x.value}"`}; accepted: ${x.accepted}`,
    );
    return {
      ...base,
      status: 'FAIL',
      message: `Volume ${v.volume.id} has an unusable backup tag, so nothing is created or deleted for it: ${said.join('. ')}.`,
      details: { problems: v.problems, managedSnapshots: v.managed },
    };
  }
  const details = {
    schedule: v.schedule.text,
    retention: v.retention.text,
    managedSnapshots: v.managed,
    newest: v.newest ? { id: v.newest.id, startTime: v.newest.startTime, state: v.newest.state } : null,
    slot: v.slot,
    previousSlot: v.previousSlot,
    behind: v.behind,
    nextDueAt: v.nextDueAt,
  };
  if (!v.due) {
    return {
      ...base,
      status: 'PASS',
      message: `Volume ${v.volume.id} has a snapshot for its ${v.schedule.text} schedule (${v.newest?.id ?? 'none'}); the next is due at ${v.nextDueAt}.`,
      details,
    };
  }
  const tags = pickTags(v.volume.tags, p.copyTags);
  Object.assign(tags, {
    [MANAGED_TAGS.managedBy]: MANAGER,
    [MANAGED_TAGS.volumeId]: v.volume.id,
    [MANAGED_TAGS.schedule]: v.schedule.text,
    [MANAGED_TAGS.retention]: v.retention.text,
  });
  // Due in the current slot only is the routine work this rule exists for (PASS); behind is a FAIL.
  return {
    ...base,
    status: v.behind ? 'FAIL' : 'PASS',
    message: dueMessage(v),
    details: { ...details, snapshotTags: tags },
    action: plan(
      createSnapshot,
      {
        volumeId: v.volume.id,
        description: `driftwatch ${MANAGER}: ${v.volume.id} (${v.schedule.text}, keep ${v.retention.text})`,
        tags,
      },
      `Create a snapshot of ${v.volume.id} tagged for retention ${v.retention.text}`,
    ),
  };
}

/** One sentence for a volume a snapshot is due for: on schedule, behind by a slot or more, or never backed up. */
function dueMessage(v: Extract<VolumePlan, { kind: 'policy' }>): string {
  const id = v.volume.id;
  const schedule = v.schedule.text;
  if (!v.newest)
    return `Volume ${id} has no usable driftwatch snapshot for its ${schedule} schedule, so it has no backup; one is due now (slot ${v.slot}).`;
  const newest = `its newest driftwatch snapshot ${v.newest.id} started ${v.newest.startTime}`;
  if (v.behind)
    return `Volume ${id} is behind its ${schedule} schedule: ${newest}, before the previous slot (${v.previousSlot}), so at least one whole slot was missed.`;
  return `Volume ${id} is keeping its ${schedule} schedule (${newest}); a snapshot is due now for slot ${v.slot} and is created as routine work when remediation is on.`;
}
