import { LOGGING_GAP_NOTE, withTrigger } from '../../../lib/events/annotate';
import { triggerContext } from '../../../lib/events/call-text';
import { parseApiCall } from '../../../lib/events/cloudtrail-event';
import { finding, runOf } from '../../helpers/runs';
import { envelope, stopLoggingBy } from './fixtures';

const trigger = triggerContext(parseApiCall(envelope(stopLoggingBy())));
const drift = (state: 'NEW' | 'STILL_FAILING') => ({
  state,
  firstSeen: '2026-05-04T09:12:41Z',
  notify: true,
});

describe('withTrigger', () => {
  it("appends the caller, source IP and time to each NEW failure's message, with the gap the stopped trail leaves", () => {
    // Prepare
    const broken = finding({
      id: 'a',
      message: 'No trail records management events in us-east-1.',
      drift: drift('NEW'),
    });

    // Act
    const [annotated] = withTrigger(runOf([broken]), trigger).findings;

    // Assess
    expect(annotated?.message).toBe(
      `No trail records management events in us-east-1. Trail org-audit-trail was stopped by arn:aws:iam::123456789012:user/alice from 203.0.113.7 at 2026-05-04T09:12:40Z. ${LOGGING_GAP_NOTE}`,
    );
    expect(annotated?.details).toMatchObject({
      trigger: {
        principal: 'arn:aws:iam::123456789012:user/alice',
        sourceIp: '203.0.113.7',
        eventName: 'StopLogging',
      },
    });
    expect(annotated?.id).toBe('a');
  });

  it('leaves passing findings and failures that were already failing as they were', () => {
    // Prepare
    const old = finding({ id: 'b', message: 'Trail x has no KMS key.', drift: drift('STILL_FAILING') });
    const ok = finding({ id: 'c', status: 'PASS', message: 'Fine.' });

    // Act
    const out = withTrigger(runOf([old, ok]), trigger).findings;

    // Assess
    expect(out.map((f) => f.message)).toEqual(['Trail x has no KMS key.', 'Fine.']);
  });

  it('changes nothing for a scheduled or ad hoc run (no trigger)', () => {
    // Prepare
    const run = runOf([finding()]);

    // Act / Assess
    expect(withTrigger(run, undefined)).toBe(run);
  });
});
