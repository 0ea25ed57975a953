import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finding } from '../output/fixtures';
import { ACCOUNTS, scanJson } from '../report/fixtures';
import { runCli } from './io';

describe('driftwatch report', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-cli-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one HTML page from scan JSON files of several accounts and says what it wrote', async () => {
    // Prepare
    const scans = [ACCOUNTS.prod, ACCOUNTS.dev].map((account, i) => {
      const file = join(dir, `scan-${i}.json`);
      const f = finding({
        id: `root-account-mfa|${account}|global|${account}`,
        account,
        status: i === 0 ? 'FAIL' : 'PASS',
      });
      writeFileSync(file, JSON.stringify(scanJson(account, [f])));
      return file;
    });
    const out = join(dir, 'report.html');
    // Act
    const result = await runCli(['report', '--scan', scans[0]!, '--scan', scans[1]!, '--out', out]);
    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Wrote .*report\.html \(\d+ KB\): 2 accounts, 1 rules, 1 open findings\.\n$/,
    );
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(
      `<tr data-account="${ACCOUNTS.prod}"><th class="acct">${ACCOUNTS.prod}</th><td class="c s-FAIL"`,
    );
    expect(html).toContain(
      `<tr data-account="${ACCOUNTS.dev}"><th class="acct">${ACCOUNTS.dev}</th><td class="c s-PASS"`,
    );
  });

  it('exits 2 naming the flags when no source is given, and naming the field of a file that is not a scan', async () => {
    // Prepare
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        schema: 'driftwatch.scan/1',
        runs: [],
        findings: [{ id: 'a', ruleId: 'r', account: '1', status: 'BROKEN', severity: 'high', message: 'm' }],
      }),
    );
    // Act
    const none = await runCli(['report']);
    const wrong = await runCli(['report', '--scan', bad, '--out', join(dir, 'x.html')]);
    const missing = await runCli(['report', '--state', join(dir, 'nope.json')]);
    // Assess
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--state FILE, --table NAME or --scan FILE');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'findings[0].status must be one of FAIL, ERROR, PASS, NOT_APPLICABLE, SUPPRESSED',
    );
    expect(missing.stderr).toContain('--state: no such file');
  });
});
