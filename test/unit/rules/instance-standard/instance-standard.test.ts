import { CLASSES } from '../../../../rules/instance-standard/classify';
import { instanceStandard } from '../../../../rules/instance-standard';
import { parseLifetime } from '../../../../rules/instance-standard/lifetime';
import { ago, evaluate, finding, group, image, instance, WEB_FAMILY } from './fixtures';

const OLD = image('ami-old', 'golden-web-2026-11-01', 24 * 20);
const NEW = image('ami-new', 'golden-web-2026-11-19', 40);

describe('instance-standard: classes', () => {
  it('reports PASS (current) for an instance of the image the SSM parameter names, in its group and lifetime', async () => {
    // Prepare
    const findings = await evaluate({
      instances: [instance('i-1', 'ami-new', 3)],
      owned: [OLD, NEW],
      parameters: [{}],
      groups: [group('web-asg', ['i-1'])],
      params: WEB_FAMILY,
    });

    // Assess
    const f = finding(findings, 'i-1');
    expect(f.status).toBe('PASS');
    expect(f.details).toMatchObject({
      class: 'current',
      standardImageId: 'ami-new',
      standardSource: 'parameter /golden/web/ami',
    });
    expect(f.message).toBe(
      'EC2 instance i-1 ("name-i-1"; owner: team-web) in eu-west-1 is current: it runs the current web image ami-new (golden-web-2026-11-19) (parameter /golden/web/ami); launched 3 hours ago, within its 24 hours lifetime; Auto Scaling group web-asg would replace it.',
    );
    expect(finding(findings, 'web-asg', 'instance-refresh')).toMatchObject({ status: 'PASS' });
    expect(finding(findings, 'web-asg', 'instance-refresh').action).toBeUndefined();
  });

  it('reports FAIL (superseded) naming both images, the hours since the parameter changed and the group, with one refresh planned', async () => {
    // Prepare
    const findings = await evaluate({
      instances: [
        instance('i-1', 'ami-old', 20, { Name: 'web-1', Owner: 'team-web' }),
        instance('i-2', 'ami-old', 20),
      ],
      owned: [OLD, NEW],
      parameters: [{ lastModified: ago(18.5) }],
      groups: [group('web-asg', ['i-1', 'i-2'])],
      params: WEB_FAMILY,
    });

    // Assess
    const f = finding(findings, 'i-1');
    expect(f.status).toBe('FAIL');
    expect(f.message).toBe(
      'EC2 instance i-1 ("web-1"; owner: team-web) in eu-west-1 is superseded: it runs ami-old (golden-web-2026-11-01) but the standard for web is ami-new (golden-web-2026-11-19) (parameter /golden/web/ami), superseded for 18 hours; launched 20 hours ago, within its 24 hours lifetime; Auto Scaling group web-asg would replace it.',
    );
    expect(f.details).toMatchObject({ class: 'superseded', supersededHours: 18, supersededSince: ago(18.5) });
    const refresh = finding(findings, 'web-asg', 'instance-refresh');
    expect(refresh.status).toBe('FAIL');
    expect(refresh.action?.name).toBe('autoscaling:StartInstanceRefresh');
    expect(refresh.action?.description).toBe(
      'Start an instance refresh on Auto Scaling group web-asg (minimum healthy 100%, maximum 200%) to replace i-1 (superseded 18h), i-2 (superseded 18h) with launch template web version 4 (ami-new)',
    );
    expect(findings.filter((x) => x.action)).toHaveLength(1);
  });

  it('reports FAIL (over-lifetime) past the default 24 hours, PASS within a longer lifetime tag, and plans a refresh that replaces only the old one', async () => {
    // Prepare
    const findings = await evaluate({
      instances: [
        instance('i-old', 'ami-new', 30),
        instance('i-long', 'ami-new', 30, { 'driftwatch:max-lifetime': '2d' }),
      ],
      owned: [NEW],
      parameters: [{}],
      groups: [group('web-asg', ['i-old', 'i-long'])],
      params: WEB_FAMILY,
    });

    // Assess
    const old = finding(findings, 'i-old');
    expect(old.status).toBe('FAIL');
    expect(old.details).toMatchObject({
      class: 'over-lifetime',
      overLifetimeHours: 6,
      maxLifetimeHours: 24,
      lifetimeFrom: 'rule',
    });
    expect(old.message).toContain('launched 30 hours ago, it is 6 hours over its 24 hours lifetime');
    expect(finding(findings, 'i-long')).toMatchObject({
      status: 'PASS',
      details: { class: 'current', maxLifetimeHours: 48 },
    });
    const refresh = finding(findings, 'web-asg', 'instance-refresh');
    expect(refresh.details).toMatchObject({ toReplace: ['i-old'] });
    expect(refresh.action).toBeDefined();
  });

  it('reports FAIL (stale-launch-configuration) when launched from an older template version than the group launches', async () => {
    // Prepare
    const findings = await evaluate({
      instances: [
        instance('i-1', 'ami-new', 2, {
          'aws:ec2launchtemplate:id': 'lt-0web',
          'aws:ec2launchtemplate:version': '3',
        }),
        instance('i-2', 'ami-new', 2, {
          'aws:ec2launchtemplate:id': 'lt-0web',
          'aws:ec2launchtemplate:version': '4',
        }),
      ],
      owned: [NEW],
      parameters: [{}],
      groups: [group('web-asg', ['i-1', 'i-2'])],
      params: WEB_FAMILY,
    });

    // Assess
    expect(finding(findings, 'i-1')).toMatchObject({
      status: 'FAIL',
      details: {
        class: 'stale-launch-configuration',
        staleLaunch: { instanceVersion: '3', groupVersion: 4 },
      },
    });
    expect(finding(findings, 'i-1').message).toContain(
      'it was launched from lt-0web version 3 but its group launches lt-0web version 4',
    );
    expect(finding(findings, 'i-2').status).toBe('PASS');
    expect(finding(findings, 'web-asg', 'instance-refresh').action?.description).toContain(
      'i-1 (launched from version 3)',
    );
  });

  it('reports FAIL (unmanaged, low) for an instance no group lists, and plans nothing for it even when superseded', async () => {
    // Prepare
    const findings = await evaluate({
      instances: [
        instance('i-pet', 'ami-old', 5, { 'aws:autoscaling:groupName': 'gone-asg' }),
        instance('i-snow', 'ami-new', 1),
      ],
      owned: [OLD, NEW],
      parameters: [{}],
      params: WEB_FAMILY,
    });

    // Assess
    const pet = finding(findings, 'i-pet');
    expect(pet.status).toBe('FAIL');
    expect(pet.details).toMatchObject({ class: 'unmanaged', supersededHours: 30 });
    expect(pet.message).toContain(
      'it is in no Auto Scaling group (its aws:autoscaling:groupName tag names gone-asg, which does not list it), so nothing replaces it automatically and driftwatch never changes it',
    );
    expect(finding(findings, 'i-snow')).toMatchObject({
      status: 'FAIL',
      severity: 'low',
      details: { class: 'unmanaged' },
    });
    expect(findings.filter((f) => f.action)).toEqual([]);
  });

  it('puts every running instance in exactly one class', async () => {
    // Prepare
    const findings = await evaluate({
      instances: [
        instance('i-a', 'ami-new', 1),
        instance('i-b', 'ami-old', 1),
        instance('i-c', 'ami-new', 40),
        instance('i-d', 'ami-new', 1),
        instance('i-e', 'ami-new', 1, { 'aws:ec2launchtemplate:version': '2' }),
      ],
      owned: [OLD, NEW],
      parameters: [{}],
      groups: [group('web-asg', ['i-a', 'i-b', 'i-c', 'i-e'])],
      params: WEB_FAMILY,
    });

    // Assess
    const standard = findings.filter((f) => f.checkId === 'standard');
    expect(standard.map((f) => [f.resource.id, f.details?.class])).toEqual([
      ['i-a', 'current'],
      ['i-b', 'superseded'],
      ['i-c', 'over-lifetime'],
      ['i-d', 'unmanaged'],
      ['i-e', 'stale-launch-configuration'],
    ]);
    for (const f of standard) expect(CLASSES).toContain(f.details?.class);
  });
});

describe('instance-standard: where the current image comes from', () => {
  it('falls back to the newest owned image matching the name pattern when the family parameter does not exist, and says so', async () => {
    // Prepare
    const findings = await evaluate(
      {
        instances: [instance('i-1', 'ami-old', 2)],
        owned: [OLD, NEW],
        groups: [group('web-asg', ['i-1'])],
        params: WEB_FAMILY,
      },
      { parameters: ['/golden/web/ami'] },
    );

    // Assess
    const f = finding(findings, 'i-1');
    expect(f.details).toMatchObject({
      class: 'superseded',
      standardImageId: 'ami-new',
      standardSource: 'newest owned x86_64 image matching golden-web-* or tagged driftwatch:image-family=web',
      supersededHours: 40,
    });
    expect(f.message).toContain(
      "SSM parameter /golden/web/ami does not exist, so the family's newest image stands in",
    );
  });

  it('reports FAIL with no refresh when the only source, an instance-tagged parameter, does not exist', async () => {
    // Prepare
    const findings = await evaluate(
      {
        instances: [instance('i-1', 'ami-old', 2, { 'driftwatch:image-parameter': '/golden/api/ami' })],
        owned: [OLD],
        groups: [group('api-asg', ['i-1'])],
      },
      { parameters: ['/golden/api/ami'] },
    );

    // Assess
    const f = finding(findings, 'i-1');
    expect(f.status).toBe('FAIL');
    expect(f.details).toMatchObject({
      class: 'current',
      standardImageId: null,
      problems: [
        'the current image of /golden/api/ami is unknown: SSM parameter /golden/api/ami does not exist',
      ],
    });
    expect(finding(findings, 'api-asg', 'instance-refresh').action).toBeUndefined();
  });

  it('reports the parameter naming a missing image, and judges by the family images instead', async () => {
    // Prepare
    const findings = await evaluate(
      {
        instances: [instance('i-1', 'ami-new', 2)],
        owned: [OLD, NEW],
        parameters: [{ value: 'ami-deregistered' }],
        groups: [group('web-asg', ['i-1'])],
        params: WEB_FAMILY,
      },
      { images: ['ami-deregistered'] },
    );

    // Assess
    const f = finding(findings, 'i-1');
    expect(f.details).toMatchObject({ class: 'current', standardImageId: 'ami-new' });
    expect(f.message).toContain('SSM parameter /golden/web/ami names ami-deregistered, which does not exist');
  });

  it('counts two images created at the same moment both as current, naming the one with the later name', async () => {
    // Prepare
    const a = image('ami-a', 'golden-web-2026-11-20-a', 10);
    const b = image('ami-b', 'golden-web-2026-11-20-b', 10);
    const findings = await evaluate({
      instances: [instance('i-a', 'ami-a', 2), instance('i-b', 'ami-b', 2), instance('i-o', 'ami-old', 2)],
      owned: [OLD, a, b],
      groups: [group('web-asg', ['i-a', 'i-b', 'i-o'], { imageId: 'ami-a' })],
      params: { families: { web: { namePattern: 'golden-web-*' } } },
    });

    // Assess
    expect(finding(findings, 'i-a').details).toMatchObject({ class: 'current', standardImageId: 'ami-b' });
    expect(finding(findings, 'i-b').details).toMatchObject({ class: 'current', standardImageId: 'ami-b' });
    expect(finding(findings, 'i-o').details).toMatchObject({
      class: 'superseded',
      standardImageId: 'ami-b',
      supersededHours: 10,
    });
    // The group launches ami-a, which is current too: the refresh fixes i-o.
    expect(finding(findings, 'web-asg', 'instance-refresh').details).toMatchObject({ toReplace: ['i-o'] });
  });

  it('counts superseded hours from the new image, not the launch, for an instance launched minutes before it (PASS inside the grace, FAIL after)', async () => {
    // Prepare: the new image appeared 10 minutes after the instance launched.
    const setup = (hoursSinceImage: number) => ({
      instances: [instance('i-1', 'ami-old', hoursSinceImage + 1 / 6)],
      owned: [OLD, image('ami-new', 'golden-web-2026-11-21', hoursSinceImage)],
      groups: [group('web-asg', ['i-1'])],
      params: { families: { web: { namePattern: 'golden-web-*' } } },
    });

    // Act
    const early = finding(await evaluate(setup(1)), 'i-1');
    const late = finding(await evaluate(setup(5)), 'i-1');

    // Assess
    expect(early).toMatchObject({ status: 'PASS', details: { class: 'superseded', supersededHours: 1 } });
    expect(early.message).toContain('superseded for 1 hour (within the 4-hour rollout grace)');
    expect(late).toMatchObject({ status: 'FAIL', details: { class: 'superseded', supersededHours: 5 } });
  });

  it('counts from the first newer family image, not the newest, when several came out since', async () => {
    // Prepare
    const mid = image('ami-mid', 'golden-web-2026-11-10', 24 * 10);
    const findings = await evaluate({
      instances: [instance('i-1', 'ami-old', 3)],
      owned: [OLD, mid, NEW],
      groups: [group('web-asg', ['i-1'])],
      params: { families: { web: { namePattern: 'golden-web-*' } } },
    });

    // Assess
    expect(finding(findings, 'i-1').details).toMatchObject({
      supersededHours: 240,
      standardImageId: 'ami-new',
    });
  });

  it('reads the family from the image tag and ignores images of another architecture', async () => {
    // Prepare
    const tag = { 'driftwatch:image-family': 'api' };
    const findings = await evaluate({
      instances: [instance('i-1', 'ami-api1', 2)],
      owned: [
        image('ami-api1', 'api-1', 100, { tags: tag }),
        image('ami-api2', 'api-2', 50, { tags: tag }),
        image('ami-arm', 'api-arm', 5, { tags: tag, architecture: 'arm64' }),
      ],
      groups: [group('api-asg', ['i-1'], { imageId: 'ami-api2' })],
    });

    // Assess
    expect(finding(findings, 'i-1').details).toMatchObject({
      family: 'api',
      familyVia: 'image tag driftwatch:image-family',
      standardImageId: 'ami-api2',
      supersededHours: 50,
    });
  });

  it('reports FAIL naming the missing family for an image no family claims', async () => {
    // Prepare
    const findings = await evaluate({
      instances: [instance('i-1', 'ami-x', 2)],
      groups: [group('g', ['i-1'])],
    });

    // Assess
    const f = finding(findings, 'i-1');
    expect(f.status).toBe('FAIL');
    expect(f.message).toContain(
      'it runs ami-x (no longer described by EC2); its image ami-x belongs to no image family',
    );
  });
});

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
  it('reports FAIL (high) for IMDSv1 and FAIL (low) for a missing owner tag', async () => {
    // Prepare
    const i = instance('i-1', 'ami-new', 1, {}, { httpTokens: 'optional' });
    const tags = Object.fromEntries(Object.entries(i.tags).filter(([k]) => k !== 'Owner'));
    const findings = await evaluate({
      instances: [{ ...i, tags }],
      owned: [NEW],
      parameters: [{}],
      params: WEB_FAMILY,
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
