import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import { startConfigurationRecorder } from '../../../../lib/actions/config';
import type {
  ConfigRecorder,
  ConfigRecorderStatus,
  DeliveryChannel,
  DeliveryChannelStatus,
} from '../../../../lib/inventory/config';
import {
  configRecorders,
  configRecorderStatus,
  deliveryChannels,
  deliveryChannelStatus,
} from '../../../../lib/inventory/config';
import type { StoredRead } from '../../../../lib/inventory/memory';
import { StoredInventory } from '../../../../lib/inventory/memory';
import { enabledRegions } from '../../../../lib/inventory/regions';
import { configRecorderEnabled } from '../../../../rules/config-recorder-enabled';
import { runRequest } from '../../../helpers/runs';
import { accountFinding, requireFinding } from '../../../helpers/findings';

const ACCOUNT = '111122223333';
type Stored<T> = T | { error: { code: string; message: string } };

/** One region's AWS Config state; a read left out is absent from the inventory (asking for it fails the test). */
interface RegionState {
  recorders?: Stored<ConfigRecorder[]>;
  status?: Stored<ConfigRecorderStatus[]>;
  channels?: Stored<DeliveryChannel[]>;
  channelStatus?: Stored<DeliveryChannelStatus[]>;
}

const recorder = (over: Partial<ConfigRecorder> = {}): ConfigRecorder => ({
  name: 'default',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
  allSupported: true,
  includeGlobalResourceTypes: false,
  strategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
  resourceTypes: [],
  excludedResourceTypes: [],
  ...over,
});
const recording = (over: Partial<ConfigRecorderStatus> = {}): ConfigRecorderStatus => ({
  name: 'default',
  recording: true,
  lastStatus: 'Success',
  ...over,
});
const channel: DeliveryChannel = { name: 'default', s3BucketName: 'config-bucket' };
const delivered: DeliveryChannelStatus = {
  name: 'default',
  configSnapshot: { lastStatus: 'Success' },
  configHistory: { lastStatus: 'Success' },
  configStream: { lastStatus: 'Not_Applicable' },
};
/** A compliant region; `global` also records the global IAM resource types. */
const healthy = (global = false, over: RegionState = {}): RegionState => ({
  recorders: [recorder({ includeGlobalResourceTypes: global })],
  status: [recording()],
  channels: [channel],
  channelStatus: [delivered],
  ...over,
});

function inventoryOf(regions: Record<string, RegionState>): StoredInventory {
  const stored = (value: unknown): StoredRead =>
    value && typeof value === 'object' && 'error' in value
      ? { error: (value as { error: { code: string; message: string } }).error }
      : { value };
  const reads: Record<string, Record<string, StoredRead>> = {
    'sts.callerIdentity': {
      global: { value: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' } },
    },
    [enabledRegions.name]: { global: { value: Object.keys(regions).sort() } },
  };
  const byRead = [
    [configRecorders.name, 'recorders'],
    [configRecorderStatus.name, 'status'],
    [deliveryChannels.name, 'channels'],
    [deliveryChannelStatus.name, 'channelStatus'],
  ] as const;
  for (const [name, key] of byRead) {
    reads[name] = {};
    for (const [region, state] of Object.entries(regions)) {
      if (state[key] !== undefined) reads[name][region] = stored(state[key]);
    }
  }
  return new StoredInventory(reads);
}

async function scan(regions: Record<string, RegionState>, only?: string[]) {
  // Act
  return runRule(configRecorderEnabled, runRequest({ regions: only ?? 'all' }), {
    inventory: inventoryOf(regions),
  });
}

/** The account-wide global-resource-types finding: reported once per run, with region `global`. */
const globalTypes = (findings: readonly Finding[]) => accountFinding(findings, 'global-resource-types');

describe('config-recorder-enabled', () => {
  it('passes every check in a region that records everything, delivers, and records the global types', async () => {
    // Prepare, Act
    const run = await scan({ 'us-east-1': healthy(true) });

    // Assess
    expect(run.counts).toMatchObject({ FAIL: 0, ERROR: 0, PASS: 5 });
    expect(run.findings.map((f) => f.checkId).sort()).toEqual([
      'delivery-channel',
      'global-resource-types',
      'recorder',
      'recorder-status',
      'resource-types',
    ]);
    expect(requireFinding(run.findings, 'us-east-1', 'recorder')).toMatchObject({
      id: `config-recorder-enabled|${ACCOUNT}|us-east-1|default|recorder`,
      controls: { cisV3: ['3.3'], cisV5: ['3.3'], securityHub: ['Config.1'] },
      message: 'Configuration recorder default in us-east-1 is recording.',
      details: { recording: true, usesServiceLinkedRole: true, deliveryChannels: ['default'] },
    });
  });

  it('reports FAIL when a region has no recorder, naming the missing delivery channel too', async () => {
    // Prepare
    const regions = { 'us-east-1': healthy(true), 'eu-west-1': { recorders: [], channels: [] } };

    // Act
    const run = await scan(regions);

    // Assess
    const f = requireFinding(run.findings, 'eu-west-1', 'recorder');
    expect(f).toMatchObject({
      status: 'FAIL',
      severity: 'high',
      resource: { type: 'AwsRegion', id: 'eu-west-1' },
    });
    expect(f.message).toBe(
      'Region eu-west-1 has no AWS Config configuration recorder and no delivery channel, so no configuration changes are recorded there.',
    );
    expect(f.remediation).toBeUndefined();
    expect(run.findings.filter((x) => x.region === 'eu-west-1').map((x) => x.checkId)).toEqual(['recorder']);
    expect(globalTypes(run.findings)).toMatchObject({
      status: 'PASS',
      details: { recordedIn: ['us-east-1'] },
    });
  });

  it('does not count a service-linked recorder as the region recorder', async () => {
    // Prepare
    const linked = recorder({
      name: 'AWSConfigurationRecorderForSecurityHub',
      servicePrincipal: 'securityhub.amazonaws.com',
      recordingScope: 'INTERNAL',
    });

    // Act
    const run = await scan({
      'us-east-1': healthy(true),
      'eu-west-1': { recorders: [linked], channels: [] },
    });

    // Assess
    const f = requireFinding(run.findings, 'eu-west-1', 'recorder');
    expect(f.status).toBe('FAIL');
    expect(f.details).toMatchObject({ serviceLinkedRecorders: ['AWSConfigurationRecorderForSecurityHub'] });
  });

  it('reports FAIL for a stopped recorder with a delivery channel and plans StartConfigurationRecorder', async () => {
    // Prepare
    const regions = { 'us-east-1': healthy(true, { status: [recording({ recording: false })] }) };

    // Act
    const run = await scan(regions);

    // Assess
    const f = requireFinding(run.findings, 'us-east-1', 'recorder');
    expect(f.status).toBe('FAIL');
    expect(f.message).toBe(
      'Configuration recorder default in us-east-1 is stopped, so configuration changes are not recorded.',
    );
    expect(f.remediation).toEqual({
      action: startConfigurationRecorder.name,
      description: 'Start configuration recorder default in us-east-1',
      status: 'planned',
      dryRun: true,
      reason: 'offline scan: nothing can be changed',
    });
  });

  it('reports FAIL for a stopped recorder without a delivery channel, saying what is missing instead of planning a start', async () => {
    // Prepare
    const regions = {
      'us-east-1': healthy(true, {
        status: [recording({ recording: false })],
        channels: [],
        channelStatus: undefined,
      }),
    };

    // Act
    const run = await scan(regions);

    // Assess
    const f = requireFinding(run.findings, 'us-east-1', 'recorder');
    expect(f.status).toBe('FAIL');
    expect(f.remediation).toBeUndefined();
    expect(f.message).toContain('cannot be started until a delivery channel to an S3 bucket is created');
    const channelCheck = requireFinding(run.findings, 'us-east-1', 'delivery-channel');
    expect(channelCheck).toMatchObject({ status: 'FAIL', resource: { type: 'AwsConfigDeliveryChannel' } });
    expect(channelCheck.message).toContain('has no delivery channel');
  });

  it('reports FAIL listing the recorded types when the recorder uses an allow-list', async () => {
    // Prepare
    const allowList = recorder({
      allSupported: false,
      strategy: 'INCLUSION_BY_RESOURCE_TYPES',
      resourceTypes: ['AWS::WAF::Rule', 'AWS::WAF::WebACL'],
    });

    // Act
    const run = await scan({
      'us-east-1': healthy(true),
      'eu-west-1': healthy(false, { recorders: [allowList] }),
    });

    // Assess
    const f = requireFinding(run.findings, 'eu-west-1', 'resource-types');
    expect(f).toMatchObject({ status: 'FAIL', severity: 'medium' });
    expect(f.message).toBe(
      'Configuration recorder default in eu-west-1 records only 2 resource types (AWS::WAF::Rule, AWS::WAF::WebACL), so every other supported type is not recorded.',
    );
  });

  it('reports FAIL listing the excluded types when the recorder excludes some', async () => {
    // Prepare
    const excluding = recorder({
      allSupported: false,
      strategy: 'EXCLUSION_BY_RESOURCE_TYPES',
      excludedResourceTypes: ['AWS::EC2::Volume'],
    });

    // Act
    const run = await scan({
      'us-east-1': healthy(true),
      'eu-west-1': healthy(false, { recorders: [excluding] }),
    });

    // Assess
    const f = requireFinding(run.findings, 'eu-west-1', 'resource-types');
    expect(f.status).toBe('FAIL');
    expect(f.message).toBe(
      'Configuration recorder default in eu-west-1 does not record 1 excluded resource type: AWS::EC2::Volume.',
    );
    expect(f.details).toMatchObject({ excludedResourceTypes: ['AWS::EC2::Volume'] });
  });

  it('reports FAIL when the recorder last status is a failure, with the error code', async () => {
    // Prepare
    const failing = recording({
      lastStatus: 'Failure',
      lastErrorCode: 'AccessDenied',
      lastErrorMessage: 'role cannot read',
    });

    // Act
    const run = await scan({ 'us-east-1': healthy(true, { status: [failing] }) });

    // Assess
    const f = requireFinding(run.findings, 'us-east-1', 'recorder-status');
    expect(f.status).toBe('FAIL');
    expect(f.message).toBe(
      'Configuration recorder default in us-east-1 last failed to record (AccessDenied: role cannot read).',
    );
    expect(requireFinding(run.findings, 'us-east-1', 'recorder').status).toBe('PASS');
  });

  it('reports FAIL when the delivery channel last delivery failed, naming the kind and error', async () => {
    // Prepare
    const failed: DeliveryChannelStatus = {
      ...delivered,
      configHistory: {
        lastStatus: 'Failure',
        lastErrorCode: 'NoSuchBucket',
        lastErrorMessage: 'bucket is gone',
      },
    };

    // Act
    const run = await scan({ 'us-east-1': healthy(true, { channelStatus: [failed] }) });

    // Assess
    const f = requireFinding(run.findings, 'us-east-1', 'delivery-channel');
    expect(f).toMatchObject({
      status: 'FAIL',
      resource: { type: 'AwsConfigDeliveryChannel', id: 'default' },
    });
    expect(f.message).toBe(
      'Delivery channel default in us-east-1 failed its last delivery: configHistory NoSuchBucket (bucket is gone).',
    );
  });

  it('reports an ERROR for the delivery check only when DescribeDeliveryChannelStatus fails, keeping the other checks', async () => {
    // Prepare
    const unreadable = { error: { code: 'InternalFailure', message: 'HTTP 500' } };

    // Act
    const run = await scan({ 'us-east-1': healthy(true, { channelStatus: unreadable }) });

    // Assess
    const f = requireFinding(run.findings, 'us-east-1', 'delivery-channel');
    expect(f.status).toBe('ERROR');
    expect(f.message).toBe(
      'Could not check whether delivery channel default in us-east-1 last delivered successfully: InternalFailure.',
    );
    expect(f.details).toMatchObject({ errorCode: 'InternalFailure', read: 'config.deliveryChannelStatus' });
    expect(run.partial).toBe(true);
    expect(run.counts).toMatchObject({ ERROR: 1, PASS: 4 });
  });

  it('reports FAIL once for the account, as global, when no region records the global IAM resource types', async () => {
    // Prepare, Act
    const run = await scan({ 'us-east-1': healthy(false), 'eu-west-1': healthy(false) });

    // Assess
    const f = globalTypes(run.findings);
    expect(f).toMatchObject({
      id: `config-recorder-enabled|${ACCOUNT}|global|${ACCOUNT}|global-resource-types`,
      status: 'FAIL',
      severity: 'medium',
      resource: { type: 'AwsAccount', id: ACCOUNT },
    });
    expect(f.message).toContain(`No region of account ${ACCOUNT} records the global IAM resource types`);
    expect(f.remediation).toBeUndefined();
  });

  it('does not count global types on a stopped recorder', async () => {
    // Prepare
    const stopped = healthy(true, { status: [recording({ recording: false })] });

    // Act
    const run = await scan({ 'us-east-1': stopped, 'eu-west-1': healthy(false) });

    // Assess
    expect(globalTypes(run.findings).status).toBe('FAIL');
  });

  it('passes and notes duplicates when several regions record the global types', async () => {
    // Prepare, Act
    const run = await scan({
      'us-east-1': healthy(true),
      'eu-west-1': healthy(true),
      'ap-south-1': healthy(false),
    });

    // Assess
    const f = globalTypes(run.findings);
    expect(f.status).toBe('PASS');
    expect(f.details).toMatchObject({ recordedIn: ['eu-west-1', 'us-east-1'], duplicates: true });
    expect(f.message).toContain(
      '2 regions (eu-west-1, us-east-1) record them, which duplicates every IAM configuration item',
    );
  });

  it('passes naming the one region that records the global types', async () => {
    // Prepare, Act
    const run = await scan({ 'us-east-1': healthy(true), 'eu-west-1': healthy(false) });

    // Assess
    const f = globalTypes(run.findings);
    expect(f.status).toBe('PASS');
    expect(f.message).toBe(
      `The global IAM resource types of account ${ACCOUNT} are recorded: us-east-1 records them.`,
    );
    expect(f.details).toMatchObject({ duplicates: false });
  });

  it('reads only the scanned regions: the global types check is not decided, not failed, when the region recording them was not scanned', async () => {
    // Prepare: us-east-1 records the global types but only eu-west-1 is scanned
    const run = await scan({ 'us-east-1': healthy(true), 'eu-west-1': healthy(false) }, ['eu-west-1']);

    // Assess
    expect(run.regions).toEqual(['eu-west-1']);
    const f = globalTypes(run.findings);
    expect(f.status).toBe('NOT_APPLICABLE');
    expect(f.message).toContain('1 enabled region was not scanned (us-east-1)');
    expect(f.details).toMatchObject({ unscannedRegions: ['us-east-1'] });
  });

  it('passes when a scanned region records the global types, also when others were not scanned', async () => {
    // Prepare, Act
    const run = await scan({ 'us-east-1': healthy(true), 'eu-west-1': healthy(false) }, ['us-east-1']);

    // Assess
    expect(globalTypes(run.findings).status).toBe('PASS');
  });

  it('counts an explicit list and an exclusion list that cover the IAM types as recording them', async () => {
    // Prepare
    const listed = recorder({
      allSupported: false,
      strategy: 'INCLUSION_BY_RESOURCE_TYPES',
      resourceTypes: ['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy'],
    });
    const excludingOther = recorder({
      allSupported: false,
      strategy: 'EXCLUSION_BY_RESOURCE_TYPES',
      excludedResourceTypes: ['AWS::EC2::Volume'],
    });

    // Act
    const run = await scan({
      'us-east-1': healthy(false, { recorders: [listed] }),
      'eu-west-1': healthy(false, { recorders: [excludingOther] }),
    });

    // Assess
    expect(globalTypes(run.findings).details).toMatchObject({
      recordedIn: ['eu-west-1', 'us-east-1'],
    });
  });

  it('reports an ERROR for the global check when no readable region records them and another region cannot be read', async () => {
    // Prepare
    const denied = { recorders: { error: { code: 'AccessDeniedException', message: 'denied' } } };

    // Act
    const run = await scan({ 'us-east-1': denied, 'eu-west-1': healthy(false) });

    // Assess
    const f = globalTypes(run.findings);
    expect(f.status).toBe('ERROR');
    expect(f.message).toContain('us-east-1 (AccessDeniedException) could not be read');
  });

  it('declares exactly the IAM actions of its reads and its action', () => {
    const reads = [
      configRecorders,
      configRecorderStatus,
      deliveryChannels,
      deliveryChannelStatus,
      enabledRegions,
    ];
    expect([...configRecorderEnabled.meta.permissions.read].sort()).toEqual(
      reads.flatMap((r) => r.actions).sort(),
    );
    expect(configRecorderEnabled.meta.permissions.remediate).toEqual([startConfigurationRecorder.name]);
  });
});
