import { CAPTURED_AT, demoSnapshot } from '../../../../demo/demo-account';
import { StoredInventory } from '../../../../lib/inventory/memory';
import { instanceStandard } from '../../../../rules/instance-standard';

describe('instance-standard in the demo account', () => {
  it('shows superseded and over-lifetime instances, an unmanaged one, and one refresh planned per group', async () => {
    // Prepare
    const inventory = new StoredInventory(demoSnapshot().reads);
    const params = instanceStandard.params.parse({});

    // Act
    const findings = await instanceStandard.evaluate({
      inventory,
      account: '111122223333',
      region: 'us-east-1',
      params,
      now: CAPTURED_AT,
    });

    // Assess
    const classes = findings
      .filter((f) => f.checkId === 'standard')
      .map((f) => [f.resource.id, f.details?.class, f.status]);
    expect(classes).toEqual([
      ['i-0d5e6f7a8b9c01231', 'superseded', 'FAIL'],
      ['i-0d5e6f7a8b9c01232', 'superseded', 'FAIL'],
      ['i-0d5e6f7a8b9c01233', 'current', 'PASS'],
      ['i-0d5e6f7a8b9c01234', 'over-lifetime', 'FAIL'],
      ['i-0d5e6f7a8b9c01235', 'current', 'PASS'],
      ['i-0d5e6f7a8b9c01236', 'unmanaged', 'FAIL'],
    ]);
    expect(findings.filter((f) => f.action).map((f) => f.resource.id)).toEqual([
      'storefront-web',
      'report-workers',
    ]);
  });
});
