import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackRun } from '../../../lib/alerting';
import type { Finding } from '../../../lib/findings';
import { shouldNotify } from '../../../lib/publish/sns';
import { FileStateStore } from '../../../lib/state/file';
import { finding, runOf } from '../../helpers/runs';

const START = Date.parse('2026-05-04T09:12:40Z');
const trail = (status: 'FAIL' | 'PASS') =>
  finding({
    id: 'cloudtrail-enabled|111122223333|us-east-1|us-east-1|region-logged',
    ruleId: 'cloudtrail-enabled',
    region: 'us-east-1',
    status,
    severity: 'high',
    resource: { type: 'AwsRegion', id: 'us-east-1' },
    message:
      status === 'FAIL' ? 'Trail org-audit-trail is not logging.' : 'Trail org-audit-trail is logging.',
  });

describe('coalescing a storm of API call events (holdBackResolved through trackRun)', () => {
  let dir: string;
  let store: FileStateStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-coalesce-'));
    store = new FileStateStore(join(dir, 'state.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** One event-driven run at `at` ms after START seeing the trail `status`; the findings it alerts. */
  async function runAt(at: number, status: 'FAIL' | 'PASS', coalesceMinutes = 15): Promise<Finding[]> {
    const { run } = await trackRun(runOf([trail(status)], { ruleId: 'cloudtrail-enabled' }), {
      store,
      now: new Date(START + at),
      alerting: true,
      coalesceMinutes,
    });
    return run.findings.filter((f) => f.drift?.notify);
  }

  it('alerts once, not 100 times, when a script stops and starts the trail 100 times within minutes', async () => {
    // Act: 100 runs 2 s apart, each seeing the trail stopped or (restarted meanwhile) logging
    const alerts: string[] = [];
    for (let i = 0; i < 100; i += 1)
      for (const f of await runAt(i * 2_000, i % 2 === 0 ? 'FAIL' : 'PASS'))
        alerts.push(`${i} ${f.drift?.state}`);

    // Assess: the first stop is alerted; the flapping after it is not
    expect(alerts).toEqual(['0 NEW']);
  });

  it('without coalescing the same storm would alert on every change (the behaviour it replaces)', async () => {
    // Act
    let count = 0;
    for (let i = 0; i < 100; i += 1)
      count += (await runAt(i * 2_000, i % 2 === 0 ? 'FAIL' : 'PASS', 0)).length;

    // Assess
    expect(count).toBe(100);
  });

  it('reports the held-back RESOLVED once the window has passed and the trail still logs', async () => {
    // Prepare: stopped (alerted), then logging again 1 minute later (held back)
    await runAt(0, 'FAIL');
    const held = await runAt(60_000, 'PASS');

    // Act: the next run after the 15-minute window (the next event, or the scheduled backstop)
    const later = await runAt(16 * 60_000, 'PASS');

    // Assess
    expect(held).toEqual([]);
    expect(later.map((f) => f.drift?.state)).toEqual(['RESOLVED']);
    expect(await runAt(17 * 60_000, 'PASS')).toEqual([]);
  });

  it('never holds back a failure: broken again after an alerted RESOLVED is alerted at once', async () => {
    // Prepare: stopped, then resolved after the window (alerted)
    await runAt(0, 'FAIL');
    expect((await runAt(20 * 60_000, 'PASS')).map((f) => f.drift?.state)).toEqual(['RESOLVED']);

    // Act: stopped again a minute after that RESOLVED alert
    const again = await runAt(21 * 60_000, 'FAIL');

    // Assess
    expect(again.map((f) => f.drift?.state)).toEqual(['NEW']);
  });

  it('says on the held-back finding why it was not alerted', async () => {
    // Prepare
    await runAt(0, 'FAIL');

    // Act
    const { run } = await trackRun(runOf([trail('PASS')], { ruleId: 'cloudtrail-enabled' }), {
      store,
      now: new Date(START + 30_000),
      alerting: true,
      coalesceMinutes: 15,
    });

    // Assess
    expect(run.findings[0]?.drift).toMatchObject({
      state: 'RESOLVED',
      notify: false,
      note: 'Held back: last alerted less than 15 minutes ago; reported RESOLVED by the first run after that if it still passes.',
    });
  });

  it('with remediation on, restarting the trail after each of 100 stops alerts once; a repeat fix after the window alerts again', async () => {
    // Prepare: every run finds the trail stopped and starts it (the script stops it again)
    const fixed = (at: number) =>
      trackRun(
        runOf(
          [
            {
              ...trail('FAIL'),
              remediation: {
                action: 'cloudtrail:StartLogging',
                description: 'Start logging',
                status: 'done',
                dryRun: false,
              },
            },
          ],
          { ruleId: 'cloudtrail-enabled' },
        ),
        { store, now: new Date(START + at), alerting: true, coalesceMinutes: 15 },
      );

    // Act
    const sent: number[] = [];
    for (let i = 0; i < 100; i += 1)
      if (shouldNotify((await fixed(i * 2_000)).run, 'on-change')) sent.push(i);
    const afterWindow = (await fixed(20 * 60_000)).run;

    // Assess
    expect(sent).toEqual([0]);
    expect(shouldNotify(afterWindow, 'on-change')).toBe(true);
    expect(afterWindow.findings[0]?.drift?.notify).toBe(true);
    expect(shouldNotify((await fixed(21 * 60_000)).run, 'on-change')).toBe(false);
  });
});
