import type { Controls } from '../../lib/findings';

/** The benchmark controls of each s3-buckets check (the rule's metadata lists their union). */
export const CHECK_CONTROLS = {
  /** CIS v5.0/v3.0 2.1.1 / S3.5: the bucket policy denies requests without TLS. */
  denyHttp: { cisV3: ['2.1.1'], cisV5: ['2.1.1'], securityHub: ['S3.5'] },
  /** CIS v5.0/v3.0 2.1.2 / S3.20: MFA Delete on versioned buckets. */
  mfaDelete: { cisV3: ['2.1.2'], cisV5: ['2.1.2'], securityHub: ['S3.20'] },
  /** CIS v5.0/v3.0 2.1.4 / S3.1: account-level Block Public Access. */
  accountPublicAccessBlock: { cisV3: ['2.1.4'], cisV5: ['2.1.4'], securityHub: ['S3.1'] },
  /** CIS v5.0/v3.0 2.1.4 / S3.8: Block Public Access on the bucket. */
  bucketPublicAccessBlock: { cisV3: ['2.1.4'], cisV5: ['2.1.4'], securityHub: ['S3.8'] },
} as const satisfies Record<string, Controls>;
