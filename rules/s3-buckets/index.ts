import * as z from 'zod/mini';
import { putAccountPublicAccessBlock } from '../../lib/actions/s3';
import { plan } from '../../lib/actions/types';
import { bucketSecurity } from '../../lib/inventory/s3';
import { accountPublicAccessBlock } from '../../lib/inventory/s3-control';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { bucketDrafts, fullyBlocked, switchesOff } from './bucket-checks';
import { CHECK_CONTROLS } from './controls';

/**
 * s3-buckets: CIS v5.0 2.1.1 (bucket policies deny HTTP), 2.1.2 (MFA Delete; root must fix it) and
 * 2.1.4 (Block Public Access for the account, remediable, and for each bucket). S3 listings and the
 * account setting are global, so the rule runs once per account; each bucket is read in its region.
 */
export const s3Buckets = defineRule({
  meta: {
    id: 's3-buckets',
    title: 'S3 buckets accept only TLS, block public access and protect versions with MFA',
    description:
      'Checks the account-level S3 Block Public Access settings and, for every bucket, its Block Public Access settings, a bucket policy that denies requests without TLS, and MFA Delete.',
    risk: 'A bucket made public by a policy or ACL leaks its data to anyone; plain HTTP exposes requests on the wire; without MFA Delete, stolen credentials can erase every version.',
    severity: 'high',
    resourceType: 'AwsS3Bucket',
    scope: 'global',
    controls: {
      cisV3: ['2.1.1', '2.1.2', '2.1.4'],
      cisV5: ['2.1.1', '2.1.2', '2.1.4'],
      securityHub: ['S3.5', 'S3.20', 'S3.1', 'S3.8'],
    },
    deployment: { schedule: 'rate(1 day)' },
    // CloudTrail names the Block Public Access calls differently for buckets and the account
    // (and the S3 API's own names); all of them are listed.
    triggers: [
      {
        source: 'aws.s3',
        eventNames: [
          'CreateBucket',
          'PutBucketPolicy',
          'DeleteBucketPolicy',
          'PutBucketVersioning',
          'PutBucketPublicAccessBlock',
          'DeleteBucketPublicAccessBlock',
          'PutPublicAccessBlock',
          'DeletePublicAccessBlock',
          'PutAccountPublicAccessBlock',
          'DeleteAccountPublicAccessBlock',
        ],
      },
    ],
    remediation: {
      text: 'Turn on account-level Block Public Access (aws s3control put-public-access-block), add a bucket policy statement denying s3:* when aws:SecureTransport is false, and have the root user enable MFA Delete on versioned buckets.',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
    },
  },
  reads: [accountPublicAccessBlock, bucketSecurity],
  actions: [putAccountPublicAccessBlock],
  params: z.strictObject({}),
  async evaluate({ inventory, account }): Promise<FindingDraft[]> {
    const [accountBlock, buckets] = await Promise.all([
      inventory.get(accountPublicAccessBlock),
      inventory.get(bucketSecurity),
    ]);
    const blocked = fullyBlocked(accountBlock.publicAccessBlock);
    const off = switchesOff(accountBlock.publicAccessBlock);
    return [
      {
        resource: { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` },
        checkId: 'account-public-access-block',
        controls: CHECK_CONTROLS.accountPublicAccessBlock,
        status: blocked ? 'PASS' : 'FAIL',
        details: { switchesOff: off, configured: accountBlock.publicAccessBlock !== undefined },
        message: blocked
          ? `Account ${account} blocks public access to every S3 bucket.`
          : `Account ${account} does not block public S3 access account-wide (${off.join(', ')} off), so any bucket can be made public.`,
        ...(blocked
          ? {}
          : {
              action: plan(
                putAccountPublicAccessBlock,
                {},
                `Turn on all four account-level S3 Block Public Access settings for ${account} (reversible; breaks buckets that are public on purpose)`,
              ),
            }),
      },
      ...buckets.flatMap((b) => bucketDrafts(b, blocked)),
    ];
  },
});
