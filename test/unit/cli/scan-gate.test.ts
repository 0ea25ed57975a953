import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, runCli } from './io';

const SUMMARY = { value: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 0, AccountPasswordPresent: 1 } };

describe('driftwatch scan --fail-on error and snapshots without data for a rule', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-gate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A version-1 snapshot of account 123456789012 holding `reads`, recorded for `rules` when given. */
  function snapshot(name: string, reads: object, extra: object = {}): string {
    const path = join(dir, name);
    const file = { format: 'driftwatch.snapshot', version: 1, capturedAt: '2026-11-20T09:00:00Z' };
    writeFileSync(
      path,
      JSON.stringify({ ...file, account: '123456789012', regions: 'all', ...extra, reads }),
    );
    return path;
  }

  it('exits 1 under --fail-on error when every check errored, where a severity alone exits 0', async () => {
    // Prepare: the one read root-account-mfa makes was AccessDenied at capture
    const denied = {
      error: { code: 'AccessDenied', message: 'User is not authorized to perform iam:GetAccountSummary' },
    };
    const path = snapshot('denied.json', { 'iam.accountSummary': { global: denied } });
    const scan = (failOn: string) =>
      runCli(['scan', '--snapshot', path, '--rule', 'root-account-mfa', '--fail-on', failOn]);

    // Act
    const bySeverity = await scan('informational');
    const byError = await scan('error');
    const both = await scan('critical,error');

    // Assess
    expect(bySeverity.code).toBe(0);
    expect(bySeverity.stdout).toContain('0 FAIL, 1 ERROR, 0 PASS, 0 NOT_APPLICABLE.');
    expect(bySeverity.stdout).not.toContain('worst');
    expect(byError.code).toBe(1);
    expect(both.code).toBe(1);
  });

  it('evaluates the rules it has data for and names, one line each, the rule it was not recorded for', async () => {
    // Prepare: recorded for root-account-mfa only
    const path = snapshot(
      'root-only.json',
      { 'iam.accountSummary': { global: SUMMARY } },
      { rules: ['root-account-mfa'] },
    );

    // Act
    const out = await runCli([
      'scan',
      '--snapshot',
      path,
      '--rule',
      'root-account-mfa,iam-password-policy',
      '--format',
      'json',
    ]);
    const gated = await runCli([
      'scan',
      '--snapshot',
      path,
      '--rule',
      'root-account-mfa,iam-password-policy',
      '--fail-on',
      'error',
    ]);

    // Assess
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(
      `driftwatch: iam-password-policy not evaluated: snapshot ${path} has no "iam.passwordPolicy" for global; it was recorded for root-account-mfa only; record with \`driftwatch snapshot --rule iam-password-policy --out FILE\`.\n`,
    );
    const doc = JSON.parse(out.stdout) as { runs: { ruleId: string }[]; findings: { status: string }[] };
    expect(doc.runs.map((r) => r.ruleId)).toEqual(['root-account-mfa']);
    expect(doc.findings.map((f) => f.status)).toContain('FAIL');
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain(
      '  iam-password-policy: no "iam.passwordPolicy" for global; it was recorded for root-account-mfa only;',
    );
  });

  it('advises recording again when the file was recorded for the rule before it made the read', async () => {
    // Prepare: recorded for both rules by an older driftwatch that did not read the password policy
    const path = snapshot(
      'older.json',
      { 'iam.accountSummary': { global: SUMMARY } },
      {
        rules: ['root-account-mfa', 'iam-password-policy'],
        generator: 'driftwatch 0.0.9',
        regions: ['us-east-1'],
      },
    );

    // Act
    const out = await runCli([
      'scan',
      '--snapshot',
      path,
      '--rule',
      'root-account-mfa,iam-password-policy',
      '--format',
      'json',
    ]);

    // Assess
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(
      'it was recorded by driftwatch 0.0.9 before iam-password-policy made this read; record it again with `driftwatch snapshot --rule iam-password-policy --regions us-east-1 --out FILE`.',
    );
  });

  it.each([
    ['severe', 'a severity'],
    ['high,low', 'one severity'],
    [',', 'a severity'],
  ])('refuses --fail-on %j in one line naming the flag, exit 2', async (value, what) => {
    const out = await runCli(['scan', '--snapshot', DEMO, '--fail-on', value]);
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftwatch: --fail-on: expected ${what} (critical, high, medium, low, informational), error, or both such as high,error, got ${JSON.stringify(value)}.\n`,
    });
  });
});

describe('driftwatch help', () => {
  it('lists --version in the overview and states the --max-changes range and every scan flag in scan --help', async () => {
    const main = await runCli(['--help']);
    expect(main.stdout).toContain('-v, --version');
    expect(main.stdout).toContain('completion');
    const scan = (await runCli(['scan', '--help'])).stdout;
    expect(scan).toMatch(/--max-changes N\s+The most fixes one scan carries out: 0 to 10000 \(default 25\)/);
    for (const flag of [
      '--profile',
      '--region',
      '--exclude-regions',
      '--exclude-rule',
      '--params',
      '--param',
      '--output',
      '--quiet',
      '--fail-on',
      'ocsf-jsonl',
      'FORCE_COLOR',
    ])
      expect(scan).toContain(flag);
  });
});
