import { scanRules } from '../../../cli/evaluate';
import { ttyProgress } from '../../../cli/progress';
import { loadSnapshot, snapshotInventory } from '../../../lib/inventory/snapshot-file';
import { rules } from '../../../rules';
import { DEMO } from './io';

describe('scan progress on a terminal', () => {
  it('counts every rule × region and account-wide step before the first, so the total never grows', async () => {
    // Prepare: a terminal that records every frame drawn
    const frames: string[] = [];
    const stream = { isTTY: true, columns: 200, write: (text: string) => frames.push(text) };
    const snapshot = loadSnapshot(DEMO);
    const capturedAt = new Date(snapshot.capturedAt);
    const selected = rules.filter((r) =>
      ['root-account-mfa', 'config-recorder-enabled', 'cloudtrail-enabled', 'ec2-network'].includes(
        r.meta.id,
      ),
    );

    // Act
    const scans = await scanRules({
      rules: selected,
      inventory: snapshotInventory(snapshot),
      payload: { regions: 'all' },
      now: () => capturedAt,
      progress: ttyProgress(stream),
    });

    // Assess
    const counters = frames.flatMap((f) => {
      const m = /\[(\d+)\/(\d+)\]/.exec(f);
      return m ? [[Number(m[1]), Number(m[2])] as const] : [];
    });
    const regional = scans.filter((s) => s.run.regions.length > 0 && !s.run.regions.includes('global'));
    expect(regional.length).toBeGreaterThan(1);
    const totals = new Set(counters.map(([, total]) => total));
    expect(totals.size).toBe(1);
    const [total] = [...totals];
    expect(counters.map(([done]) => done)).toEqual(Array.from({ length: total ?? 0 }, (_, i) => i + 1));
    // one step per scanned region of each regional rule, plus each account-wide check and each global rule
    const expected = selected.reduce((sum, rule, i) => {
      const run = scans[i]?.run;
      const regions = rule.meta.scope === 'global' ? 1 : (run?.regions.length ?? 0);
      return sum + regions + (rule.evaluateAccount ? 1 : 0);
    }, 0);
    expect(total).toBe(expected);
    expect(frames.at(-1)).toBe('\r\u001b[2K');
  });
});
