import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import type { Trail, TrailSelectors } from '../../../../lib/inventory/cloudtrail';
import type { VpcFlowLogs } from '../../../../lib/inventory/flow-logs';
import type { KmsKey } from '../../../../lib/inventory/kms';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { BucketLogging } from '../../../../lib/inventory/s3-logging';
import { loggingCoverage } from '../../../../rules/logging-coverage';
import { runRequest } from '../../../helpers/runs';
import { match } from '../../../helpers/matchers';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const MANAGEMENT: TrailSelectors = {
  classic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [] }],
  advanced: [],
};

function trail(selectors: TrailSelectors = MANAGEMENT, over: Partial<Trail> = {}): Trail {
  return {
    name: 'main',
    arn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/main`,
    homeRegion: REGION,
    ownerAccount: ACCOUNT,
    isMultiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    s3BucketName: 'trail-logs',
    state: { status: { isLogging: true }, selectors },
    ...over,
  };
}

type ReadKey = Extract<KmsKey, { manager: string }>;

const key = (over: Partial<ReadKey> = {}): ReadKey => ({
  keyId: 'k1',
  arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`,
  manager: 'CUSTOMER',
  spec: 'SYMMETRIC_DEFAULT',
  state: 'Enabled',
  origin: 'AWS_KMS',
  rotation: { enabled: true, periodDays: 365 },
  ...over,
});

interface Account {
  readonly trails?: Trail[];
  readonly bucket?: BucketLogging | 'missing';
  readonly keys?: KmsKey[];
  readonly flowLogs?: VpcFlowLogs;
}

async function scan(a: Account): Promise<readonly Finding[]> {
  // Prepare
  const trails = a.trails ?? [trail()];
  const buckets = [
    ...new Set(trails.filter((t) => t.ownerAccount === ACCOUNT).flatMap((t) => t.s3BucketName ?? [])),
  ];
  const bucket = a.bucket ?? {
    bucket: 'trail-logs',
    region: REGION,
    target: { bucket: 'access-logs', prefix: 'trail/' },
  };
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'ec2.enabledRegions': { global: [REGION] },
      'cloudtrail.trails': { [REGION]: trails },
      's3.bucketLogging': { global: { requested: buckets, found: bucket === 'missing' ? [] : [bucket] } },
      'kms.keys': { [REGION]: a.keys ?? [] },
      'ec2.vpcFlowLogs': { [REGION]: a.flowLogs ?? { vpcs: [], flowLogs: [] } },
    }),
  );
  // Act
  return (await runRule(loggingCoverage, runRequest(), { inventory })).findings;
}

const only = (findings: readonly Finding[], checkId: string, id: string) => {
  const found = findings.filter((f) => f.checkId === checkId && f.resource.id === id);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
};

describe('logging-coverage: the trail bucket logs its access (CIS 3.4 / CloudTrail.7)', () => {
  it('passes a trail bucket with server access logging, once for the account', async () => {
    const findings = await scan({});

    expect(only(findings, 'trail-bucket-access-logging', 'trail-logs')).toMatchObject({
      status: 'PASS',
      region: 'global',
      controls: { cisV5: ['3.4'], securityHub: ['CloudTrail.7'] },
    });
  });

  it('fails a bucket with logging off, and one that does not exist', async () => {
    const off = await scan({ bucket: { bucket: 'trail-logs', region: REGION } });
    const missing = await scan({ bucket: 'missing' });

    expect(only(off, 'trail-bucket-access-logging', 'trail-logs').status).toBe('FAIL');
    expect(only(missing, 'trail-bucket-access-logging', 'trail-logs').message).toContain('does not exist');
  });

  it("reports ERROR naming the code for a bucket this role may not read (a logging account's)", async () => {
    const findings = await scan({
      bucket: { bucket: 'trail-logs', error: { code: 'AccessDenied', message: 'denied' } },
    });

    expect(only(findings, 'trail-bucket-access-logging', 'trail-logs')).toMatchObject({
      status: 'ERROR',
      message: match.stringContaining('AccessDenied'),
    });
  });

  it("does not judge the bucket of another account's organization trail", async () => {
    const findings = await scan({
      trails: [trail(MANAGEMENT, { ownerAccount: '999988887777', isOrganizationTrail: true })],
    });

    expect(findings.filter((f) => f.checkId === 'trail-bucket-access-logging')).toEqual([]);
  });
});

describe('logging-coverage: KMS key rotation (CIS 3.6 / KMS.4)', () => {
  it('passes a rotating customer key and fails one that does not rotate', async () => {
    const findings = await scan({ keys: [key(), key({ keyId: 'k2', rotation: { enabled: false } })] });

    expect(only(findings, 'kms-key-rotation', 'k1')).toMatchObject({
      status: 'PASS',
      region: REGION,
      controls: { securityHub: ['KMS.4'] },
    });
    expect(only(findings, 'kms-key-rotation', 'k2')).toMatchObject({
      status: 'FAIL',
      message: match.stringContaining('enable-key-rotation --key-id k2'),
    });
  });

  it('ignores AWS managed keys and marks asymmetric, imported and disabled customer keys NOT_APPLICABLE', async () => {
    const { rotation: _unused, ...unread } = key();
    void _unused;
    const findings = await scan({
      keys: [
        { ...unread, keyId: 'aws', manager: 'AWS' },
        { ...unread, keyId: 'rsa', spec: 'RSA_2048' },
        { ...unread, keyId: 'imported', origin: 'EXTERNAL' },
        { ...unread, keyId: 'off', state: 'Disabled' },
      ],
    });

    expect(findings.filter((f) => f.resource.id === 'aws')).toEqual([]);
    for (const id of ['rsa', 'imported', 'off'])
      expect(only(findings, 'kms-key-rotation', id).status).toBe('NOT_APPLICABLE');
  });

  it('reports ERROR for a key whose policy refuses DescribeKey', async () => {
    const findings = await scan({
      keys: [{ keyId: 'k9', arn: 'arn:k9', error: { code: 'AccessDeniedException', message: 'no' } }],
    });

    expect(only(findings, 'kms-key-rotation', 'k9').status).toBe('ERROR');
  });
});

describe('logging-coverage: VPC flow logs (CIS 3.7 / EC2.6)', () => {
  const flow = {
    id: 'fl-1',
    resourceId: 'vpc-a',
    trafficType: 'ALL',
    status: 'ACTIVE',
    destinationType: 's3',
  };
  const vpc = (vpcId: string) => ({ vpcId, isDefault: false, tags: {} });

  it('passes a VPC with an active flow log and fails one without', async () => {
    const findings = await scan({ flowLogs: { vpcs: [vpc('vpc-a'), vpc('vpc-b')], flowLogs: [flow] } });

    expect(only(findings, 'vpc-flow-logs', 'vpc-a')).toMatchObject({
      status: 'PASS',
      resource: { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-a` },
    });
    expect(only(findings, 'vpc-flow-logs', 'vpc-b')).toMatchObject({
      status: 'FAIL',
      message: match.stringContaining('has no flow log'),
    });
  });

  it('fails ACCEPT-only, inactive and failing flow logs, and does not count a subnet flow log', async () => {
    const findings = await scan({
      flowLogs: {
        vpcs: [vpc('vpc-a'), vpc('vpc-b'), vpc('vpc-c'), vpc('vpc-d')],
        flowLogs: [
          { ...flow, trafficType: 'ACCEPT' },
          { ...flow, id: 'fl-2', resourceId: 'vpc-b', status: 'SOMETHINGBAD' },
          {
            ...flow,
            id: 'fl-3',
            resourceId: 'vpc-c',
            deliverLogsStatus: 'FAILED',
            deliverLogsError: 'Access error',
          },
          { ...flow, id: 'fl-4', resourceId: 'subnet-in-vpc-d' },
        ],
      },
    });

    expect(only(findings, 'vpc-flow-logs', 'vpc-a').message).toContain('fl-1: ACTIVE ACCEPT');
    expect(only(findings, 'vpc-flow-logs', 'vpc-b').status).toBe('FAIL');
    expect(only(findings, 'vpc-flow-logs', 'vpc-c').message).toContain('its delivery fails (Access error)');
    expect(only(findings, 'vpc-flow-logs', 'vpc-d').message).toContain('has no flow log');
  });
});

describe('logging-coverage: S3 object-level data events (CIS 3.8 write, 3.9 read)', () => {
  const classicS3 = (readWriteType: 'All' | 'ReadOnly' | 'WriteOnly', values: string[]): TrailSelectors => ({
    classic: [
      { ...MANAGEMENT.classic[0]!, readWriteType, dataResources: [{ type: 'AWS::S3::Object', values }] },
    ],
    advanced: [],
  });

  it('fails both without data events', async () => {
    const findings = await scan({});

    expect(only(findings, 's3-object-write-events', ACCOUNT)).toMatchObject({
      status: 'FAIL',
      controls: { cisV5: ['3.8'] },
    });
    expect(only(findings, 's3-object-read-events', ACCOUNT)).toMatchObject({
      status: 'FAIL',
      controls: { cisV5: ['3.9'] },
    });
  });

  it('passes writes only for a WriteOnly classic selector on every bucket (arn:aws:s3)', async () => {
    const findings = await scan({ trails: [trail(classicS3('WriteOnly', ['arn:aws:s3']))] });

    expect(only(findings, 's3-object-write-events', ACCOUNT).status).toBe('PASS');
    expect(only(findings, 's3-object-read-events', ACCOUNT).status).toBe('FAIL');
  });

  it('passes reads for an advanced selector on S3 objects with readOnly true', async () => {
    const findings = await scan({
      trails: [
        trail({
          classic: [],
          advanced: [
            {
              fieldSelectors: [
                { field: 'eventCategory', equals: ['Data'] },
                { field: 'resources.type', equals: ['AWS::S3::Object'] },
                { field: 'readOnly', equals: ['true'] },
              ],
            },
          ],
        }),
      ],
    });

    expect(only(findings, 's3-object-read-events', ACCOUNT).status).toBe('PASS');
    expect(only(findings, 's3-object-write-events', ACCOUNT).status).toBe('FAIL');
  });

  it('fails selectors naming some buckets (a limit: not matched against the bucket list), listing them', async () => {
    const findings = await scan({ trails: [trail(classicS3('All', ['arn:aws:s3:::payments/']))] });

    expect(only(findings, 's3-object-write-events', ACCOUNT)).toMatchObject({
      status: 'FAIL',
      message: match.stringContaining('main names only arn:aws:s3:::payments/'),
    });
  });

  it('fails a single-region trail on every bucket, and is ERROR when a trail cannot be read', async () => {
    const single = await scan({
      trails: [trail(classicS3('All', ['arn:aws:s3:::']), { isMultiRegion: false })],
    });
    const unread = await scan({
      trails: [trail(MANAGEMENT, { state: { error: { code: 'AccessDenied', message: 'x' } } })],
    });

    expect(only(single, 's3-object-read-events', ACCOUNT).message).toContain('main is a single-region trail');
    expect(only(unread, 's3-object-read-events', ACCOUNT).status).toBe('ERROR');
  });
});
