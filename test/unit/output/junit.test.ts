import { renderJunit } from '../../../lib/output/junit';
import { junitErrors } from './ci-formats';
import { finding, sampleReport } from './fixtures';
import { buildReport } from '../../../lib/output/report';

describe('renderJunit', () => {
  it('writes one test case per finding, valid against the JUnit XSD, with failures for FAIL and errors for ERROR', async () => {
    // Prepare
    const report = sampleReport();
    // Act
    const xml = renderJunit(report);
    // Assess
    expect(await junitErrors(xml)).toEqual([]);
    expect(xml.match(/<testcase /g)).toHaveLength(report.findings.length);
    expect(xml.match(/<failure /g)).toHaveLength(report.counts.FAIL);
    expect(xml.match(/<error /g)).toHaveLength(report.counts.ERROR);
    expect(xml.match(/<skipped /g)).toHaveLength(report.counts.NOT_APPLICABLE + report.counts.SUPPRESSED);
    expect(xml).toContain('<testsuite package="driftwatch" id="0" name="root-account-mfa"');
  });

  it('stays valid XML when a tag value holds markup, quotes and control characters', async () => {
    // Prepare
    const hostile = 'vol-1 <script>"x"</script> & \u0001\u001b[31m';
    const f = finding({
      id: `ebs|1|r|${hostile}`,
      status: 'FAIL',
      message: `Volume ${hostile} is bad.`,
      resource: { type: 'AwsEc2Volume', id: hostile },
    });
    const base = sampleReport();
    const report = buildReport(base.source, new Date(base.evaluatedAt), base.rules, [
      { ...base.runs[0]!, findings: [f] },
    ]);
    // Act
    const xml = renderJunit(report);
    // Assess
    expect(await junitErrors(xml)).toEqual([]);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('\\u0001\\u001b[31m');
  });
});

describe('the JUnit schema check', () => {
  it('rejects a test suite without its required counts (so the validation is real)', async () => {
    // Prepare
    const xml = renderJunit(sampleReport()).replace(/ failures="\d+"/, '');
    // Act
    const errors = await junitErrors(xml);
    // Assess
    expect(errors.join('\n')).toMatch(/failures/);
  });
});
