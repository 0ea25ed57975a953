import { buildPosture } from '../../../lib/report/build';
import { cellKey } from '../../../lib/report/model';
import { rules } from '../../../rules';
import { finding } from '../output/fixtures';
import { ACCOUNTS, daysAgo, multiAccountState, NOW, scanJson } from './fixtures';

const metas = rules.map((r) => r.meta);
const ct = 'cloudtrail-enabled';
const mfa = 'root-account-mfa';

describe('buildPosture', () => {
  it('colours each account × rule cell by its worst status and marks a partial scan as partial, not passing', () => {
    // Prepare
    const state = multiAccountState();
    // Act
    const model = buildPosture({ state, rules: metas, sources: ['fixture'], now: NOW });
    // Assess
    expect(model.cells.get(cellKey(ct, ACCOUNTS.prod))).toMatchObject({ status: 'FAIL', partial: false });
    expect(model.cells.get(cellKey(ct, ACCOUNTS.stage))).toMatchObject({ status: 'ERROR', partial: true });
    expect(model.cells.get(cellKey(ct, ACCOUNTS.dev))).toMatchObject({ status: 'PASS', partial: false });
    expect(model.cells.get(cellKey(mfa, ACCOUNTS.dev))?.status).toBe('PASS');
    expect(model.cells.has(cellKey(mfa, ACCOUNTS.stage))).toBe(false);
    expect(model.accounts).toEqual([ACCOUNTS.prod, ACCOUNTS.stage, ACCOUNTS.dev]);
    expect(model.accountCounts.get(ACCOUNTS.prod)).toMatchObject({ FAIL: 3, PASS: 3 });
  });

  it('lists open findings worst severity first with their age and the rule remediation', () => {
    // Prepare
    const state = multiAccountState();
    // Act
    const model = buildPosture({ state, rules: metas, sources: [], now: NOW });
    // Assess
    expect(model.openTotal).toBe(4);
    expect(model.open.map((f) => [f.ruleId, f.severity, f.status])).toEqual([
      [mfa, 'critical', 'FAIL'],
      [ct, 'high', 'FAIL'],
      [ct, 'high', 'ERROR'],
      [ct, 'medium', 'FAIL'],
    ]);
    expect(model.open[1]?.ageHours).toBeCloseTo(240);
    expect(model.open[1]?.remediation).toBe(rules.find((r) => r.meta.id === ct)?.meta.remediation.text);
    expect(model.open[1]?.remediationUrl).toMatch(/^https:\/\//);
  });

  it('computes MTTR and p50/p90 time to resolve from resolved findings, and open age percentiles', () => {
    // Prepare: resolved after 2, 4, 6 and 48 hours; open for 240 h, 24 h and 12 h
    const state = multiAccountState();
    // Act
    const stats = buildPosture({ state, rules: metas, sources: [], now: NOW }).ruleStats.find(
      (r) => r.ruleId === ct,
    );
    // Assess
    expect(stats?.resolved).toEqual({ count: 4, mean: 15, p50: 4, p90: 48 });
    expect(stats?.openAge.count).toBe(3);
    expect(stats?.openAge.p50).toBeCloseTo(24);
    expect(stats?.openAge.p90).toBeCloseTo(240);
  });

  it('sums 90 days of posture per day, flags partial days and leaves days without data empty', () => {
    // Prepare
    const state = multiAccountState();
    // Act
    const days = buildPosture({ state, rules: metas, sources: [], now: NOW }).days;
    // Assess
    expect(days).toHaveLength(90);
    expect(days[89]).toMatchObject({
      day: '2026-11-20',
      runs: 5,
      partial: true,
      counts: { FAIL: 3, ERROR: 1, PASS: 13 },
    });
    expect(days[84]).toMatchObject({ day: '2026-11-15', runs: 1, partial: false, counts: { FAIL: 6 } });
    expect(days[85]).toMatchObject({ runs: 1, partial: true, counts: { FAIL: 1 } });
    expect(days[86]).toMatchObject({ runs: 0, partial: false });
  });

  it('lets a scan replace the state for the rule and account it covers, keeping first-seen from the state', () => {
    // Prepare: prod's cloudtrail scanned again: main still fails, audit fixed
    const state = multiAccountState();
    const id = `${ct}|${ACCOUNTS.prod}|us-east-1|main`;
    const scan = scanJson(ACCOUNTS.prod, [
      finding({
        id,
        status: 'FAIL',
        ruleId: ct,
        account: ACCOUNTS.prod,
        severity: 'high',
        remediation: {
          action: 'cloudtrail:StartLogging',
          description: 'Start logging on trail main',
          status: 'planned',
          dryRun: true,
        },
      }),
      finding({
        id: `${ct}|${ACCOUNTS.prod}|eu-west-1|audit`,
        status: 'PASS',
        ruleId: ct,
        account: ACCOUNTS.prod,
        drift: { state: 'RESOLVED', firstSeen: daysAgo(1), notify: true },
      }),
    ]);
    // Act
    const model = buildPosture({ state, scans: [scan], rules: metas, sources: [], now: NOW });
    // Assess
    const open = model.open.filter((f) => f.ruleId === ct && f.account === ACCOUNTS.prod);
    expect(open.map((f) => [f.id, f.firstSeen, f.remediation])).toEqual([
      [id, daysAgo(10), 'Start logging on trail main'],
    ]);
    expect(model.cells.get(cellKey(ct, ACCOUNTS.prod))?.counts).toMatchObject({ FAIL: 1, PASS: 1 });
    expect(model.ruleStats.find((r) => r.ruleId === ct)?.resolved.count).toBe(5);
  });

  it('shows a scan-only report with a partial run as partial', () => {
    // Prepare
    const scan = scanJson(
      ACCOUNTS.dev,
      [
        finding({ id: 'e', status: 'ERROR', ruleId: ct, account: ACCOUNTS.dev }),
        finding({ id: 'p', status: 'PASS', ruleId: ct, account: ACCOUNTS.dev }),
      ],
      true,
    );
    // Act
    const model = buildPosture({ scans: [scan], rules: metas, sources: [], now: NOW });
    // Assess
    expect(model.cells.get(cellKey(ct, ACCOUNTS.dev))).toMatchObject({ status: 'ERROR', partial: true });
    expect(model.days[89]).toMatchObject({ runs: 1, partial: true, counts: { ERROR: 1, PASS: 1 } });
  });

  it('lists at most maxFindings open findings but counts them all', () => {
    // Prepare
    const state = multiAccountState();
    // Act
    const model = buildPosture({ state, rules: metas, sources: [], now: NOW, maxFindings: 2 });
    // Assess
    expect(model.open).toHaveLength(2);
    expect(model.openTotal).toBe(4);
  });
});
