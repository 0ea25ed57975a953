import { DEADLINE, parseDeadline, parseFlags, payloadFromFlags } from '../../../cli/options';
import { ValidationError } from '../../../lib/errors';
import { KNOWN_REGIONS } from '../../../lib/regions';
import { credentials, scriptedServer, withEndpoint } from '../../helpers/scripted-server';
import { DEMO, runCli } from './io';
import { validationError } from '../../helpers/errors';

describe('payloadFromFlags', () => {
  it('maps the scan flags onto the run payload, regions de-duplicated', () => {
    expect(
      payloadFromFlags({
        regions: 'us-east-1, eu-west-1,us-east-1',
        remediate: true,
        'dry-run': false,
        'max-changes': '10000',
      }),
    ).toEqual({ regions: ['us-east-1', 'eu-west-1'], remediate: true, dryRun: false, maxChanges: 10_000 });
    expect(payloadFromFlags({ regions: ' all ' })).toEqual({ regions: 'all' });
    expect(payloadFromFlags({})).toEqual({});
  });

  it.each([
    ['20000', 'number 20000'],
    ['-1', 'number -1'],
    ['2.5', 'number 2.5'],
    ['lots', 'string "lots"'],
  ])('refuses --max-changes %s with the payload bounds, naming the flag', (value, got) => {
    const error = validationError(() => payloadFromFlags({ 'max-changes': value }));
    expect(error.fields).toEqual(['--max-changes']);
    expect(error.message).toBe(`--max-changes: expected a whole number from 0 to 10000, got ${got}.`);
  });

  it('names --regions, not regions.1, for an unknown region', () => {
    const error = validationError(() => payloadFromFlags({ regions: 'us-east-1,us-east-9' }));
    expect(error.fields).toEqual(['--regions']);
    expect(error.message).toBe(
      '--regions: unknown region "us-east-9"; expected an AWS region name such as us-east-1.',
    );
  });

  it('refuses an empty or over-long --regions list, stating the accepted length', () => {
    const accepted = `expected "all" or a list of 1 to ${KNOWN_REGIONS.length} region names`;
    expect(validationError(() => payloadFromFlags({ regions: ' , ' })).message).toContain(
      `--regions: ${accepted}`,
    );
    const copies = Array.from({ length: 500 }, () => 'us-east-1').join(',');
    expect(validationError(() => payloadFromFlags({ regions: copies })).message).toContain(
      `${accepted} (the known regions; add others with DRIFTWATCH_EXTRA_REGIONS), got a list of 500 items.`,
    );
  });
});

describe('parseDeadline', () => {
  it('reads seconds, minutes and hours, and defaults to 15 minutes', () => {
    // Act / Assess
    expect(parseDeadline(undefined)).toBe(DEADLINE.defaultMs);
    expect(DEADLINE.defaultMs).toBe(900_000);
    expect(parseDeadline('90s')).toBe(90_000);
    expect(parseDeadline('15m')).toBe(900_000);
    expect(parseDeadline('12h')).toBe(43_200_000);
  });

  it.each(['13h', '59s', '-5m', '1.5h', 'soon', ''])(
    'refuses %j naming --deadline and the accepted forms',
    (value) => {
      expect(() => parseDeadline(value)).toThrow(ValidationError);
      expect(() => parseDeadline(value)).toThrow(
        '--deadline: expected a duration from 1m to 12h such as 90s, 15m or 2h',
      );
    },
  );
});

describe('parseFlags', () => {
  const options = { 'max-changes': { type: 'string' }, all: { type: 'boolean' } } as const;

  it('takes a negative number after a flag as its value, so the range check answers it', () => {
    expect(parseFlags('scan', ['--max-changes', '-1', '--all'], options).values).toEqual({
      'max-changes': '-1',
      all: true,
    });
  });

  it('still names a flag whose value is missing', () => {
    const error = validationError(() => parseFlags('scan', ['--max-changes'], options));
    expect(error.fields).toEqual(['--max-changes']);
    expect(error.message).toBe(
      "scan: Option '--max-changes <value>' argument missing (see driftwatch scan --help).",
    );
  });

  it('echoes at most ~60 characters of an unknown flag', () => {
    const error = validationError(() => parseFlags('scan', [`--${'x'.repeat(5000)}`], options));
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('driftwatch scan with bad flags', () => {
  it.each([
    [
      'a negative --max-changes',
      ['--max-changes', '-1'],
      'driftwatch: --max-changes: expected a whole number from 0 to 10000, got number -1.',
    ],
    [
      '--max-changes over the limit',
      ['--max-changes', '20000'],
      'driftwatch: --max-changes: expected a whole number from 0 to 10000, got number 20000.',
    ],
    [
      'a --deadline without a unit',
      ['--deadline', '900'],
      'driftwatch: --deadline: expected a duration from 1m to 12h such as 90s, 15m or 2h, got "900".',
    ],
    [
      'a --deadline under a minute',
      ['--deadline', '30s'],
      'driftwatch: --deadline: expected a duration from 1m to 12h such as 90s, 15m or 2h, got "30s".',
    ],
    [
      'a 1000-character unknown region',
      ['--regions', `us-east-1,${'z'.repeat(1000)}`],
      `driftwatch: --regions: unknown region "${'z'.repeat(200)}…" (1000 characters); expected an AWS region name such as us-east-1.`,
    ],
  ])(
    'refuses %s on a live scan: one line naming the flag, exit 2, no AWS call',
    async (_label, flags, line) => {
      // Prepare: a loopback endpoint that would record any AWS request
      const server = await scriptedServer([{ status: 500, body: '' }]);
      const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
      const { accessKeyId, secretAccessKey } = await credentials();
      process.env.AWS_ACCESS_KEY_ID = accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
      try {
        // Act
        const out = await withEndpoint(server.endpoint, () => runCli(['scan', ...flags]));

        // Assess
        expect(out).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
        expect(server.requests).toHaveLength(0);
      } finally {
        for (const [key, value] of [
          ['AWS_ACCESS_KEY_ID', saved.id],
          ['AWS_SECRET_ACCESS_KEY', saved.secret],
        ] as const) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
        await server.close();
      }
    },
  );

  it('scans each of duplicated --regions once', async () => {
    // Prepare
    const scan = (regions: string) =>
      runCli([
        'scan',
        '--snapshot',
        DEMO,
        '--rule',
        'config-recorder-enabled',
        '--regions',
        regions,
        '--format',
        'json',
      ]);

    // Act
    const once = await scan('eu-west-1');
    const twice = await scan('eu-west-1,eu-west-1');

    // Assess
    expect(twice.code).toBe(0);
    const doc = JSON.parse(twice.stdout) as { runs: { regions: string[] }[]; findings: unknown[] };
    expect(doc.runs.map((r) => r.regions)).toEqual([['eu-west-1']]);
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(twice.stdout).toBe(once.stdout);
  });
});
