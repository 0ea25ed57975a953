import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../aws/clients';
import { awsErrorCode, errorMessage, IntegrationError } from '../errors';

export interface ReportObject {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

/**
 * Writes the report page to the stack's report bucket (private, versioned, so each run's report
 * stays as an object version), encrypted at rest with SSE-S3 even if the bucket default changes.
 * `contentType` serves other objects of the bucket (the events calendar: `text/calendar`).
 */
export async function uploadReport(
  clients: ClientFactory,
  target: ReportObject,
  html: string,
  contentType = 'text/html; charset=utf-8',
): Promise<void> {
  try {
    await clients.get(S3Client, target.region).send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: target.key,
        Body: html,
        ContentType: contentType,
        CacheControl: 'no-store',
        ServerSideEncryption: 'AES256',
      }),
    );
  } catch (error) {
    throw new IntegrationError(
      `Cannot write the report to s3://${target.bucket}/${target.key} (${awsErrorCode(error)}: ${errorMessage(error)}).`,
      { cause: error },
    );
  }
}

/**
 * Where a person opens the report: the S3 console page of the object (the bucket is private, so a
 * signed-in console session is what grants access; no public or presigned link is handed out).
 */
export function reportLink(target: ReportObject): string {
  const prefix = encodeURIComponent(target.key);
  return `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(target.bucket)}?region=${encodeURIComponent(target.region)}&prefix=${prefix}`;
}
