import { evaluate, finding, group, image, instance, NEW, OLD, WEB_FAMILY } from './fixtures';

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
