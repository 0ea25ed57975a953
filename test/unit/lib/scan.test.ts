import { z } from 'zod';
import { defineAction, plan } from '../../../lib/actions/types';
import { ClientFactory } from '../../../lib/aws/clients';
import type { Finding } from '../../../lib/findings';
import { StoredInventory, storedValues } from '../../../lib/inventory/memory';
import { enabledRegions } from '../../../lib/inventory/regions';
import { defineRule } from '../../../lib/rule';
import type { ScanOptions } from '../../../lib/scan';
import { scanRule } from '../../../lib/scan';
import type { StateStore } from '../../../lib/state/types';
import { parseSuppressions } from '../../../lib/suppressions';
import { runRequest } from '../../helpers/runs';
import { widgetMeta, widgets } from '../../helpers/widget-rule';

// The pipeline's order, observed from outside: what the action, the state store and the publisher
// see. A rule with two failing widgets in us-east-1, each planning a fix; one is suppressed.
const ACCOUNT = '111122223333';
const NOW = new Date('2026-11-21T12:00:00Z');

function pipeline() {
  const events: string[] = [];
  const fix = defineAction<{ id: string }>({
    name: 'test:FixWidget',
    run: async (_clients, region, { id }) => {
      events.push(`act ${id} in ${region}`);
      return { status: 'done' };
    },
  });
  const rule = defineRule({
    meta: widgetMeta(),
    reads: [widgets],
    actions: [fix],
    params: z.strictObject({}),
    regions: enabledRegions,
    async evaluate({ inventory, region }) {
      events.push(`evaluate ${region}`);
      return (await inventory.get(widgets, region)).map((id) => ({
        resource: { type: 'Widget', id },
        status: 'FAIL' as const,
        message: `Widget ${id} is broken`,
        action: plan(fix, { id }, `Fix widget ${id}`),
      }));
    },
  });
  const seen = (findings: readonly Finding[]) =>
    findings.map((f) => `${f.resource.id} ${f.status} ${f.remediation?.status ?? '-'}`).sort();
  const store: StateStore = {
    load: async () => {
      events.push('drift load');
      return [];
    },
    write: async (_rule, _account, writes) => {
      const states = writes.map((w) => `${w.values.id.split('|')[3]} ${w.values.status}`);
      events.push(`drift write ${states.sort().join(', ')}`);
      return new Set(writes.filter((w) => w.claim).map((w) => w.values.id));
    },
    release: async () => {
      events.push('drift release');
    },
  };
  const options: ScanOptions = {
    engine: {
      inventory: new StoredInventory(
        storedValues({
          'sts.callerIdentity': {
            global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
          },
          'ec2.enabledRegions': { global: ['us-east-1'] },
          'test.widgets': { 'us-east-1': ['accepted-1', 'broken-2'] },
        }),
      ),
      clients: new ClientFactory(),
      now: () => NOW,
    },
    suppressions: parseSuppressions(
      {
        version: 1,
        suppressions: [
          {
            rule: 'widgets-fixed',
            resource: 'accepted-1',
            reason: 'Replaced next sprint',
            owner: 'platform-team',
            expires: '2026-12-31',
          },
        ],
      },
      'test suppressions',
      NOW,
    ),
    judgedAt: NOW,
    store,
    alerting: true,
    publish: async (run) => {
      events.push(`publish ${seen(run.findings).join(', ')}`);
      return ['message-1'];
    },
  };
  return { rule, events, options, seen };
}

describe('scanRule: evaluate → suppress → act → drift → publish', () => {
  it('never remediates a suppressed FAIL, says why on its remediation, and remediates the rest', async () => {
    // Prepare
    const { rule, events, options, seen } = pipeline();

    // Act
    const { run, published } = await scanRule(rule, runRequest({ remediate: true }), options);

    // Assess: only the unsuppressed widget was fixed, after evaluation, before drift and publishing
    expect(events).toEqual([
      'evaluate us-east-1',
      'act broken-2 in us-east-1',
      'drift load',
      'drift write accepted-1 SUPPRESSED, broken-2 FAIL',
      'publish accepted-1 SUPPRESSED skipped, broken-2 FAIL done',
    ]);
    expect(seen(run.findings)).toEqual(['accepted-1 SUPPRESSED skipped', 'broken-2 FAIL done']);
    expect(run.findings.find((f) => f.resource.id === 'accepted-1')?.remediation).toEqual({
      action: 'test:FixWidget',
      description: 'Fix widget accepted-1',
      status: 'skipped',
      dryRun: false,
      reason: 'suppressed: suppressions[0] (owner platform-team: Replaced next sprint)',
    });
    expect(run.changes).toEqual({ done: 1, failed: 0, skipped: 1, planned: 0 });
    expect(published).toEqual(['message-1']);
  });

  it('does not let a suppressed finding use up max changes', async () => {
    // Prepare
    const { rule, events, options } = pipeline();

    // Act
    const { run } = await scanRule(rule, runRequest({ remediate: true, maxChanges: 1 }), options);

    // Assess: the one change allowed went to the unsuppressed widget
    expect(events).toContain('act broken-2 in us-east-1');
    expect(run.changes).toEqual({ done: 1, failed: 0, skipped: 1, planned: 0 });
  });

  it('reports a suppressed finding as skipped, not planned, in a run that only plans', async () => {
    // Prepare
    const { rule, events, options, seen } = pipeline();

    // Act
    const { run } = await scanRule(rule, runRequest({ remediate: true, dryRun: true }), options);

    // Assess: nothing ran; the suppressed finding would not run even with remediation
    expect(events.filter((e) => e.startsWith('act'))).toEqual([]);
    expect(seen(run.findings)).toEqual(['accepted-1 SUPPRESSED skipped', 'broken-2 FAIL planned']);
    expect(run.findings.find((f) => f.resource.id === 'accepted-1')?.remediation).toMatchObject({
      dryRun: true,
      reason: 'suppressed: suppressions[0] (owner platform-team: Replaced next sprint)',
    });
  });

  it('gives the alert claims back when publishing fails, and rethrows', async () => {
    // Prepare
    const { rule, events, options } = pipeline();
    const failing: ScanOptions = {
      ...options,
      publish: async () => {
        events.push('publish');
        throw Object.assign(new Error('topic gone'), { name: 'NotFoundException' });
      },
    };

    // Act
    const outcome = scanRule(rule, runRequest(), failing);

    // Assess
    await expect(outcome).rejects.toThrow('topic gone');
    expect(events.slice(-2)).toEqual(['publish', 'drift release']);
  });
});
