import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import {
  CopySnapshotCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { Snapshot } from '@aws-sdk/client-ec2';
import { invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import { tagsOf } from '../helpers/tags';
import type { RunSummary } from '../../lib/summary';

const SOURCE = 'us-east-1';
const DR = 'eu-west-1';
const DR_KEY = 'alias/driftwatch-dr';
const MARKER = { 'driftwatch:managed-by': 'ebs-snapshot-lifecycle' };
const toTags = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * A loopback proxy in front of moto_server that forwards every request and, for the first
 * CopySnapshot only, lets moto make the copy but drops the reply (the socket is destroyed): a lost
 * response, which the SDK would retry into a second copy.
 */
async function lossyProxy(
  target: string,
): Promise<{ endpoint: string; copies: () => number; close(): Promise<void> }> {
  let copies = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isCopy = body.toString().includes('Action=CopySnapshot');
      if (isCopy) copies += 1;
      const url = new URL(req.url ?? '/', target);
      const upstream = request(url, { method: req.method, headers: req.headers }, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          if (isCopy && copies === 1) {
            req.socket.destroy();
            return;
          }
          res.writeHead(up.statusCode ?? 500, up.headers);
          res.end(Buffer.concat(parts));
        });
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    copies: () => copies,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('ebsSnapshotLifecycle cross-region copies on moto_server', () => {
  const moto = useMoto();
  let source: EC2Client;
  let dr: EC2Client;
  beforeAll(() => {
    source = motoClient(moto(), EC2Client, SOURCE);
    dr = motoClient(moto(), EC2Client, DR);
  });

  // moto ignores CopySnapshot's Encrypted without a KmsKeyId, so the runs name a DR key (param copyKmsKeyIds).
  const invoke = (env: Record<string, string> = {}) =>
    invokeOk<RunSummary>(
      'ebsSnapshotLifecycle',
      { regions: [SOURCE, DR], remediate: true, params: { copyKmsKeyIds: { [DR]: DR_KEY } } },
      { ...moto().env, DRIFTWATCH_NOTIFY: 'never', ...env },
    );

  /** A volume backed up daily, copied to the DR region with retention 2 there, and one driftwatch snapshot of it. */
  async function backedUpVolume(): Promise<{ volumeId: string; snapshotId: string }> {
    const vol = await source.send(
      new CreateVolumeCommand({
        AvailabilityZone: `${SOURCE}a`,
        Size: 2,
        TagSpecifications: [
          {
            ResourceType: 'volume',
            Tags: toTags({
              'driftwatch:snapshot-schedule': 'daily',
              'driftwatch:snapshot-retention': '3',
              'driftwatch:snapshot-copy-to': `${DR}:2`,
            }),
          },
        ],
      }),
    );
    const volumeId = vol.VolumeId as string;
    return { volumeId, snapshotId: await managedSnapshot(volumeId) };
  }
  async function managedSnapshot(volumeId: string): Promise<string> {
    const out = await source.send(
      new CreateSnapshotCommand({
        VolumeId: volumeId,
        TagSpecifications: [
          {
            ResourceType: 'snapshot',
            Tags: toTags({ ...MARKER, 'driftwatch:volume-id': volumeId, 'driftwatch:retention': '3' }),
          },
        ],
      }),
    );
    return out.SnapshotId as string;
  }
  async function copiesOf(snapshotId: string): Promise<Snapshot[]> {
    const out = await dr.send(
      new DescribeSnapshotsCommand({
        OwnerIds: ['self'],
        Filters: [{ Name: 'tag:driftwatch:source-snapshot-id', Values: [snapshotId] }],
      }),
    );
    return out.Snapshots ?? [];
  }

  it('copies the newest snapshot to the DR region once over two runs, encrypted and tagged with its source', async () => {
    // Prepare
    const { volumeId, snapshotId } = await backedUpVolume();

    // Act
    const first = await invoke();
    const second = await invoke();

    // Assess
    expect(first.apiCalls['ec2:CopySnapshot']).toBe(1);
    expect(second.apiCalls['ec2:CopySnapshot']).toBeUndefined();
    expect(first.changes.failed + second.changes.failed).toBe(0);
    const copies = await copiesOf(snapshotId);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ Encrypted: true, KmsKeyId: DR_KEY });
    expect(tagsOf(copies[0])).toMatchObject({
      ...MARKER,
      'driftwatch:volume-id': volumeId,
      'driftwatch:retention': '2',
      'driftwatch:source-snapshot-id': snapshotId,
      'driftwatch:source-region': SOURCE,
      'driftwatch:copy-region': DR,
    });
  });

  it('makes one copy when the CopySnapshot reply is lost (retried response): it finds the copy by its tags instead of copying again', async () => {
    // Prepare
    const { snapshotId } = await backedUpVolume();
    const proxy = await lossyProxy(moto().endpoint);

    // Act
    let summary: RunSummary;
    try {
      summary = await invoke({ AWS_ENDPOINT_URL: proxy.endpoint });
    } finally {
      await proxy.close();
    }

    // Assess: one CopySnapshot request reached moto (the SDK's own retry would have sent a second and
    // made a second copy); its reply was lost, and the action found the copy and reported it done
    expect(proxy.copies()).toBe(1);
    expect(await copiesOf(snapshotId)).toHaveLength(1);
    expect(summary.changes).toEqual({ done: 1, failed: 0, skipped: 0, planned: 0 });
  });

  it('prunes copies in the DR region by the retention they carry, keeping the newest', async () => {
    // Prepare: three copies of three driftwatch snapshots, each copy recording retention 1
    const { volumeId } = await backedUpVolume();
    const sources = [
      await managedSnapshot(volumeId),
      await managedSnapshot(volumeId),
      await managedSnapshot(volumeId),
    ];
    const made: string[] = [];
    for (const s of sources) {
      const out = await dr.send(
        new CopySnapshotCommand({
          SourceSnapshotId: s,
          SourceRegion: SOURCE,
          Encrypted: true,
          TagSpecifications: [
            {
              ResourceType: 'snapshot',
              Tags: toTags({
                ...MARKER,
                'driftwatch:volume-id': volumeId,
                'driftwatch:retention': '1',
                'driftwatch:source-snapshot-id': s,
                'driftwatch:source-region': SOURCE,
                'driftwatch:copy-region': DR,
              }),
            },
          ],
        }),
      );
      made.push(out.SnapshotId as string);
      // moto reports StartTime to the second: space the copies so "newest" is not a tie
      await new Promise((r) => setTimeout(r, 1_100));
    }

    // Act: the DR region alone
    const summary = await invokeOk<RunSummary>(
      'ebsSnapshotLifecycle',
      { regions: [DR], remediate: true },
      { ...moto().env, DRIFTWATCH_NOTIFY: 'never' },
    );

    // Assess
    expect(summary.apiCalls['ec2:DeleteSnapshot']).toBe(2);
    const left = (await dr.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? [];
    expect(left.map((s) => s.SnapshotId)).toEqual([made[2]]);
  });
});
