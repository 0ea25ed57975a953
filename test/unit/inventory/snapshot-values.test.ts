import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SnapshotError } from '../../../lib/errors';
import { volumes } from '../../../lib/inventory/ebs';
import { instances } from '../../../lib/inventory/ec2-instances';
import { parseSnapshot, snapshotInventory } from '../../../lib/inventory/snapshot-file';
import { SNAPSHOT_READS } from '../../../lib/inventory/snapshot-reads';
import { enabledRegionsSchema } from '../../../lib/inventory/snapshot-schemas';
import { defineRead } from '../../../lib/inventory/types';

type Reads = Record<string, Record<string, { value: unknown }>>;

const DEMO = resolve(__dirname, '..', '..', '..', 'demo', 'demo-account.json');

/** The demo snapshot with one stored value changed. */
function demoWith(change: (reads: Reads) => void): string {
  const doc = JSON.parse(readFileSync(DEMO, 'utf8')) as { reads: Reads };
  change(doc.reads);
  return JSON.stringify(doc);
}
const first = (reads: Reads, name: string, key: string) =>
  (reads[name]?.[key]?.value as object[])[0] as Record<string, unknown>;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotError, got none');
}

describe('snapshot values are checked against the shape the live read produces', () => {
  it('accepts the demo snapshot: every stored value has its read’s shape', () => {
    expect(() => parseSnapshot(readFileSync(DEMO, 'utf8'), 'demo.json')).not.toThrow();
  });

  it.each<[string, (reads: Reads) => void, string]>([
    [
      'a scheduled event time that is not a time',
      (r) => {
        const events = first(r, 'ec2.instanceStatuses', 'us-east-1').events as Record<string, unknown>[];
        (events[0] as Record<string, unknown>).notBefore = 'tomorrow';
      },
      'reads["ec2.instanceStatuses"]["us-east-1"].value[0].events[0].notBefore: expected an ISO-8601 time such as 2026-11-20T09:00:00.000Z, got "tomorrow"',
    ],
    [
      'instance tags that are null',
      (r) => (first(r, 'ec2.instances', 'us-east-1').tags = null),
      'reads["ec2.instances"]["us-east-1"].value[0].tags: expected an object of tag keys to string values, got null',
    ],
    [
      'a volume tag value that is a number',
      (r) => (first(r, 'ec2.volumes', 'us-east-1').tags = { Name: 7 }),
      'reads["ec2.volumes"]["us-east-1"].value[0].tags.Name: expected a string, got a number (7)',
    ],
    [
      'an enabled-regions list that is a number',
      (r) => ((r['ec2.enabledRegions'] as Reads[string]).global = { value: 42 }),
      'reads["ec2.enabledRegions"].global.value: expected a list, got a number (42)',
    ],
    [
      'an IAM summary count written as a string',
      (r) =>
        ((
          (r['iam.accountSummary'] as Reads[string]).global?.value as Record<string, unknown>
        ).AccountMFAEnabled = '0'),
      'reads["iam.accountSummary"].global.value.AccountMFAEnabled: expected a number, got "0"',
    ],
    [
      'a negative volume size',
      (r) => (first(r, 'ec2.volumes', 'us-east-1').sizeGiB = -1),
      'reads["ec2.volumes"]["us-east-1"].value[0].sizeGiB: expected a whole number >= 0, got a number (-1)',
    ],
    [
      'a misspelt optional field, which would silently be absent',
      (r) => {
        const events = first(r, 'ec2.instanceStatuses', 'us-east-1').events as Record<string, unknown>[];
        const event = events[0] as Record<string, unknown>;
        event.notbefore = event.notBefore;
        delete event.notBefore;
      },
      'reads["ec2.instanceStatuses"]["us-east-1"].value[0].events[0].notbefore: unknown field (the ec2.instanceStatuses read records no such field; misspelt?)',
    ],
    [
      'a trail logging flag written as a string',
      (r) => {
        const trail = first(r, 'cloudtrail.trails', 'us-east-1');
        ((trail.state as Record<string, unknown>).status as Record<string, unknown>).isLogging = 'false';
      },
      'reads["cloudtrail.trails"]["us-east-1"].value[0].state.status.isLogging: expected true or false, got "false"',
    ],
    [
      'a trail state that is neither a status nor an error',
      (r) => (first(r, 'cloudtrail.trails', 'us-east-1').state = 'stopped'),
      'reads["cloudtrail.trails"]["us-east-1"].value[0].state: expected { status, selectors } or { error: { code, message } }',
    ],
  ])('refuses %s, naming the path of the bad value', (_name, change, message) => {
    // Act
    const error = errorOf(() => parseSnapshot(demoWith(change), 'bad.json'));

    // Assess: one line, the file and the path
    expect(error.message).toBe(`Snapshot bad.json is malformed: ${message}.`);
  });

  it('names the first three bad values and counts the rest', () => {
    // Prepare: every volume in every region loses its tags
    const text = demoWith((r) => {
      for (const byRegion of Object.values(r['ec2.volumes'] ?? {}))
        for (const v of byRegion.value as Record<string, unknown>[]) v.tags = null;
    });
    const volumeCount = (JSON.parse(text) as { reads: Reads }).reads['ec2.volumes'];
    const total = Object.values(volumeCount ?? {}).reduce((n, b) => n + (b.value as unknown[]).length, 0);

    // Act
    const error = errorOf(() => parseSnapshot(text, 'bad.json'));

    // Assess
    expect(error.message.match(/tags: expected an object/g)).toHaveLength(3);
    expect(error.message).toContain(`(and ${total - 3} more).`);
  });

  it('gives every read of lib/inventory a schema, each listed once', () => {
    const names = SNAPSHOT_READS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(SNAPSHOT_READS.filter((r) => r.schema === undefined).map((r) => r.name)).toEqual([]);
    expect(SNAPSHOT_READS).toEqual(expect.arrayContaining([volumes, instances]));
  });

  it('serves a read without a schema unchecked', async () => {
    // Prepare: a read another module adds without a schema, stored with any value
    const unchecked = defineRead<unknown>({
      name: 'test.unchecked',
      scope: 'global',
      actions: [],
      fetch: () => Promise.resolve(null),
    });
    const text = demoWith((r) => (r['test.unchecked'] = { global: { value: { anything: [1, 'two'] } } }));

    // Act
    const inventory = snapshotInventory(parseSnapshot(text, 'extra.json'));

    // Assess
    expect(await inventory.get(unchecked)).toEqual({ anything: [1, 'two'] });
  });

  it('checks a read with a schema that the load did not know when a rule asks for it', async () => {
    // Prepare: a new read, with a schema, not (yet) listed in SNAPSHOT_READS
    const newRead = defineRead<string[]>({
      name: 'test.regionsAgain',
      scope: 'global',
      actions: [],
      schema: enabledRegionsSchema,
      fetch: () => Promise.resolve([]),
    });
    const text = demoWith((r) => (r['test.regionsAgain'] = { global: { value: [''] } }));
    const inventory = snapshotInventory(parseSnapshot(text, 'new.json'));

    // Act / Assess
    await expect(inventory.get(newRead)).rejects.toThrow(
      new SnapshotError(
        'Snapshot new.json is malformed: reads["test.regionsAgain"].global.value[0]: expected a non-empty string, got "".',
      ),
    );
  });
});
