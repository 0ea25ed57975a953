import { renderTable, wrap } from '../../../lib/output/table';
import { sampleReport } from './fixtures';

describe('table output', () => {
  it('shows failures and errors, worst first, with the planned fix under its finding and a summary', () => {
    // Act
    const text = renderTable(sampleReport());

    // Assess
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'driftwatch: account 123456789012 (snapshot demo.json, captured 2026-11-20T09:00:00.000Z and evaluated as of that time)',
    );
    expect(lines[2]).toMatch(/^STATUS\s+SEVERITY\s+RULE\s+REGION\s+RESOURCE\s+FINDING$/);
    expect(lines[3]).toMatch(/^FAIL\s+critical\s+root-account-mfa\s+global\s+123456789012\s+The root user/);
    expect(lines[4]).toMatch(
      /^FAIL\s+high\s+cloudtrail-enabled\s+us-east-1\s+main\s+Trail main is not logging/,
    );
    expect(lines[5]).toMatch(
      /^\s+-> Would: Start logging on trail main \(offline scan: nothing can be changed\)$/,
    );
    expect(lines[6]).toMatch(/^ERROR\s+high\s+cloudtrail-enabled\s+eu-west-1/);
    expect(text).not.toContain('Volume vol-1');
    expect(text).toContain(
      '3 rules, 2 regions: 2 FAIL (worst: critical), 1 ERROR, 1 PASS, 1 NOT_APPLICABLE.',
    );
    expect(text).toContain('2 passing or not-applicable findings not shown (--all shows them).');
    expect(text).toContain('1 action planned, none carried out.');
  });

  it('shows passing and not-applicable rows with all', () => {
    const text = renderTable(sampleReport(), { all: true });
    expect(text).toMatch(
      /PASS\s+medium\s+ebs-snapshot-lifecycle\s+eu-west-1\s+123456789012\s+Volume vol-1 has a snapshot\./,
    );
    expect(text).toMatch(/NOT_APPLICABLE\s+informational/);
    expect(text).not.toContain('not shown');
  });

  it('uses no escape codes without colour, and colours the status with it', () => {
    expect(renderTable(sampleReport())).not.toContain('\u001b[');
    const coloured = renderTable(sampleReport(), { colour: true });
    expect(coloured).toContain('\u001b[31mFAIL\u001b[0m');
    expect(coloured).toContain('\u001b[35mERROR\u001b[0m');
  });

  it('keeps each finding on one line when piped, and wraps long messages to the terminal width', () => {
    const piped = renderTable(sampleReport());
    expect(piped.split('\n').find((l) => l.includes('Trail main'))).toContain('three days ago.');

    const narrow = renderTable(sampleReport(), { width: 100 });
    for (const line of narrow.split('\n').slice(2, -4)) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('says when there is nothing failing', () => {
    const report = sampleReport();
    const passing = { ...report, findings: report.findings.filter((f) => f.status === 'PASS') };
    expect(renderTable(passing)).toContain('Nothing failing.');
  });

  it('names a live scan and its time in the header', () => {
    expect(renderTable(sampleReport({ kind: 'live' }))).toMatch(
      /^driftwatch: account 123456789012 \(live, at 2026-11-20T09:00:00.000Z\)/,
    );
  });

  it('wraps on word boundaries', () => {
    expect(wrap('aaa bbb ccc ddd', 7)).toEqual(['aaa bbb', 'ccc ddd']);
    expect(wrap('short', 7)).toEqual(['short']);
  });
});
