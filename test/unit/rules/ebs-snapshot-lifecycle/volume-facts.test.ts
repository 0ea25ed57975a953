import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { Snapshot, Volume } from '../../../../lib/inventory/ebs';
import { ebsSnapshotLifecycle } from '../../../../rules/ebs-snapshot-lifecycle';
import { unmanaged, volume } from './snapshot-fixtures';

const REGION = 'eu-west-1';

async function backupDraft(vol: Volume, snaps: Snapshot[]) {
  const inventory = new StoredInventory(
    storedValues({
      'ec2.volumes': { [REGION]: [vol] },
      'ec2.ownedSnapshots': { [REGION]: snaps },
      'ec2.snapshotsInUse': { [REGION]: [] },
      'ec2.lockedSnapshots': { [REGION]: [] },
    }),
  );
  const drafts = await ebsSnapshotLifecycle.evaluate({
    inventory,
    account: '123456789012',
    region: REGION,
    params: ebsSnapshotLifecycle.params.parse({}),
    now: new Date('2026-03-10T10:30:00.000Z'),
  });
  return drafts.find((d) => d.resource.id === vol.id && d.checkId === 'backup');
}

describe('ebs-snapshot-lifecycle volume findings, for the alert', () => {
  it('says an unmanaged snapshot exists (with its date) instead of "no backup", and carries size and attachment', async () => {
    // Prepare: a scheduled volume attached to an instance, with only a hand-made snapshot
    const vol = { ...volume('vol-1', 'daily@03:00', '7', { Name: 'orders-db' }), attachedTo: ['i-0123'] };

    // Act
    const draft = await backupDraft(vol, [unmanaged('snap-hand', 'vol-1', '2026-02-01T09:00:00.000Z')]);

    // Assess
    expect(draft?.status).toBe('FAIL');
    expect(draft?.message).toBe(
      'Volume vol-1 has no driftwatch-managed snapshot for its daily@03:00 schedule (an unmanaged one from 2026-02-01 exists); one is due now (slot 2026-03-10T03:00:00.000Z).',
    );
    expect(draft?.details).toMatchObject({ sizeGiB: 8, attachedTo: ['i-0123'] });
    expect(draft?.resource.tags?.Name).toBe('orders-db');
  });

  it('still says "so it has no backup" when no snapshot of the volume exists at all', async () => {
    const draft = await backupDraft(volume('vol-2', 'daily@03:00', '7'), []);
    expect(draft?.message).toContain(
      'has no usable driftwatch snapshot for its daily@03:00 schedule, so it has no backup',
    );
    expect(draft?.details).not.toHaveProperty('attachedTo');
  });
});
