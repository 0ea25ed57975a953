import * as z from 'zod/mini';
import { cloudTrails } from '../../lib/inventory/cloudtrail';
import type { Trail } from '../../lib/inventory/cloudtrail';
import { vpcFlowLogs } from '../../lib/inventory/flow-logs';
import { indexFound } from '../../lib/inventory/keyed-read';
import { kmsKeys } from '../../lib/inventory/kms';
import { enabledRegions } from '../../lib/inventory/regions';
import { bucketLogging } from '../../lib/inventory/s3-logging';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';
import { s3DataEventsDraft } from './data-events';
import { kmsRotationDraft } from './kms-rotation';
import { trailBucketDraft } from './trail-bucket';
import { vpcFlowLogDrafts } from './vpc-flow-logs';

const controls = Object.values(CHECK_CONTROLS);

/**
 * logging-coverage: the CIS v5.0 section 3 logging checks beyond cloudtrail-enabled's (3.1, 3.2,
 * 3.5). Per region: symmetric customer KMS keys rotate (3.6 / KMS.4) and every VPC has a flow log
 * (3.7 / EC2.6). Once per run, from the trails homed in the scanned regions: the buckets the
 * account's trails deliver to log their access (3.4 / CloudTrail.7), and a multi-region trail
 * records S3 object-level write (3.8) and read (3.9) events of every bucket.
 */
export const loggingCoverage = defineRule({
  meta: {
    id: 'logging-coverage',
    title: 'Trail buckets, KMS keys, VPCs and S3 objects leave an audit trail',
    description:
      'Checks that the S3 buckets trails deliver to have server access logging, that symmetric customer managed KMS keys rotate, that every VPC has a flow log, and that a multi-region trail records S3 object-level read and write events.',
    risk: 'Without these records an intruder can read trail logs, reach instances, or copy and delete S3 objects unseen, and a leaked key protects data for ever.',
    severity: 'medium',
    resourceType: 'AwsAccount',
    scope: 'regional',
    controls: {
      cisV3: controls.flatMap((c) => c.cisV3),
      cisV5: controls.flatMap((c) => c.cisV5),
      securityHub: controls.flatMap((c) => ('securityHub' in c ? c.securityHub : [])),
    },
    checks: [
      {
        id: 'trail-bucket-access-logging',
        title: 'The S3 bucket a trail delivers to logs its access',
        controls: CHECK_CONTROLS.trailBucketLogging,
      },
      {
        id: 'kms-key-rotation',
        title: 'Symmetric customer managed KMS keys rotate',
        controls: CHECK_CONTROLS.kmsRotation,
      },
      {
        id: 'vpc-flow-logs',
        title: 'Every VPC has an active flow log capturing rejected traffic',
        controls: CHECK_CONTROLS.vpcFlowLogs,
      },
      {
        id: 's3-object-write-events',
        title: 'A multi-region trail records S3 object-level write events',
        controls: CHECK_CONTROLS.s3WriteEvents,
      },
      {
        id: 's3-object-read-events',
        title: 'A multi-region trail records S3 object-level read events',
        controls: CHECK_CONTROLS.s3ReadEvents,
      },
    ],
    deployment: { schedule: 'rate(1 day)' },
    remediation: {
      text: 'aws s3api put-bucket-logging on the trail bucket; aws kms enable-key-rotation for each customer key; aws ec2 create-flow-logs --resource-type VPC --traffic-type REJECT for each VPC; aws cloudtrail put-event-selectors with an AWS::S3::Object data resource (arn:aws:s3) on a multi-region trail.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html',
    },
  },
  reads: [kmsKeys, vpcFlowLogs, cloudTrails, bucketLogging],
  params: z.strictObject({}),
  regions: enabledRegions,
  async evaluate({ inventory, account, region }): Promise<FindingDraft[]> {
    const [keys, flowLogs] = await Promise.all([
      inventory.get(kmsKeys, region),
      inventory.get(vpcFlowLogs, region),
    ]);
    return [
      ...keys.flatMap((k) => kmsRotationDraft(k, region) ?? []),
      ...vpcFlowLogDrafts(flowLogs, account, region),
    ];
  },
  /**
   * Trails are read in every scanned region (a single-region trail is listed only in its own), each
   * homed trail once, with its status and selectors; their buckets are read in one keyed read.
   */
  async evaluateAccount({ inventory, account, regions }): Promise<FindingDraft[]> {
    const listings = await Promise.all(regions.map((r) => inventory.get(cloudTrails, r)));
    const homed = listings.flatMap((trails, i) => trails.filter((t) => t.homeRegion === regions[i]));
    const own = homed.filter((t) => t.ownerAccount === account && t.s3BucketName);
    const byBucket = new Map<string, Trail[]>();
    for (const t of own)
      byBucket.set(t.s3BucketName as string, [...(byBucket.get(t.s3BucketName as string) ?? []), t]);
    const buckets = [...byBucket.keys()];
    const logging = indexFound(
      await inventory.get(bucketLogging.for(buckets)),
      (b) => b.bucket,
      bucketLogging.name,
    );
    return [
      ...buckets.map((b) => trailBucketDraft(b, byBucket.get(b) ?? [], logging(b))),
      s3DataEventsDraft(homed, 'write', account),
      s3DataEventsDraft(homed, 'read', account),
    ];
  },
});
