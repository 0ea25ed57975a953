import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ServiceException } from '@smithy/smithy-client';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { runRule } from '../../../lib/engine';
import { InventoryReadError } from '../../../lib/errors';
import type { Finding } from '../../../lib/findings';
import {
  configRecorders,
  configRecorderStatus,
  deliveryChannels,
  deliveryChannelStatus,
} from '../../../lib/inventory/config';
import { LiveInventory } from '../../../lib/inventory/live';
import { configRecorderEnabled } from '../../../rules/config-recorder-enabled';
import { placeboOutput, recordedIdentity, recordedTwoRegions } from '../../helpers/recordings';
import { runRequest } from '../../helpers/runs';
import { accountFinding, requireFinding } from '../../helpers/findings';

const scanUsEast1 = runRequest({ regions: ['us-east-1'] });
/** Both recorded regions: the account-wide global-types check reads only the regions scanned. */
const scanBoth = runRequest({ regions: 'all' });

/** DescribeDeliveryChannelStatus is in no recording (INDEX.md, Gaps 4): its outputs here are hand-built from the API model. */
const deliveredOk = {
  DeliveryChannelsStatus: [
    {
      name: 'default',
      configSnapshotDeliveryInfo: {
        lastStatus: 'Success' as const,
        lastSuccessfulTime: new Date('2026-11-20T01:00:00Z'),
      },
      configHistoryDeliveryInfo: {
        lastStatus: 'Success' as const,
        lastAttemptTime: new Date('2026-11-20T02:00:00Z'),
      },
      configStreamDeliveryInfo: { lastStatus: 'Not_Applicable' as const },
    },
  ],
};

/** The finding of `checkId` in us-east-1, the one region these runs scan. */
const check = (findings: readonly Finding[], checkId: string) =>
  requireFinding(findings, 'us-east-1', checkId);
/** The account-wide global-resource-types finding: reported once per run, with region `global`. */
const globalTypes = (findings: readonly Finding[]) => accountFinding(findings, 'global-resource-types');

describe('AWS Config reads and config-recorder-enabled against recorded AWS responses', () => {
  const config = mockClient(ConfigServiceClient);
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);

  /** Every region answers with the same recorded folder, as upstream replays it. */
  function replay(folder: string, statusFolder = folder) {
    config
      .on(DescribeConfigurationRecordersCommand)
      .resolves(placeboOutput(folder, 'config.DescribeConfigurationRecorders_1'));
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves(placeboOutput(statusFolder, 'config.DescribeConfigurationRecorderStatus_1'));
    config
      .on(DescribeDeliveryChannelsCommand)
      .resolves(placeboOutput(folder, 'config.DescribeDeliveryChannels_1'));
    config.on(DescribeDeliveryChannelStatusCommand).resolves(deliveredOk);
  }

  beforeEach(() => {
    config.reset();
    ec2.reset();
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves(recordedIdentity());
    // Two enabled regions: us-east-1 and us-west-1
    ec2.on(DescribeRegionsCommand).resolves(recordedTwoRegions());
  });
  afterAll(() => {
    config.restore();
    ec2.restore();
    sts.restore();
  });

  it('maps the recorded recorder, status and channel to plain JSON with ISO dates (test_account_config)', async () => {
    // Prepare
    replay('test_account_config');
    const inventory = new LiveInventory(new ClientFactory());

    // Act
    const recorders = await inventory.get(configRecorders, 'us-west-2');
    const status = await inventory.get(configRecorderStatus, 'us-west-2');
    const channels = await inventory.get(deliveryChannels, 'us-west-2');

    // Assess
    expect(recorders).toEqual([
      {
        name: 'default',
        roleArn: 'arn:aws:iam::644160558196:role/service-role/config-role-us-west-2',
        allSupported: true,
        includeGlobalResourceTypes: false,
        strategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
        resourceTypes: [],
        excludedResourceTypes: [],
      },
    ]);
    expect(status).toEqual([
      {
        name: 'default',
        recording: true,
        lastStatus: 'SUCCESS',
        lastStartTime: '2016-07-24T06:41:41.945Z',
        lastStatusChangeTime: '2016-08-07T12:42:04.052Z',
      },
    ]);
    expect(channels).toEqual([
      {
        name: 'default',
        s3BucketName: 'config-bucket-644160558196',
        snsTopicArn: 'arn:aws:sns:us-west-2:644160558196:config-topic',
      },
    ]);
  });

  it('passes a fully compliant recorder and notes that both regions record the global types (test_config_recorder)', async () => {
    // Prepare
    replay('test_config_recorder');

    // Act
    const run = await runRule(configRecorderEnabled, scanBoth, {
      inventory: new LiveInventory(new ClientFactory()),
    });

    // Assess
    // Four regional checks in each of the two regions, and the account-wide one
    expect(run.counts).toMatchObject({ FAIL: 0, ERROR: 0, PASS: 9 });
    expect(globalTypes(run.findings).details).toMatchObject({
      recordedIn: ['us-east-1', 'us-west-1'],
      duplicates: true,
    });
    // Memoised: each region is read once, the account-wide check adding no call
    expect(config.commandCalls(DescribeConfigurationRecordersCommand)).toHaveLength(2);
    expect(config.commandCalls(DescribeConfigurationRecorderStatusCommand)).toHaveLength(2);
    expect(config.commandCalls(DescribeDeliveryChannelsCommand)).toHaveLength(2);
    expect(config.commandCalls(DescribeDeliveryChannelStatusCommand)).toHaveLength(2);
  });

  it('reports the stopped recorder and starts it when asked to remediate (test_config_recorder_toggle_start)', async () => {
    // Prepare
    replay('test_config_recorder_toggle_start');
    config
      .on(StartConfigurationRecorderCommand)
      .resolves(placeboOutput('test_config_recorder_toggle_start', 'config.StartConfigurationRecorder_1'));
    const clients = new ClientFactory();

    // Act
    const run = await runRule(
      configRecorderEnabled,
      { ...scanUsEast1, remediate: true },
      { inventory: new LiveInventory(clients), clients },
    );

    // Assess
    const f = check(run.findings, 'recorder');
    expect(f.status).toBe('FAIL');
    expect(f.remediation).toMatchObject({
      action: 'config:StartConfigurationRecorder',
      status: 'done',
      dryRun: false,
    });
    expect(config.commandCalls(StartConfigurationRecorderCommand)[0]?.args[0].input).toEqual({
      ConfigurationRecorderName: 'default',
    });
    // The channel with only an S3 bucket (no SNS) is a valid delivery channel
    expect(check(run.findings, 'delivery-channel').status).toBe('PASS');
  });

  it('lists the allow-listed types of the Control Tower recorder (test_configrecord_retention)', async () => {
    // Prepare
    replay('test_configrecord_retention');

    // Act
    const run = await runRule(configRecorderEnabled, scanBoth, {
      inventory: new LiveInventory(new ClientFactory()),
    });

    // Assess
    const f = check(run.findings, 'resource-types');
    expect(f.status).toBe('FAIL');
    expect(f.message).toBe(
      'Configuration recorder aws-controltower-BaselineConfigRecorder in us-east-1 records only 4 resource types (AWS::WAF::RateBasedRule, AWS::WAF::Rule, AWS::WAF::RuleGroup, AWS::WAF::WebACL), so every other supported type is not recorded.',
    );
    expect(f.details).toMatchObject({ strategy: 'INCLUSION_BY_RESOURCE_TYPES', allSupported: false });
    expect(globalTypes(run.findings).status).toBe('FAIL');
  });

  it('fails the global types check when includeGlobalResourceTypes is off everywhere (test_account_config_global)', async () => {
    // Prepare: the folder has no status recording; the same account's status comes from test_account_config
    replay('test_account_config_global', 'test_account_config');

    // Act
    const run = await runRule(configRecorderEnabled, scanBoth, {
      inventory: new LiveInventory(new ClientFactory()),
    });

    // Assess
    expect(globalTypes(run.findings)).toMatchObject({
      status: 'FAIL',
      details: { recordedIn: [] },
    });
    expect(check(run.findings, 'recorder').status).toBe('PASS');
    expect(check(run.findings, 'resource-types').status).toBe('PASS');
  });

  it('passes the Control Tower recorder that records everything (test_config_recorder_cross_account)', async () => {
    // Prepare
    replay('test_config_recorder_cross_account');

    // Act
    const run = await runRule(configRecorderEnabled, scanUsEast1, {
      inventory: new LiveInventory(new ClientFactory()),
    });

    // Assess
    expect(run.counts).toMatchObject({ FAIL: 0, ERROR: 0 });
    expect(check(run.findings, 'recorder').resource).toEqual({
      type: 'AwsConfigConfigurationRecorder',
      id: 'aws-controltower-BaselineConfigRecorder',
    });
  });

  it('maps a delivery status with a failed history delivery (hand-built: no recording has one) and fails the check', async () => {
    // Prepare
    replay('test_config_recorder');
    config.on(DescribeDeliveryChannelStatusCommand).resolves({
      DeliveryChannelsStatus: [
        {
          name: 'default',
          configHistoryDeliveryInfo: {
            lastStatus: 'Failure',
            lastErrorCode: 'AccessDenied',
            lastErrorMessage: 'Access Denied',
            lastAttemptTime: new Date('2026-11-20T02:00:00Z'),
          },
          configStreamDeliveryInfo: {
            lastStatus: 'Success',
            lastStatusChangeTime: new Date('2026-11-20T03:00:00Z'),
          },
        },
      ],
    });
    const inventory = new LiveInventory(new ClientFactory());

    // Act
    const statuses = await inventory.get(deliveryChannelStatus, 'us-east-1');
    const run = await runRule(configRecorderEnabled, scanUsEast1, { inventory });

    // Assess
    expect(statuses).toEqual([
      {
        name: 'default',
        configHistory: {
          lastStatus: 'Failure',
          lastErrorCode: 'AccessDenied',
          lastErrorMessage: 'Access Denied',
          lastAttemptTime: '2026-11-20T02:00:00.000Z',
        },
        configStream: { lastStatus: 'Success', lastAttemptTime: '2026-11-20T03:00:00.000Z' },
      },
    ]);
    expect(check(run.findings, 'delivery-channel').message).toBe(
      'Delivery channel default in us-east-1 failed its last delivery: configHistory AccessDenied (Access Denied).',
    );
  });

  it('reports an ERROR for the delivery check when DescribeDeliveryChannelStatus answers HTTP 500, as moto does', async () => {
    // Prepare
    replay('test_config_recorder');
    config.on(DescribeDeliveryChannelStatusCommand).rejects(
      new ServiceException({
        name: 'InternalFailure',
        $fault: 'server',
        message: 'Internal Server Error',
        $metadata: { httpStatusCode: 500 },
      }),
    );

    // Act
    const run = await runRule(configRecorderEnabled, scanUsEast1, {
      inventory: new LiveInventory(new ClientFactory({ maxAttempts: 1 })),
    });

    // Assess
    expect(check(run.findings, 'delivery-channel')).toMatchObject({
      status: 'ERROR',
      details: { errorCode: 'InternalFailure' },
    });
    expect(check(run.findings, 'recorder').status).toBe('PASS');
  });

  it('turns an AccessDenied on DescribeConfigurationRecorders into an InventoryReadError and an ERROR for the region', async () => {
    // Prepare
    const denied = new ServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      message: 'not authorized to perform: config:DescribeConfigurationRecorders',
      $metadata: { httpStatusCode: 400 },
    });
    config.on(DescribeConfigurationRecordersCommand).rejects(denied);
    const inventory = new LiveInventory(new ClientFactory());

    // Act
    const read = inventory.get(configRecorders, 'us-east-1');
    const run = await runRule(configRecorderEnabled, scanUsEast1, { inventory });

    // Assess
    await expect(read).rejects.toBeInstanceOf(InventoryReadError);
    expect(run.findings.map((f) => [f.region, f.checkId, f.status])).toEqual([
      ['us-east-1', 'scan-error', 'ERROR'],
      ['global', 'global-resource-types', 'ERROR'],
    ]);
    expect(run.findings.find((f) => f.region === 'us-east-1')).toMatchObject({
      details: { errorCode: 'AccessDeniedException' },
    });
  });
});
