import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanJson } from '../../../lib/output/json';
import { DEMO, runCli } from './io';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('driftwatch scan --state and --suppressions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-cli-drift-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('marks findings NEW on the first scan with a state file and STILL_FAILING on the next', async () => {
    // Prepare
    const state = join(dir, 'state.json');

    // Act
    const first = await runCli(['scan', '--snapshot', DEMO, '--state', state]);
    const second = await runCli(['scan', '--snapshot', DEMO, '--state', state, '--format', 'json']);

    // Assess
    expect(first.code).toBe(0);
    const failing = (JSON.parse(second.stdout) as ScanJson).findings.filter((f) => f.status === 'FAIL');
    expect(failing.length).toBeGreaterThan(0);
    expect(first.stdout).toContain(
      `Since the last scan (${state}): ${failing.length} new, 0 resolved, 0 still failing, 0 suppressed.`,
    );
    expect(failing.every((f) => f.drift?.state === 'STILL_FAILING')).toBe(true);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ schema: 'driftwatch.state/1' });
  });

  it('shows a suppressed finding as SUPPRESSED until its expiry, and FAIL with the expired entry after', async () => {
    // Prepare
    const file = (expires: string) => {
      const path = join(dir, `suppressions-${expires}.json`);
      writeFileSync(
        path,
        JSON.stringify({
          version: 1,
          suppressions: [
            { rule: 'root-account-mfa', reason: 'Break-glass account', owner: 'secops', expires },
          ],
        }),
      );
      return path;
    };
    const root = async (expires: string) => {
      const out = await runCli([
        'scan',
        '--snapshot',
        DEMO,
        '--rule',
        'root-account-mfa',
        '--format',
        'json',
        '--suppressions',
        file(expires),
      ]);
      return (JSON.parse(out.stdout) as ScanJson).findings.find(
        (f) => f.status === 'FAIL' || f.status === 'SUPPRESSED',
      );
    };

    // Act / Assess
    expect(await root(day(0))).toMatchObject({
      status: 'SUPPRESSED',
      suppression: { owner: 'secops', expired: false },
    });
    expect(await root(day(-1))).toMatchObject({
      status: 'FAIL',
      suppression: { expires: day(-1), expired: true },
    });
  });

  it('exits 2 naming the entry and field when the suppressions file is bad', async () => {
    // Prepare
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        suppressions: [{ rule: 'root-account-mfa', reason: 'x', expires: day(30) }],
      }),
    );

    // Act
    const out = await runCli(['scan', '--snapshot', DEMO, '--suppressions', path]);

    // Assess
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `driftwatch: Invalid suppressions file ${path}: suppressions[0] (rule root-account-mfa).owner: required.\n`,
    );
  });
});
