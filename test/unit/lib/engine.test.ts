import { z } from 'zod';
import { defineAction, plan } from '../../../lib/actions/types';
import { runRule } from '../../../lib/engine';
import type { EngineOptions } from '../../../lib/engine';
import { ClientFactory } from '../../../lib/aws/clients';
import { SnapshotError } from '../../../lib/errors';
import { StoredInventory, storedValues } from '../../../lib/inventory/memory';
import type { StoredReads } from '../../../lib/inventory/memory';
import { enabledRegions } from '../../../lib/inventory/regions';
import { defineRule } from '../../../lib/rule';
import { runRequest } from '../../helpers/runs';
import { widgetMeta, widgets } from '../../helpers/widget-rule';

const ACCOUNT = '111122223333';
const fix = defineAction<{ id: string; fail?: boolean }>({
  name: 'test:FixWidget',
  run: async (_clients, _region, input) => {
    if (input.fail) throw Object.assign(new Error('nope'), { name: 'AccessDeniedException' });
    return { status: 'done' };
  },
});

const widgetRule = defineRule({
  meta: widgetMeta({ controls: { cisV3: ['9.9'] } }),
  reads: [widgets],
  actions: [fix],
  params: z.strictObject({}),
  regions: enabledRegions,
  async evaluate({ inventory, region }) {
    const ids = await inventory.get(widgets, region);
    return ids.map((id) => ({
      resource: { type: 'Widget', id },
      status: id.startsWith('bad') ? ('FAIL' as const) : ('PASS' as const),
      message: `Widget ${id} in ${region}`,
      ...(id.startsWith('bad')
        ? { action: plan(fix, { id, fail: id.includes('locked') }, `Fix widget ${id}`) }
        : {}),
    }));
  },
});

function stored(extra: StoredReads = {}): StoredReads {
  return {
    ...storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'ec2.enabledRegions': { global: ['eu-west-1', 'us-east-1'] },
      'test.widgets': { 'us-east-1': ['good-1', 'bad-1'], 'eu-west-1': ['bad-2'] },
    }),
    ...extra,
  };
}

const options = (reads: StoredReads, over: Partial<EngineOptions> = {}): EngineOptions => ({
  inventory: new StoredInventory(reads),
  now: () => new Date('2026-11-21T12:00:00Z'),
  ...over,
});

describe('runRule', () => {
  it('evaluates every enabled region and builds deterministic finding ids', async () => {
    const run = await runRule(widgetRule, runRequest(), options(stored()));
    expect(run.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(run.findings.map((f) => f.id)).toEqual([
      'widgets-fixed|111122223333|eu-west-1|bad-2',
      'widgets-fixed|111122223333|us-east-1|bad-1',
      'widgets-fixed|111122223333|us-east-1|good-1',
    ]);
    expect(run.counts).toMatchObject({ FAIL: 2, PASS: 1, ERROR: 0 });
    expect(run.worstSeverity).toBe('high');
    expect(run.partial).toBe(false);
    expect(run.findings[0]).toMatchObject({
      controls: { cisV3: ['9.9'] },
      observedAt: '2026-11-21T12:00:00.000Z',
      account: ACCOUNT,
    });
  });

  it('turns one region failing (AccessDenied) into an ERROR finding with the AWS code and completes the others', async () => {
    const reads = stored({
      'test.widgets': {
        'us-east-1': { value: ['good-1'] },
        'eu-west-1': { error: { code: 'AccessDeniedException', message: 'not allowed' } },
      },
    });
    const run = await runRule(widgetRule, runRequest(), options(reads));
    expect(run.partial).toBe(true);
    const error = run.findings.find((f) => f.status === 'ERROR');
    expect(error).toMatchObject({
      region: 'eu-west-1',
      checkId: 'scan-error',
      details: { errorCode: 'AccessDeniedException', read: 'test.widgets' },
      message:
        'Could not check "Widgets are fixed" in eu-west-1 of account 111122223333: AccessDeniedException.',
    });
    expect(run.findings.filter((f) => f.status === 'PASS')).toHaveLength(1);
  });

  it('reports a requested region that is not enabled (opt-in) as ERROR and scans the rest', async () => {
    const run = await runRule(
      widgetRule,
      runRequest({ regions: ['us-east-1', 'ap-east-1'] }),
      options(stored()),
    );
    expect(run.regions).toEqual(['us-east-1']);
    expect(run.findings.find((f) => f.region === 'ap-east-1')).toMatchObject({
      status: 'ERROR',
      details: { errorCode: 'RegionNotEnabled' },
    });
  });

  it('reports an account-level ERROR when the region list cannot be read', async () => {
    const reads = stored({
      'ec2.enabledRegions': { global: { error: { code: 'UnauthorizedOperation', message: 'no' } } },
    });
    const run = await runRule(widgetRule, runRequest(), options(reads));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({
      status: 'ERROR',
      region: 'global',
      details: { errorCode: 'UnauthorizedOperation' },
    });
  });

  it('reports an ERROR for an unknown account when credentials do not work', async () => {
    const reads = stored({
      'sts.callerIdentity': { global: { error: { code: 'ExpiredToken', message: 'expired' } } },
    });
    const run = await runRule(widgetRule, runRequest(), options(reads));
    expect(run.account).toBe('unknown');
    expect(run.findings[0]).toMatchObject({ status: 'ERROR', details: { errorCode: 'ExpiredToken' } });
  });

  it('plans but does not run actions without remediate, marking them dry run', async () => {
    const run = await runRule(widgetRule, runRequest(), options(stored(), { clients: new ClientFactory() }));
    expect(run.changes).toEqual({ done: 0, failed: 0, skipped: 0, planned: 2 });
    expect(run.findings[0]?.remediation).toMatchObject({
      action: 'test:FixWidget',
      status: 'planned',
      dryRun: true,
    });
  });

  it('plans only on a dry run even when remediate is asked for', async () => {
    const run = await runRule(
      widgetRule,
      runRequest({ remediate: true, dryRun: true }),
      options(stored(), { clients: new ClientFactory() }),
    );
    expect(run.changes.planned).toBe(2);
    expect(run.changes.done).toBe(0);
  });

  it('carries out actions when asked, recording each real outcome', async () => {
    const reads = stored({
      'test.widgets': { 'us-east-1': { value: ['bad-1', 'bad-locked'] }, 'eu-west-1': { value: [] } },
    });
    const run = await runRule(
      widgetRule,
      runRequest({ remediate: true }),
      options(reads, { clients: new ClientFactory() }),
    );
    expect(run.changes).toEqual({ done: 1, failed: 1, skipped: 0, planned: 0 });
    expect(run.findings.find((f) => f.resource.id === 'bad-locked')?.remediation).toMatchObject({
      status: 'failed',
      error: 'AccessDeniedException: nope',
    });
  });

  it('stops at the max-changes guard and leaves the rest for the next run', async () => {
    const run = await runRule(
      widgetRule,
      runRequest({ remediate: true, maxChanges: 1 }),
      options(stored(), { clients: new ClientFactory() }),
    );
    expect(run.changes).toEqual({ done: 1, failed: 0, skipped: 1, planned: 0 });
    expect(run.findings.find((f) => f.remediation?.status === 'skipped')?.remediation?.reason).toContain(
      'max changes per run (1)',
    );
  });

  it('starts no action when the deadline is near', async () => {
    const run = await runRule(
      widgetRule,
      runRequest({ remediate: true }),
      options(stored(), { clients: new ClientFactory(), remainingTimeMs: () => 5_000 }),
    );
    expect(run.changes).toEqual({ done: 0, failed: 0, skipped: 2, planned: 0 });
  });

  it('throws a SnapshotError when the inventory lacks a read the rule needs (not an ERROR finding)', async () => {
    const reads = storedValues({
      'sts.callerIdentity': { global: { account: ACCOUNT, arn: 'a', partition: 'aws' } },
      'ec2.enabledRegions': { global: ['us-east-1'] },
    });
    await expect(runRule(widgetRule, runRequest(), options(reads))).rejects.toThrow(SnapshotError);
  });

  it('reports a rule bug as an ERROR finding rather than crashing the scan', async () => {
    const buggy = defineRule({
      ...widgetRule,
      evaluate: async () => {
        throw new TypeError('boom');
      },
    });
    const run = await runRule(buggy, runRequest(), options(stored()));
    expect(run.findings.every((f) => f.status === 'ERROR')).toBe(true);
    expect(run.findings[0]?.details).toMatchObject({ errorCode: 'TypeError', error: 'boom' });
  });
});

describe('runRule near the deadline', () => {
  it('reports a region whose evaluation hangs as ERROR DeadlineExceeded and still returns the others', async () => {
    // Prepare: eu-west-1 never answers; 30.05 s remain, of which 30 s are kept for actions and publishing.
    const hanging = defineRule({
      ...widgetRule,
      evaluate: async ({ region }) =>
        region === 'eu-west-1'
          ? new Promise<never>(() => undefined)
          : widgetRule.evaluate({
              inventory: new StoredInventory(stored()),
              account: ACCOUNT,
              region,
              params: {},
              now: new Date(),
            }),
    });
    // Act
    const run = await runRule(hanging, runRequest(), options(stored(), { remainingTimeMs: () => 30_050 }));
    // Assess
    expect(run.partial).toBe(true);
    expect(run.findings.find((f) => f.region === 'eu-west-1')).toMatchObject({
      status: 'ERROR',
      details: { errorCode: 'DeadlineExceeded' },
    });
    expect(run.findings.filter((f) => f.region === 'us-east-1')).toHaveLength(2);
  });
});

describe('runRule with account-wide drafts from a regional rule', () => {
  const accountRule = defineRule({
    ...widgetRule,
    async evaluate({ region }) {
      return [
        {
          resource: { type: 'AwsAccount', id: ACCOUNT },
          checkId: 'account-thing',
          scope: 'account' as const,
          status: 'FAIL' as const,
          message: `Account ${ACCOUNT} lacks the thing.`,
          ...(region === 'us-east-1'
            ? { action: plan(fix, { id: 'thing' }, 'Create the thing in us-east-1') }
            : {}),
        },
      ];
    },
  });

  it('reports it once, as global, keeping the draft that carries the action', async () => {
    const run = await runRule(accountRule, runRequest(), options(stored()));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({
      id: 'widgets-fixed|111122223333|global|111122223333|account-thing',
      region: 'global',
      remediation: { description: 'Create the thing in us-east-1', status: 'planned' },
    });
  });

  it('runs the kept action in the region that planned it', async () => {
    const regionsSeen: string[] = [];
    const recordingFix = defineAction<{ id: string }>({
      name: 'test:FixWidget',
      run: async (_clients, region) => {
        regionsSeen.push(region);
        return { status: 'done' };
      },
    });
    const rule = defineRule({
      ...accountRule,
      async evaluate(ctx) {
        const [draft] = await accountRule.evaluate(ctx);
        return draft?.action
          ? [{ ...draft, action: plan(recordingFix, { id: 'thing' }, 'Create the thing') }]
          : [draft!];
      },
    });
    const run = await runRule(
      rule,
      runRequest({ remediate: true }),
      options(stored(), { clients: new ClientFactory() }),
    );
    expect(run.changes.done).toBe(1);
    expect(regionsSeen).toEqual(['us-east-1']);
  });
});

describe('runRule when regions disagree on an account-wide finding', () => {
  it('keeps the worst status', async () => {
    const disagreeing = defineRule({
      ...widgetRule,
      async evaluate({ region }) {
        return [
          {
            resource: { type: 'AwsAccount', id: ACCOUNT },
            checkId: 'account-thing',
            scope: 'account' as const,
            status: region === 'us-east-1' ? ('FAIL' as const) : ('PASS' as const),
            message: `seen from ${region}`,
          },
        ];
      },
    });
    const run = await runRule(disagreeing, runRequest(), options(stored()));
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ status: 'FAIL', message: 'seen from us-east-1' });
  });
});
