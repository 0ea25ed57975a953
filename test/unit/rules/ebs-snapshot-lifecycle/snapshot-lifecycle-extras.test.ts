import type { Snapshot, SnapshotUse, Volume } from '../../../../lib/inventory/ebs';
import type { SnapshotLock } from '../../../../lib/inventory/ebs-locks';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { FindingDraft } from '../../../../lib/rule';
import { ebsSnapshotLifecycle } from '../../../../rules/ebs-snapshot-lifecycle';
import { parseCopyTag } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-copies';
import { COPY_TAGS } from '../../../../rules/ebs-snapshot-lifecycle/snapshot-tags';
import { daily, managed, volume } from './snapshot-fixtures';

const NOW = new Date('2026-03-10T10:30:00.000Z');
const REGION = 'us-east-1';
const DR = 'eu-west-1';
const COPY_TAG = 'driftwatch:snapshot-copy-to';

async function evaluate(
  vols: Volume[],
  snaps: Snapshot[],
  options: {
    params?: Record<string, unknown>;
    inUse?: SnapshotUse[];
    locks?: SnapshotLock[] | 'missing';
    dr?: Snapshot[];
  } = {},
): Promise<FindingDraft[]> {
  const inventory = new StoredInventory(
    storedValues({
      'ec2.volumes': { [REGION]: vols },
      'ec2.ownedSnapshots': { [REGION]: snaps, ...(options.dr ? { [DR]: options.dr } : {}) },
      'ec2.snapshotsInUse': { [REGION]: options.inUse ?? [] },
      ...(options.locks === 'missing' ? {} : { 'ec2.lockedSnapshots': { [REGION]: options.locks ?? [] } }),
    }),
  );
  return ebsSnapshotLifecycle.evaluate({
    inventory,
    account: '123456789012',
    region: REGION,
    params: ebsSnapshotLifecycle.params.parse(options.params ?? {}),
    now: NOW,
  });
}
const deleted = (drafts: FindingDraft[]) =>
  drafts.filter((d) => d.action?.name === 'ec2:DeleteSnapshot').map((d) => d.resource.id);
const find = (drafts: FindingDraft[], id: string, checkId: string) =>
  drafts.find((d) => d.resource.id === id && d.checkId === checkId);

/** A copy in the DR region of `source` (of vol-1 in us-east-1), as the copy action tags it. */
function copy(id: string, source: string, startTime: string, retention = '2'): Snapshot {
  const base = managed(id, 'vol-ffffffff', startTime, retention);
  return {
    ...base,
    tags: {
      ...base.tags,
      'driftwatch:volume-id': 'vol-1',
      [COPY_TAGS.sourceSnapshotId]: source,
      [COPY_TAGS.sourceRegion]: REGION,
      [COPY_TAGS.copyRegion]: DR,
    },
  };
}

describe('orphan policy (managed snapshots of deleted volumes or volumes without a schedule tag)', () => {
  it('keep-3 keeps the newest three of a deleted volume and deletes the rest', async () => {
    const drafts = await evaluate([], daily('s', 'vol-gone', '2026-03-10T00:00:00Z', 5), {
      params: { orphanPolicy: 'keep-3' },
    });
    expect(deleted(drafts).sort()).toEqual(['s-3', 's-4']);
  });

  it('delete-after-30d deletes every snapshot older than 30 days, the newest too, and says so', async () => {
    // Prepare: a volume that lost its schedule tag, its newest snapshot 40 days old
    const drafts = await evaluate([volume('vol-1')], daily('s', 'vol-1', '2026-01-29T00:00:00Z', 3), {
      params: { orphanPolicy: 'delete-after-30d' },
    });
    expect(deleted(drafts).sort()).toEqual(['s-0', 's-1', 's-2']);
    expect(find(drafts, 'vol-1', 'orphaned-snapshots')?.message).toBe(
      'Volume vol-1 no longer has the driftwatch:snapshot-schedule tag; its 3 driftwatch snapshot(s) follow the orphan policy delete-after-30d: each is deleted once older than 30d, the newest (s-0) too.',
    );
  });

  it('never deletes an orphan an AMI uses, whatever the policy', async () => {
    const drafts = await evaluate([], daily('s', 'vol-gone', '2026-01-01T00:00:00Z', 2), {
      params: { orphanPolicy: 'delete-after-1d' },
      inUse: [{ snapshotId: 's-1', usedBy: 'ami-1' }],
    });
    expect(deleted(drafts)).toEqual(['s-0']);
  });

  it('rejects an orphan policy it does not know, naming the field and the accepted forms', () => {
    const parsed = ebsSnapshotLifecycle.params.safeParse({ orphanPolicy: 'keep-some' });
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['orphanPolicy'] });
    expect(parsed.error?.issues[0]?.message).toContain('keep-newest, keep-<N>');
  });
});

describe('locked snapshots (EBS snapshot lock)', () => {
  it('never deletes a locked snapshot past retention and reports it as locked with its lock state', async () => {
    // Hand-written DescribeLockedSnapshots value (API reference LockedSnapshotsInfo: lockState governance)
    const drafts = await evaluate(
      [volume('vol-1', 'daily', '1')],
      daily('s', 'vol-1', '2026-03-10T00:00:00Z', 3),
      {
        locks: [{ snapshotId: 's-2', lockState: 'governance', lockExpiresOn: '2027-01-01T00:00:00.000Z' }],
      },
    );
    expect(deleted(drafts)).toEqual(['s-1']);
    expect(find(drafts, 's-2', 'retention')).toMatchObject({
      status: 'PASS',
      message:
        'Snapshot s-2 of vol-1 is past its retention (1) but is kept because it is locked (governance).',
      details: { locked: 'governance' },
    });
    expect(find(drafts, REGION, 'lifecycle-plan')?.details).toMatchObject({
      keptLocked: 1,
      locks: { read: true, locked: 1 },
    });
  });

  it('still plans deletions when the locks cannot be read, and the summary says so', async () => {
    const drafts = await evaluate(
      [volume('vol-1', 'daily', '1')],
      daily('s', 'vol-1', '2026-03-10T00:00:00Z', 2),
      {
        locks: 'missing',
      },
    );
    expect(deleted(drafts)).toEqual(['s-1']);
    expect(find(drafts, REGION, 'lifecycle-plan')?.message).toContain(
      'Snapshot locks could not be read (not in the snapshot file)',
    );
  });
});

describe('archive tier', () => {
  it('archives managed snapshots older than N days except the newest, one in use and one already archived, with the saving', async () => {
    // Prepare: 6 daily snapshots kept 100 by count (so each outlives the archive's 90-day minimum);
    // s-4 backs an AMI; s-3 already archived
    const snaps = daily('s', 'vol-1', '2026-03-10T00:00:00Z', 6, '100').map((s) =>
      s.id === 's-3' ? { ...s, storageTier: 'archive' } : s,
    );
    const drafts = await evaluate([volume('vol-1', 'daily', '100')], snaps, {
      params: { archiveAfterDays: 1 },
      inUse: [{ snapshotId: 's-4', usedBy: 'ami-1' }],
    });
    const archived = drafts
      .filter((d) => d.action?.name === 'ec2:ModifySnapshotTier')
      .map((d) => d.resource.id);
    expect(archived).toEqual(['s-5', 's-2', 's-1']);
    expect(deleted(drafts)).toEqual([]);
    // 8 GiB each: archiving 24 GB saves 24 x (0.05 - 0.0125) = $0.90 a month
    expect(find(drafts, REGION, 'lifecycle-plan')?.details).toMatchObject({
      freed: { deletions: { gb: 0, usdPerMonth: 0 }, archiving: { gb: 24, usdPerMonth: 0.9 } },
      archiveTooSoon: 0,
    });
  });

  it("archives none that the retention deletes within the archive tier's 90-day minimum, and never one expiring", async () => {
    // Prepare: retention keeps 5 of a daily schedule: s-5 expires now; s-1 and s-2 would be deleted
    // within a week of archiving (billed 90 days anyway); s-3 archived already, s-4 in use
    const snaps = daily('s', 'vol-1', '2026-03-10T00:00:00Z', 6, '5').map((s) =>
      s.id === 's-3' ? { ...s, storageTier: 'archive' } : s,
    );
    const drafts = await evaluate([volume('vol-1', 'daily', '5')], snaps, {
      params: { archiveAfterDays: 1 },
      inUse: [{ snapshotId: 's-4', usedBy: 'ami-1' }],
    });
    expect(drafts.filter((d) => d.action?.name === 'ec2:ModifySnapshotTier')).toEqual([]);
    expect(deleted(drafts)).toEqual(['s-5']);
    const plan = find(drafts, REGION, 'lifecycle-plan');
    expect(plan?.details).toMatchObject({ toArchive: 0, archiveTooSoon: 2 });
    expect(plan?.message).toContain("0 to archive (2 not: deleted within the archive tier's 90-day minimum)");
  });

  it.each([
    ['200d', ['s-5', 's-4', 's-3', 's-2', 's-1']],
    ['60d', []],
    ['daily=7,monthly=12', []],
  ])('with retention %s archives %j of six daily snapshots', async (retention, expected) => {
    const snaps = daily('s', 'vol-1', '2026-03-10T00:00:00Z', 6, retention);
    const drafts = await evaluate([volume('vol-1', 'daily', retention)], snaps, {
      params: { archiveAfterDays: 1 },
    });
    const archived = drafts
      .filter((d) => d.action?.name === 'ec2:ModifySnapshotTier')
      .map((d) => d.resource.id);
    expect(archived).toEqual(expected);
  });

  it('archives nothing unless archiveAfterDays is set', async () => {
    const drafts = await evaluate(
      [volume('vol-1', 'daily', '30')],
      daily('s', 'vol-1', '2026-03-10T00:00:00Z', 20, '30'),
    );
    expect(drafts.some((d) => d.action?.name === 'ec2:ModifySnapshotTier')).toBe(false);
  });
});

describe('cross-region copies', () => {
  const tagged = (copyTo: string) => volume('vol-1', 'daily', '7', { [COPY_TAG]: copyTo });

  it('plans a copy of the newest completed snapshot to a destination without one, tagged with its source and retention there', async () => {
    const snaps = [
      managed('s-new', 'vol-1', '2026-03-10T00:00:00Z', '7', 'pending'),
      managed('s-done', 'vol-1', '2026-03-09T00:00:00Z'),
    ];
    const drafts = await evaluate([tagged('eu-west-1:daily=7,weekly=4')], snaps, { dr: [] });
    const d = find(drafts, 'vol-1', `copy:${DR}`);
    expect(d).toMatchObject({ status: 'PASS', action: { name: 'ec2:CopySnapshot', routine: true } });
    expect(d?.details).toMatchObject({
      source: 's-done',
      copyTags: {
        'driftwatch:managed-by': 'ebs-snapshot-lifecycle',
        'driftwatch:volume-id': 'vol-1',
        'driftwatch:retention': 'daily=7,weekly=4',
        [COPY_TAGS.sourceSnapshotId]: 's-done',
        [COPY_TAGS.sourceRegion]: REGION,
        [COPY_TAGS.copyRegion]: DR,
      },
    });
  });

  it('plans no copy when the destination already holds one of the newest snapshot', async () => {
    const drafts = await evaluate([tagged(DR)], [managed('s-1', 'vol-1', '2026-03-10T00:00:00Z')], {
      dr: [copy('c-1', 's-1', '2026-03-10T00:10:00Z')],
    });
    expect(find(drafts, 'vol-1', `copy:${DR}`)).toMatchObject({
      status: 'PASS',
      message: "Volume vol-1's newest snapshot s-1 is copied to eu-west-1 as c-1.",
    });
    expect(drafts.some((d) => d.action?.name === 'ec2:CopySnapshot')).toBe(false);
  });

  it('fails the copy (and only it) when the destination cannot be listed', async () => {
    const drafts = await evaluate([tagged(DR)], [managed('s-1', 'vol-1', '2026-03-10T00:00:00Z')]);
    expect(find(drafts, 'vol-1', `copy:${DR}`)).toMatchObject({ status: 'FAIL' });
    expect(find(drafts, 'vol-1', 'backup')?.status).toBe('PASS');
  });

  it('reports a bad copy tag naming the volume, the tag and the accepted forms, and changes nothing', async () => {
    const drafts = await evaluate([tagged('us-east-1')], daily('s', 'vol-1', '2026-03-01T00:00:00Z', 9));
    const d = find(drafts, 'vol-1', 'backup');
    expect(d?.status).toBe('FAIL');
    expect(d?.message).toContain(`${COPY_TAG} is "us-east-1"; accepted: one or more region names`);
    expect(drafts.some((x) => x.action)).toBe(false);
  });

  it('parses several destinations, commas inside a retention continuing it', () => {
    expect(parseCopyTag('eu-west-1:7,14d,us-west-2', REGION)).toMatchObject({
      ok: true,
      value: [{ region: 'eu-west-1', retention: { text: '7,14d' } }, { region: 'us-west-2' }],
    });
    expect(parseCopyTag('eu-west-1,eu-west-1', REGION).ok).toBe(false);
    expect(parseCopyTag('7,eu-west-1', REGION).ok).toBe(false);
  });
});

describe('copies in their destination region', () => {
  /** Evaluates the DR region itself: its own snapshots are the copies. */
  async function evaluateDr(snaps: Snapshot[], locks: SnapshotLock[] = []): Promise<FindingDraft[]> {
    const inventory = new StoredInventory(
      storedValues({
        'ec2.volumes': { [DR]: [] },
        'ec2.ownedSnapshots': { [DR]: snaps },
        'ec2.snapshotsInUse': { [DR]: [] },
        'ec2.lockedSnapshots': { [DR]: locks },
      }),
    );
    return ebsSnapshotLifecycle.evaluate({
      inventory,
      account: '123456789012',
      region: DR,
      params: ebsSnapshotLifecycle.params.parse({}),
      now: NOW,
    });
  }

  it('prunes copies by the retention they record, never the newest, and deletes a duplicate copy of one source', async () => {
    const snaps = [
      copy('c-4', 's-4', '2026-03-10T00:10:00Z'),
      copy('c-4-again', 's-4', '2026-03-10T00:12:00Z'),
      copy('c-3', 's-3', '2026-03-09T00:10:00Z'),
      copy('c-2', 's-2', '2026-03-08T00:10:00Z'),
      copy('c-1', 's-1', '2026-03-07T00:10:00Z'),
    ];
    const drafts = await evaluateDr(snaps);
    expect(deleted(drafts).sort()).toEqual(['c-1', 'c-2', 'c-4-again']);
    expect(find(drafts, 'c-4-again', 'retention')?.message).toContain(
      'is a second copy of the same source snapshot',
    );
    // Copies are not orphans: their volume lives in the source region
    expect(drafts.some((d) => d.checkId === 'orphaned-snapshots')).toBe(false);
  });

  it('does not treat a copy of a copy made by hand into another region as its own', async () => {
    const foreign = copy('c-x', 's-1', '2026-01-01T00:00:00Z');
    const moved = { ...foreign, tags: { ...foreign.tags, [COPY_TAGS.copyRegion]: 'ap-south-1' } };
    const drafts = await evaluateDr([moved, copy('c-y', 's-2', '2026-01-01T00:00:00Z')]);
    expect(deleted(drafts)).toEqual([]);
    expect(find(drafts, DR, 'lifecycle-plan')?.details).toMatchObject({
      unmanagedSnapshots: 1,
      copyGroups: 1,
    });
  });
});
