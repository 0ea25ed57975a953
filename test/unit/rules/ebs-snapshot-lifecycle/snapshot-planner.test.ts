import type { Snapshot, SnapshotUse, Volume } from '../../../../lib/inventory/ebs';
import {
  isManaged,
  MANAGED_TAGS,
  MANAGER,
  planSnapshots,
} from '../../../../rules/ebs-snapshot-lifecycle/snapshot-planner';
import { parseOrphanPolicy } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-prune';
import { daily, managed, RETENTION_TAG, SCHEDULE_TAG, unmanaged, volume } from './snapshot-fixtures';

const NOW = new Date('2026-03-10T10:30:00.000Z');

function input(
  volumes: Volume[],
  snapshots: Snapshot[],
  inUse: SnapshotUse[] = [],
  maxDeletions = 100,
  now = NOW,
) {
  return {
    volumes,
    snapshots,
    inUse,
    scheduleTag: SCHEDULE_TAG,
    retentionTag: RETENTION_TAG,
    maxDeletions,
    now,
  };
}
function run(
  volumes: Volume[],
  snapshots: Snapshot[],
  inUse: SnapshotUse[] = [],
  maxDeletions = 100,
  now = NOW,
) {
  return planSnapshots(input(volumes, snapshots, inUse, maxDeletions, now));
}
const ids = (list: readonly { snapshot: Snapshot }[]) => list.map((e) => e.snapshot.id);

describe('planSnapshots: creation', () => {
  it('makes a snapshot due when the volume has none yet', () => {
    // Act
    const plan = run([volume('vol-1', 'daily@03:00', '7')], []);

    // Assess
    expect(plan.volumes[0]).toMatchObject({
      kind: 'policy',
      due: true,
      behind: true,
      slot: '2026-03-10T03:00:00.000Z',
      previousSlot: '2026-03-09T03:00:00.000Z',
      nextDueAt: '2026-03-11T03:00:00.000Z',
    });
  });

  it('makes one due but not behind when the newest managed snapshot is from the previous slot', () => {
    // Act: hourly at 10:30, the newest snapshot started at 09:00 sharp (the previous slot's start)
    const plan = run(
      [volume('vol-1', 'hourly', '24')],
      [managed('snap-a', 'vol-1', '2026-03-10T09:00:00.000Z', '24')],
    );

    // Assess
    expect(plan.volumes[0]).toMatchObject({
      due: true,
      behind: false,
      slot: '2026-03-10T10:00:00.000Z',
      previousSlot: '2026-03-10T09:00:00.000Z',
    });
  });

  it('marks a volume behind when its newest managed snapshot started before the previous slot (a whole slot missed)', () => {
    const plan = run(
      [volume('vol-1', 'hourly', '24')],
      [managed('snap-a', 'vol-1', '2026-03-10T08:59:59.999Z', '24')],
    );
    expect(plan.volumes[0]).toMatchObject({ due: true, behind: true });
  });

  it('finds the previous slot of a weekly schedule a week back, across the month boundary', () => {
    // 2026-03-10 is a Tuesday; weekly@sun@02:00 slots: 2026-03-08 and 2026-03-01
    const plan = run(
      [volume('vol-1', 'weekly@sun@02:00', '4')],
      [managed('snap-a', 'vol-1', '2026-03-01T02:10:00Z', '4')],
    );
    expect(plan.volumes[0]).toMatchObject({
      due: true,
      behind: false,
      slot: '2026-03-08T02:00:00.000Z',
      previousSlot: '2026-03-01T02:00:00.000Z',
    });
  });

  it('is never behind when nothing is due', () => {
    const plan = run(
      [volume('vol-1', 'daily@03:00', '7')],
      [managed('snap-a', 'vol-1', '2026-03-10T03:00:00Z')],
    );
    expect(plan.volumes[0]).toMatchObject({ due: false, behind: false });
  });

  it('makes none due when the newest managed snapshot started in the current slot, even a pending one', () => {
    const plan = run(
      [volume('vol-1', 'hourly', '24')],
      [managed('snap-a', 'vol-1', '2026-03-10T10:05:00.000Z', '24', 'pending')],
    );
    expect(plan.volumes[0]).toMatchObject({ kind: 'policy', due: false });
  });

  it('makes one due when the newest managed snapshot started just before the slot', () => {
    const plan = run(
      [volume('vol-1', 'hourly', '24')],
      [managed('snap-a', 'vol-1', '2026-03-10T09:59:59.999Z', '24')],
    );
    expect(plan.volumes[0]).toMatchObject({ due: true, slot: '2026-03-10T10:00:00.000Z' });
  });

  it('ignores errored and unmanaged snapshots when deciding a snapshot is due', () => {
    const plan = run(
      [volume('vol-1', 'daily', '7')],
      [
        managed('snap-err', 'vol-1', '2026-03-10T01:00:00Z', '7', 'error'),
        unmanaged('snap-manual', 'vol-1', '2026-03-10T02:00:00Z'),
      ],
    );
    expect(plan.volumes[0]).toMatchObject({ due: true, behind: true, newest: undefined });
  });

  it('does not count a snapshot with copied driftwatch tags but another source volume as managed', () => {
    const copy = { ...managed('snap-copy', 'vol-1', '2026-03-10T05:00:00Z'), volumeId: 'vol-ffffffff' };
    expect(isManaged(copy)).toBe(false);
    expect(run([volume('vol-1', 'daily', '7')], [copy]).volumes[0]).toMatchObject({ due: true });
  });
});

describe('planSnapshots: bad and missing tags', () => {
  it('reports every unusable tag with its value and the accepted forms, and plans nothing for the volume', () => {
    // Prepare
    const snaps = daily('s', 'vol-1', '2026-03-10T03:00:00Z', 20, '1');

    // Act
    const plan = run([volume('vol-1', 'twice-a-day', '14days')], snaps);

    // Assess
    expect(plan.volumes[0]).toMatchObject({ kind: 'bad-tag', managed: 20 });
    const problems = plan.volumes[0]?.kind === 'bad-tag' ? plan.volumes[0].problems : [];
    expect(problems.map((p) => [p.tag, p.value])).toEqual([
      [SCHEDULE_TAG, 'twice-a-day'],
      [RETENTION_TAG, '14days'],
    ]);
    expect(problems[1]?.accepted).toContain('14d');
    expect(plan.delete).toEqual([]);
  });

  it('reports a missing retention tag as a problem rather than guessing one', () => {
    const plan = run([volume('vol-1', 'daily')], []);
    expect(plan.volumes[0]).toMatchObject({
      kind: 'bad-tag',
      problems: [{ tag: RETENTION_TAG, value: undefined }],
    });
  });

  it('marks a volume with neither tag untagged (coverage), creating nothing', () => {
    expect(run([volume('vol-1', undefined, undefined, { Name: 'x' })], []).volumes[0]).toMatchObject({
      kind: 'untagged',
      managed: 0,
    });
  });
});

describe('planSnapshots: pruning', () => {
  it('by count: deletes managed snapshots beyond the count, oldest first', () => {
    const plan = run([volume('vol-1', 'daily', '3')], daily('s', 'vol-1', '2026-03-10T00:00:00Z', 5));
    expect(ids(plan.delete)).toEqual(['s-4', 's-3']);
    expect(plan.delete[0]).toMatchObject({ position: 5, retention: '3', ageDays: 4 });
  });

  it('by age: deletes those older than the age, keeping one exactly at the limit', () => {
    // s-0 .. s-4 are 0..4 days older than 2026-03-07T10:30Z, which is exactly 3 days before NOW.
    const plan = run([volume('vol-1', 'daily', '3d')], daily('s', 'vol-1', '2026-03-10T10:30:00Z', 5));
    expect(ids(plan.delete)).toEqual(['s-4']);
  });

  it('by both: deletes only snapshots beyond the count and older than the age', () => {
    const plan = run([volume('vol-1', 'daily', '4,2d')], daily('s', 'vol-1', '2026-03-10T00:00:00Z', 6));
    expect(ids(plan.delete)).toEqual(['s-5', 's-4']);
  });

  it('never deletes the newest snapshot of a volume, even when every snapshot is past an age retention', () => {
    const plan = run([volume('vol-1', 'weekly', '1h')], daily('s', 'vol-1', '2026-01-01T00:00:00Z', 3));
    expect(ids(plan.delete)).toEqual(['s-2', 's-1']);
  });

  it('never deletes the newest usable snapshot when the newest one errored', () => {
    const snaps = [
      managed('s-err', 'vol-1', '2026-03-10T00:00:00Z', '1', 'error'),
      ...daily('s', 'vol-1', '2026-03-09T00:00:00Z', 3, '1'),
    ];
    const plan = run([volume('vol-1', 'daily', '1')], snaps);
    expect(ids(plan.delete)).toEqual(['s-2', 's-1']);
  });

  it('keeps an expired snapshot an AMI or launch template uses, and reports who uses it', () => {
    const plan = run([volume('vol-1', 'daily', '1')], daily('s', 'vol-1', '2026-03-10T00:00:00Z', 3), [
      { snapshotId: 's-2', usedBy: 'ami-0abc' },
      { snapshotId: 's-2', usedBy: 'lt-0def:3' },
    ]);
    expect(ids(plan.delete)).toEqual(['s-1']);
    expect(plan.keptInUse).toEqual([expect.objectContaining({ usedBy: ['ami-0abc', 'lt-0def:3'] })]);
  });

  it('never touches snapshots driftwatch did not create, however old', () => {
    const old = [
      unmanaged('snap-manual', 'vol-1', '2020-01-01T00:00:00Z'),
      unmanaged('snap-spoof', 'vol-1', '2020-01-01T00:00:00Z', { [MANAGED_TAGS.managedBy]: 'someone-else' }),
    ];
    const plan = run(
      [volume('vol-1', 'daily', '1')],
      [...old, ...daily('s', 'vol-1', '2026-03-10T00:00:00Z', 2)],
    );
    expect(ids(plan.delete)).toEqual(['s-1']);
    expect(plan.unmanagedCount).toBe(2);
  });

  it('caps deletions per run and leaves the rest, still oldest first, for the next run', () => {
    const plan = run([volume('vol-1', 'daily', '1')], daily('s', 'vol-1', '2026-03-10T00:00:00Z', 6), [], 2);
    expect(ids(plan.delete)).toEqual(['s-5', 's-4']);
    expect(ids(plan.deferred)).toEqual(['s-3', 's-2', 's-1']);
  });

  it('prunes orphaned snapshots (volume gone) by their recorded retention under orphan policy "recorded", keeping the newest', () => {
    const plan = planSnapshots({
      ...input([], daily('s', 'vol-gone', '2026-03-10T00:00:00Z', 4, '2')),
      orphanPolicy: parseOrphanPolicy('recorded'),
    });
    expect(plan.orphans).toEqual([
      expect.objectContaining({
        volumeId: 'vol-gone',
        snapshots: 4,
        policy: 'recorded (2)',
        reason: 'volume-deleted',
      }),
    ]);
    expect(ids(plan.delete)).toEqual(['s-3', 's-2']);
  });

  it('keeps every orphaned snapshot under orphan policy "recorded" when the recorded retention is unreadable', () => {
    const plan = planSnapshots({
      ...input([], daily('s', 'vol-gone', '2026-03-10T00:00:00Z', 4, 'garbage')),
      orphanPolicy: parseOrphanPolicy('recorded'),
    });
    expect(plan.orphans[0]?.policy).toBe('recorded (unreadable)');
    expect(plan.delete).toEqual([]);
  });

  it('does not prune for a volume whose retention tag became unusable', () => {
    const plan = run(
      [volume('vol-1', 'daily', 'keep-some')],
      daily('s', 'vol-1', '2026-03-10T00:00:00Z', 10, '1'),
    );
    expect(plan.delete).toEqual([]);
  });

  it('counts managed and unmanaged snapshots and marks the creator tag constant', () => {
    const plan = run(
      [],
      [unmanaged('a', 'vol-x', '2026-01-01T00:00:00Z'), managed('b', 'vol-y', '2026-01-01T00:00:00Z')],
    );
    expect([plan.managedCount, plan.unmanagedCount, MANAGER]).toEqual([1, 1, 'ebs-snapshot-lifecycle']);
  });
});
