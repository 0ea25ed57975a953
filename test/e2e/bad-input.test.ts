import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { KNOWN_REGIONS } from '../../lib/regions';
import type { RunSummary } from '../../lib/summary';
import { invokeBundle, invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import type { LoopbackServer } from '../helpers/scripted-server';
import { scriptedServer } from '../helpers/scripted-server';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:driftwatch-alerts';
const OBJECT = 'expected a JSON object such as {"regions":["us-east-1"]}';

/** Issue 12's bad inputs, each through the bundled handler: one clear error, and no AWS request. */
describe('bad input to a bundled rule function', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    // Any AWS request would land here (and be answered with an error).
    server = await scriptedServer([{ status: 500, body: '' }]);
  });
  afterAll(() => server.close());
  beforeEach(() => server.requests.splice(0));

  const env = (extra: Record<string, string> = {}) => ({
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    DRIFTWATCH_TOPIC_ARN: TOPIC,
    ...extra,
  });
  const sqs = (body: string) => ({ Records: [{ eventSource: 'aws:sqs', messageId: 'm-1', body }] });
  const copies = Array.from({ length: 60_000 }, () => 'us-east-1');
  const bigBytes = Buffer.byteLength(JSON.stringify({ regions: copies }));

  it.each([
    [
      '60,000 copies of one region (780 KB)',
      { regions: copies },
      `Invalid run request: (payload): expected at most 65536 bytes (64 KB) of JSON, got ${bigBytes} bytes.`,
    ],
    [
      'the same payload as an SQS message body',
      sqs(JSON.stringify({ regions: copies })),
      `Invalid run request: (payload): expected at most 65536 bytes (64 KB) of JSON, got ${bigBytes} bytes.`,
    ],
    [
      '1,000 copies of one region (under 64 KB)',
      { regions: copies.slice(0, 1000) },
      `Invalid run request: regions: expected "all" or a list of 1 to ${KNOWN_REGIONS.length} region names (the known regions; add others with DRIFTWATCH_EXTRA_REGIONS), got a list of 1000 items.`,
    ],
    [
      'an empty region list',
      { regions: [] },
      `Invalid run request: regions: expected "all" or a list of 1 to ${KNOWN_REGIONS.length} region names (the known regions; add others with DRIFTWATCH_EXTRA_REGIONS), got an empty list.`,
    ],
    [
      'a payload that is the JSON string "all"',
      'all',
      `Invalid run request: (payload): ${OBJECT}, got string "all".`,
    ],
    [
      'maxChanges over the limit',
      { maxChanges: 20_000 },
      'Invalid run request: maxChanges: expected a whole number from 0 to 10000, got number 20000.',
    ],
    [
      'a 5,000-character region name',
      { regions: ['r'.repeat(5000)] },
      `Invalid run request: regions.0: unknown region "${'r'.repeat(200)}…" (5000 characters); expected an AWS region name such as us-east-1.`,
    ],
  ])(
    'refuses %s with one line naming the field, before any AWS call',
    async (_label, event, message) => {
      // Act
      const outcome = await invokeBundle('rootAccountMfa', event, env());

      // Assess
      expect(outcome.ok ? 'succeeded' : outcome.error).toEqual({ name: 'ValidationError', message });
      expect(server.requests).toHaveLength(0);
    },
    30_000,
  );

  it('names DRIFTWATCH_MAX_CHANGES and its real limit when the variable is over it, before any AWS call', async () => {
    // Act
    const outcome = await invokeBundle('rootAccountMfa', {}, env({ DRIFTWATCH_MAX_CHANGES: '20000' }));

    // Assess
    expect(outcome.ok ? 'succeeded' : outcome.error).toEqual({
      name: 'ConfigError',
      message:
        'Environment variable DRIFTWATCH_MAX_CHANGES: expected a whole number from 0 to 10000, got "20000".',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('duplicate regions on moto_server', () => {
  const moto = useMoto();

  it('scans a region listed twice once, with the findings of listing it once', async () => {
    // Prepare: us-east-1 has no Config recorder (a FAIL)
    const { TopicArn } = await motoClient(moto(), SNSClient).send(new CreateTopicCommand({ Name: 'alerts' }));
    const env = { ...moto().env, DRIFTWATCH_TOPIC_ARN: TopicArn as string };

    // Act
    const once = await invokeOk<RunSummary>('configRecorderEnabled', { regions: ['us-east-1'] }, env);
    const twice = await invokeOk<RunSummary>(
      'configRecorderEnabled',
      { regions: ['us-east-1', 'us-east-1'] },
      env,
    );

    // Assess: the same run, not one with each finding counted twice
    expect(once.result).toMatch(/^[1-9]\d* FAIL/);
    expect(twice.regions).toEqual(['us-east-1']);
    expect(twice.result).toBe(once.result);
    expect(twice.attention).toEqual(once.attention);
  }, 60_000);
});

describe('bad flags to the driftwatch CLI process', () => {
  /** Runs bin/driftwatch.cjs (the built CLI) with AWS requests pointed at `endpoint`. */
  function cli(args: readonly string[], endpoint: string) {
    const bin = resolve(__dirname, '..', '..', 'bin', 'driftwatch.cjs');
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, [bin, ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_REGION: 'us-east-1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', fail);
      child.once('close', (code) => done({ code, stdout, stderr }));
    });
  }

  it.each([
    [
      ['scan', '--max-changes', '-1'],
      'driftwatch: --max-changes: expected a whole number from 0 to 10000, got number -1.',
    ],
    [
      ['scan', '--max-changes', '20000'],
      'driftwatch: --max-changes: expected a whole number from 0 to 10000, got number 20000.',
    ],
    [
      ['scan', '--regions', ','],
      `driftwatch: --regions: expected "all" or a list of 1 to ${KNOWN_REGIONS.length} region names (the known regions; add others with DRIFTWATCH_EXTRA_REGIONS), got an empty list.`,
    ],
  ])(
    '%j exits 2 with one line naming the flag, before any AWS call',
    async (args, line) => {
      // Prepare
      const server = await scriptedServer([{ status: 500, body: '' }]);
      try {
        // Act
        const out = await cli(args, server.endpoint);

        // Assess
        expect(out).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
        expect(server.requests).toHaveLength(0);
      } finally {
        await server.close();
      }
    },
    30_000,
  );
});
