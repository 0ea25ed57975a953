import { z } from 'zod';
import { defineAction } from '../../../lib/actions/types';
import { defineRead } from '../../../lib/inventory/types';
import { StoredInventory, storedValues } from '../../../lib/inventory/memory';
import { defineRule } from '../../../lib/rule';

const listed = defineRead<string[]>({
  name: 'test.listed',
  scope: 'global',
  actions: ['test:ListThings', 'test:DescribeThings'],
  fetch: () => Promise.resolve([]),
});
const undeclared = defineRead<string[]>({
  name: 'test.undeclared',
  scope: 'global',
  actions: ['test:ListSecrets'],
  fetch: () => Promise.resolve([]),
});
const regions = defineRead<string[]>({
  name: 'test.regions',
  scope: 'global',
  actions: ['test:ListRegions', 'test:ListThings'],
  fetch: () => Promise.resolve([]),
});
const fix = defineAction<{ id: string }>({
  name: 'test:FixThing',
  alsoNeeds: ['test:TagThing'],
  run: () => Promise.resolve({ status: 'done' }),
});

const meta = {
  id: 'things-fixed',
  title: 'Things are fixed',
  description: 'd',
  risk: 'r',
  severity: 'low',
  resourceType: 'Thing',
  scope: 'regional',
  controls: {},
  deployment: { schedule: 'rate(1 day)' },
  remediation: { text: 't', url: 'https://example.invalid' },
} as const;

describe('defineRule', () => {
  it('derives the permissions from the declared reads (regions read included) and actions, each once', () => {
    // Act
    const rule = defineRule({
      meta,
      reads: [listed],
      actions: [fix],
      regions,
      params: z.strictObject({}),
      evaluate: () => Promise.resolve([]),
    });

    // Assess
    expect(rule.meta.permissions).toEqual({
      read: ['test:ListThings', 'test:DescribeThings', 'test:ListRegions'],
      remediate: ['test:FixThing', 'test:TagThing'],
    });
  });

  it('refuses a read the rule does not declare, naming the read and where to declare it', async () => {
    // Prepare
    const rule = defineRule({
      meta,
      reads: [listed],
      params: z.strictObject({}),
      async evaluate({ inventory }) {
        await inventory.get(listed);
        await inventory.get(undeclared);
        return [];
      },
    });
    const inventory = new StoredInventory(
      storedValues({ 'test.listed': { global: [] }, 'test.undeclared': { global: [] } }),
    );

    // Act / Assess
    await expect(
      rule.evaluate({ inventory, account: '123456789012', region: 'global', params: {}, now: new Date() }),
    ).rejects.toThrow(/things-fixed read test\.undeclared, which it does not declare in `reads`/);
  });

  it('guards the account-wide evaluation the same way', async () => {
    // Prepare
    const rule = defineRule({
      meta,
      reads: [listed],
      params: z.strictObject({}),
      evaluate: () => Promise.resolve([]),
      async evaluateAccount({ inventory }) {
        await inventory.get(undeclared);
        return [];
      },
    });
    const inventory = new StoredInventory(storedValues({ 'test.undeclared': { global: [] } }));

    // Act / Assess
    await expect(
      rule.evaluateAccount?.({
        inventory,
        account: '123456789012',
        region: 'global',
        regions: ['us-east-1'],
        params: {},
        now: new Date(),
      }),
    ).rejects.toThrow(/does not declare/);
  });
});
