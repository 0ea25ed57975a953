import { instanceStandard } from '../../../../rules/instance-standard';
import { parseLifetime } from '../../../../rules/instance-standard/lifetime';
import { evaluate, finding, group, instance, NEW, OLD, WEB_FAMILY } from './fixtures';

describe('instance-standard: lifetime tag', () => {
  it('reads hours and days, in any case and with spaces around', () => {
    expect(['36h', '2d', ' 1D ', '8760h'].map(parseLifetime)).toEqual([
      { ok: true, hours: 36 },
      { ok: true, hours: 48 },
      { ok: true, hours: 24 },
      { ok: true, hours: 8760 },
    ]);
  });

  it.each(['3 days', '0h', '1.5h', '400d', ''])(
    'reports FAIL naming the tag and the accepted forms for "%s", and plans nothing for its group',
    async (value) => {
      // Prepare
      const findings = await evaluate({
        instances: [
          instance('i-1', 'ami-new', 30, { 'driftwatch:max-lifetime': value }),
          instance('i-2', 'ami-new', 30),
        ],
        owned: [NEW],
        parameters: [{}],
        groups: [group('web-asg', ['i-1', 'i-2'])],
        params: WEB_FAMILY,
      });

      // Assess
      const f = finding(findings, 'i-1');
      expect(f.status).toBe('FAIL');
      expect(f.message).toContain(
        `its tag driftwatch:max-lifetime="${value}" is not a lifetime (accepted: a whole number of hours or days, e.g. "36h" or "2d" (1h to 365d)), so its lifetime is not checked and nothing is changed for it`,
      );
      expect(f.details).toMatchObject({ maxLifetimeHours: null, overLifetimeHours: null });
      const refresh = finding(findings, 'web-asg', 'instance-refresh');
      expect(refresh.action).toBeUndefined();
      expect(refresh.message).toContain(
        'no instance refresh is started: i-1 has an unreadable driftwatch:max-lifetime tag and nothing is changed for it',
      );
    },
  );
});

describe('instance-standard: when no refresh is started', () => {
  const superseded = (
    g: ReturnType<typeof group>,
    extra: Parameters<typeof evaluate>[0] extends infer S ? Partial<S> : never = {},
  ) =>
    evaluate({
      instances: g.instances.map((m) => instance(m.instanceId, 'ami-old', 20)),
      owned: [OLD, NEW],
      parameters: [{}],
      groups: [g],
      params: WEB_FAMILY,
      ...extra,
    });

  it('skips a group whose desired capacity is 0', async () => {
    const findings = await superseded(group('web-asg', ['i-1'], {}, { desiredCapacity: 0 }));
    const f = finding(findings, 'web-asg', 'instance-refresh');
    expect(f.action).toBeUndefined();
    expect(f.message).toContain('no instance refresh is started: its desired capacity is 0');
  });

  it('skips a group whose refresh would drop below the healthy minimum (terminate-first, one instance)', async () => {
    const findings = await superseded(group('web-asg', ['i-1']), {
      params: { ...WEB_FAMILY, minHealthyPercentage: 90, maxHealthyPercentage: 100 },
    });
    const f = finding(findings, 'web-asg', 'instance-refresh');
    expect(f.action).toBeUndefined();
    expect(f.message).toContain(
      'replacing 1 instance at a time would leave 0 of 1 in service, below the 90% minimum (1)',
    );
  });

  it('skips a group already below its healthy minimum', async () => {
    const g = group('web-asg', ['i-1', 'i-2']);
    const findings = await superseded({
      ...g,
      instances: [g.instances[0]!, { ...g.instances[1]!, healthStatus: 'Unhealthy' }],
    });
    expect(finding(findings, 'web-asg', 'instance-refresh').message).toContain(
      'only 1 of its 2 instances are in service and healthy, below the 100% minimum (2)',
    );
  });

  it('skips a group with a refresh in progress', async () => {
    const findings = await superseded(group('web-asg', ['i-1']), {
      refreshes: [{ groupName: 'web-asg', refreshId: 'r-123', status: 'InProgress' }],
    });
    const f = finding(findings, 'web-asg', 'instance-refresh');
    expect(f.action).toBeUndefined();
    expect(f.message).toContain('no instance refresh is started: refresh r-123 is already InProgress');
  });

  it('skips a group whose template still launches the superseded image, saying to update the template', async () => {
    const findings = await superseded(group('web-asg', ['i-1'], { imageId: 'ami-old' }));
    const f = finding(findings, 'web-asg', 'instance-refresh');
    expect(f.action).toBeUndefined();
    expect(f.message).toContain(
      'the group launches launch template web version 4 (ami-old), not their standard image; update the template first',
    );
  });

  it('follows a template whose image is resolve:ssm: through the parameter', async () => {
    const findings = await superseded(group('web-asg', ['i-1'], { imageId: 'resolve:ssm:/golden/web/ami' }));
    expect(finding(findings, 'web-asg', 'instance-refresh').action?.description).toContain(
      'with launch template web version 4 (ami-new)',
    );
  });
});

describe('instance-standard: IMDSv2, owner tag and parameters', () => {
  it('reports FAIL (high) for IMDSv1 when imdsv2 is on, and FAIL (low) for a missing owner tag', async () => {
    // Prepare
    const i = instance('i-1', 'ami-new', 1, {}, { httpTokens: 'optional' });
    const tags = Object.fromEntries(Object.entries(i.tags).filter(([k]) => k !== 'Owner'));
    const findings = await evaluate({
      instances: [{ ...i, tags }],
      owned: [NEW],
      parameters: [{}],
      params: { ...WEB_FAMILY, imdsv2: true },
    });

    // Assess
    expect(finding(findings, 'i-1', 'imdsv2')).toMatchObject({
      status: 'FAIL',
      severity: 'high',
      controls: { securityHub: ['EC2.8'] },
    });
    expect(finding(findings, 'i-1', 'owner-tag').message).toBe(
      'EC2 instance i-1 ("name-i-1"; no Owner tag) in eu-west-1 has no Owner tag, so nobody is told when it drifts; add it to its launch template\'s tag specifications.',
    );
  });

  it('leaves IMDSv2 to ec2-network by default: no imdsv2 finding, the other checks unchanged', async () => {
    const i = instance('i-1', 'ami-new', 1, {}, { httpTokens: 'optional' });
    const findings = await evaluate({ instances: [i], owned: [NEW], parameters: [{}], params: WEB_FAMILY });
    expect(findings.filter((f) => f.checkId === 'imdsv2')).toEqual([]);
    expect(findings.map((f) => f.checkId).sort()).toEqual(['owner-tag', 'standard']);
  });

  it('rejects a malformed family parameter naming the field', () => {
    const result = instanceStandard.params.safeParse({ families: { web: { parameter: 'not a name!' } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['families', 'web', 'parameter']);
    expect(result.error?.issues[0]?.message).toBe(
      'expected an SSM parameter name such as "/golden/web/ami", got "not a name!"',
    );
  });

  it('rejects a maximum healthy percentage more than 100 above the minimum', () => {
    const result = instanceStandard.params.safeParse({ minHealthyPercentage: 50, maxHealthyPercentage: 200 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['maxHealthyPercentage']);
  });

  it('reads nothing past the instances, images and groups when the region has none', async () => {
    expect(await evaluate({ instances: [] })).toEqual([]);
  });
});
