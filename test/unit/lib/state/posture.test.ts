import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackRun } from '../../../../lib/alerting';
import type { RunResult } from '../../../../lib/engine';
import { countByStatus } from '../../../../lib/findings';
import { FileStateStore } from '../../../../lib/state/file';
import { keepsPosture } from '../../../../lib/state/types';
import { finding } from '../../output/fixtures';
import { posture } from '../../report/fixtures';
import { match } from '../../../helpers/matchers';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'dw-posture-')), 'state.json');

describe('FileStateStore daily posture', () => {
  it('loads a state file written before posture existed, and exports its runs', async () => {
    // Prepare
    const file = tempFile();
    const old = {
      schema: 'driftwatch.state/1',
      runs: { 'r|111111111111': { a: { id: 'a', status: 'FAIL' } } },
    };
    writeFileSync(file, JSON.stringify(old));
    // Act
    const exported = await new FileStateStore(file).exportAll();
    // Assess
    expect(exported.posture).toEqual([]);
    expect(exported.runs).toEqual([
      { ruleId: 'r', account: '111111111111', states: [{ id: 'a', status: 'FAIL' }] },
    ]);
  });

  it('keeps one record per rule run and day (the later run replaces it) and forgets days older than 100', async () => {
    // Prepare
    const file = tempFile();
    const store = new FileStateStore(file);
    // Act
    await store.recordPosture(posture('r', '1', 120, { FAIL: 9 }));
    await store.recordPosture(posture('r', '1', 0, { FAIL: 2 }));
    await store.recordPosture({
      ...posture('r', '1', 0, { FAIL: 1 }, true),
      recordedAt: new Date().toISOString(),
    });
    // Assess
    const back = await new FileStateStore(file).exportAll();
    expect(back.posture).toHaveLength(1);
    expect(back.posture[0]).toMatchObject({ counts: { FAIL: 1 }, partial: true });
    expect((JSON.parse(readFileSync(file, 'utf8')) as { runs: unknown }).runs).toEqual({});
  });
});

describe('trackRun records the day posture', () => {
  it('writes the run counts and partial flag to a store that keeps posture', async () => {
    // Prepare
    const store = new FileStateStore(tempFile());
    const findings = [
      finding({ id: 'a', status: 'FAIL' }),
      finding({ id: 'b', status: 'ERROR', checkId: 'scan-error' }),
    ];
    const now = new Date('2026-11-20T08:00:00.000Z');
    const run = {
      ruleId: 'root-account-mfa',
      title: 't',
      account: '123456789012',
      regions: ['global'],
      findings,
      counts: countByStatus(findings),
      worstSeverity: 'critical',
      partial: true,
      dryRun: false,
      remediate: false,
      changes: { done: 0, failed: 0, skipped: 0, planned: 0 },
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
    } as unknown as RunResult;
    // Act
    await trackRun(run, { store, now, alerting: false });
    // Assess
    expect(keepsPosture(store)).toBe(true);
    const { posture: days } = await store.exportAll();
    expect(days).toEqual([
      {
        ruleId: 'root-account-mfa',
        account: '123456789012',
        day: '2026-11-20',
        counts: match.objectContaining({ FAIL: 1, ERROR: 1 }),
        partial: true,
        recordedAt: now.toISOString(),
      },
    ]);
  });
});
