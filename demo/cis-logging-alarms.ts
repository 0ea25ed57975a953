/**
 * Demo drift for logging-coverage and cloudwatch-alarms (CIS v5.0 3.4, 3.6-3.9, 4.1-4.15): the
 * trail's bucket does not log its access, a customer key in eu-west-1 does not rotate, the default
 * VPC of ap-southeast-2 has no flow log and another VPC's flow log cannot deliver. The demo trail
 * (demo/demo-account.ts) is stopped and sends nothing to CloudWatch Logs, so no section 4 alarm can
 * fire and no S3 data event is recorded. Called by demo/demo-account.ts.
 */
import type { VpcFlowLogs } from '../lib/inventory/flow-logs';
import { vpcFlowLogs } from '../lib/inventory/flow-logs';
import type { KmsKey } from '../lib/inventory/kms';
import { kmsKeys } from '../lib/inventory/kms';
import { bucketLogging } from '../lib/inventory/s3-logging';
import { GLOBAL_KEY } from '../lib/inventory/types';
import type { DemoRecorder } from './cis-network-logging';

interface KeyDrift {
  readonly manager?: string;
  readonly spec?: string;
  /** null: not read (AWS managed or not rotatable). */
  readonly rotation?: { readonly enabled: boolean; readonly periodDays?: number } | null;
}

const key = (account: string, region: string, n: string, over: KeyDrift = {}): KmsKey => {
  const keyId = `${n}-1111-2222-3333-444455556666`;
  const rotation = over.rotation === undefined ? { enabled: true, periodDays: 365 } : over.rotation;
  return {
    keyId,
    arn: `arn:aws:kms:${region}:${account}:key/${keyId}`,
    manager: over.manager ?? 'CUSTOMER',
    spec: over.spec ?? 'SYMMETRIC_DEFAULT',
    state: 'Enabled',
    origin: 'AWS_KMS',
    ...(rotation ? { rotation } : {}),
  };
};

/** Records the reads of logging-coverage for the demo regions (cloudwatch-alarms reads only the trails). */
export function cisLoggingAndAlarms(
  r: DemoRecorder,
  account: string,
  regions: readonly string[],
  trailBucket: string,
): void {
  r.value(bucketLogging.for([trailBucket]), GLOBAL_KEY, {
    requested: [trailBucket],
    found: [{ bucket: trailBucket, region: 'us-east-1' }],
  });
  for (const region of regions) {
    const keys: KmsKey[] = [
      key(account, region, 'a1b2c3d4'),
      key(account, region, 'aws00000', { manager: 'AWS', rotation: null }),
      ...(region === 'eu-west-1'
        ? [
            key(account, region, 'e5f6a7b8', { rotation: { enabled: false } }),
            key(account, region, 'c9d0e1f2', { spec: 'RSA_2048', rotation: null }),
          ]
        : []),
    ];
    r.value(kmsKeys, region, keys);
    const vpc = `vpc-0${region.replace(/[^a-z0-9]/g, '').slice(0, 8)}`;
    const value: VpcFlowLogs = {
      vpcs: [
        { vpcId: `${vpc}01`, isDefault: true, tags: {} },
        ...(region === 'us-east-1'
          ? [{ vpcId: `${vpc}02`, isDefault: false, tags: { Name: 'payments' } }]
          : []),
      ],
      flowLogs:
        region === 'ap-southeast-2'
          ? []
          : [
              {
                id: `fl-0${region.length}a1`,
                resourceId: `${vpc}01`,
                trafficType: 'ALL',
                status: 'ACTIVE',
                deliverLogsStatus: 'SUCCESS',
                destinationType: 's3',
              },
              ...(region === 'us-east-1'
                ? [
                    {
                      id: 'fl-0payments',
                      resourceId: `${vpc}02`,
                      trafficType: 'REJECT',
                      status: 'ACTIVE',
                      deliverLogsStatus: 'FAILED',
                      deliverLogsError: 'Access error',
                      destinationType: 'cloud-watch-logs',
                    },
                  ]
                : []),
            ],
    };
    r.value(vpcFlowLogs, region, value);
  }
}
