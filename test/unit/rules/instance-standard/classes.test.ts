import { CLASSES } from '../../../../rules/instance-standard/classify';
import { ago, evaluate, finding, group, instance, NEW, OLD, WEB_FAMILY } from './fixtures';

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
