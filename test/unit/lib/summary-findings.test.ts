import { boundedFindings } from '../../../lib/publish/body';
import { driftOffReason, summarise } from '../../../lib/summary';
import { finding, runOf } from '../../helpers/runs';

const big = (id: string, status: 'FAIL' | 'PASS') =>
  finding({ id, status, message: `${id} ${'x'.repeat(1_000)}` });

describe('the run summary a function returns', () => {
  it('carries every finding, as the SNS body does, when they fit', () => {
    // Prepare
    const run = runOf([finding(), finding({ id: 'p', status: 'PASS' })]);

    // Act
    const summary = summarise(run, ['m-1'], {}, { kind: 'on' }, { runId: 'run-1' });

    // Assess
    expect(summary.findings).toEqual(run.findings);
    expect(summary.truncated).toBe(0);
    expect(summary.runId).toBe('run-1');
    expect(summary).not.toHaveProperty('truncatedNote');
  });

  it('keeps the failing findings first and counts what it left out when they do not fit', () => {
    // Prepare: 3 passing, then 3 failing findings of about 1.2 KB each, and a 4 KB budget
    const run = runOf([
      ...['p1', 'p2', 'p3'].map((id) => big(id, 'PASS')),
      ...['f1', 'f2', 'f3'].map((id) => big(id, 'FAIL')),
    ]);

    // Act
    const summary = summarise(run, [], {}, undefined, { findingsBudget: 4_000 });

    // Assess
    expect(summary.findings.map((f) => f.id)).toEqual(['f1', 'f2', 'f3']);
    expect(summary.truncated).toBe(3);
    expect(summary.truncatedNote).toContain('3 of 6 findings left out to keep this response under 4 KB');
    expect(Buffer.byteLength(JSON.stringify(summary.findings))).toBeLessThanOrEqual(4_000);
  });

  it('stops at the budget rather than skipping a failing finding for a smaller passing one', () => {
    const kept = boundedFindings(
      [big('f1', 'FAIL'), big('f2', 'FAIL'), finding({ id: 'p', status: 'PASS' })],
      1_500,
    );
    expect(kept.findings.map((f) => f.id)).toEqual(['f1']);
    expect(kept.truncated).toBe(2);
  });

  it('counts as alerted what the sent alert lists when drift is off, and says why drift is off', () => {
    // Prepare: the state table does not exist
    const tracking = {
      kind: 'unavailable',
      error: 'ResourceNotFoundException: Requested resource not found',
    } as const;
    const run = runOf([finding(), finding({ id: 'e', status: 'ERROR' })]);

    // Act
    const reason = driftOffReason(tracking, 'driftwatch-dev-state');
    const summary = summarise(run, ['m-1'], {}, tracking, { driftOff: reason });

    // Assess
    expect(reason).toBe('no state table: driftwatch-dev-state does not exist');
    expect(summary.drift).toMatchObject({ tracking: 'unavailable', alerted: 2, reason });
    expect(driftOffReason({ kind: 'off' }, undefined)).toBe(
      'no state table: DRIFTWATCH_STATE_TABLE is not set',
    );
    expect(driftOffReason({ kind: 'on' }, 't')).toBeUndefined();
  });
});
