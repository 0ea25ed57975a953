import type { BucketSecurity, PublicAccessBlock } from '../../lib/inventory/s3';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';
import { secureTransportDenial } from './secure-transport';

/** Whether all four Block Public Access switches are on. */
export function fullyBlocked(b: PublicAccessBlock | undefined): boolean {
  return !!b && b.blockPublicAcls && b.ignorePublicAcls && b.blockPublicPolicy && b.restrictPublicBuckets;
}

/** The switches that are off, by API name. */
export function switchesOff(b: PublicAccessBlock | undefined): string[] {
  const names = [
    'BlockPublicAcls',
    'IgnorePublicAcls',
    'BlockPublicPolicy',
    'RestrictPublicBuckets',
  ] as const;
  if (!b) return [...names];
  const on = [b.blockPublicAcls, b.ignorePublicAcls, b.blockPublicPolicy, b.restrictPublicBuckets];
  return names.filter((_, i) => !on[i]);
}

/**
 * The checks of one bucket: TLS-only bucket policy (CIS 2.1.1), MFA Delete (CIS 2.1.2, which only
 * the root user can turn on) and Block Public Access (CIS 2.1.4 / S3.8: the bucket's own switches,
 * or the account's when those are all on). A bucket that could not be read is one ERROR draft.
 */
export function bucketDrafts(b: BucketSecurity, accountBlocked: boolean): FindingDraft[] {
  const resource = { type: 'AwsS3Bucket', id: b.name, arn: `arn:aws:s3:::${b.name}` };
  if ('error' in b)
    return [
      {
        resource,
        checkId: 'bucket-settings',
        status: 'ERROR',
        details: { region: b.region, error: b.error },
        message: `The settings of bucket ${b.name} could not be read (${b.error.code}: ${b.error.message}).`,
      },
    ];
  const denial = secureTransportDenial(b.policy, b.name);
  const off = switchesOff(b.publicAccessBlock);
  const bucketBlocked = off.length === 0;
  return [
    {
      resource,
      checkId: 'deny-http',
      controls: CHECK_CONTROLS.denyHttp,
      severity: 'medium',
      status: denial ? 'PASS' : 'FAIL',
      details: { region: b.region, hasPolicy: b.policy !== undefined },
      message: denial
        ? `Bucket ${b.name} denies requests that do not use TLS.`
        : `Bucket ${b.name} ${b.policy === undefined ? 'has no bucket policy' : 'has a policy without a deny of every S3 action when aws:SecureTransport is false'}, so it accepts plain HTTP requests.`,
    },
    {
      resource,
      checkId: 'mfa-delete',
      controls: CHECK_CONTROLS.mfaDelete,
      severity: 'low',
      status: b.mfaDelete ? 'PASS' : 'FAIL',
      details: { versioning: b.versioning, mfaDelete: b.mfaDelete, needsRoot: true },
      message: b.mfaDelete
        ? `Bucket ${b.name} requires MFA to delete object versions or suspend versioning.`
        : `Bucket ${b.name} does not require MFA to delete object versions (versioning ${b.versioning}); only the root user, signed in with its MFA device, can turn MFA Delete on (aws s3api put-bucket-versioning --mfa ...).`,
    },
    {
      resource,
      checkId: 'bucket-public-access-block',
      controls: CHECK_CONTROLS.bucketPublicAccessBlock,
      severity: 'high',
      status: bucketBlocked || accountBlocked ? 'PASS' : 'FAIL',
      details: {
        switchesOff: off,
        blockedBy: bucketBlocked ? 'bucket' : accountBlocked ? 'account' : 'none',
      },
      message: bucketBlocked
        ? `Bucket ${b.name} blocks public access.`
        : accountBlocked
          ? `Bucket ${b.name} is blocked from public access by the account-level setting (its own switches ${off.join(', ')} are off).`
          : `Bucket ${b.name} has ${off.join(', ')} off and the account does not block public access, so a policy or ACL can make it public.`,
    },
  ];
}
