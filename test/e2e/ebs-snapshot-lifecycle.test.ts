import {
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { Snapshot } from '@aws-sdk/client-ec2';
import { alertEnv, createInbox } from '../helpers/alerts';
import { invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import { createStateTable, STATE_TABLE } from '../helpers/state';
import type { RunSummary } from '../../lib/summary';
import { match } from '../helpers/matchers';
import { tagsOf } from '../helpers/tags';

// moto cannot backdate snapshots (StartTime is always "now"), so retention by AGE is covered by the
// planner and rule unit tests with an injected clock; here pruning is exercised with retention by
// COUNT, which needs no clock. moto also has no InvalidSnapshot.InUse for launch templates; the
// contract tests cover that error shape.
describe('ebsSnapshotLifecycle function on moto_server', () => {
  const moto = useMoto();
  let ec2: EC2Client;
  beforeAll(() => {
    ec2 = motoClient(moto(), EC2Client);
  });

  const payload = (extra: Record<string, unknown> = {}) => ({
    regions: ['us-east-1'],
    remediate: true,
    ...extra,
  });

  async function volume(tags: Record<string, string>): Promise<string> {
    const out = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1a',
        Size: 1,
        ...(Object.keys(tags).length
          ? {
              TagSpecifications: [
                {
                  ResourceType: 'volume',
                  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
                },
              ],
            }
          : {}),
      }),
    );
    return out.VolumeId as string;
  }
  async function snapshot(volumeId: string, tags: Record<string, string>): Promise<string> {
    const out = await ec2.send(
      new CreateSnapshotCommand({
        VolumeId: volumeId,
        TagSpecifications: [
          { ResourceType: 'snapshot', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
        ],
      }),
    );
    return out.SnapshotId as string;
  }
  /** `count` snapshots of `volumeId` tagged exactly as driftwatch tags its own (literal keys, on purpose). */
  async function managedSnapshots(volumeId: string, count: number, retention: string): Promise<void> {
    const marker = {
      'driftwatch:managed-by': 'ebs-snapshot-lifecycle',
      'driftwatch:volume-id': volumeId,
      'driftwatch:retention': retention,
    };
    for (let i = 0; i < count; i += 1) await snapshot(volumeId, marker);
  }
  async function snapshotsOf(volumeId: string): Promise<Snapshot[]> {
    const out = await ec2.send(
      new DescribeSnapshotsCommand({
        OwnerIds: ['self'],
        Filters: [{ Name: 'volume-id', Values: [volumeId] }],
      }),
    );
    return out.Snapshots ?? [];
  }
  const invoke = (event: unknown) =>
    invokeOk<RunSummary>('ebsSnapshotLifecycle', event, { ...moto().env, DRIFTWATCH_NOTIFY: 'never' });
  /** Two runs must fall in the same hourly slot: wait out the last 20 s of an hour. */
  async function awayFromTheHourEdge(): Promise<void> {
    const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
    if (toNextHour < 20_000) await new Promise((r) => setTimeout(r, toNextHour + 1_000));
  }

  it('creates one snapshot per tagged volume with the right tags, and none on a second run the same hour', async () => {
    // Prepare
    await awayFromTheHourEdge();
    const tagged = await volume({
      Name: 'db',
      Team: 'data',
      'driftwatch:snapshot-schedule': 'hourly',
      'driftwatch:snapshot-retention': '3,2d',
    });
    const untagged = await volume({ Name: 'scratch' });

    // Act
    const first = await invoke(payload());
    const second = await invoke(payload());

    // Assess: one creation, tagged at creation with the copied Name and the driftwatch markers
    expect(first.changes).toEqual({ done: 1, failed: 0, skipped: 0, planned: 0 });
    const snaps = await snapshotsOf(tagged);
    expect(snaps).toHaveLength(1);
    expect(tagsOf(snaps[0])).toEqual({
      Name: 'db',
      'driftwatch:managed-by': 'ebs-snapshot-lifecycle',
      'driftwatch:volume-id': tagged,
      'driftwatch:schedule': 'hourly',
      'driftwatch:retention': '3,2d',
      // The slot the snapshot was taken for (the exactly-once check looks it up by this tag)
      'driftwatch:slot': match.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/),
    });
    expect(await snapshotsOf(untagged)).toHaveLength(0);
    // A volume with no backup at all fails (listed with the creation done); on schedule it passes
    expect(first.result).toMatch(/^1 FAIL/);
    expect(first.attention.join('\n')).toContain(`[done: Create a snapshot of ${tagged}`);
    expect(second.result).toMatch(/^0 FAIL/);
    // Assess: the second run found the snapshot of this slot
    expect(second.changes).toEqual({ done: 0, failed: 0, skipped: 0, planned: 0 });
    expect(await snapshotsOf(tagged)).toHaveLength(1);
    expect(second.apiCalls).toMatchObject({
      'ec2:DescribeSnapshots': 1,
      'ec2:DescribeVolumes': 1,
      'ec2:DescribeImages': 1,
    });
    expect(second.apiCalls['ec2:CreateSnapshot']).toBeUndefined();
  });

  it('deletes managed snapshots beyond a count retention, keeps the newest, and leaves unmanaged ones untouched', async () => {
    // Prepare: three snapshots marked as driftwatch's (retention 1) and one a person took by hand
    const vol = await volume({
      'driftwatch:snapshot-schedule': 'daily',
      'driftwatch:snapshot-retention': '1',
    });
    await managedSnapshots(vol, 3, '1');
    const manual = await snapshot(vol, { Name: 'before-upgrade' });

    // Act: a dry run first, then the real run
    const dry = await invoke(payload({ dryRun: true }));
    const afterDry = await snapshotsOf(vol);
    const real = await invoke(payload());

    // Assess
    expect(dry.changes).toEqual({ done: 0, failed: 0, skipped: 0, planned: 2 });
    expect(afterDry).toHaveLength(4);
    expect(real.changes).toEqual({ done: 2, failed: 0, skipped: 0, planned: 0 });
    const left = await snapshotsOf(vol);
    expect(left.map((s) => s.SnapshotId)).toContain(manual);
    expect(left.filter((s) => tagsOf(s)['driftwatch:managed-by'] === 'ebs-snapshot-lifecycle')).toHaveLength(
      1,
    );
    // Pruning is routine: the deletions are done on passing findings, so nothing needs attention
    expect(real.result).toMatch(/^0 FAIL, 0 ERROR/);
    expect(real.attention).toEqual([]);
  });

  it('sends no alert for routine pruning, with drift tracked (on-change) as deployed', async () => {
    // Prepare: a volume on schedule (its newest snapshot is from now) with two snapshots beyond retention 1
    const inbox = await createInbox(moto());
    await createStateTable(moto());
    const vol = await volume({
      'driftwatch:snapshot-schedule': 'daily',
      'driftwatch:snapshot-retention': '1',
    });
    await managedSnapshots(vol, 3, '1');

    // Act
    const summary = await invokeOk<RunSummary>(
      'ebsSnapshotLifecycle',
      payload(),
      alertEnv(moto(), inbox, { DRIFTWATCH_STATE_TABLE: STATE_TABLE }),
    );

    // Assess: the work was done, and nobody was told about it
    expect(summary.changes).toEqual({ done: 2, failed: 0, skipped: 0, planned: 0 });
    expect(await snapshotsOf(vol)).toHaveLength(1);
    expect(summary.drift).toMatchObject({ tracking: 'on', new: 0, alerted: 0 });
    expect(summary.attention).toEqual([]);
    expect(summary.published).toEqual([]);
    expect(await inbox.receive()).toEqual([]);
  });

  it('honours maxChanges: deletions beyond it are skipped and left for the next run, which finishes them', async () => {
    // Prepare
    const vol = await volume({
      'driftwatch:snapshot-schedule': 'weekly',
      'driftwatch:snapshot-retention': '1',
    });
    await managedSnapshots(vol, 4, '1');

    // Act
    const first = await invoke(payload({ maxChanges: 1 }));
    const second = await invoke(payload());

    // Assess
    expect(first.changes).toEqual({ done: 1, failed: 0, skipped: 2, planned: 0 });
    expect(second.changes).toEqual({ done: 2, failed: 0, skipped: 0, planned: 0 });
    expect(await snapshotsOf(vol)).toHaveLength(1);
  });

  it('reports a bad tag value naming the volume and the tag, and changes nothing', async () => {
    const vol = await volume({
      'driftwatch:snapshot-schedule': 'sometimes',
      'driftwatch:snapshot-retention': '7',
    });
    const summary = await invoke(payload());
    expect(summary.changes.done).toBe(0);
    expect(summary.attention.join('\n')).toContain(`Volume ${vol} has an unusable backup tag`);
    expect(summary.attention.join('\n')).toContain('driftwatch:snapshot-schedule is "sometimes"');
    expect(await snapshotsOf(vol)).toHaveLength(0);
  });
});
