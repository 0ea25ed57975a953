import type { Log } from 'sarif';
import { renderSarif } from '../../../lib/output/sarif';
import { sarifErrors } from './ci-formats';
import { sampleReport } from './fixtures';

describe('renderSarif', () => {
  it('is valid against the SARIF 2.1.0 schema, with one result per FAIL and ERROR finding and the finding id as fingerprint', () => {
    // Prepare
    const report = sampleReport();
    // Act
    const log = JSON.parse(renderSarif(report)) as Log;
    // Assess
    expect(sarifErrors(log)).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    expect(
      results.map((r) => [r.ruleId, r.level, r.partialFingerprints?.['driftwatchFindingId/v1']]),
    ).toEqual([
      ['root-account-mfa', 'error', 'root'],
      ['cloudtrail-enabled', 'error', 'trail'],
      ['cloudtrail-enabled', 'warning', 'err'],
    ]);
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(results.every((r) => rules[r.ruleIndex ?? -1]?.id === r.ruleId)).toBe(true);
    expect(results[1]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(
      'arn:aws:cloudtrail:us-east-1:123456789012:trail/main',
    );
  });

  it('the schema check rejects a log missing its version (so the validation is real)', () => {
    // Prepare
    const log = JSON.parse(renderSarif(sampleReport())) as Record<string, unknown>;
    delete log.version;
    // Act
    const errors = sarifErrors(log);
    // Assess
    expect(errors.join('\n')).toMatch(/version/);
  });
});
