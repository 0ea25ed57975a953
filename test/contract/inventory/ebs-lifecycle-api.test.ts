import {
  CopySnapshotCommand,
  DescribeLockedSnapshotsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  ModifySnapshotTierCommand,
} from '@aws-sdk/client-ec2';
import { ServiceException } from '@smithy/smithy-client';
import { mockClient } from 'aws-sdk-client-mock';
import { archiveSnapshot } from '../../../lib/actions/ebs-archive';
import { copySnapshot } from '../../../lib/actions/ebs-copy';
import type { CopySnapshotInput } from '../../../lib/actions/ebs-copy';
import { ClientFactory } from '../../../lib/aws/clients';
import { lockedSnapshots } from '../../../lib/inventory/ebs-locks';
import { LiveInventory } from '../../../lib/inventory/live';
import { match } from '../../helpers/matchers';

/**
 * moto_server has neither DescribeLockedSnapshots nor ModifySnapshotTier (it answers 500), and no
 * recording holds them: these tests use hand-written responses shaped as the EC2 API reference
 * documents them (LockedSnapshotsInfo, ModifySnapshotTier response) through aws-sdk-client-mock.
 */
const REGION = 'us-east-1';
const serverFault = () =>
  new ServiceException({
    name: 'InternalError',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
    message: 'We encountered an internal error.',
  });
const clientFault = (name: string, message: string) =>
  new ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

describe('EBS lifecycle reads and actions against hand-written API-reference responses', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());

  it('lists locked snapshots over NextToken pages at 1,000 a page and drops expired locks (hand-written DescribeLockedSnapshots)', async () => {
    // Prepare
    ec2
      .on(DescribeLockedSnapshotsCommand)
      .resolvesOnce({
        Snapshots: [
          { SnapshotId: 'snap-1', LockState: 'governance', LockExpiresOn: new Date('2027-01-01T00:00:00Z') },
          { SnapshotId: 'snap-2', LockState: 'expired' },
        ],
        NextToken: 'next',
      })
      .resolvesOnce({ Snapshots: [{ SnapshotId: 'snap-3', LockState: 'compliance-cooloff' }] });

    // Act
    const locks = await new LiveInventory(new ClientFactory()).get(lockedSnapshots, REGION);

    // Assess
    expect(locks).toEqual([
      { snapshotId: 'snap-1', lockState: 'governance', lockExpiresOn: '2027-01-01T00:00:00.000Z' },
      { snapshotId: 'snap-3', lockState: 'compliance-cooloff' },
    ]);
    const inputs = ec2.commandCalls(DescribeLockedSnapshotsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'next' }]);
  });

  it('archives with ModifySnapshotTier archive and skips one AWS says is already archiving (hand-written responses)', async () => {
    // Prepare
    ec2
      .on(ModifySnapshotTierCommand)
      .resolvesOnce({ SnapshotId: 'snap-1', TieringStartTime: new Date('2026-12-02T00:00:00Z') })
      .rejectsOnce(clientFault('IncorrectState', 'The snapshot snap-2 is already in the archive tier.'));
    const clients = new ClientFactory();

    // Act
    const first = await archiveSnapshot.run(clients, REGION, { snapshotId: 'snap-1' });
    const second = await archiveSnapshot.run(clients, REGION, { snapshotId: 'snap-2' });

    // Assess
    expect(ec2.commandCalls(ModifySnapshotTierCommand)[0]?.args[0].input).toEqual({
      SnapshotId: 'snap-1',
      StorageTier: 'archive',
    });
    expect(first).toEqual({ status: 'done', note: 'archiving since 2026-12-02T00:00:00.000Z' });
    expect(second).toMatchObject({ status: 'skipped', reason: match.stringContaining('IncorrectState') });
  });

  describe('copySnapshot', () => {
    const input: CopySnapshotInput = {
      sourceSnapshotId: 'snap-src',
      sourceRegion: REGION,
      destinationRegion: 'eu-west-1',
      description: 'driftwatch copy',
      tags: {
        'driftwatch:managed-by': 'ebs-snapshot-lifecycle',
        'driftwatch:source-snapshot-id': 'snap-src',
      },
      kmsKeyId: 'alias/dr',
    };

    it('copies encrypted with the destination key and the tags at creation, in one CopySnapshot attempt', async () => {
      ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
      ec2.on(CopySnapshotCommand).resolves({ SnapshotId: 'snap-copy' });

      const outcome = await copySnapshot.run(new ClientFactory(), REGION, input);

      expect(outcome).toEqual({ status: 'done', note: 'copied to eu-west-1 as snap-copy' });
      expect(ec2.commandCalls(CopySnapshotCommand)).toHaveLength(1);
      expect(ec2.commandCalls(CopySnapshotCommand)[0]?.args[0].input).toMatchObject({
        SourceSnapshotId: 'snap-src',
        SourceRegion: REGION,
        Encrypted: true,
        KmsKeyId: 'alias/dr',
        TagSpecifications: [
          {
            ResourceType: 'snapshot',
            Tags: match.arrayContaining([{ Key: 'driftwatch:source-snapshot-id', Value: 'snap-src' }]),
          },
        ],
      });
      expect(ec2.commandCalls(DescribeSnapshotsCommand)[0]?.args[0].input.Filters).toEqual([
        { Name: 'tag:driftwatch:source-snapshot-id', Values: ['snap-src'] },
        { Name: 'tag:driftwatch:managed-by', Values: ['ebs-snapshot-lifecycle'] },
      ]);
    });

    it('skips when the destination already has a copy of the source (an earlier run or attempt made it)', async () => {
      ec2
        .on(DescribeSnapshotsCommand)
        .resolves({ Snapshots: [{ SnapshotId: 'snap-earlier', State: 'completed' }] });

      const outcome = await copySnapshot.run(new ClientFactory(), REGION, input);

      expect(outcome).toEqual({ status: 'skipped', reason: 'already copied to eu-west-1 as snap-earlier' });
      expect(ec2.commandCalls(CopySnapshotCommand)).toHaveLength(0);
    });

    it('after a 5xx, looks again before retrying and reports the copy the failed attempt made', async () => {
      ec2
        .on(DescribeSnapshotsCommand)
        .resolvesOnce({ Snapshots: [] })
        .resolves({ Snapshots: [{ SnapshotId: 'snap-made', State: 'pending' }] });
      ec2.on(CopySnapshotCommand).rejects(serverFault());

      const outcome = await copySnapshot.run(new ClientFactory(), REGION, input);

      expect(outcome).toEqual({
        status: 'done',
        note: 'copied to eu-west-1 as snap-made (found after an uncertain reply)',
      });
      expect(ec2.commandCalls(CopySnapshotCommand)).toHaveLength(1);
    });

    it('does not retry a copy AWS refused (4xx), and skips one whose source is gone', async () => {
      ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
      ec2
        .on(CopySnapshotCommand)
        .rejectsOnce(clientFault('InvalidParameterValue', 'bad key'))
        .rejectsOnce(clientFault('InvalidSnapshot.NotFound', 'The snapshot snap-src does not exist.'));
      const clients = new ClientFactory();

      await expect(copySnapshot.run(clients, REGION, input)).rejects.toThrow('bad key');
      expect(ec2.commandCalls(CopySnapshotCommand)).toHaveLength(1);
      expect(await copySnapshot.run(clients, REGION, input)).toEqual({
        status: 'skipped',
        reason: 'source snap-src no longer exists',
      });
    });
  });
});
