import { z } from 'zod';
import { defineAction, plan } from '../../../lib/actions/types';
import { ClientFactory } from '../../../lib/aws/clients';
import { runRule } from '../../../lib/engine';
import { StoredInventory, storedValues } from '../../../lib/inventory/memory';
import type { StoredReads } from '../../../lib/inventory/memory';
import { enabledRegions } from '../../../lib/inventory/regions';
import type { AccountEvaluationContext } from '../../../lib/rule';
import { defineRule } from '../../../lib/rule';
import { runRequest } from '../../helpers/runs';
import { widgetMeta, widgets } from '../../helpers/widget-rule';
import { match } from '../../helpers/matchers';

// A regional rule with an account-wide check (`evaluateAccount`): the engine calls it once per run,
// after the regions are resolved, and files its findings under `global`.
const ACCOUNT = '111122223333';
const reads = (enabled: readonly string[] | null = ['eu-west-1', 'us-east-1']): StoredReads => ({
  ...storedValues({
    'sts.callerIdentity': {
      global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
    },
    ...(enabled === null ? {} : { 'ec2.enabledRegions': { global: enabled } }),
    'test.widgets': { 'us-east-1': ['w-1'], 'eu-west-1': ['w-2'] },
  }),
  ...(enabled === null
    ? { 'ec2.enabledRegions': { global: { error: { code: 'UnauthorizedOperation', message: 'no' } } } }
    : {}),
});

function ruleWith(account: (context: AccountEvaluationContext<Record<string, never>>) => Promise<unknown>) {
  const calls: { region: string; regions?: readonly string[] }[] = [];
  const actionRegions: string[] = [];
  const createThing = defineAction<{ id: string }>({
    name: 'test:CreateThing',
    run: async (_clients, region) => {
      actionRegions.push(region);
      return { status: 'done' };
    },
  });
  const rule = defineRule({
    meta: widgetMeta(),
    reads: [widgets],
    actions: [createThing],
    params: z.strictObject({}),
    regions: enabledRegions,
    async evaluate({ inventory, region }) {
      calls.push({ region });
      return (await inventory.get(widgets, region)).map((id) => ({
        resource: { type: 'Widget', id },
        status: 'PASS' as const,
        message: `Widget ${id} is fine`,
      }));
    },
    async evaluateAccount(context) {
      calls.push({ region: context.region, regions: context.regions });
      await account(context);
      return [
        {
          resource: { type: 'AwsAccount', id: context.account },
          checkId: 'account-thing',
          status: 'FAIL' as const,
          message: `Account ${context.account} has no thing`,
          action: plan(createThing, { id: 'thing' }, 'Create the thing'),
        },
      ];
    },
  });
  return { rule, calls, actionRegions };
}

const options = (stored: StoredReads) => ({
  inventory: new StoredInventory(stored),
  now: () => new Date('2026-11-21T12:00:00Z'),
});

describe('runRule with an account-wide check (evaluateAccount)', () => {
  it('calls it once per run, as global, with the regions being scanned, besides each region', async () => {
    // Prepare
    const { rule, calls } = ruleWith(async () => undefined);

    // Act
    const run = await runRule(rule, runRequest(), options(reads()));

    // Assess
    expect(calls.filter((c) => c.region === 'global')).toEqual([
      { region: 'global', regions: ['eu-west-1', 'us-east-1'] },
    ]);
    expect(
      calls
        .filter((c) => c.region !== 'global')
        .map((c) => c.region)
        .sort(),
    ).toEqual(['eu-west-1', 'us-east-1']);
    expect(run.findings.filter((f) => f.checkId === 'account-thing')).toEqual([
      expect.objectContaining({
        id: 'widgets-fixed|111122223333|global|111122223333|account-thing',
        region: 'global',
        status: 'FAIL',
        remediation: match.objectContaining({ status: 'planned' }),
      }),
    ]);
    expect(run.counts).toMatchObject({ FAIL: 1, PASS: 2, ERROR: 0 });
  });

  it('passes only the requested regions the account has enabled', async () => {
    // Prepare
    const { rule, calls } = ruleWith(async () => undefined);

    // Act
    const run = await runRule(rule, runRequest({ regions: ['us-east-1', 'ap-east-1'] }), options(reads()));

    // Assess: ap-east-1 is reported not enabled and not passed on
    expect(calls.find((c) => c.region === 'global')?.regions).toEqual(['us-east-1']);
    expect(run.findings.find((f) => f.region === 'ap-east-1')).toMatchObject({
      status: 'ERROR',
      details: { errorCode: 'RegionNotEnabled' },
    });
  });

  it('reports its failure as one ERROR finding for global and keeps the regions findings', async () => {
    // Prepare
    const { rule } = ruleWith(async () => {
      throw Object.assign(new Error('no access'), { name: 'AccessDeniedException' });
    });

    // Act
    const run = await runRule(rule, runRequest(), options(reads()));

    // Assess
    expect(run.partial).toBe(true);
    expect(run.counts).toMatchObject({ ERROR: 1, PASS: 2, FAIL: 0 });
    expect(run.findings.find((f) => f.status === 'ERROR')).toMatchObject({
      region: 'global',
      checkId: 'scan-error',
      details: { errorCode: 'AccessDeniedException' },
    });
  });

  it('is not called when the regions cannot be resolved', async () => {
    // Prepare: the enabled-regions read is refused
    const { rule, calls } = ruleWith(async () => undefined);

    // Act
    const run = await runRule(rule, runRequest(), options(reads(null)));

    // Assess
    expect(calls).toEqual([]);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ status: 'ERROR', region: 'global' });
  });

  it('carries out its planned action once, with region global', async () => {
    // Prepare
    const { rule, actionRegions } = ruleWith(async () => undefined);

    // Act
    const run = await runRule(rule, runRequest({ remediate: true }), {
      ...options(reads()),
      clients: new ClientFactory(),
    });

    // Assess
    expect(actionRegions).toEqual(['global']);
    expect(run.changes).toEqual({ done: 1, failed: 0, skipped: 0, planned: 0 });
  });
});
