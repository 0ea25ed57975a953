import { classifyDrift } from '../../../lib/drift';
import type { DriftOptions } from '../../../lib/drift';
import type { Finding } from '../../../lib/findings';
import type { FindingState } from '../../../lib/state/types';
import { finding } from '../../helpers/runs';
import { match } from '../../helpers/matchers';

const NOW = new Date('2026-11-21T12:00:00Z');
const options: DriftOptions = {
  now: NOW,
  reminderHours: 24,
  resolvedRetentionDays: 30,
  regions: ['us-east-1', 'eu-west-1'],
  token: 'run-2',
  title: 'The root user has MFA enabled',
};
const failing = finding();
const state = (over: Partial<FindingState> = {}): FindingState => ({
  id: failing.id,
  status: 'FAIL',
  firstSeen: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-21T11:00:00.000Z',
  lastNotified: '2026-11-21T00:00:00.000Z',
  notifyToken: 'run-1',
  severity: 'critical',
  region: 'global',
  resourceType: 'AwsAccount',
  resourceId: '111122223333',
  message: failing.message,
  ...over,
});
const regional = (region: string, over: Partial<Finding> = {}) =>
  finding({
    id: `r|111122223333|${region}|vol-1`,
    region,
    resource: { type: 'AwsEc2Volume', id: 'vol-1' },
    ...over,
  });

describe('classifyDrift', () => {
  it('marks a failure never seen before NEW and claims its alert', () => {
    const plan = classifyDrift([failing], [], options);
    expect(plan.findings[0]?.drift).toEqual({ state: 'NEW', firstSeen: NOW.toISOString(), notify: false });
    expect(plan.writes).toEqual([
      {
        values: match.objectContaining({ id: failing.id, status: 'FAIL', firstSeen: NOW.toISOString() }),
        claim: { token: 'run-2', at: NOW.toISOString() },
      },
    ]);
  });

  it('marks a failure seen last time STILL_FAILING, keeps its first-seen time and claims nothing', () => {
    const plan = classifyDrift([failing], [state()], options);
    expect(plan.findings[0]?.drift).toEqual({
      state: 'STILL_FAILING',
      firstSeen: '2026-11-01T00:00:00.000Z',
      lastNotified: '2026-11-21T00:00:00.000Z',
      notify: false,
    });
    expect(plan.writes[0]?.claim).toBeUndefined();
    expect(plan.writes[0]?.values.lastSeen).toBe(NOW.toISOString());
  });

  it('reminds about a STILL_FAILING finding once the interval has passed since its last alert, claiming against the last token', () => {
    const plan = classifyDrift([failing], [state({ lastNotified: '2026-11-20T12:00:00.000Z' })], options);
    expect(plan.findings[0]?.drift).toMatchObject({ state: 'STILL_FAILING', reminder: true });
    expect(plan.writes[0]?.claim).toEqual({
      token: 'run-2',
      at: NOW.toISOString(),
      previousToken: 'run-1',
      previousAt: '2026-11-20T12:00:00.000Z',
    });
  });

  it('does not remind a minute before the interval, nor ever with reminderHours 0', () => {
    const early = classifyDrift([failing], [state({ lastNotified: '2026-11-20T12:01:00.000Z' })], options);
    expect(early.findings[0]?.drift?.reminder).toBeUndefined();
    const never = classifyDrift([failing], [state({ lastNotified: '2020-01-01T00:00:00.000Z' })], {
      ...options,
      reminderHours: 0,
    });
    expect(never.findings[0]?.drift?.reminder).toBeUndefined();
  });

  it('never reminds about an informational finding still failing (it was reported when it appeared)', () => {
    const orphan = finding({ severity: 'informational' });
    const plan = classifyDrift([orphan], [state({ lastNotified: '2026-11-01T00:00:00.000Z' })], options);
    expect(plan.findings[0]?.drift).toMatchObject({ state: 'STILL_FAILING' });
    expect(plan.findings[0]?.drift?.reminder).toBeUndefined();
    expect(plan.writes[0]?.claim).toBeUndefined();
  });

  it('marks a failure that passes now RESOLVED, claims its alert and sets the TTL', () => {
    const plan = classifyDrift([finding({ status: 'PASS' })], [state()], options);
    expect(plan.findings[0]?.drift).toMatchObject({
      state: 'RESOLVED',
      firstSeen: '2026-11-01T00:00:00.000Z',
    });
    expect(plan.writes[0]?.values).toMatchObject({
      status: 'PASS',
      expiresAt: NOW.getTime() / 1000 + 30 * 86_400,
    });
    expect(plan.writes[0]?.claim?.previousToken).toBe('run-1');
  });

  it('reports a failing resource that is gone as RESOLVED "no longer present"', () => {
    const plan = classifyDrift([], [state()], options);
    expect(plan.findings).toHaveLength(1);
    expect(plan.findings[0]).toMatchObject({
      id: failing.id,
      status: 'PASS',
      title: options.title,
      message: `No longer present: 111122223333 is not reported any more (it was: ${failing.message})`,
      details: { noLongerPresent: true, lastStatus: 'FAIL' },
      drift: { state: 'RESOLVED' },
    });
    expect(plan.writes[0]?.claim).toBeDefined();
  });

  it('does not resolve a vanished finding in a region that could not be scanned, or was not scanned', () => {
    const previous = [
      state({ id: 'r|111122223333|eu-west-1|vol-1', region: 'eu-west-1' }),
      state({ id: 'r|111122223333|ap-south-1|vol-1', region: 'ap-south-1' }),
      state({ id: 'r|111122223333|global|acct', region: 'global' }),
    ];
    const scanError = regional('eu-west-1', {
      id: 'r|111122223333|eu-west-1|eu-west-1|scan-error',
      status: 'ERROR',
      checkId: 'scan-error',
    });
    const plan = classifyDrift([scanError], previous, options);
    expect(plan.findings.map((f) => f.id)).toEqual([scanError.id]);
    expect(plan.writes.map((w) => w.values.id)).toEqual([scanError.id]);
  });

  it('keeps a suppressed finding out of drift, and calls it NEW with a note when the suppression expired', () => {
    const suppressed = classifyDrift([finding({ status: 'SUPPRESSED' })], [], options);
    expect(suppressed.findings[0]?.drift).toBeUndefined();
    expect(suppressed.writes[0]).toEqual({ values: match.objectContaining({ status: 'SUPPRESSED' }) });

    const back = classifyDrift(
      [
        finding({
          suppression: {
            entry: 'suppressions[0]',
            reason: 'Break-glass',
            owner: 'secops',
            expires: '2026-11-20',
            expired: true,
          },
        }),
      ],
      [state({ status: 'SUPPRESSED' })],
      options,
    );
    expect(back.findings[0]?.drift).toMatchObject({
      state: 'NEW',
      firstSeen: '2026-11-01T00:00:00.000Z',
      note: 'The suppression suppressions[0] (owner secops: Break-glass) expired on 2026-11-20; this finding is reported again.',
    });
    expect(back.writes[0]?.claim).toBeDefined();
  });

  it('claims nothing when the run sends no alerts (no token)', () => {
    const plan = classifyDrift([failing, finding({ id: 'x', status: 'PASS' })], [state({ id: 'x' })], {
      ...options,
      token: undefined,
    });
    expect(plan.writes.every((w) => w.claim === undefined)).toBe(true);
    expect(plan.writes).toHaveLength(2);
  });

  it('neither writes nor classifies a PASS finding with no history', () => {
    const plan = classifyDrift([finding({ status: 'PASS' })], [], options);
    expect(plan.findings[0]?.drift).toBeUndefined();
    expect(plan.writes).toEqual([]);
  });
});
