import {
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { DescribeSnapshotsCommandOutput } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ServiceException } from '@smithy/smithy-client';
import { mockClient } from 'aws-sdk-client-mock';
import { createSnapshot, deleteSnapshot } from '../../../lib/actions/ebs';
import { ClientFactory } from '../../../lib/aws/clients';
import { runRule } from '../../../lib/engine';
import { ownedSnapshots, snapshotsInUse, volumes } from '../../../lib/inventory/ebs';
import { LiveInventory } from '../../../lib/inventory/live';
import { ebsSnapshotLifecycle } from '../../../rules/ebs-snapshot-lifecycle';
import { placebo, placeboOutput, recordedIdentity, recordedTwoRegions } from '../../helpers/recordings';
import { runRequest } from '../../helpers/runs';

const REGION = 'us-east-1';

describe('EBS reads and actions against recorded AWS responses (INDEX.md section E)', () => {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    ec2.reset();
    sts.reset();
  });
  afterAll(() => {
    ec2.restore();
    sts.restore();
  });

  it('lists owned snapshots with OwnerIds self at 1,000 a page, following NextToken to the end (test_ebs_snapshot_unused)', async () => {
    // Prepare: the two recorded pages, the first given a NextToken
    const first = placeboOutput<DescribeSnapshotsCommandOutput>(
      'test_ebs_snapshot_unused',
      'ec2.DescribeSnapshots_1',
    );
    ec2
      .on(DescribeSnapshotsCommand)
      .resolvesOnce({ ...first, NextToken: 'page-2' })
      .resolvesOnce(placeboOutput('test_ebs_snapshot_unused', 'ec2.DescribeSnapshots_2'));

    // Act
    const snaps = await new LiveInventory(new ClientFactory()).get(ownedSnapshots, REGION);

    // Assess
    const calls = ec2.commandCalls(DescribeSnapshotsCommand).map((c) => c.args[0].input);
    // (the SDK paginator reuses one input object, so both recorded calls show the last token)
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({ OwnerIds: ['self'], MaxResults: 1000, NextToken: 'page-2' });
    expect(snaps.length).toBe((first.Snapshots?.length ?? 0) * 2);
    expect(snaps[0]).toEqual({
      id: 'snap-0bf9e1af959fbdddf',
      volumeId: 'vol-0bf78c2aa3a923550',
      state: 'completed',
      startTime: '2019-03-06T00:44:22.972Z',
      tags: {},
      sizeGiB: 1,
      encrypted: false,
    });
  });

  it('reads the newer recorder format with ISO offset timestamps (test_ebs_volume_snapshots_filter)', async () => {
    ec2
      .on(DescribeSnapshotsCommand)
      .resolves(placeboOutput('test_ebs_volume_snapshots_filter', 'ec2.DescribeSnapshots_1'));
    const snaps = await new LiveInventory(new ClientFactory()).get(ownedSnapshots, REGION);
    expect(snaps[0]).toMatchObject({ id: 'snap-053a2754a57c25283', startTime: '2024-01-30T10:33:22.036Z' });
  });

  it('reads volumes with their tags as a plain object (test_ebs_snapshot_copy_tags)', async () => {
    ec2
      .on(DescribeVolumesCommand)
      .resolves(placeboOutput('test_ebs_snapshot_copy_tags', 'ec2.DescribeVolumes_1'));
    const vols = await new LiveInventory(new ClientFactory()).get(volumes, REGION);
    expect(ec2.commandCalls(DescribeVolumesCommand)[0]?.args[0].input).toEqual({ MaxResults: 500 });
    expect(vols[0]).toMatchObject({
      id: 'vol-01adbb6a4f175941d',
      state: 'in-use',
      sizeGiB: 8,
      createTime: '2017-03-28T14:55:28.486Z',
    });
    expect(vols.some((v) => Object.keys(v.tags).includes('Name'))).toBe(true);
  });

  it('finds the snapshots an own AMI and a launch template use, and not the unused one (test_ebs_snapshot_unused)', async () => {
    // Prepare
    ec2.on(DescribeImagesCommand).resolves(placeboOutput('test_ebs_snapshot_unused', 'ec2.DescribeImages_1'));
    ec2
      .on(DescribeLaunchTemplateVersionsCommand)
      .resolves(placeboOutput('test_ebs_snapshot_unused', 'ec2.DescribeLaunchTemplateVersions_1'));

    // Act
    const uses = await new LiveInventory(new ClientFactory()).get(snapshotsInUse, REGION);

    // Assess
    expect(ec2.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toEqual({
      Owners: ['self'],
      IncludeDeprecated: true,
      IncludeDisabled: true,
      MaxResults: 1000,
    });
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]?.args[0].input).toEqual({
      Versions: ['$Latest', '$Default'],
      MaxResults: 200,
    });
    expect(uses).toContainEqual({ snapshotId: 'snap-0b80955e4f7052f72', usedBy: 'ami-008c67c239389d171' });
    expect(uses).toContainEqual({ snapshotId: 'snap-0b818bbec5eebac4c', usedBy: 'lt-0f4a39147cc7881b9:1' });
    expect(uses.map((u) => u.snapshotId)).not.toContain('snap-0bf9e1af959fbdddf');
  });

  it('creates a snapshot with TagSpecifications in the one call and reports its id (test_ebs_snapshot_copy_tags)', async () => {
    ec2
      .on(CreateSnapshotCommand)
      .resolves(placeboOutput('test_ebs_snapshot_copy_tags', 'ec2.CreateSnapshot_1'));
    const outcome = await createSnapshot.run(new ClientFactory(), REGION, {
      volumeId: 'vol-0252f61378ede9d01',
      description: 'driftwatch',
      tags: { Name: 'FancyTestInstancePrivate', 'driftwatch:managed-by': 'ebs-snapshot-lifecycle' },
      slot: '2026-03-10T00:00:00.000Z',
    });
    expect(outcome).toEqual({ status: 'done', note: 'created snap-0c8b611065fed033e (pending)' });
    expect(ec2.commandCalls(CreateSnapshotCommand)[0]?.args[0].input.TagSpecifications).toEqual([
      {
        ResourceType: 'snapshot',
        Tags: [
          { Key: 'Name', Value: 'FancyTestInstancePrivate' },
          { Key: 'driftwatch:managed-by', Value: 'ebs-snapshot-lifecycle' },
          { Key: 'driftwatch:slot', Value: '2026-03-10T00:00:00.000Z' },
        ],
      },
    ]);
  });

  it('deletes a snapshot: the recorded empty success is done (test_ebs_snapshot_delete)', async () => {
    ec2.on(DeleteSnapshotCommand).resolves(placeboOutput('test_ebs_snapshot_delete', 'ec2.DeleteSnapshot_1'));
    expect(await deleteSnapshot.run(new ClientFactory(), REGION, { snapshotId: 'snap-a55e3c59' })).toEqual({
      status: 'done',
    });
  });

  it('skips a snapshot the recorded InvalidSnapshot.NotFound says is already gone, not deleted by this run (test_ami_deregister_delete_snap)', async () => {
    const { error } = placebo('test_ami_deregister_delete_snap', 'ec2.DescribeSnapshots_1');
    ec2.on(DeleteSnapshotCommand).rejects(error);
    expect(
      await deleteSnapshot.run(new ClientFactory(), REGION, { snapshotId: 'snap-0d16416527e67c663' }),
    ).toEqual({
      status: 'skipped',
      reason: 'already gone: deleted since the listing, not by this run',
    });
  });

  it('skips on InvalidSnapshot.InUse (hand-built: no recording of it exists, INDEX.md gap 2) and rethrows anything else', async () => {
    const inUse = new ServiceException({
      name: 'InvalidSnapshot.InUse',
      $fault: 'client',
      message: 'The snapshot snap-1 is currently in use by ami-1',
      $metadata: { httpStatusCode: 400 },
    });
    ec2
      .on(DeleteSnapshotCommand)
      .rejectsOnce(inUse)
      .rejectsOnce(
        new ServiceException({
          name: 'UnauthorizedOperation',
          $fault: 'client',
          message: 'no',
          $metadata: {},
        }),
      );
    expect(await deleteSnapshot.run(new ClientFactory(), REGION, { snapshotId: 'snap-1' })).toEqual({
      status: 'skipped',
      reason: 'in use, kept: The snapshot snap-1 is currently in use by ami-1',
    });
    await expect(deleteSnapshot.run(new ClientFactory(), REGION, { snapshotId: 'snap-1' })).rejects.toThrow(
      'no',
    );
  });

  it('runs the rule over recorded untagged volumes and foreign snapshots: nothing planned, nothing touched', async () => {
    // Prepare
    sts.on(GetCallerIdentityCommand).resolves(recordedIdentity());
    ec2.on(DescribeRegionsCommand).resolves(recordedTwoRegions());
    ec2
      .on(DescribeVolumesCommand)
      .resolves(placeboOutput('test_ebs_snapshot_copy_tags', 'ec2.DescribeVolumes_1'));
    ec2
      .on(DescribeSnapshotsCommand)
      .resolves(placeboOutput('test_ebs_snapshot_unused', 'ec2.DescribeSnapshots_1'));
    ec2.on(DescribeImagesCommand).resolves(placeboOutput('test_ebs_snapshot_unused', 'ec2.DescribeImages_1'));
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [] });
    const clients = new ClientFactory();

    // Act
    const run = await runRule(
      ebsSnapshotLifecycle,
      runRequest({ regions: [REGION], remediate: true, params: ebsSnapshotLifecycle.params.parse({}) }),
      { inventory: new LiveInventory(clients), clients },
    );

    // Assess
    expect(run.changes).toEqual({ done: 0, failed: 0, skipped: 0, planned: 0 });
    expect(ec2.commandCalls(DeleteSnapshotCommand)).toHaveLength(0);
    expect(run.findings.find((f) => f.checkId === 'lifecycle-plan')?.details).toMatchObject({
      toCreate: 0,
      toDelete: 0,
      unmanagedSnapshots: 3,
    });
    expect(
      run.findings.filter((f) => f.checkId === 'backup').every((f) => f.status === 'NOT_APPLICABLE'),
    ).toBe(true);
  });
});
