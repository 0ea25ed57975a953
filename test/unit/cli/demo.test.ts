import { readFileSync } from 'node:fs';
import { serializeSnapshot } from '../../../lib/inventory/snapshot-file';
import type { ScanJson } from '../../../lib/output/json';
import { rules } from '../../../rules';
import { demoSnapshot } from '../../../demo/demo-account';
import { DEMO, runCli } from './io';

describe('the demo account', () => {
  it('is exactly what demo/demo-account.ts builds (regenerate with node demo/build-demo.mjs)', () => {
    expect(readFileSync(DEMO, 'utf8')).toBe(serializeSnapshot(demoSnapshot()));
  });

  it('gives every registered rule drift to report, with no read missing', async () => {
    // Act
    const out = await runCli(['scan', '--snapshot', DEMO, '--format', 'json']);

    // Assess
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout) as ScanJson;
    for (const rule of rules) {
      const own = doc.findings.filter((f) => f.ruleId === rule.meta.id);
      expect({ rule: rule.meta.id, fails: own.some((f) => f.status === 'FAIL') }).toEqual({
        rule: rule.meta.id,
        fails: true,
      });
    }
    expect(doc.counts.ERROR).toBe(0);
  });

  it('shows the drift the README promises: root without MFA, a retirement next week, a volume behind its backups and a bad backup tag; expired and in-use snapshots as routine pruning', async () => {
    // Act
    const doc = JSON.parse(
      (await runCli(['scan', '--snapshot', DEMO, '--format', 'json'])).stdout,
    ) as ScanJson;

    // Assess: the failures
    const messages = doc.findings.filter((f) => f.status === 'FAIL').map((f) => f.message);
    expect(messages.some((m) => m.includes('has no MFA device'))).toBe(true);
    expect(messages.some((m) => /retirement from .* \(in 6 days/.test(m))).toBe(true);
    expect(messages.some((m) => /Volume vol-\w+ is behind its daily@01:00 schedule/.test(m))).toBe(true);
    expect(messages.some((m) => m.includes('has an unusable backup tag'))).toBe(true);
    expect(messages.some((m) => m.includes('past its retention'))).toBe(false);
    // Assess: pruning and keeping expired snapshots is informational, with the routine deletion planned
    const retention = doc.findings.filter(
      (f) => f.ruleId === 'ebs-snapshot-lifecycle' && f.checkId === 'retention',
    );
    const pruned = retention.filter((f) => f.message.includes('pruning it'));
    const kept = retention.filter((f) => f.message.includes('is kept because ami-'));
    expect(pruned.length).toBeGreaterThan(0);
    expect(kept).toHaveLength(1);
    for (const f of [...pruned, ...kept]) expect([f.status, f.severity]).toEqual(['PASS', 'informational']);
    for (const f of pruned)
      expect(f.remediation).toMatchObject({ action: 'ec2:DeleteSnapshot', routine: true, status: 'planned' });
    expect(kept[0]?.remediation).toBeUndefined();
  });

  it('ends the table with the planned actions, counting the routine snapshot work apart', async () => {
    const doc = JSON.parse(
      (await runCli(['scan', '--snapshot', DEMO, '--format', 'json'])).stdout,
    ) as ScanJson;
    const planned = doc.findings.filter((f) => f.remediation?.status === 'planned');
    const routine = planned.filter((f) => f.remediation?.routine);
    expect(routine.length).toBeGreaterThan(0);
    const table = (await runCli(['scan', '--snapshot', DEMO])).stdout.trimEnd().split('\n');
    expect(table.at(-1)).toBe(
      `${planned.length} actions planned (${routine.length} of them routine snapshot work), none carried out.`,
    );
  });
});
