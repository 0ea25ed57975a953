import type { Finding } from '../../../lib/findings';
import { renderOcsfJsonl, toOcsf, toOcsfFindings } from '../../../lib/output/ocsf';
import { buildReport } from '../../../lib/output/report';
import { finding, OBSERVED, sampleReport } from './fixtures';

const drift = (state: 'NEW' | 'STILL_FAILING' | 'RESOLVED') => ({
  state,
  firstSeen: '2026-11-01T09:00:00.000Z',
  notify: false,
});

describe('OCSF activity and status from drift and suppressions', () => {
  it.each([
    ['NEW', 1, 'Create', 1, 'New'],
    ['STILL_FAILING', 2, 'Update', 1, 'New'],
    ['RESOLVED', 3, 'Close', 4, 'Resolved'],
  ] as const)(
    'maps a %s finding to activity %i (%s) and finding status %i (%s)',
    (state, activityId, activityName, statusId, statusName) => {
      // Prepare
      const f = finding({ id: 'root', status: state === 'RESOLVED' ? 'PASS' : 'FAIL', drift: drift(state) });

      // Act
      const event = toOcsf(f, undefined);

      // Assess
      expect(event).toMatchObject({
        activity_id: activityId,
        activity_name: activityName,
        type_uid: 2003 * 100 + activityId,
        type_name: `Compliance Finding: ${activityName}`,
        status_id: statusId,
        status: statusName,
      });
      expect(event.unmapped?.driftwatch_drift).toEqual(drift(state));
    },
  );

  it('creates (activity 1) a finding scanned without drift tracking', () => {
    const event = toOcsf(finding({ id: 'root', status: 'FAIL' }), undefined);
    expect(event).toMatchObject({ activity_id: 1, activity_name: 'Create', status_id: 1, status: 'New' });
    expect(event.unmapped).toBeUndefined();
  });

  it('keeps a suppressed finding a compliance Fail, with the suppression as its status and in unmapped', () => {
    // Prepare
    const suppression = {
      entry: 'suppressions[2]',
      reason: 'break-glass account, MFA in the safe',
      owner: 'alice',
      expires: '2026-12-31',
      expired: false,
    };
    const f: Finding = finding({
      id: 'root',
      status: 'SUPPRESSED',
      suppression,
      drift: drift('STILL_FAILING'),
    });

    // Act
    const event = toOcsf(f, undefined);

    // Assess
    expect(event.compliance).toMatchObject({ status_id: 3, status: 'Fail', status_code: 'FAIL' });
    expect(event).toMatchObject({
      activity_id: 2,
      status_id: 3,
      status: 'Suppressed',
      status_detail:
        'Suppressed by suppressions[2] (owner alice, until 2026-12-31): break-glass account, MFA in the safe',
    });
    expect(event.unmapped?.driftwatch_suppression).toEqual(suppression);
  });

  it('writes ocsf-jsonl as one parseable finding per line, the same events as the array', () => {
    // Prepare
    const report = sampleReport();

    // Act
    const text = renderOcsfJsonl(report);

    // Assess
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(report.findings.length);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(toOcsfFindings(report));
  });

  it('writes nothing for a scan without findings', () => {
    const empty = buildReport({ kind: 'live' }, new Date(OBSERVED), [], []);
    expect(renderOcsfJsonl(empty)).toBe('');
  });
});
