import {
  CloudTrailClient,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import type { AlertInbox } from '../helpers/alerts';
import { alertEnv, createInbox } from '../helpers/alerts';
import { invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import { stoppedMultiRegionTrail } from '../helpers/seed';
import { createStateTable, STATE_TABLE } from '../helpers/state';
import type { RunSummary } from '../../lib/summary';
import { envelope, stopLoggingBy } from '../unit/events/fixtures';

const TRAIL = 'org-audit-trail';
const ALICE = 'arn:aws:iam::123456789012:user/alice';
const CALLER = `Trail ${TRAIL} was stopped by ${ALICE} from 203.0.113.7 at 2026-05-04T09:12:40Z.`;

// The EventBridge events are hand-written from the documented CloudTrail record (see
// test/unit/events/fixtures.ts): moto_server has no EventBridge-to-Lambda delivery of CloudTrail
// events, so the test hands the bundled function the event EventBridge would deliver.
describe('tamper sentinel: cloudtrailEnabled function handed an API call event, on moto_server', () => {
  const moto = useMoto();
  let inbox: AlertInbox;

  beforeEach(async () => {
    // Prepare: a logging multi-region trail, then alice stops it
    inbox = await createInbox(moto());
    await stoppedMultiRegionTrail(moto(), TRAIL, 'audit-logs');
    await trails().send(new StartLoggingCommand({ Name: TRAIL }));
    await trails().send(new StopLoggingCommand({ Name: TRAIL }));
  }, 30_000);

  const trails = () => motoClient(moto(), CloudTrailClient);
  const logging = async () => (await trails().send(new GetTrailStatusCommand({ Name: TRAIL }))).IsLogging;
  const invoke = (event: unknown, extra: Record<string, string> = {}) =>
    invokeOk<RunSummary>('cloudtrailEnabled', event, alertEnv(moto(), inbox, extra));

  it('alerts within the invocation naming the caller, source IP and time, and with remediation on the trail logs again', async () => {
    // Act
    const summary = await invoke(envelope(stopLoggingBy(ALICE)), { DRIFTWATCH_REMEDIATE: 'true' });
    const alerts = await inbox.receive();

    // Assess: just the call's region (and the account-wide checks), fixed at once
    expect(summary.regions).toEqual(['us-east-1']);
    expect(summary.changes).toMatchObject({ done: 1, failed: 0 });
    expect(await logging()).toBe(true);
    expect(alerts).toHaveLength(1);
    const region = alerts[0]?.body.findings.find(
      (f) => f.region === 'us-east-1' && f.checkId === 'region-logged',
    );
    expect(region).toMatchObject({
      status: 'FAIL',
      remediation: { action: 'cloudtrail:StartLogging', status: 'done' },
      details: { trigger: { principal: ALICE, sourceIp: '203.0.113.7', time: '2026-05-04T09:12:40Z' } },
    });
    expect(region?.message).toContain(CALLER);
    expect((await inbox.emails())[0]?.email).toContain(ALICE);
  });

  it('does nothing for an API call that cannot break the rule: no scan, no alert, an "ignored" summary', async () => {
    // Prepare: hand-written RunInstances call (an unrelated API)
    const unrelated = envelope(
      stopLoggingBy(ALICE, {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: {},
      }),
    );

    // Act
    const summary = await invoke(unrelated, { DRIFTWATCH_REMEDIATE: 'true' });

    // Assess
    expect(summary.result).toBe(
      'ignored: RunInstances (aws.ec2) is not an API call that can break cloudtrail-enabled (it reacts to StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutAdvancedEventSelectors).',
    );
    expect(summary.apiCalls).toEqual({});
    expect(await inbox.receive()).toEqual([]);
    expect(await logging()).toBe(false);
  });

  it('with the state table, a second stop minutes later is not alerted again (drift coalesces the storm)', async () => {
    // Prepare
    await createStateTable(moto());
    const env = { DRIFTWATCH_REMEDIATE: 'true', DRIFTWATCH_STATE_TABLE: STATE_TABLE };
    const first = await invoke(envelope(stopLoggingBy(ALICE)), env);
    expect((await inbox.receive()).length).toBe(1);

    // Act: the trail, restarted by the first run, is stopped again
    await trails().send(new StopLoggingCommand({ Name: TRAIL }));
    const second = await invoke(envelope(stopLoggingBy(ALICE, { eventTime: '2026-05-04T09:14:02Z' })), env);

    // Assess: fixed again, alerted once in all
    expect(first.changes.done).toBe(1);
    expect(second.changes.done).toBe(1);
    expect(await logging()).toBe(true);
    expect(await inbox.receive()).toEqual([]);
  });
});
