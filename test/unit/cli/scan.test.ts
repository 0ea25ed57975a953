import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanJson } from '../../../lib/output/json';
import type { OcsfComplianceFinding } from '../../../lib/output/ocsf';
import { DEMO, runCli } from './io';

describe('driftwatch scan --snapshot', () => {
  it('prints the demo table and exits 0 by default, whatever the findings', async () => {
    // Act
    const out = await runCli(['scan', '--snapshot', DEMO]);

    // Assess
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain(
      'driftwatch: account 111122223333 (snapshot demo/demo-account.json, captured 2026-11-20T09:00:00.000Z',
    );
    expect(out.stdout).toMatch(
      /FAIL\s+critical\s+root-account-mfa\s+global\s+111122223333\s+The root user of account 111122223333 has no MFA device/,
    );
    expect(out.stdout).not.toContain('\u001b[');
  });

  it('colours the table only on a TTY, and not with NO_COLOR', async () => {
    expect((await runCli(['scan', '--snapshot', DEMO], { tty: true })).stdout).toContain('\u001b[31mFAIL');
    expect(
      (await runCli(['scan', '--snapshot', DEMO], { tty: true, env: { NO_COLOR: '1' } })).stdout,
    ).not.toContain('\u001b[');
  });

  it('exits 1 with --fail-on at or below the worst FAIL severity, 0 above it', async () => {
    // root-account-mfa fails critical; ebs-snapshot-lifecycle's worst FAIL is medium
    expect((await runCli(['scan', '--snapshot', DEMO, '--fail-on', 'critical'])).code).toBe(1);
    expect(
      (await runCli(['scan', '--snapshot', DEMO, '--rule', 'ebs-snapshot-lifecycle', '--fail-on', 'medium']))
        .code,
    ).toBe(1);
    expect(
      (await runCli(['scan', '--snapshot', DEMO, '--rule', 'ebs-snapshot-lifecycle', '--fail-on', 'high']))
        .code,
    ).toBe(0);
  });

  it('writes JSON with only the chosen rule and regions', async () => {
    // Act
    const out = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--rule',
      'ebs-snapshot-lifecycle',
      '--regions',
      'eu-west-1',
      '--format',
      'json',
    ]);

    // Assess
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout) as ScanJson;
    expect(doc.runs.map((r) => [r.ruleId, r.regions])).toEqual([['ebs-snapshot-lifecycle', ['eu-west-1']]]);
    expect(new Set(doc.findings.map((f) => f.region))).toEqual(new Set(['eu-west-1']));
    expect(doc.findings.every((f) => f.observedAt === '2026-11-20T09:00:00.000Z')).toBe(true);
  });

  it('writes one OCSF Compliance Finding per finding', async () => {
    const json = JSON.parse(
      (await runCli(['scan', '--snapshot', DEMO, '--format', 'json'])).stdout,
    ) as ScanJson;
    const ocsf = JSON.parse(
      (await runCli(['scan', '--snapshot', DEMO, '--format', 'ocsf'])).stdout,
    ) as OcsfComplianceFinding[];
    expect(ocsf).toHaveLength(json.findings.length);
    expect(ocsf.map((e) => e.finding_info.uid)).toEqual(json.findings.map((f) => f.id));
    expect(new Set(ocsf.map((e) => e.class_uid))).toEqual(new Set([2003]));
  });

  it('evaluates as of the capture time, so two scans of one file give identical output', async () => {
    const first = await runCli(['scan', '--snapshot', DEMO, '--format', 'json']);
    const second = await runCli(['scan', '--snapshot', DEMO, '--format', 'json']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('plans fixes but never carries them out offline, even with --dry-run', async () => {
    const doc = JSON.parse(
      (await runCli(['scan', '--snapshot', DEMO, '--dry-run', '--format', 'json'])).stdout,
    ) as ScanJson;
    const fixes = doc.findings.flatMap((f) => (f.remediation ? [f.remediation] : []));
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes.every((r) => r.status === 'planned' && r.dryRun)).toBe(true);
  });
});

describe('driftwatch scan errors: one line on stderr, exit 2', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function expectOneLineError(argv: readonly string[], pattern: RegExp): Promise<void> {
    const out = await runCli(argv);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(pattern);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  }

  /** A valid version-1 snapshot of account 123456789012 captured for `regions`, with no reads at all. */
  function emptySnapshot(name: string, regions: 'all' | string[]): string {
    const path = join(dir, name);
    writeFileSync(
      path,
      JSON.stringify({
        format: 'driftwatch.snapshot',
        version: 1,
        capturedAt: '2026-11-20T09:00:00Z',
        account: '123456789012',
        regions,
        reads: {},
      }),
    );
    return path;
  }

  it('names a truncated snapshot', async () => {
    const path = join(dir, 'cut.json');
    writeFileSync(path, '{"format": "driftwatch.snapshot", "version": 1, "rea');
    await expectOneLineError(
      ['scan', '--snapshot', path],
      /^driftwatch: Snapshot .*cut\.json is not valid JSON .*truncated/,
    );
  });

  it('names an unknown snapshot version', async () => {
    const path = join(dir, 'v9.json');
    writeFileSync(path, JSON.stringify({ format: 'driftwatch.snapshot', version: 9 }));
    await expectOneLineError(
      ['scan', '--snapshot', path],
      /has format version 9; this driftwatch reads version 1/,
    );
  });

  it('exits 2 when the snapshot has data for none of the selected rules, naming the read and the advice', async () => {
    // Prepare
    const path = emptySnapshot('thin.json', 'all');

    // Act
    const out = await runCli(['scan', '--snapshot', path, '--rule', 'root-account-mfa', '--format', 'json']);

    // Assess
    expect(out.code).toBe(2);
    expect(out.stderr.trimEnd().split('\n')).toEqual([
      `driftwatch: root-account-mfa not evaluated: snapshot ${path} has no "iam.accountSummary" for global; the file does not list the rules it was recorded for; record with \`driftwatch snapshot --rule root-account-mfa --out FILE\`.`,
      `driftwatch: nothing evaluated: snapshot ${path} has no data for any selected rule.`,
    ]);
    const doc = JSON.parse(out.stdout) as { runs: unknown[]; notRecorded: unknown[] };
    expect(doc.runs).toEqual([]);
    expect(doc.notRecorded).toEqual([
      expect.objectContaining({ ruleId: 'root-account-mfa', read: 'iam.accountSummary', key: 'global' }),
    ]);
  });

  it('names a missing snapshot file', async () => {
    await expectOneLineError(
      ['scan', '--snapshot', join(dir, 'absent.json')],
      /Cannot read snapshot .*absent\.json: no such file\./,
    );
  });

  it('names an unknown option', async () => {
    await expectOneLineError(
      ['scan', '--frmat', 'json'],
      /^driftwatch: scan: unknown option --frmat \(see driftwatch scan --help\)\.\n$/,
    );
  });

  it('names a bad format, severity, region and rule', async () => {
    await expectOneLineError(
      ['scan', '--snapshot', DEMO, '--format', 'xml'],
      /--format: expected one of table, json, ocsf, ocsf-jsonl, asff, junit, sarif, got "xml"/,
    );
    await expectOneLineError(
      ['scan', '--snapshot', DEMO, '--fail-on', 'severe'],
      /--fail-on: expected a severity \(critical, high, medium, low, informational\), error, or both such as high,error, got "severe"/,
    );
    await expectOneLineError(
      ['scan', '--snapshot', DEMO, '--regions', 'eu-west-9'],
      /--regions: unknown region "eu-west-9"/,
    );
    await expectOneLineError(
      ['scan', '--snapshot', DEMO, '--rule', 'nope'],
      /--rule: unknown rule "nope"; known rules: root-account-mfa/,
    );
  });

  it('refuses --remediate on a snapshot', async () => {
    await expectOneLineError(['scan', '--snapshot', DEMO, '--remediate'], /--remediate needs a live account/);
  });

  it('refuses a region the snapshot was not captured for', async () => {
    const path = emptySnapshot('one-region.json', ['us-east-1']);
    await expectOneLineError(
      ['scan', '--snapshot', path, '--regions', 'eu-west-1'],
      /captured for us-east-1 only; it has nothing for eu-west-1/,
    );
  });
});
