/**
 * The demo account: a made-up AWS account (111122223333) with realistic drift for every rule, as a
 * snapshot file. `node demo/build-demo.mjs` writes demo/demo-account.json from this file; a unit test
 * holds the two in sync and checks that every registered rule finds something to say.
 *
 * Every date is an offset from CAPTURED_AT, and scans of a snapshot evaluate as of its capture time,
 * so "retirement next week" and "expired snapshot" stay true whenever the demo is run.
 */
import { callerIdentity } from '../lib/inventory/account';
import { cloudTrails } from '../lib/inventory/cloudtrail';
import { cisNetworkAndStorage } from './cis-network-logging';
import { cisLoggingAndAlarms } from './cis-logging-alarms';
import {
  configRecorders,
  configRecorderStatus,
  deliveryChannels,
  deliveryChannelStatus,
} from '../lib/inventory/config';
import type { ConfigRecorder } from '../lib/inventory/config';
import type { Trail } from '../lib/inventory/cloudtrail';
import { ownedSnapshots, snapshotsInUse, volumes } from '../lib/inventory/ebs';
import { lockedSnapshots } from '../lib/inventory/ebs-locks';
import type { Snapshot } from '../lib/inventory/ebs';
import { instances, instanceStatuses, instanceStoreTypes } from '../lib/inventory/ec2-instances';
import type { InstanceStatusEntry } from '../lib/inventory/ec2-instances';
import { accountSummary } from '../lib/inventory/iam';
import { instanceStandardDemo } from './instance-standard';
import { recordIamCis } from './iam-cis';
import type { RecordedRead } from '../lib/inventory/live';
import { enabledRegions } from '../lib/inventory/regions';
import { buildSnapshot } from '../lib/inventory/snapshot-file';
import type { SnapshotFile } from '../lib/inventory/snapshot-file';
import type { ReadDef } from '../lib/inventory/types';
import { GLOBAL_KEY } from '../lib/inventory/types';

export const DEMO_ACCOUNT = '111122223333';
export const CAPTURED_AT = new Date('2026-11-20T09:00:00.000Z');
export const DEMO_REGIONS = ['ap-southeast-2', 'eu-west-1', 'us-east-1'] as const;

/** An ISO time `n` days after (negative: before) the capture. */
export function days(n: number, hours = 0): string {
  return new Date(CAPTURED_AT.getTime() + (n * 24 + hours) * 3_600_000).toISOString();
}

/** Builds the reads with the read's own type, so the demo breaks at compile time if a read's shape changes. */
class Recorder {
  readonly reads: RecordedRead[] = [];
  value<T>(read: ReadDef<T>, key: string, value: T): this {
    this.reads.push({ name: read.name, key, value });
    return this;
  }
  error(read: ReadDef<unknown>, key: string, code: string, message: string): this {
    this.reads.push({ name: read.name, key, error: { code, message } });
    return this;
  }
}

export function demoSnapshot(): SnapshotFile {
  const r = new Recorder();
  r.value(callerIdentity, GLOBAL_KEY, {
    account: DEMO_ACCOUNT,
    arn: `arn:aws:sts::${DEMO_ACCOUNT}:assumed-role/SecurityAudit/driftwatch`,
    partition: 'aws',
  });
  r.value(enabledRegions, GLOBAL_KEY, [...DEMO_REGIONS]);

  // root-account-mfa: root has a password and no MFA (and, worse, an access key).
  r.value(accountSummary, GLOBAL_KEY, {
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: 1,
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 0,
    Users: 14,
    Groups: 4,
    Roles: 38,
    Policies: 21,
    MFADevices: 9,
    MFADevicesInUse: 9,
  });

  trails(r);
  config(r);
  ec2Instances(r);
  instanceStandardDemo(r, CAPTURED_AT, DEMO_REGIONS);
  ebsVolumes(r);
  recordIamCis(r, DEMO_ACCOUNT, days);
  cisNetworkAndStorage(r, DEMO_REGIONS);
  cisLoggingAndAlarms(r, DEMO_ACCOUNT, DEMO_REGIONS, `aws-cloudtrail-logs-${DEMO_ACCOUNT}-mgmt`);

  return buildSnapshot({
    reads: r.reads,
    capturedAt: CAPTURED_AT,
    account: DEMO_ACCOUNT,
    regions: 'all',
    generator: 'demo/demo-account.ts (hand-written demo account)',
  });
}

const OK = { status: 'ok', failing: [] } as const;

function status(
  instanceId: string,
  az: string,
  events: InstanceStatusEntry['events'] = [],
): InstanceStatusEntry {
  return { instanceId, availabilityZone: az, state: 'running', system: OK, instance: OK, events };
}

/**
 * ec2-scheduled-events: in us-east-1 an instance-store-backed worker is retired next week (AWS stops
 * it for good), a batch host has a system reboot in 3 days that driftwatch would move into its
 * tagged maintenance window, and a web server's old reboot has completed. eu-west-1 is quiet.
 */
function ec2Instances(r: Recorder): void {
  r.value(instanceStatuses, 'us-east-1', [
    status('i-0c4a1e2f3b5d60071', 'us-east-1a', [
      {
        id: 'instance-event-0f1e2d3c4b5a69781',
        code: 'instance-retirement',
        description: 'The instance is running on degraded hardware',
        notBefore: days(6, 2),
      },
    ]),
    status('i-0c4a1e2f3b5d60072', 'us-east-1b', [
      {
        id: 'instance-event-0f1e2d3c4b5a69782',
        code: 'system-reboot',
        description: 'scheduled reboot',
        notBefore: days(3, 5),
        notAfter: days(3, 7),
        notBeforeDeadline: days(10),
      },
    ]),
    status('i-0c4a1e2f3b5d60073', 'us-east-1a', [
      {
        id: 'instance-event-0f1e2d3c4b5a69783',
        code: 'instance-reboot',
        description: '[Completed] scheduled reboot',
        notBefore: days(-12),
        notAfter: days(-12, 2),
      },
    ]),
  ]);
  r.value(instances, 'us-east-1', [
    {
      instanceId: 'i-0c4a1e2f3b5d60071',
      instanceType: 'm5d.large',
      state: 'running',
      rootDeviceType: 'ebs',
      tags: { Name: 'ingest-worker-3', Owner: 'team-data' },
    },
    {
      instanceId: 'i-0c4a1e2f3b5d60072',
      instanceType: 'c6i.xlarge',
      state: 'running',
      rootDeviceType: 'ebs',
      tags: { Name: 'nightly-batch', Owner: 'team-finance', MaintenanceWindow: 'Sun 03:00-05:00' },
    },
    {
      instanceId: 'i-0c4a1e2f3b5d60073',
      instanceType: 't3.medium',
      state: 'running',
      rootDeviceType: 'ebs',
      tags: { Name: 'web-1', Owner: 'team-storefront' },
    },
  ]);
  r.value(instanceStoreTypes, 'us-east-1', ['c5d.large', 'i3.large', 'm5d.large', 'm5d.xlarge', 'r5d.large']);
  r.value(instanceStatuses, 'eu-west-1', [status('i-0e7b2a9c1d3f40011', 'eu-west-1a')]);
  r.value(instances, 'eu-west-1', [
    {
      instanceId: 'i-0e7b2a9c1d3f40011',
      instanceType: 't3.small',
      state: 'running',
      rootDeviceType: 'ebs',
      tags: { Name: 'bastion-eu', Owner: 'team-platform' },
    },
  ]);
  r.value(instanceStatuses, 'ap-southeast-2', []);
  r.value(instances, 'ap-southeast-2', []);
}

const MANAGED = 'ebs-snapshot-lifecycle';

function managedSnapshot(
  id: string,
  volumeId: string,
  startTime: string,
  schedule: string,
  retention: string,
  sizeGiB = 100,
): Snapshot {
  return {
    id,
    volumeId,
    state: 'completed',
    startTime,
    sizeGiB,
    tags: {
      'driftwatch:managed-by': MANAGED,
      'driftwatch:volume-id': volumeId,
      'driftwatch:schedule': schedule,
      'driftwatch:retention': retention,
    },
  };
}

/**
 * ebs-snapshot-lifecycle, us-east-1: the database volume is backed up daily and has expired
 * snapshots to prune, one of which an AMI still uses; the reports volume has missed its daily
 * snapshot; the logs volume's schedule tag is unreadable; the web root volume has no backup tags.
 * eu-west-1: a weekly-backed volume that is up to date. ap-southeast-2: no volumes.
 */
function ebsVolumes(r: Recorder): void {
  const db = 'vol-0d1a2b3c4d5e60001';
  const reports = 'vol-0d1a2b3c4d5e60002';
  const backup = (schedule: string, retention: string) => ({
    'driftwatch:snapshot-schedule': schedule,
    'driftwatch:snapshot-retention': retention,
  });
  r.value(volumes, 'us-east-1', [
    {
      id: db,
      state: 'in-use',
      availabilityZone: 'us-east-1a',
      sizeGiB: 500,
      createTime: days(-400),
      tags: { Name: 'orders-db-data', ...backup('daily@03:00', '7,7d') },
    },
    {
      id: reports,
      state: 'in-use',
      availabilityZone: 'us-east-1b',
      sizeGiB: 200,
      createTime: days(-90),
      tags: { Name: 'reports', ...backup('daily@01:00', '5') },
    },
    {
      id: 'vol-0d1a2b3c4d5e60003',
      state: 'in-use',
      availabilityZone: 'us-east-1a',
      sizeGiB: 100,
      createTime: days(-60),
      tags: { Name: 'app-logs', ...backup('nightly', '14d') },
    },
    {
      id: 'vol-0d1a2b3c4d5e60004',
      state: 'in-use',
      availabilityZone: 'us-east-1a',
      sizeGiB: 20,
      createTime: days(-200),
      tags: { Name: 'web-1-root' },
    },
  ]);
  // Daily at 03:00 UTC (the capture is at 09:00): today's, and nine older ones.
  const dbSnapshots = Array.from({ length: 10 }, (_, i) =>
    managedSnapshot(`snap-0db0000000000000${i}`, db, days(-i, -6), 'daily@03:00', '7,7d'),
  );
  r.value(ownedSnapshots, 'us-east-1', [
    ...dbSnapshots,
    managedSnapshot('snap-0aa0000000000001', reports, days(-2, -8), 'daily@01:00', '5'),
    // A hand-made snapshot driftwatch did not create: never touched.
    {
      id: 'snap-0ff0000000000001',
      volumeId: db,
      state: 'completed',
      startTime: days(-300),
      tags: { Name: 'before-migration' },
    },
  ]);
  r.value(snapshotsInUse, 'us-east-1', [
    { snapshotId: 'snap-0db00000000000009', usedBy: 'ami-0f00d1e2c3b4a5960' },
    { snapshotId: 'snap-0ff0000000000001', usedBy: 'lt-0a1b2c3d4e5f60789:3' },
  ]);

  const weekly = 'vol-0e9f8e7d6c5b40001';
  r.value(volumes, 'eu-west-1', [
    {
      id: weekly,
      state: 'in-use',
      availabilityZone: 'eu-west-1a',
      sizeGiB: 50,
      createTime: days(-120),
      tags: { Name: 'wiki-data', ...backup('weekly@sun@02:00', '4') },
    },
  ]);
  const lastSunday = new Date(CAPTURED_AT);
  lastSunday.setUTCDate(lastSunday.getUTCDate() - lastSunday.getUTCDay());
  lastSunday.setUTCHours(2, 4, 0, 0);
  r.value(ownedSnapshots, 'eu-west-1', [
    managedSnapshot('snap-0e90000000000001', weekly, lastSunday.toISOString(), 'weekly@sun@02:00', '4'),
  ]);
  r.value(snapshotsInUse, 'eu-west-1', []);
  r.value(volumes, 'ap-southeast-2', []);
  r.value(ownedSnapshots, 'ap-southeast-2', []);
  r.value(snapshotsInUse, 'ap-southeast-2', []);
  // No snapshot is locked (EBS snapshot lock) in the demo account.
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) r.value(lockedSnapshots, region, []);
}

/**
 * cloudtrail-enabled: the account's only trail, multi-region and homed in us-east-1, was stopped three
 * days before the capture (so no region is logging); the other regions see it as a shadow trail.
 */
function trails(r: Recorder): void {
  const trail: Trail = {
    name: 'management-events',
    arn: `arn:aws:cloudtrail:us-east-1:${DEMO_ACCOUNT}:trail/management-events`,
    homeRegion: 'us-east-1',
    ownerAccount: DEMO_ACCOUNT,
    isMultiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    s3BucketName: `aws-cloudtrail-logs-${DEMO_ACCOUNT}-mgmt`,
  };
  r.value(cloudTrails, 'us-east-1', [
    {
      ...trail,
      state: {
        status: {
          isLogging: false,
          latestDeliveryTime: days(-3, -1),
          startLoggingTime: days(-412),
          stopLoggingTime: days(-3, -1),
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
  r.value(cloudTrails, 'eu-west-1', [trail]);
  r.value(cloudTrails, 'ap-southeast-2', [trail]);
}

/**
 * config-recorder-enabled: us-east-1 records everything (global IAM types included) and delivers;
 * eu-west-1 records and delivers; ap-southeast-2, a region the team started using, has no recorder.
 */
function config(r: Recorder): void {
  for (const region of ['us-east-1', 'eu-west-1'] as const) {
    const recorder: ConfigRecorder = {
      name: 'default',
      arn: `arn:aws:config:${region}:${DEMO_ACCOUNT}:configuration-recorder/default/abcdef${region === 'us-east-1' ? '01' : '02'}`,
      roleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      allSupported: true,
      includeGlobalResourceTypes: region === 'us-east-1',
      strategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
      resourceTypes: [],
      excludedResourceTypes: [],
      recordingFrequency: 'CONTINUOUS',
    };
    r.value(configRecorders, region, [recorder]);
    r.value(configRecorderStatus, region, [
      {
        name: 'default',
        recording: true,
        lastStatus: 'SUCCESS',
        lastStartTime: days(-200),
        lastStatusChangeTime: days(0, -1),
      },
    ]);
    r.value(deliveryChannels, region, [
      {
        name: 'default',
        s3BucketName: `config-bucket-${DEMO_ACCOUNT}`,
        deliveryFrequency: 'TwentyFour_Hours',
      },
    ]);
    r.value(deliveryChannelStatus, region, [
      {
        name: 'default',
        configSnapshot: {
          lastStatus: 'SUCCESS',
          lastAttemptTime: days(0, -3),
          lastSuccessfulTime: days(0, -3),
        },
        configHistory: {
          lastStatus: 'SUCCESS',
          lastAttemptTime: days(0, -1),
          lastSuccessfulTime: days(0, -1),
        },
        configStream: { lastStatus: 'SUCCESS', lastAttemptTime: days(0, -1) },
      },
    ]);
  }
  r.value(configRecorders, 'ap-southeast-2', []);
  r.value(deliveryChannels, 'ap-southeast-2', []);
}
