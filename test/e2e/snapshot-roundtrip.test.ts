import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, PutConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateSnapshotCommand, CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Finding } from '../../lib/findings';
import type { SnapshotFile } from '../../lib/inventory/snapshot-file';
import type { ScanJson } from '../../lib/output/json';
import { rules } from '../../rules';
import { createBucket, motoClient, useMoto } from '../helpers/moto';

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'driftwatch.cjs');

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the built CLI in a fresh process with only the given environment (no credentials leak in). */
function driftwatch(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  home: string,
): Promise<Outcome> {
  const started = Date.now();
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** What must match between a live scan and a scan of its snapshot: everything but the clock and the reason nothing ran. */
function comparable(f: Finding): unknown {
  const copy: Record<string, unknown> = { ...f };
  delete copy.observedAt;
  if (f.remediation) {
    const plan: Record<string, unknown> = { ...f.remediation };
    delete plan.reason;
    copy.remediation = plan;
  }
  return copy;
}

jest.setTimeout(120_000);

describe('driftwatch snapshot and scan on moto_server', () => {
  let home: string;
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.config.mjs'), '--cli'], { cwd: ROOT });
    home = mkdtempSync(join(tmpdir(), 'driftwatch-cli-e2e-'));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });
  const moto = useMoto();

  it('gives the same findings scanning the live account and the snapshot recorded from it', async () => {
    // Prepare: a stopped trail, a volume due a snapshot, a volume without backup tags, an old
    // snapshot, and a stopped Config recorder, all in us-east-1
    await createBucket(moto(), 'audit-trail-logs');
    await motoClient(moto(), CloudTrailClient).send(
      new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-trail-logs', IsMultiRegionTrail: true }),
    );
    const ec2 = motoClient(moto(), EC2Client);
    const tagged = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: 'us-east-1a',
        Size: 10,
        TagSpecifications: [
          {
            ResourceType: 'volume',
            Tags: [
              { Key: 'driftwatch:snapshot-schedule', Value: 'daily@03:00' },
              { Key: 'driftwatch:snapshot-retention', Value: '7' },
            ],
          },
        ],
      }),
    );
    const plain = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 5 }));
    await ec2.send(new CreateSnapshotCommand({ VolumeId: plain.VolumeId }));
    await motoClient(moto(), ConfigServiceClient).send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'default',
          roleARN: 'arn:aws:iam::123456789012:role/config',
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        },
      }),
    );
    const file = join(home, 'moto-account.json');

    // Act
    const recorded = await driftwatch(
      ['snapshot', '--out', file, '--regions', 'us-east-1'],
      moto().env,
      home,
    );
    const live = await driftwatch(['scan', '--regions', 'us-east-1', '--format', 'json'], moto().env, home);
    const offline = await driftwatch(['scan', '--snapshot', file, '--format', 'json'], {}, home);

    // Assess: the capture
    expect(recorded).toMatchObject({ code: 0, stderr: '' });
    expect(recorded.stdout).toMatch(
      new RegExp(
        `^Recorded \\d+ reads \\(\\d+ failed\\) from account 123456789012, ${rules.length} rules, 1 regions, to `,
      ),
    );
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
    expect(snapshot).toMatchObject({
      format: 'driftwatch.snapshot',
      version: 1,
      account: '123456789012',
      regions: ['us-east-1'],
    });
    expect(Object.keys(snapshot.reads)).toEqual(
      expect.arrayContaining(['iam.accountSummary', 'cloudtrail.trails', 'ec2.volumes', 'config.recorders']),
    );

    // Assess: both scans agree, finding for finding
    expect(live.code).toBe(0);
    expect(offline.code).toBe(0);
    const liveDoc = JSON.parse(live.stdout) as ScanJson;
    const offlineDoc = JSON.parse(offline.stdout) as ScanJson;
    expect(liveDoc.findings.length).toBeGreaterThan(5);
    expect(offlineDoc.findings.map(comparable)).toEqual(liveDoc.findings.map(comparable));
    expect(offlineDoc.counts).toEqual(liveDoc.counts);
    expect(offlineDoc.findings.every((f) => f.observedAt === snapshot.capturedAt)).toBe(true);

    // Assess: what the seeded drift looks like
    const failing = liveDoc.findings
      .filter((f) => f.status === 'FAIL')
      .map((f) => `${f.ruleId} ${f.resource.id}`);
    expect(failing).toEqual(
      expect.arrayContaining(['root-account-mfa 123456789012', `ebs-snapshot-lifecycle ${tagged.VolumeId}`]),
    );
    expect(failing.some((f) => f.startsWith('cloudtrail-enabled'))).toBe(true);
    expect(failing.some((f) => f.startsWith('config-recorder-enabled'))).toBe(true);
  });

  it('scans the demo account with no credentials and no network in under 5 seconds (npm start)', async () => {
    const out = await driftwatch(['scan', '--snapshot', 'demo/demo-account.json'], {}, home);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('driftwatch: account 111122223333');
    expect(out.ms).toBeLessThan(5_000);
  });

  it('fails a live scan without credentials in one line, exit 2, no stack trace', async () => {
    const out = await driftwatch(['scan', '--rule', 'root-account-mfa'], {}, home);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /^driftwatch: Cannot identify the AWS account \(sts:GetCallerIdentity: .*\)\. Set AWS credentials .* or scan a recorded account with --snapshot FILE\.\n$/,
    );
  });

  it('exits 1 when --fail-on is reached in a live scan', async () => {
    const out = await driftwatch(
      ['scan', '--rule', 'root-account-mfa', '--fail-on', 'critical'],
      moto().env,
      home,
    );
    expect(out.code).toBe(1);
  });
});
