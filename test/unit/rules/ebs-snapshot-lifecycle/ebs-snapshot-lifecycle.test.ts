import type { Snapshot, SnapshotUse, Volume } from '../../../../lib/inventory/ebs';
import type { SnapshotLock } from '../../../../lib/inventory/ebs-locks';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { FindingDraft } from '../../../../lib/rule';
import { ebsSnapshotLifecycle } from '../../../../rules/ebs-snapshot-lifecycle';
import { daily, managed, SCHEDULE_TAG, unmanaged, volume } from './snapshot-fixtures';

const NOW = new Date('2026-03-10T10:30:00.000Z');
const REGION = 'eu-west-1';

function evaluate(
  vols: Volume[],
  snaps: Snapshot[],
  inUse: SnapshotUse[] = [],
  params: Record<string, unknown> = {},
  other: { locks?: SnapshotLock[]; destinations?: Record<string, Snapshot[]> } = {},
) {
  const inventory = new StoredInventory(
    storedValues({
      'ec2.volumes': { [REGION]: vols },
      'ec2.ownedSnapshots': { [REGION]: snaps, ...other.destinations },
      'ec2.snapshotsInUse': { [REGION]: inUse },
      'ec2.lockedSnapshots': { [REGION]: other.locks ?? [] },
    }),
  );
  return ebsSnapshotLifecycle.evaluate({
    inventory,
    account: '123456789012',
    region: REGION,
    params: ebsSnapshotLifecycle.params.parse(params),
    now: NOW,
  });
}
const find = (drafts: FindingDraft[], id: string, checkId: string) =>
  drafts.find((d) => d.resource.id === id && d.checkId === checkId);

describe('ebs-snapshot-lifecycle rule', () => {
  it('fails a volume with no driftwatch snapshot yet and plans one, tagged at creation: copied volume tags plus the driftwatch markers', async () => {
    // Prepare
    const vol = volume('vol-1', 'daily@03:00', '7,14d', { Name: 'db', Team: 'x' });

    // Act
    const drafts = await evaluate([vol], []);

    // Assess
    const d = find(drafts, 'vol-1', 'backup');
    expect(d).toMatchObject({ status: 'FAIL', action: { name: 'ec2:CreateSnapshot', routine: true } });
    expect(d?.message).toBe(
      'Volume vol-1 has no usable driftwatch snapshot for its daily@03:00 schedule, so it has no backup; one is due now (slot 2026-03-10T03:00:00.000Z).',
    );
    expect(d?.details?.snapshotTags).toEqual({
      Name: 'db',
      'driftwatch:managed-by': 'ebs-snapshot-lifecycle',
      'driftwatch:volume-id': 'vol-1',
      'driftwatch:schedule': 'daily@03:00',
      'driftwatch:retention': '7,14d',
    });
  });

  it('passes a volume whose schedule is kept (newest snapshot from the previous slot) and plans the one due now as routine work', async () => {
    // Prepare: daily@03:00 at 10:30; the newest snapshot is from yesterday's slot
    const vol = volume('vol-1', 'daily@03:00', '7');
    const snaps = [managed('snap-y', 'vol-1', '2026-03-09T03:00:05Z')];

    // Act
    const d = find(await evaluate([vol], snaps), 'vol-1', 'backup');

    // Assess
    expect(d).toMatchObject({
      status: 'PASS',
      action: { name: 'ec2:CreateSnapshot', routine: true },
      details: { behind: false, slot: '2026-03-10T03:00:00.000Z', previousSlot: '2026-03-09T03:00:00.000Z' },
    });
    expect(d?.message).toBe(
      'Volume vol-1 is keeping its daily@03:00 schedule (its newest driftwatch snapshot snap-y started 2026-03-09T03:00:05Z); a snapshot is due now for slot 2026-03-10T03:00:00.000Z and is created as routine work when remediation is on.',
    );
  });

  it('fails a volume that missed a whole slot (newest snapshot predates the previous slot) and still plans the snapshot', async () => {
    // Prepare: the newest snapshot started a second before yesterday's 03:00 slot
    const vol = volume('vol-1', 'daily@03:00', '7');
    const snaps = [managed('snap-old', 'vol-1', '2026-03-09T02:59:59Z')];

    // Act
    const d = find(await evaluate([vol], snaps), 'vol-1', 'backup');

    // Assess
    expect(d).toMatchObject({
      status: 'FAIL',
      action: { name: 'ec2:CreateSnapshot', routine: true },
      details: { behind: true },
    });
    expect(d?.message).toBe(
      'Volume vol-1 is behind its daily@03:00 schedule: its newest driftwatch snapshot snap-old started 2026-03-09T02:59:59Z, before the previous slot (2026-03-09T03:00:00.000Z), so at least one whole slot was missed.',
    );
  });

  it('passes a volume whose snapshot for the current slot exists, saying when the next is due', async () => {
    const drafts = await evaluate(
      [volume('vol-1', 'daily@03:00', '7')],
      [managed('snap-a', 'vol-1', '2026-03-10T03:00:05Z')],
    );
    expect(find(drafts, 'vol-1', 'backup')).toMatchObject({
      status: 'PASS',
      message:
        'Volume vol-1 has a snapshot for its daily@03:00 schedule (snap-a); the next is due at 2026-03-11T03:00:00.000Z.',
    });
  });

  it('reports a bad tag value as a FAIL naming the volume, the tag and the accepted forms, with no action', async () => {
    const drafts = await evaluate([volume('vol-1', 'daily@3pm', '7')], []);
    const d = find(drafts, 'vol-1', 'backup');
    expect(d?.status).toBe('FAIL');
    expect(d?.action).toBeUndefined();
    expect(d?.message).toContain('Volume vol-1 has an unusable backup tag');
    expect(d?.message).toContain(`${SCHEDULE_TAG} is "daily@3pm"; accepted: hourly, every-<N>h`);
  });

  it('shows untagged volumes as informational NOT_APPLICABLE findings (coverage)', async () => {
    const drafts = await evaluate([volume('vol-1')], []);
    expect(find(drafts, 'vol-1', 'backup')).toMatchObject({
      status: 'NOT_APPLICABLE',
      severity: 'informational',
    });
  });

  it('plans deletions of expired managed snapshots after the creations, and keeps in-use ones with a reason', async () => {
    // Prepare: vol-2 due (no snapshot), vol-1 has 4 daily snapshots with retention 1; s-3 backs an AMI.
    const vols = [volume('vol-1', 'hourly', '1'), volume('vol-2', 'hourly', '1')];
    const snaps = [
      ...daily('s', 'vol-1', '2026-03-10T10:00:00Z', 4, '1'),
      unmanaged('snap-old', 'vol-1', '2019-01-01T00:00:00Z'),
    ];

    // Act
    const drafts = await evaluate(vols, snaps, [{ snapshotId: 's-3', usedBy: 'ami-1' }]);

    // Assess
    const actions = drafts.filter((d) => d.action).map((d) => `${d.action?.name} ${d.resource.id}`);
    expect(actions).toEqual(['ec2:CreateSnapshot vol-2', 'ec2:DeleteSnapshot s-2', 'ec2:DeleteSnapshot s-1']);
    expect(find(drafts, 's-2', 'retention')).toMatchObject({
      status: 'PASS',
      severity: 'informational',
      message:
        'Snapshot s-2 of vol-1 is past its retention (1), 2 days old and number 3 from the newest; pruning it.',
      action: { name: 'ec2:DeleteSnapshot', routine: true },
      details: { volumeId: 'vol-1', retention: '1', position: 3, ageDays: 2 },
    });
    expect(find(drafts, 's-3', 'retention')).toMatchObject({
      status: 'PASS',
      severity: 'informational',
      message: 'Snapshot s-3 of vol-1 is past its retention (1) but is kept because ami-1 uses it.',
      details: { usedBy: ['ami-1'] },
    });
    expect(find(drafts, 's-3', 'retention')?.action).toBeUndefined();
    expect(drafts.some((d) => d.resource.id === 'snap-old')).toBe(false);
  });

  it('summarises the region plan: created, deleted, kept, left for the next run and untouched', async () => {
    const drafts = await evaluate(
      [volume('vol-1', 'hourly', '1'), volume('vol-2')],
      [
        ...daily('s', 'vol-1', '2026-03-10T10:00:00Z', 5, '1'),
        unmanaged('snap-manual', 'vol-2', '2026-01-01T00:00:00Z'),
      ],
      [],
      { maxDeletionsPerRun: 1 },
    );
    const summary = find(drafts, REGION, 'lifecycle-plan');
    expect(summary?.message).toBe(
      'In eu-west-1: 0 snapshot(s) to create, 0 to copy, 1 expired to delete, 0 expired kept (in use), 0 kept (locked), 0 to archive, 3 left for the next run (max 1 deletions per run); 1 snapshot(s) not created by driftwatch untouched. ' +
        'Freed: 8 GB, about $0.40/month by deletions and $0.00/month by archiving 0 GB (estimate at us-east-1 list prices, volume size as snapshot size).',
    );
    expect(summary).toMatchObject({
      status: 'FAIL',
      details: { leftForNextRunIds: ['s-3', 's-2', 's-1'], untaggedVolumes: 1 },
    });
  });

  it('reports orphaned managed snapshots of a deleted volume and prunes them by the default orphan policy, keep-newest', async () => {
    const drafts = await evaluate([], daily('s', 'vol-gone', '2026-03-10T00:00:00Z', 3, '2'));
    expect(find(drafts, 'vol-gone', 'orphaned-snapshots')?.message).toBe(
      'Volume vol-gone no longer exists; its 3 driftwatch snapshot(s) follow the orphan policy keep-newest: the newest, s-0, is kept and older ones are deleted.',
    );
    expect(find(drafts, 's-1', 'retention')?.action?.name).toBe('ec2:DeleteSnapshot');
    expect(find(drafts, 's-2', 'retention')?.action?.name).toBe('ec2:DeleteSnapshot');
    expect(find(drafts, 's-0', 'retention')).toBeUndefined();
  });

  it('uses the tag keys given as parameters', async () => {
    const vol = { ...volume('vol-1'), tags: { backup: 'weekly@sat@01:00', keep: '4w' } };
    const drafts = await evaluate([vol], [], [], {
      scheduleTag: 'backup',
      retentionTag: 'keep',
      copyTags: [],
    });
    expect(find(drafts, 'vol-1', 'backup')?.details).toMatchObject({
      schedule: 'weekly@sat@01:00',
      retention: '4w',
    });
  });

  it('rejects bad parameters naming the field', () => {
    const parsed = ebsSnapshotLifecycle.params.safeParse({
      scheduleTag: 'aws:backup',
      maxDeletionsPerRun: -1,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'maxDeletionsPerRun',
      'scheduleTag',
    ]);
  });
});
