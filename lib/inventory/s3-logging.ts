import { GetBucketLocationCommand, GetBucketLoggingCommand, S3Client } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../aws/clients';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { awsErrorCode, errorMessage } from '../errors';
import { defineKeyedRead } from './keyed-read';
import { bucketLoggingSchema } from './snapshot-schemas-iam-s3';

/** A bucket's server access logging, or why it could not be read (a bucket of another account). */
export type BucketLogging =
  | {
      readonly bucket: string;
      readonly region: string;
      /** Where its access logs go; absent when access logging is off. */
      readonly target?: { readonly bucket: string; readonly prefix: string };
    }
  | { readonly bucket: string; readonly error: { readonly code: string; readonly message: string } };

/** GetBucketLocation's answer as a region (`null` is us-east-1, `EU` is eu-west-1). */
async function bucketRegion(clients: ClientFactory, bucket: string): Promise<string> {
  const out = await clients
    .get(S3Client, GLOBAL_SERVICE_REGION)
    .send(new GetBucketLocationCommand({ Bucket: bucket }));
  const constraint = out.LocationConstraint as string | undefined;
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/**
 * The server access logging of the named buckets, e.g. the buckets trails deliver to (CIS 3.4):
 * GetBucketLocation, then GetBucketLogging in the bucket's region, two calls a bucket. Keyed by bucket
 * name (`bucketLogging.for(names)`); a bucket that does not exist (`NoSuchBucket`) is not found, one
 * this role may not read (a central logging account's) carries the error.
 */
export const bucketLogging = defineKeyedRead<BucketLogging>({
  name: 's3.bucketLogging',
  scope: 'global',
  actions: ['s3:GetBucketLocation', 's3:GetBucketLogging'],
  schema: bucketLoggingSchema,
  async fetchKeys(clients, _region, buckets) {
    const found: BucketLogging[] = [];
    for (const bucket of buckets) {
      try {
        const region = await bucketRegion(clients, bucket);
        const out = await clients.get(S3Client, region).send(new GetBucketLoggingCommand({ Bucket: bucket }));
        const target = out.LoggingEnabled?.TargetBucket
          ? { bucket: out.LoggingEnabled.TargetBucket, prefix: out.LoggingEnabled.TargetPrefix ?? '' }
          : undefined;
        found.push({ bucket, region, ...(target ? { target } : {}) });
      } catch (error) {
        const code = awsErrorCode(error);
        if (code === 'NoSuchBucket') continue;
        found.push({ bucket, error: { code, message: errorMessage(error) } });
      }
    }
    return found;
  },
});
