import { trackRun } from '../../lib/alerting';
import { ClientFactory, GLOBAL_SERVICE_REGION } from '../../lib/aws/clients';
import { ruleHandler } from '../../lib/handler';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStateStore } from '../../lib/state/dynamodb';
import type { StateStore } from '../../lib/state/types';
import { rootAccountMfa } from '../../rules/root-account-mfa';
import { alertEnv, createInbox } from '../helpers/alerts';
import { lambdaContext } from '../helpers/lambda';
import { useMoto } from '../helpers/moto';
import { finding, runOf } from '../helpers/runs';
import type { RaceStep } from '../helpers/state';
import {
  createStateTable,
  overlapping,
  scriptedRace,
  serialiseRequests,
  STATE_TABLE,
} from '../helpers/state';

// moto_server can take well over jest's default 5 s to start on a busy machine.
jest.setTimeout(120_000);

const T0 = Date.parse('2026-11-21T12:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

// The lib API against moto_server's DynamoDB with an injected clock: what a bundled function cannot
// take (a clock) or cannot force (two runs that both read before either writes).
describe('drift state in DynamoDB on moto_server, clock injected', () => {
  const moto = useMoto({ processEnv: true });
  let store: DynamoStateStore;
  const failing = runOf([finding()]);

  beforeEach(async () => {
    await createStateTable(moto());
    store = new DynamoStateStore(new ClientFactory(), STATE_TABLE, 'us-east-1');
  });
  const track = (now: Date, over: { store?: StateStore; run?: typeof failing } = {}) =>
    trackRun(over.run ?? failing, {
      store: over.store ?? store,
      now,
      reminderHours: 24,
      alerting: true,
    });
  const driftOf = async (now: Date) => (await track(now)).run.findings[0]?.drift;

  it('reminds about a finding still failing once the interval has passed since the last alert, then waits again', async () => {
    // Act / Assess: NEW at T0, quiet at +23h, a reminder at +24h, quiet at +47h, a reminder at +48h
    expect(await driftOf(at(0))).toMatchObject({ state: 'NEW', notify: true });
    expect(await driftOf(at(23))).toMatchObject({ state: 'STILL_FAILING', notify: false });
    expect(await driftOf(at(24))).toMatchObject({
      state: 'STILL_FAILING',
      reminder: true,
      notify: true,
      firstSeen: at(0).toISOString(),
      lastNotified: at(0).toISOString(),
    });
    expect(await driftOf(at(47))).toMatchObject({ state: 'STILL_FAILING', notify: false });
    expect(await driftOf(at(48))).toMatchObject({
      reminder: true,
      notify: true,
      lastNotified: at(24).toISOString(),
    });
  });

  it('resolves a finding whose resource is gone, then forgets it until it fails again', async () => {
    // Prepare
    await track(at(0));

    // Act
    const gone = await track(at(1), { run: runOf([]) });
    const again = await track(at(2));

    // Assess
    expect(gone.run.findings).toHaveLength(1);
    expect(gone.run.findings[0]).toMatchObject({
      status: 'PASS',
      details: { noLongerPresent: true },
      drift: { state: 'RESOLVED', notify: true },
    });
    expect(again.run.findings[0]?.drift).toMatchObject({
      state: 'NEW',
      notify: true,
      firstSeen: at(2).toISOString(),
    });
  });

  const claimedBy = (r: Awaited<ReturnType<typeof track>>) => {
    expect(r.tracking.kind).toBe('on');
    return r.run.findings
      .filter((f) => f.drift?.notify)
      .map((f) => f.id)
      .sort();
  };

  it('gives each finding of two overlapping runs that both read the state first to the run whose claim lands first (scripted order)', async () => {
    // Prepare: three failing findings; both runs load, then their writes land one at a time, in order
    const run = runOf([finding({ id: 'a' }), finding({ id: 'b' }), finding({ id: 'c' })]);
    const order: RaceStep[] = [
      ['x', 'a'],
      ['y', 'a'],
      ['y', 'b'],
      ['x', 'b'],
      ['x', 'c'],
      ['y', 'c'],
    ];
    const race = scriptedRace(store, order);

    // Act
    const [x, y] = await Promise.all([
      track(at(0), { store: race.x, run }),
      track(at(0), { store: race.y, run }),
    ]);

    // Assess: both classified NEW; the first write of each finding won its claim, the second lost it
    expect([...x.run.findings, ...y.run.findings].every((f) => f.drift?.state === 'NEW')).toBe(true);
    expect(claimedBy(x)).toEqual(['a', 'c']);
    expect(claimedBy(y)).toEqual(['b']);

    // Act: the same race on the reminders a day later, the other run landing first on a and c
    const reminders = scriptedRace(store, [
      ['y', 'a'],
      ['x', 'a'],
      ['x', 'b'],
      ['y', 'b'],
      ['y', 'c'],
      ['x', 'c'],
    ]);
    const [p, q] = await Promise.all([
      track(at(24), { store: reminders.x, run }),
      track(at(24), { store: reminders.y, run }),
    ]);

    // Assess: each reminder sent once, by the run whose claim landed first
    expect(p.run.findings.every((f) => f.drift?.state === 'STILL_FAILING')).toBe(true);
    expect(claimedBy(p)).toEqual(['b']);
    expect(claimedBy(q)).toEqual(['a', 'c']);
  });

  it('gives two concurrent overlapping runs one alert per finding between them (moto cannot do atomic conditional writes: its requests are serialised)', async () => {
    // Prepare: the store's client sends one request at a time; both runs load before either writes
    const clients = new ClientFactory();
    serialiseRequests(clients.get(DynamoDBClient, GLOBAL_SERVICE_REGION));
    const serial = new DynamoStateStore(clients, STATE_TABLE, GLOBAL_SERVICE_REGION);
    const ids = Array.from({ length: 20 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const run = runOf(ids.map((id) => finding({ id })));

    // Act: the two runs' writes (8 in flight each) interleave however they happen to
    const shared = overlapping(serial, 2);
    const [x, y] = await Promise.all([
      track(at(0), { store: shared, run }),
      track(at(0), { store: shared, run }),
    ]);

    // Assess: each finding claimed by exactly one run
    expect([...claimedBy(x), ...claimedBy(y)].sort()).toEqual(ids);

    // Act / Assess: the same race on a reminder is won once too
    const again = overlapping(serial, 2);
    const [p, q] = await Promise.all([
      track(at(24), { store: again, run }),
      track(at(24), { store: again, run }),
    ]);
    expect([...claimedBy(p), ...claimedBy(q)].sort()).toEqual(ids);
  });

  it('gives a claim back when publishing failed, so the next run alerts again', async () => {
    // Prepare
    const first = await track(at(0));

    // Act
    await first.release();
    const next = await track(at(1));

    // Assess: not alerted yet, so the next run alerts (as a reminder: it is still failing)
    expect(next.run.findings[0]?.drift).toMatchObject({
      state: 'STILL_FAILING',
      notify: true,
      reminder: true,
    });
  });
});

describe('suppression expiry through the rootAccountMfa handler on moto_server (SNS and DynamoDB)', () => {
  const moto = useMoto({ processEnv: true });
  let stdout: jest.SpyInstance;
  const context = lambdaContext();
  const suppressions = {
    version: 1,
    suppressions: [
      {
        rule: 'root-account-mfa',
        reason: 'Break-glass account; MFA device in the safe is being replaced',
        owner: 'secops',
        expires: '2026-11-21',
      },
    ],
  };

  beforeAll(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    stdout.mockRestore();
  });

  it('keeps the suppressed finding out of alerts on the day of expiry and alerts it NEW, with a note, the day after', async () => {
    // Prepare
    const inbox = await createInbox(moto());
    await createStateTable(moto());
    const env = alertEnv(moto(), inbox, { DRIFTWATCH_STATE_TABLE: STATE_TABLE });
    const handlerAt = (now: string) =>
      ruleHandler(rootAccountMfa, {
        env,
        suppressions,
        now: () => new Date(now),
        clients: new ClientFactory(),
      });

    // Act: the last hour of the expiry day
    const during = await handlerAt('2026-11-21T23:00:00Z')({}, context);

    // Assess: SUPPRESSED, nothing sent
    expect(during.result).toBe('0 FAIL, 0 ERROR, 0 PASS, 0 NOT_APPLICABLE');
    expect(during.drift).toMatchObject({ suppressed: 1, alerted: 0 });
    expect(during.published).toEqual([]);

    // Act: the day after
    const after = await handlerAt('2026-11-22T00:30:00Z')({}, context);

    // Assess: NEW, with the note, in the JSON and the email
    expect(after.drift).toMatchObject({ new: 1, suppressed: 0, alerted: 1 });
    const [alert] = await inbox.receive();
    expect(alert?.body.findings[0]).toMatchObject({
      status: 'FAIL',
      suppression: { entry: 'suppressions[0]', owner: 'secops', expires: '2026-11-21', expired: true },
      drift: { state: 'NEW', notify: true },
    });
    const [email] = await inbox.emails();
    expect(email?.email).toContain(
      'The suppression suppressions[0] (owner secops: Break-glass account; MFA device in the safe is being replaced) expired on 2026-11-21; this finding is reported again.',
    );
  });
});
