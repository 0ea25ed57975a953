import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type {
  DescribeTrailsCommandOutput,
  GetEventSelectorsCommandOutput,
  Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import { EC2Client, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { runRule } from '../../../lib/engine';
import { InventoryReadError } from '../../../lib/errors';
import type { Finding } from '../../../lib/findings';
import { cloudTrails } from '../../../lib/inventory/cloudtrail';
import { LiveInventory } from '../../../lib/inventory/live';
import { cloudtrailEnabled } from '../../../rules/cloudtrail-enabled';
import { placebo, placeboOutput } from '../../helpers/recordings';
import { runRequest } from '../../helpers/runs';
import { match } from '../../helpers/matchers';

const ACCOUNT = '644160558196';
const LOGGING = placeboOutput('test_account_trail', 'cloudtrail.GetTrailStatus_1');
const ALL_MANAGEMENT = placeboOutput('test_cloudtrail_event_selectors', 'cloudtrail.GetEventSelectors_1');

type Output = Record<string, unknown>;
const trailsOf = (folder: string, file = 'cloudtrail.DescribeTrails_1') =>
  placeboOutput<DescribeTrailsCommandOutput>(folder, file).trailList ?? [];

describe('cloudtrail.trails against recorded AWS responses', () => {
  const cloudtrail = mockClient(CloudTrailClient);
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);

  /** DescribeTrails answers per region as AWS does with shadow trails: own trails plus every multi-region trail. */
  function describeTrails(trails: readonly SdkTrail[]) {
    cloudtrail.on(DescribeTrailsCommand).callsFake(async (_input, getClient) => {
      const region = await (getClient() as CloudTrailClient).config.region();
      return { trailList: trails.filter((t) => t.HomeRegion === region || t.IsMultiRegionTrail) };
    });
  }
  function statusByArn(statuses: Record<string, Output>) {
    cloudtrail
      .on(GetTrailStatusCommand)
      .callsFake((input: { Name?: string }) => statuses[input.Name ?? ''] ?? LOGGING);
  }
  async function scan(regions: string[], scanned: string[] = regions): Promise<Finding[]> {
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: regions.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })),
    });
    const run = await runRule(
      cloudtrailEnabled,
      runRequest({
        regions: scanned,
        params: { trailBucket: '', trailName: 'driftwatch', trailHomeRegion: 'us-east-1' },
      }),
      { inventory: new LiveInventory(new ClientFactory()) },
    );
    return [...run.findings];
  }
  const find = (findings: Finding[], region: string, checkId: string, resourceId?: string) =>
    findings.find(
      (f) =>
        f.region === region &&
        f.checkId === checkId &&
        (resourceId === undefined || f.resource.id === resourceId),
    );

  beforeEach(() => {
    cloudtrail.reset();
    ec2.reset();
    sts.reset();
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/kapil` });
    cloudtrail.on(GetEventSelectorsCommand).resolves(ALL_MANAGEMENT);
  });
  afterAll(() => {
    cloudtrail.restore();
    ec2.restore();
    sts.restore();
  });

  it('reads the compliant baseline trail with its status as plain JSON (test_account_trail; selectors from test_cloudtrail_event_selectors)', async () => {
    // Prepare
    describeTrails(trailsOf('test_account_trail'));
    statusByArn({});
    // Act
    const trails = await new LiveInventory(new ClientFactory()).get(cloudTrails, 'us-east-1');
    // Assess
    expect(trails).toEqual([
      {
        name: 'skunk-trails',
        arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/skunk-trails`,
        homeRegion: 'us-east-1',
        ownerAccount: ACCOUNT,
        isMultiRegion: true,
        isOrganizationTrail: false,
        includeGlobalServiceEvents: true,
        logFileValidationEnabled: true,
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/36812ccf-daaf-49b1-a24b-0eef254ffe41`,
        s3BucketName: 'custodian-skunk-trails',
        state: {
          status: {
            isLogging: true,
            latestDeliveryTime: '2016-08-07T19:07:56.058Z',
            startLoggingTime: '2016-07-24T04:57:57.360Z',
          },
          selectors: {
            classic: [
              { readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [] },
            ],
            advanced: [],
          },
        },
      },
    ]);
    expect(JSON.parse(JSON.stringify(trails))).toEqual(trails);
  });

  it('calls GetTrailStatus and GetEventSelectors once per trail, in its home region, with the ARN (test_cloudtrail_event_selectors)', async () => {
    // Prepare: 2 multi-region trails (homes us-east-1 and us-east-2), 1 single-region, 1 org trail
    describeTrails(trailsOf('test_cloudtrail_event_selectors'));
    statusByArn({});
    const selectors = [1, 2, 3, 4].map((n) =>
      placeboOutput<GetEventSelectorsCommandOutput>(
        'test_cloudtrail_event_selectors',
        `cloudtrail.GetEventSelectors_${n}`,
      ),
    );
    cloudtrail
      .on(GetEventSelectorsCommand)
      .callsFake((input: { TrailName?: string }) => selectors.find((s) => s.TrailARN === input.TrailName));
    // Act: scan two regions; us-east-2 is read once, for the shadow's state and for its own evaluation
    const findings = await scan(['eu-west-1', 'us-east-1', 'us-east-2']);
    // Assess
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)).toHaveLength(3);
    const statusNames = cloudtrail.commandCalls(GetTrailStatusCommand).map((c) => c.args[0].input.Name);
    expect(statusNames.sort()).toEqual(
      trailsOf('test_cloudtrail_event_selectors')
        .map((t) => t.TrailARN)
        .sort(),
    );
    expect(cloudtrail.commandCalls(GetEventSelectorsCommand)).toHaveLength(4);
    expect(find(findings, 'eu-west-1', 'region-logged')?.status).toBe('PASS');
    // Settings findings live in the home region: the us-east-2 trail is not judged in us-east-1.
    expect(
      find(
        findings,
        'us-east-1',
        'log-file-validation',
        'arn:aws:cloudtrail:us-east-2:123456789012:trail/MultiRegion2CloudTrail',
      ),
    ).toBeUndefined();
    expect(
      find(
        findings,
        'us-east-2',
        'log-file-validation',
        'arn:aws:cloudtrail:us-east-2:123456789012:trail/MultiRegion2CloudTrail',
      )?.status,
    ).toBe('PASS');
  });

  it('leaves a shadow trail without state in the regions it shadows into (test_cloudtrail_is_shadow_or_not)', async () => {
    describeTrails(trailsOf('test_cloudtrail_is_shadow_or_not'));
    statusByArn({});
    const trails = await new LiveInventory(new ClientFactory()).get(cloudTrails, 'us-east-1');
    const shadow = trails.find((t) => t.name === 'MultiRegion2CloudTrail');
    expect(shadow).toMatchObject({ homeRegion: 'us-east-2', isMultiRegion: true });
    expect(shadow?.state).toBeUndefined();
    expect(cloudtrail.commandCalls(GetTrailStatusCommand).map((c) => c.args[0].input.Name)).not.toContain(
      shadow?.arn,
    );
  });

  it('reports the stopped trail and passes the region through the logging one (test_cloudtrail_status)', async () => {
    const recorded = trailsOf('test_cloudtrail_status');
    describeTrails(recorded);
    statusByArn({
      [recorded[0]?.TrailARN ?? '']: placeboOutput('test_cloudtrail_status', 'cloudtrail.GetTrailStatus_1'),
      [recorded[1]?.TrailARN ?? '']: placeboOutput('test_cloudtrail_status', 'cloudtrail.GetTrailStatus_2'),
    });
    const findings = await scan(['us-east-1']);
    const region = find(findings, 'us-east-1', 'region-logged');
    expect(region?.status).toBe('PASS');
    expect(region?.details.trails).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'S3-DataEvents',
          problems: ['is not logging (stopped 2018-01-14T06:19:40.347Z)'],
        }),
      ]),
    );
  });

  it('fails a stopped trail without validation or KMS and plans StartLogging (test_cloudtrail_enable, its nosetest trail)', async () => {
    describeTrails(trailsOf('test_cloudtrail_enable').filter((t) => t.Name === 'nosetest'));
    statusByArn({
      [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/nosetest`]: placeboOutput(
        'test_cloudtrail_enable',
        'cloudtrail.GetTrailStatus_1',
      ),
    });
    const findings = await scan(['us-east-1']);
    expect(find(findings, 'us-east-1', 'region-logged')).toMatchObject({
      status: 'FAIL',
      remediation: { action: 'cloudtrail:StartLogging', status: 'planned' },
    });
    expect(find(findings, 'us-east-1', 'log-file-validation')?.status).toBe('FAIL');
    expect(find(findings, 'us-east-1', 'kms-encryption')?.status).toBe('FAIL');
  });

  it.each([
    ['test_cloudtrail_success_cloudtrail_include_management_events', 'PASS', undefined],
    ['test_cloudtrail_fail_include_management_events', 'FAIL', 'records only read management events'],
    // Stricter than the upstream test: excluding rdsdata.amazonaws.com leaves events out (AWS Config's rule fails it too).
    ['test_cloudtrail_success_management_advanced_events_included', 'FAIL', 'excludes rdsdata.amazonaws.com'],
    [
      'test_cloudtrail_fail_management_advanced_events_included',
      'FAIL',
      'selects write; excludes kms.amazonaws.com, rdsdata.amazonaws.com',
    ],
  ])('judges the recorded selectors of %s as %s', async (folder, status, text) => {
    describeTrails(trailsOf(folder));
    cloudtrail.on(GetTrailStatusCommand).resolves(placeboOutput(folder, 'cloudtrail.GetTrailStatus_1'));
    cloudtrail.on(GetEventSelectorsCommand).resolves(placeboOutput(folder, 'cloudtrail.GetEventSelectors_1'));
    const f = find(await scan(['us-east-1']), 'us-east-1', 'region-logged');
    expect(f?.status).toBe(status);
    if (text) expect(f?.message).toContain(text);
  });

  it('counts the recorded organization trail (test_cloudtrail_set_logging)', async () => {
    describeTrails(trailsOf('test_cloudtrail_set_logging'));
    statusByArn({
      [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/orgTrail`]: placeboOutput(
        'test_cloudtrail_set_logging',
        'cloudtrail.GetTrailStatus_1',
      ),
    });
    const findings = await scan(['us-east-1']);
    expect(find(findings, 'us-east-1', 'region-logged')?.message).toContain(
      'organization multi-region trail orgTrail',
    );
    expect(find(findings, 'global', 'multi-region-trail')?.status).toBe('PASS');
  });

  it('keeps an unreadable organization trail as an error, but fails the read for an own trail (test_cloudtrail_delete error shape)', async () => {
    // Prepare: the recorded TrailNotFoundException, as a member account may get for an org trail
    const { error } = placebo('test_cloudtrail_delete', 'cloudtrail.DeleteTrail_2');
    cloudtrail.on(GetTrailStatusCommand).rejects(error);
    describeTrails(trailsOf('test_cloudtrail_set_logging'));
    const trails = await new LiveInventory(new ClientFactory()).get(cloudTrails, 'us-east-1');
    expect(trails[0]?.state).toEqual({
      error: { code: 'TrailNotFoundException', message: match.stringContaining('Unknown trail') },
    });
    // Act: an own (non-organization) trail
    describeTrails(trailsOf('test_account_trail'));
    await expect(new LiveInventory(new ClientFactory()).get(cloudTrails, 'us-east-1')).rejects.toThrow(
      InventoryReadError,
    );
  });

  it('fails the region and the account when no trail exists (test_account_modify_data_events)', async () => {
    describeTrails(trailsOf('test_account_modify_data_events'));
    const findings = await scan(['us-east-1']);
    expect(find(findings, 'us-east-1', 'region-logged')?.status).toBe('FAIL');
    expect(find(findings, 'global', 'multi-region-trail')?.message).toContain(
      'has no multi-region CloudTrail trail',
    );
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(0);
  });
});
