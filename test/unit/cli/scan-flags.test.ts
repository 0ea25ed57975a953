import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, runCli } from './io';

interface ScanDoc {
  readonly runs: readonly { readonly ruleId: string; readonly regions: readonly string[] }[];
}
const doc = (stdout: string) => JSON.parse(stdout) as ScanDoc;
const scan = (...args: string[]) => runCli(['scan', '--snapshot', DEMO, '--format', 'json', ...args]);

describe('driftwatch scan --exclude-rule, --exclude-regions and --region', () => {
  it('leaves the excluded rules and regions out of the scan', async () => {
    // Act
    const out = await scan(
      '--rule',
      'ec2-network,config-recorder-enabled,root-account-mfa',
      '--exclude-rule',
      'root-account-mfa',
      '--exclude-regions',
      'eu-west-1',
    );

    // Assess
    expect(out.code).toBe(0);
    const runs = doc(out.stdout).runs;
    expect(runs.map((r) => r.ruleId).sort()).toEqual(['config-recorder-enabled', 'ec2-network']);
    const scanned = new Set(runs.flatMap((r) => r.regions));
    expect(scanned.has('eu-west-1')).toBe(false);
    expect(scanned.size).toBeGreaterThan(0);
  });

  it('scans only the one --region', async () => {
    const out = await scan('--rule', 'config-recorder-enabled', '--region', 'eu-west-1');
    expect(out.code).toBe(0);
    expect(doc(out.stdout).runs.map((r) => r.regions)).toEqual([['eu-west-1']]);
  });

  it.each([
    [
      ['--exclude-rule', 'nope'],
      /^driftwatch: --exclude-rule: unknown rule "nope"; known rules: root-account-mfa/,
    ],
    [
      ['--rule', 'root-account-mfa', '--exclude-rule', 'root-account-mfa'],
      /^driftwatch: --exclude-rule: every selected rule is excluded; nothing is left to scan\.$/,
    ],
    [
      ['--exclude-rule', ','],
      /^driftwatch: --exclude-rule: expected a rule id such as root-account-mfa, got nothing\.$/,
    ],
    [
      ['--exclude-regions', 'eu-west-9'],
      /^driftwatch: --exclude-regions: unknown region "eu-west-9"; expected an AWS region name such as us-east-1\.$/,
    ],
    [
      ['--exclude-regions', 'all'],
      /^driftwatch: --exclude-regions: expected a list of region names such as ap-east-1,me-south-1, got "all"\.$/,
    ],
    [
      ['--regions', 'eu-west-1', '--exclude-regions', 'eu-west-1'],
      /^driftwatch: --exclude-regions: every region to scan \(eu-west-1\) is excluded; nothing is left to scan\.$/,
    ],
    [
      ['--region', 'eu-west-1,us-east-1'],
      /^driftwatch: --region: expected one region name such as eu-west-1 \(--regions takes a list or "all"\), got "eu-west-1,us-east-1"\.$/,
    ],
    [['--region', 'all'], /^driftwatch: --region: expected one region name such as eu-west-1/],
    [
      ['--region', 'mars-1'],
      /^driftwatch: --region: unknown region "mars-1"; expected an AWS region name such as us-east-1\.$/,
    ],
    [
      ['--region', 'eu-west-1', '--regions', 'eu-west-1'],
      /^driftwatch: --region: give one of --region REGION or --regions LIST, not both\.$/,
    ],
  ])('refuses %j in one line naming the flag, exit 2', async (args, line) => {
    const out = await scan(...args);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(out.stderr.trimEnd()).toMatch(line);
  });
});

describe('driftwatch scan --output, --quiet and colour', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-output-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the output to FILE, not stdout, and says so on stderr unless --quiet', async () => {
    // Prepare
    const file = join(dir, 'scan.json');

    // Act
    const loud = await scan('--rule', 'root-account-mfa', '--output', file);
    const written = readFileSync(file, 'utf8');
    const quiet = await scan('--rule', 'root-account-mfa', '--output', file, '--quiet');

    // Assess
    expect(loud).toMatchObject({ code: 0, stdout: '' });
    expect(loud.stderr).toMatch(new RegExp(`^driftwatch: wrote \\d+ findings? \\(json\\) to ${file}\\.\\n$`));
    expect(doc(written).runs.map((r) => r.ruleId)).toEqual(['root-account-mfa']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(dir)).toEqual(['scan.json']); // no temporary file left
  });

  it.each([
    ['a directory', (d: string) => d, /is a directory/],
    [
      'a file in a missing directory',
      (d: string) => join(d, 'missing', 'scan.json'),
      /cannot be written \(ENOENT: no such file or directory\)/,
    ],
  ])('exits 2 naming --output when it is %s, before scanning', async (_label, path, why) => {
    const target = path(dir);
    const out = await scan('--output', target);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`^driftwatch: --output ${target}: `));
    expect(out.stderr).toMatch(why);
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('colours with FORCE_COLOR even when piped or with NO_COLOR, and never with FORCE_COLOR=0', async () => {
    // Act
    const table = (tty: boolean, env: Record<string, string>) =>
      runCli(['scan', '--snapshot', DEMO, '--rule', 'root-account-mfa'], { tty, env });
    const forced = await table(false, { FORCE_COLOR: '1' });
    const overNoColor = await table(false, { FORCE_COLOR: '', NO_COLOR: '1' });
    const off = await table(true, { FORCE_COLOR: '0' });
    const plainTty = await table(true, {});

    // Assess
    expect(forced.stdout).toContain('\u001b[31mFAIL\u001b[0m');
    expect(overNoColor.stdout).toContain('\u001b[');
    expect(off.stdout).not.toContain('\u001b[');
    expect(plainTty.stdout).toContain('\u001b[');
  });

  it('colours a table written to --output only with FORCE_COLOR', async () => {
    const file = join(dir, 'scan.txt');
    await runCli(['scan', '--snapshot', DEMO, '--rule', 'root-account-mfa', '--output', file], { tty: true });
    expect(readFileSync(file, 'utf8')).not.toContain('\u001b[');
    await runCli(['scan', '--snapshot', DEMO, '--rule', 'root-account-mfa', '--output', file], {
      env: { FORCE_COLOR: '1' },
    });
    expect(readFileSync(file, 'utf8')).toContain('\u001b[31mFAIL');
  });
});
