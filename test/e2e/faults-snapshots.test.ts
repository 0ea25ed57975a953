import { createInbox } from '../helpers/alerts';
import type { FaultProxyOptions, ScheduledFault } from '../helpers/fault-proxy';
import { FAULTS, startFaultProxy } from '../helpers/fault-proxy';
import type { FaultRun } from '../helpers/fault-runs';
import { FAULT_TIMEOUT_MS, faultRun, listSnapshots, mismatches, seedAccount } from '../helpers/fault-runs';
import { useMoto } from '../helpers/moto';
import { createStateTable } from '../helpers/state';
import { ebsSnapshotLifecycle } from '../../rules/ebs-snapshot-lifecycle';

/**
 * Fault injection (issue 14): the real SDK, through a seeded, bounded loopback proxy in front of
 * moto_server, runs ebs-snapshot-lifecycle with remediation, the state table and alerts. Each account
 * has three volumes due their first snapshot and one with three managed snapshots to prune to one.
 * After each scenario: the snapshots listed match the findings exactly, no slot has two snapshots,
 * every NEW finding was alerted once, and every run ended before its deadline with a result.
 */
jest.setTimeout(30_000);
const totals = { runs: 0, requests: 0, faults: 0, mismatches: 0 };
const HANG_MS = FAULT_TIMEOUT_MS + 150;

/** Seeding and runs must fall in one hourly slot: wait out the last 20 s of an hour. */
async function awayFromTheHourEdge(): Promise<void> {
  const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
  if (toNextHour < 20_000) await new Promise((r) => setTimeout(r, toNextHour + 1_000));
}

const lose = (operation: string, nth: number[]): ScheduledFault => ({ operation, nth, fault: 'lose' });

describe('ebs-snapshot-lifecycle under injected faults (moto_server behind a fault proxy)', () => {
  const moto = useMoto();
  afterAll(() => {
    // The counts bench/RESULTS.md reports ("Fault injection").
    process.stdout.write(`fault injection totals: ${JSON.stringify(totals)}\n`);
  });

  /** Seeds an account, runs `runs` through one proxy, and returns the mismatches and what the proxy saw. */
  async function scenario(proxyOptions: Omit<FaultProxyOptions, 'target' | 'hangMs'>, runs = 1) {
    await awayFromTheHourEdge();
    await createStateTable(moto());
    const inbox = await createInbox(moto());
    await seedAccount(moto());
    const before = await listSnapshots(moto());
    const proxy = await startFaultProxy({ target: moto().endpoint, hangMs: HANG_MS, ...proxyOptions });
    const done: FaultRun[] = [];
    try {
      for (let i = 0; i < runs; i += 1) done.push(await faultRun(proxy.endpoint, inbox.topicArn));
    } finally {
      await proxy.stop();
    }
    const problems = await mismatches(before, await listSnapshots(moto()), done, inbox);
    totals.runs += done.length;
    totals.requests += proxy.log.length;
    totals.faults += proxy.faults();
    totals.mismatches += problems.length;
    return { problems, log: proxy.log, runs: done };
  }

  it.each([
    ['lost responses on CreateSnapshot', [lose('CreateSnapshot', [1, 2, 3])]],
    ['lost responses on DeleteSnapshot', [lose('DeleteSnapshot', [1, 2])]],
    ['lost responses on the state UpdateItem (slot and alert claims)', [lose('UpdateItem', [1, 4, 6, 8])]],
    ['a lost response on Publish (SNS delivers the part twice)', [lose('Publish', [1])]],
    [
      'throttling of every mutating call once',
      ['CreateSnapshot', 'DeleteSnapshot', 'UpdateItem', 'Publish'].map((operation) => ({
        operation,
        nth: [1, 2],
        fault: 'throttle' as const,
      })),
    ],
    [
      'hangs past the client timeout on CreateSnapshot and DescribeSnapshots',
      [
        { operation: 'CreateSnapshot', nth: [2], fault: 'hang' as const },
        { operation: 'DescribeSnapshots', nth: [1], fault: 'hang' as const },
      ],
    ],
    [
      '5xx after the change was made, on CreateSnapshot and DeleteSnapshot',
      [
        { operation: 'CreateSnapshot', nth: [1], fault: 'server-error' as const },
        { operation: 'DeleteSnapshot', nth: [1], fault: 'server-error' as const },
      ],
    ],
  ])('%s: snapshots match the findings, each slot once, each NEW alert once', async (_name, schedule) => {
    // Act
    const { problems, log, runs } = await scenario({ schedule });

    // Assess: every scheduled fault was injected, and nothing the findings say is contradicted
    for (const s of schedule)
      expect(log.filter((r) => r.operation === s.operation && r.fault === s.fault)).toHaveLength(
        s.nth.length,
      );
    expect(problems).toEqual([]);
    const done = runs[0]?.run.findings.filter((f) => f.remediation?.status === 'done') ?? [];
    expect(done.map((f) => f.remediation?.action).sort()).toEqual([
      'ec2:CreateSnapshot',
      'ec2:CreateSnapshot',
      'ec2:CreateSnapshot',
      'ec2:DeleteSnapshot',
      'ec2:DeleteSnapshot',
    ]);
  });

  it.each([1, 2, 3, 4])(
    'seed %i: random bounded faults of every kind on every operation; a second run finds nothing left to change',
    async (seed) => {
      // Act
      const { problems, log, runs } = await scenario(
        { random: { seed, rate: 0.3, faults: FAULTS, maxFaults: 25, maxConsecutive: 1 } },
        2,
      );

      // Assess
      expect(log.some((r) => r.fault !== undefined)).toBe(true);
      expect(problems).toEqual([]);
      const second = runs[1]?.run.findings.filter((f) => f.remediation && f.remediation.status !== 'skipped');
      expect(second?.map((f) => `${f.resource.id}: ${f.remediation?.status ?? ''}`)).toEqual([]);
    },
  );

  it('two overlapping remediating runs planning from the same listing create each due snapshot once', async () => {
    // Prepare: both runs finish evaluating (same listing) before either acts
    let arrived = 0;
    let release: () => void = () => undefined;
    const listed = new Promise<void>((resolve) => (release = resolve));
    const rule = {
      ...ebsSnapshotLifecycle,
      evaluate: async (context: Parameters<typeof ebsSnapshotLifecycle.evaluate>[0]) => {
        const drafts = await ebsSnapshotLifecycle.evaluate(context);
        if (++arrived === 2) release();
        await listed;
        return drafts;
      },
    };
    await awayFromTheHourEdge();
    await createStateTable(moto());
    const inbox = await createInbox(moto());
    const { due } = await seedAccount(moto());
    const before = await listSnapshots(moto());
    const proxy = await startFaultProxy({ target: moto().endpoint, hangMs: HANG_MS });

    // Act
    let runs: FaultRun[];
    try {
      runs = await Promise.all([
        faultRun(proxy.endpoint, inbox.topicArn, rule),
        faultRun(proxy.endpoint, inbox.topicArn, rule),
      ]);
    } finally {
      await proxy.stop();
    }

    // Assess: one run created each slot, the other was held off by the slot claim
    const after = await listSnapshots(moto());
    const problems = await mismatches(before, after, runs, inbox);
    totals.runs += 2;
    totals.requests += proxy.log.length;
    totals.mismatches += problems.length;
    expect(problems).toEqual([]);
    for (const volumeId of due) expect(after.filter((s) => s.volumeId === volumeId)).toHaveLength(1);
    const creations = runs.flatMap((r) =>
      r.run.findings.filter((f) => f.remediation?.action === 'ec2:CreateSnapshot'),
    );
    expect(creations.filter((f) => f.remediation?.status === 'done')).toHaveLength(3);
    expect(
      creations.filter((f) => f.remediation?.reason?.startsWith('another run holds the claim')),
    ).toHaveLength(3);
  });
});
