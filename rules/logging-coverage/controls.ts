import type { Controls } from '../../lib/findings';

/** The benchmark controls of each logging-coverage check (the rule's metadata lists their union). */
export const CHECK_CONTROLS = {
  /** CIS v5.0/v3.0 3.4 / CloudTrail.7: server access logging on the bucket a trail delivers to. */
  trailBucketLogging: { cisV3: ['3.4'], cisV5: ['3.4'], securityHub: ['CloudTrail.7'] },
  /** CIS v5.0/v3.0 3.6 / KMS.4: rotation of symmetric customer managed keys. */
  kmsRotation: { cisV3: ['3.6'], cisV5: ['3.6'], securityHub: ['KMS.4'] },
  /** CIS v5.0/v3.0 3.7 / EC2.6: flow logs on every VPC. */
  vpcFlowLogs: { cisV3: ['3.7'], cisV5: ['3.7'], securityHub: ['EC2.6'] },
  /** CIS v5.0/v3.0 3.8: S3 object-level write events recorded (no Security Hub control). */
  s3WriteEvents: { cisV3: ['3.8'], cisV5: ['3.8'] },
  /** CIS v5.0/v3.0 3.9: S3 object-level read events recorded (no Security Hub control). */
  s3ReadEvents: { cisV3: ['3.9'], cisV5: ['3.9'] },
} as const satisfies Record<string, Controls>;
