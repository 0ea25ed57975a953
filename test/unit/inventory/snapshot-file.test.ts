import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryReadError, SnapshotError } from '../../../lib/errors';
import { callerIdentity } from '../../../lib/inventory/account';
import { accountSummary } from '../../../lib/inventory/iam';
import type { RecordedRead } from '../../../lib/inventory/live';
import {
  buildSnapshot,
  loadSnapshot,
  parseSnapshot,
  serializeSnapshot,
  snapshotInventory,
  writeSnapshot,
} from '../../../lib/inventory/snapshot-file';
import { enabledRegions } from '../../../lib/inventory/regions';
import { volumes } from '../../../lib/inventory/ebs';

const ACCOUNT = '123456789012';
const recorded: RecordedRead[] = [
  {
    name: 'sts.callerIdentity',
    key: 'global',
    value: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, partition: 'aws' },
  },
  { name: 'iam.accountSummary', key: 'global', value: { AccountMFAEnabled: 0 } },
  { name: 'ec2.volumes', key: 'eu-west-1', error: { code: 'UnauthorizedOperation', message: 'not allowed' } },
];

function sample(): string {
  return serializeSnapshot(
    buildSnapshot({
      reads: recorded,
      capturedAt: new Date('2026-11-20T09:00:00Z'),
      account: ACCOUNT,
      regions: ['eu-west-1'],
    }),
  );
}

function edit(mutate: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(sample()) as Record<string, unknown>;
  mutate(doc);
  return JSON.stringify(doc);
}

function errorOf(fn: () => unknown): SnapshotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotError, got none');
}

describe('snapshot file', () => {
  it('round-trips recorded values and errors: values come back, recorded errors throw the same AWS code', async () => {
    // Prepare
    const snapshot = parseSnapshot(sample(), 'sample.json');

    // Act
    const inventory = snapshotInventory(snapshot);

    // Assess
    expect(snapshot).toMatchObject({
      format: 'driftwatch.snapshot',
      version: 1,
      account: ACCOUNT,
      capturedAt: '2026-11-20T09:00:00.000Z',
    });
    expect(await inventory.get(accountSummary)).toEqual({ AccountMFAEnabled: 0 });
    await expect(inventory.get(volumes, 'eu-west-1')).rejects.toBeInstanceOf(InventoryReadError);
    await expect(inventory.get(volumes, 'eu-west-1')).rejects.toMatchObject({
      awsCode: 'UnauthorizedOperation',
    });
  });

  it('reports a read the file does not hold as a SnapshotError naming the read and region', async () => {
    const inventory = snapshotInventory(parseSnapshot(sample(), 'sample.json'));
    await expect(inventory.get(volumes, 'us-east-1')).rejects.toThrow(/no "ec2.volumes" for us-east-1/);
    await expect(inventory.get(enabledRegions)).rejects.toBeInstanceOf(SnapshotError);
  });

  it('rejects a truncated file as not valid JSON, saying it may be truncated', () => {
    // Prepare
    const text = sample();

    // Act
    const error = errorOf(() => parseSnapshot(text.slice(0, Math.floor(text.length / 2)), 'cut.json'));

    // Assess
    expect(error.message).toMatch(
      /^Snapshot cut\.json is not valid JSON \(\d+ characters; truncated or corrupted\?\)/,
    );
  });

  it('rejects an empty file', () => {
    expect(errorOf(() => parseSnapshot('  \n', 'empty.json')).message).toBe('Snapshot empty.json is empty.');
  });

  it('rejects an unknown format version, naming both versions and what to do', () => {
    const error = errorOf(() =>
      parseSnapshot(
        edit((d) => (d.version = 2)),
        'future.json',
      ),
    );
    expect(error.message).toContain(
      'Snapshot future.json has format version 2; this driftwatch reads version 1.',
    );
    expect(error.message).toContain('driftwatch snapshot --out FILE');
  });

  it('rejects a missing section, naming it', () => {
    const error = errorOf(() =>
      parseSnapshot(
        edit((d) => delete d.reads),
        'noreads.json',
      ),
    );
    expect(error.message).toBe('Snapshot noreads.json is missing the section "reads".');
  });

  it('rejects a JSON file that is not a snapshot', () => {
    const error = errorOf(() => parseSnapshot('{"findings": []}', 'other.json'));
    expect(error.message).toContain(
      'is not a driftwatch snapshot: expected "format": "driftwatch.snapshot", got none',
    );
  });

  it('rejects a malformed read, naming its path with the read name quoted', () => {
    const text = edit((d) => {
      (d.reads as Record<string, unknown>)['iam.accountSummary'] = { global: { valu: 1 } };
    });
    const error = errorOf(() => parseSnapshot(text, 'bad.json'));
    expect(error.message).toContain('Snapshot bad.json is malformed: reads["iam.accountSummary"].global');
  });

  it('rejects a bad capture time and account id, naming the fields', () => {
    const error = errorOf(() =>
      parseSnapshot(
        edit((d) => Object.assign(d, { capturedAt: 'yesterday', account: '12' })),
        'f.json',
      ),
    );
    expect(error.message).toContain('capturedAt: expected an ISO-8601 UTC time');
    expect(error.message).toContain('account: expected a 12-digit AWS account id');
  });

  it('rejects a file whose recorded identity is another account', () => {
    const error = errorOf(() =>
      parseSnapshot(
        edit((d) => (d.account = '999999999999')),
        'mixed.json',
      ),
    );
    expect(error.message).toContain(
      '"account" is 999999999999 but reads["sts.callerIdentity"] says "123456789012"',
    );
  });

  it('derives the caller identity from "account" for a hand-written file without one', async () => {
    const text = edit((d) => delete (d.reads as Record<string, unknown>)['sts.callerIdentity']);
    const inventory = snapshotInventory(parseSnapshot(text, 'hand.json'));
    expect(await inventory.get(callerIdentity)).toEqual({
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      partition: 'aws',
    });
  });

  describe('on disk', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'driftwatch-snapshot-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes a file that loads back to the same snapshot, leaving no temp file', () => {
      const snapshot = parseSnapshot(sample(), 'sample.json');
      const path = join(dir, 'nested', 'account.json');
      writeSnapshot(path, snapshot);
      expect(loadSnapshot(path)).toEqual(snapshot);
      expect(readdirSync(join(dir, 'nested'))).toEqual(['account.json']);
    });

    it('names a missing file', () => {
      expect(errorOf(() => loadSnapshot(join(dir, 'nope.json'))).message).toBe(
        `Cannot read snapshot ${join(dir, 'nope.json')}: no such file.`,
      );
    });

    it('loads a file cut off mid-write as a clear error', () => {
      const path = join(dir, 'cut.json');
      writeFileSync(path, sample().slice(0, 100));
      expect(errorOf(() => loadSnapshot(path)).message).toContain('is not valid JSON');
    });
  });
});
