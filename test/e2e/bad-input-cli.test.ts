import { readFileSync } from 'node:fs';
import type { ScanJson } from '../../lib/output/json';
import { buildCli, DEMO_SNAPSHOT, runBin, scratch } from '../helpers/cli';

// Bad input through the real CLI process (bin/driftwatch.cjs on the esbuild bundle): it never hangs,
// lies or crashes. No AWS is involved: every scan reads the demo snapshot or a corrupted copy of it.
jest.setTimeout(120_000);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const entry = { reason: 'Accepted risk for the test', owner: 'secops', expires: day(30) };

/** The demo's five rules (rules added later may need reads the demo does not hold yet). */
const DEMO_RULES = [
  '--rule',
  'root-account-mfa,cloudtrail-enabled,config-recorder-enabled,ebs-snapshot-lifecycle,ec2-scheduled-events',
];

let files: ReturnType<typeof scratch>;
beforeAll(() => {
  buildCli();
  files = scratch('driftwatch-bad-input-');
});
afterAll(() => files.remove());

describe('driftwatch scan --suppressions with a pattern that backtracks exponentially in a JavaScript RegExp', () => {
  it('finishes and suppresses exactly what the patterns match (RE2, linear time)', async () => {
    // Prepare: the evil pattern is tried against every demo resource id and ARN (none end in x); a
    // second nested-quantifier pattern covers the two failing volumes
    const suppressions = files.write('evil-suppressions.json', {
      version: 1,
      suppressions: [
        { ...entry, rule: '*', resourcePattern: '([a-z0-9:-]+)+x' },
        { ...entry, rule: 'ebs-snapshot-lifecycle', resourcePattern: '(vol-[0-9a-f]+)+' },
      ],
    });

    // Act: a hang would be killed after 60 s and show as a signal, not an exit code
    const scan = ['scan', '--snapshot', DEMO_SNAPSHOT, ...DEMO_RULES, '--format', 'json'];
    const out = await runBin([...scan, '--suppressions', suppressions]);
    const plain = await runBin(scan);

    // Assess: the two volumes suppressed, every other FAIL as without suppressions
    expect({ code: out.code, signal: out.signal, stderr: out.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    const { findings } = JSON.parse(out.stdout) as ScanJson;
    const suppressed = findings.filter((f) => f.status === 'SUPPRESSED');
    expect(suppressed.map((f) => [f.resource.id, f.suppression?.entry]).sort()).toEqual([
      ['vol-0d1a2b3c4d5e60002', 'suppressions[1]'],
      ['vol-0d1a2b3c4d5e60003', 'suppressions[1]'],
    ]);
    const failing = (doc: ScanJson) => doc.findings.filter((f) => f.status === 'FAIL').map((f) => f.id);
    const suppressedIds = suppressed.map((f) => f.id);
    expect(failing(JSON.parse(out.stdout) as ScanJson)).toEqual(
      failing(JSON.parse(plain.stdout) as ScanJson).filter((id) => !suppressedIds.includes(id)),
    );
  });

  it('exits 2 naming the entry, the field and the accepted syntax for a pattern RE2 rejects', async () => {
    // Prepare
    const suppressions = files.write('lookahead-suppressions.json', {
      version: 1,
      suppressions: [{ ...entry, rule: 'root-account-mfa', resourcePattern: '(?!prod-).*' }],
    });

    // Act
    const out = await runBin(['scan', '--snapshot', DEMO_SNAPSHOT, '--suppressions', suppressions]);

    // Assess
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      `driftwatch: Invalid suppressions file ${suppressions}: suppressions[0] (rule root-account-mfa).resourcePattern: ` +
        'invalid or unsupported Perl syntax: `(?!`; expected a regular expression in RE2 syntax ' +
        '(https://github.com/google/re2/wiki/Syntax: no lookahead, lookbehind, backreferences or possessive ' +
        'quantifiers; repeat counts up to 1000) of at most 1000 characters.\n',
    );
  });
});

describe('driftwatch scan --snapshot with a stored value of the wrong shape', () => {
  type Reads = Record<string, Record<string, { value: unknown }>>;
  const demoWith = (name: string, change: (reads: Reads) => void) => {
    const doc = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as { reads: Reads };
    change(doc.reads);
    return files.write(name, doc);
  };
  const firstOf = (reads: Reads, read: string) =>
    (reads[read]?.['us-east-1']?.value as Record<string, unknown>[])[0] as Record<string, unknown>;

  it.each<[string, string, (reads: Reads) => void, string]>([
    [
      'an event notBefore of "tomorrow" (was: the critical retirement FAIL became PASS, exit 0)',
      'not-before.json',
      (r) => {
        const [event] = firstOf(r, 'ec2.instanceStatuses').events as Record<string, unknown>[];
        if (event) event.notBefore = 'tomorrow';
      },
      'reads["ec2.instanceStatuses"]["us-east-1"].value[0].events[0].notBefore: expected an ISO-8601 time such as 2026-11-20T09:00:00.000Z, got "tomorrow"',
    ],
    [
      'instance tags of null (was: ERROR … TypeError)',
      'tags-null.json',
      (r) => (firstOf(r, 'ec2.instances').tags = null),
      'reads["ec2.instances"]["us-east-1"].value[0].tags: expected an object of tag keys to string values, got null',
    ],
    [
      'enabledRegions of 42 (was: unexpected error: Cannot read properties of undefined)',
      'regions-42.json',
      (r) => ((r['ec2.enabledRegions'] as Reads[string]).global = { value: 42 }),
      'reads["ec2.enabledRegions"].global.value: expected a list, got a number (42)',
    ],
  ])('exits 2 on %s, in one line naming the path', async (_name, file, change, problem) => {
    // Prepare
    const snapshot = demoWith(file, change);

    // Act
    const out = await runBin(['scan', '--snapshot', snapshot]);

    // Assess
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`driftwatch: Snapshot ${snapshot} is malformed: ${problem}.\n`);
  });
});

describe('driftwatch scan: a tag value with control characters cannot forge table rows', () => {
  const FORGED =
    'ingest-worker-3\n\nFAIL    critical  root-account-mfa  global  111122223333  forged row\u202e';

  it('prints the finding on its one row with the control characters escaped; JSON keeps the value exact', async () => {
    // Prepare: the retiring instance's Name tag carries a forged table row and a bidi override
    const doc = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as {
      reads: Record<
        string,
        Record<string, { value: { instanceId: string; tags: Record<string, string> }[] }>
      >;
    };
    const instance = doc.reads['ec2.instances']?.['us-east-1']?.value.find(
      (i) => i.instanceId === 'i-0c4a1e2f3b5d60071',
    );
    if (!instance) throw new Error('the demo has no instance i-0c4a1e2f3b5d60071');
    instance.tags.Name = FORGED;
    const snapshot = files.write('forged-name.json', doc);

    // Act
    const table = await runBin(['scan', '--snapshot', snapshot, ...DEMO_RULES]);
    const plain = await runBin(['scan', '--snapshot', DEMO_SNAPSHOT, ...DEMO_RULES]);
    const json = await runBin(['scan', '--snapshot', snapshot, ...DEMO_RULES, '--format', 'json']);

    // Assess: as many FAIL rows as the untouched demo, the forged text only inside the instance's row
    expect(table.code).toBe(0);
    const rows = (text: string) => text.split('\n').filter((l) => l.startsWith('FAIL'));
    const lines = table.stdout.split('\n');
    expect(rows(table.stdout)).toHaveLength(rows(plain.stdout).length);
    const forged = lines.filter((l) => l.includes('forged row'));
    expect(forged).toHaveLength(1);
    expect(forged[0]).toMatch(/^FAIL\s+critical\s+ec2-scheduled-events\s+us-east-1\s+i-0c4a1e2f3b5d60071\s/);
    expect(forged[0]).toContain('ingest-worker-3\\n\\nFAIL    critical  root-account-mfa');
    expect(forged[0]).toContain('forged row\\u202e');
    expect(table.stdout).not.toContain('\u202e');
    const { findings } = JSON.parse(json.stdout) as ScanJson;
    const retirement = findings.find((f) => f.resource.id === 'i-0c4a1e2f3b5d60071' && f.status === 'FAIL');
    expect(retirement?.message).toContain(FORGED);
  });
});
