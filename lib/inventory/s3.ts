import {
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ClientFactory } from '../aws/clients';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { mapSettled } from '../concurrency';
import { awsErrorCode, errorMessage } from '../errors';
import { defineRead } from './types';
import { bucketSecuritySchema } from './snapshot-schemas-iam-s3';

/** The four Block Public Access switches (of a bucket, or of the account). */
export interface PublicAccessBlock {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

/** What the S3 checks need of a bucket, or why it could not be read (AccessDenied on one bucket). */
export type BucketSecurity =
  | {
      readonly name: string;
      readonly region: string;
      /** The bucket policy document, parsed; undefined when the bucket has none. */
      readonly policy?: unknown;
      readonly versioning: 'Enabled' | 'Suspended' | 'Off';
      readonly mfaDelete: boolean;
      /** Undefined when the bucket has no Block Public Access configuration. */
      readonly publicAccessBlock?: PublicAccessBlock;
    }
  | { readonly name: string; readonly region: string; readonly error: { code: string; message: string } };

/** The bucket's region: ListBuckets' `BucketRegion` when AWS gives it, else GetBucketLocation (`null` is us-east-1). */
async function regionOf(clients: ClientFactory, name: string, listed: string | undefined): Promise<string> {
  if (listed) return listed;
  const out = await clients
    .get(S3Client, GLOBAL_SERVICE_REGION)
    .send(new GetBucketLocationCommand({ Bucket: name }));
  const constraint = out.LocationConstraint as string | undefined;
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** Runs a per-bucket call, mapping the error codes that mean "not configured" to undefined. */
async function unlessMissing<T>(call: Promise<T>, missing: string): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (awsErrorCode(error) === missing) return undefined;
    throw error;
  }
}

async function readBucket(clients: ClientFactory, name: string, region: string): Promise<BucketSecurity> {
  const s3 = clients.get(S3Client, region);
  const [policy, versioning, block] = await Promise.all([
    unlessMissing(s3.send(new GetBucketPolicyCommand({ Bucket: name })), 'NoSuchBucketPolicy'),
    s3.send(new GetBucketVersioningCommand({ Bucket: name })),
    unlessMissing(
      s3.send(new GetPublicAccessBlockCommand({ Bucket: name })),
      'NoSuchPublicAccessBlockConfiguration',
    ),
  ]);
  const b = block?.PublicAccessBlockConfiguration;
  return {
    name,
    region,
    ...(policy?.Policy ? { policy: JSON.parse(policy.Policy) as unknown } : {}),
    versioning:
      versioning.Status === 'Enabled' || versioning.Status === 'Suspended' ? versioning.Status : 'Off',
    mfaDelete: versioning.MFADelete === 'Enabled',
    ...(b
      ? {
          publicAccessBlock: {
            blockPublicAcls: b.BlockPublicAcls === true,
            ignorePublicAcls: b.IgnorePublicAcls === true,
            blockPublicPolicy: b.BlockPublicPolicy === true,
            restrictPublicBuckets: b.RestrictPublicBuckets === true,
          },
        }
      : {}),
  };
}

/**
 * Every bucket of the account (ListBuckets is global, 1,000 a page) with its policy, versioning and
 * MFA Delete, and its Block Public Access settings, each asked of the bucket's own region, eight
 * buckets at a time. A bucket whose settings cannot be read carries the error (the other buckets
 * are still judged); a failed listing fails the read.
 */
export const bucketSecurity = defineRead<BucketSecurity[]>({
  name: 's3.bucketSecurity',
  scope: 'global',
  actions: [
    's3:ListAllMyBuckets',
    's3:GetBucketLocation',
    's3:GetBucketPolicy',
    's3:GetBucketVersioning',
    's3:GetBucketPublicAccessBlock',
  ],
  schema: bucketSecuritySchema,
  async fetch(clients) {
    const client = clients.get(S3Client, GLOBAL_SERVICE_REGION);
    const listed: { name: string; region?: string }[] = [];
    for await (const page of paginateListBuckets({ client, pageSize: 1000 }, {})) {
      for (const b of page.Buckets ?? [])
        if (b.Name) listed.push({ name: b.Name, ...(b.BucketRegion ? { region: b.BucketRegion } : {}) });
    }
    const settled = await mapSettled(listed, 8, async ({ name, region }) => {
      const home = await regionOf(clients, name, region);
      try {
        return await readBucket(clients, name, home);
      } catch (error) {
        return { name, region: home, error: { code: awsErrorCode(error), message: errorMessage(error) } };
      }
    });
    return settled.map((s, i) => {
      if (s.status === 'fulfilled') return s.value;
      const { name, region } = listed[i] as { name: string; region?: string };
      return {
        name,
        region: region ?? 'unknown',
        error: { code: awsErrorCode(s.reason), message: errorMessage(s.reason) },
      };
    });
  },
});
