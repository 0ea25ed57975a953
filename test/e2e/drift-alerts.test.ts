import { CloudTrailClient, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import type { Finding } from '../../lib/findings';
import type { RunSummary } from '../../lib/summary';
import type { AlertInbox } from '../helpers/alerts';
import { alertEnv, createInbox } from '../helpers/alerts';
import { startFaultProxy } from '../helpers/fault-proxy';
import { invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import { stoppedMultiRegionTrail } from '../helpers/seed';
import { createStateTable, STATE_TABLE } from '../helpers/state';

// The bundled cloudtrailEnabled function over several runs against moto_server's CloudTrail, SNS
// (read back through SQS) and DynamoDB (the state table, conditional writes included). A bundle
// cannot take an injected clock, so reminders are covered in drift-state.test.ts through the lib API.
describe('drift alerts of a bundled function on moto_server', () => {
  const moto = useMoto();
  let inbox: AlertInbox;
  const TRAIL = 'org-audit';
  const payload = { regions: ['us-east-1'] };
  const cloudtrail = () => motoClient(moto(), CloudTrailClient);

  beforeEach(async () => {
    // Prepare: a multi-region trail that is not logging, the alerts inbox and the state table
    inbox = await createInbox(moto());
    await createStateTable(moto());
    await stoppedMultiRegionTrail(moto(), TRAIL, 'audit-logs');
  });

  const invoke = (stateTable = STATE_TABLE, endpoint?: string) =>
    invokeOk<RunSummary>(
      'cloudtrailEnabled',
      payload,
      alertEnv(moto(), inbox, {
        DRIFTWATCH_STATE_TABLE: stateTable,
        ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
      }),
    );
  const alerted = (findings: readonly Finding[]) =>
    findings.filter((f) => f.drift?.notify).map((f) => `${f.drift?.state} ${f.id}`);

  it('alerts NEW on the first run, sends nothing on an unchanged second run, and RESOLVED once the trail logs', async () => {
    // Act: first run
    const first = await invoke();

    // Assess: every failing finding is NEW, in one message that leads with what changed
    const failing = first.attention.length;
    expect(failing).toBeGreaterThan(0);
    expect(first.drift).toMatchObject({ tracking: 'on', new: failing, alerted: failing, resolved: 0 });
    expect(first.published).toHaveLength(1);
    const [alert] = await inbox.receive();
    const fails = alert?.body.findings.filter((f) => f.status === 'FAIL') ?? [];
    expect(fails).toHaveLength(failing);
    expect(fails.every((f) => f.drift?.state === 'NEW' && f.drift.notify)).toBe(true);
    // The subject leads with the problem: the stopped trail (the account check and us-east-1's) is one
    // cause, the missing KMS key another; the bracketed counts do not fit in 100 characters
    expect(alert?.subject).toBe(
      'No trail records read and write management events in us-east-1 (+1 more) - account 123456789012',
    );
    const [email] = await inbox.emails();
    expect(email?.email.split('\n')[1]).toBe(`What changed since the last run: ${failing} NEW.`);
    expect(email?.email).toContain(`NEW  FAIL  HIGH  account-wide and us-east-1  (one cause, 2 findings)`);

    // Act: second run, nothing changed
    const second = await invoke();

    // Assess: nothing sent, everything still failing
    expect(second.published).toEqual([]);
    expect(second.drift).toMatchObject({ new: 0, stillFailing: failing, alerted: 0, resolved: 0 });
    expect(await inbox.receive()).toEqual([]);

    // Act: fix the drift, third run
    await cloudtrail().send(new StartLoggingCommand({ Name: TRAIL }));
    const third = await invoke();

    // Assess: the findings the start fixed are RESOLVED, in one message; the one it does not fix
    // (moto's trail has no KMS key: a medium finding) stays STILL_FAILING and is not alerted again
    expect(third.result).toMatch(/^1 FAIL \(medium\), 0 ERROR/);
    expect(third.drift).toMatchObject({
      new: 0,
      resolved: failing - 1,
      stillFailing: 1,
      alerted: failing - 1,
    });
    expect(third.published).toHaveLength(1);
    const [resolved] = await inbox.receive();
    const body = resolved?.body.findings ?? [];
    const still = body.filter((f) => f.drift?.state === 'STILL_FAILING').map((f) => f.id);
    expect(alerted(body).sort()).toEqual(
      fails
        .filter((f) => !still.includes(f.id))
        .map((f) => `RESOLVED ${f.id}`)
        .sort(),
    );
    expect(resolved?.subject).toBe(
      `Resolved (${failing - 1}): CloudTrail is logging in every region - account 123456789012 [${failing - 1} RESOLVED, medium]`,
    );
    const emails = await inbox.emails();
    expect(emails[1]?.email).toContain('Also: 1 still failing, already reported');

    // Act / Assess: a fourth run sends nothing again
    expect((await invoke()).published).toEqual([]);
    expect(await inbox.receive()).toEqual([]);
  }, 120_000);

  it('two overlapping runs of the same rule alert about each finding once (moto requests serialised: its conditional writes are not atomic)', async () => {
    // Prepare: moto_server lets two concurrent conditional UpdateItems with the same condition both
    // succeed, so the two functions reach it through a loopback proxy that forwards one request at a
    // time (no faults), as DynamoDB's atomic conditional write would order them
    const serial = await startFaultProxy({ target: moto().endpoint, hangMs: 1_000 });
    let a: RunSummary;
    let b: RunSummary;
    try {
      // Act: two cold starts at the same time
      [a, b] = await Promise.all([
        invoke(STATE_TABLE, serial.endpoint),
        invoke(STATE_TABLE, serial.endpoint),
      ]);
    } finally {
      await serial.stop();
    }

    // Assess: the findings were claimed once between them, and every claimed finding reached the queue once
    const failing = Number(/^(\d+) FAIL/.exec(a.result)?.[1]);
    expect(failing).toBeGreaterThan(0);
    expect((a.drift?.alerted ?? 0) + (b.drift?.alerted ?? 0)).toBe(failing);
    const alerts = await inbox.receive();
    expect(alerts).toHaveLength(a.published.length + b.published.length);
    const ids = alerts.flatMap((m) => alerted(m.body.findings));
    expect(ids).toHaveLength(failing);
    expect(new Set(ids).size).toBe(failing);
  }, 120_000);

  it('falls back to alerting on every failing finding when the state table is missing, and says why', async () => {
    // Act
    const summary = await invoke('no-such-table');

    // Assess
    expect(summary.drift).toMatchObject({ tracking: 'unavailable' });
    expect(summary.drift?.error).toContain('ResourceNotFoundException');
    expect(summary.published).toHaveLength(1);
    const [alert] = await inbox.receive();
    expect(alert?.body.findings.filter((f) => f.status === 'FAIL').every((f) => f.drift === undefined)).toBe(
      true,
    );
  }, 60_000);
});
