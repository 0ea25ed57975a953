import type { Trail } from '../../lib/inventory/cloudtrail';
import type { BucketLogging } from '../../lib/inventory/s3-logging';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/**
 * CIS 3.4 / CloudTrail.7 for one bucket that trails of the account deliver to: server access logging
 * is on. A bucket this role may not read (often a central logging account's) is ERROR, naming it.
 */
export function trailBucketDraft(
  bucket: string,
  trails: readonly Trail[],
  logging: BucketLogging | undefined,
): FindingDraft {
  const names = trails.map((t) => t.name);
  const base = {
    resource: { type: 'AwsS3Bucket', id: bucket, arn: `arn:aws:s3:::${bucket}` },
    checkId: 'trail-bucket-access-logging',
    controls: CHECK_CONTROLS.trailBucketLogging,
  };
  const of = `bucket ${bucket}, which trail${names.length > 1 ? 's' : ''} ${names.join(', ')} deliver${names.length > 1 ? '' : 's'} to,`;
  if (logging === undefined)
    return {
      ...base,
      status: 'FAIL',
      details: { trails: names, exists: false },
      message: `The ${of} does not exist, so the trail's logs go nowhere.`,
    };
  if ('error' in logging)
    return {
      ...base,
      status: 'ERROR',
      details: { trails: names, error: logging.error },
      message: `The access logging of ${of} could not be read (${logging.error.code}); if the bucket belongs to a logging account, check it there.`,
    };
  return logging.target
    ? {
        ...base,
        status: 'PASS',
        details: { trails: names, region: logging.region, target: logging.target },
        message: `The ${of} logs its access to ${logging.target.bucket}/${logging.target.prefix}.`,
      }
    : {
        ...base,
        status: 'FAIL',
        details: { trails: names, region: logging.region },
        message: `The ${of} has server access logging off, so who read or deleted the trail's logs cannot be traced.`,
      };
}
