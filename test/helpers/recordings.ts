import { ServiceException } from '@smithy/smithy-client';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `../shared/aws-recordings/` beside the repo (real AWS responses; see its README and INDEX.md), or
 * wherever DRIFTWATCH_RECORDINGS points.
 */
export const RECORDINGS =
  process.env.DRIFTWATCH_RECORDINGS ?? resolve(__dirname, '..', '..', '..', 'shared', 'aws-recordings');

if (!existsSync(join(RECORDINGS, 'INDEX.md'))) {
  throw new Error(
    `The recorded AWS responses are not at ${RECORDINGS}: clone driftwatch beside shared/ or set DRIFTWATCH_RECORDINGS.`,
  );
}

interface Placebo {
  status_code: number;
  data: Record<string, unknown> & { Error?: { Code: string; Message: string } };
}

const OFFSET_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/;

/**
 * Turns a placebo value into what SDK v3 returns: `{"__class__": "datetime", ...}` objects become
 * `Date` (upstream replays them as UTC), as do the newer recorder's ISO strings with an offset.
 * Strings the API model itself types as strings (e.g. CloudTrail `TimeLoggingStarted`, EC2
 * `CreationDate`, which end in `Z`) stay strings. `ResponseMetadata` is dropped.
 */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value === 'string') return OFFSET_ISO.test(value) ? new Date(value) : value;
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (obj.__class__ === 'datetime') {
    const n = (k: string) => Number(obj[k] ?? 0);
    return new Date(
      Date.UTC(
        n('year'),
        n('month') - 1,
        n('day'),
        n('hour'),
        n('minute'),
        n('second'),
        n('microsecond') / 1000,
      ),
    );
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (k !== 'ResponseMetadata') out[k] = revive(v);
  return out;
}

/**
 * One recorded Cloud Custodian response, e.g. `placebo('test_account_root_mfa', 'iam.GetAccountSummary_1')`,
 * as SDK v3 output; an error recording comes back as the `ServiceException` the SDK would throw.
 */
export function placebo<T = Record<string, unknown>>(
  folder: string,
  file: string,
): { output?: T; error?: ServiceException } {
  const raw = JSON.parse(
    readFileSync(join(RECORDINGS, 'custodian', folder, `${file}.json`), 'utf8'),
  ) as Placebo;
  if (raw.status_code >= 400 && raw.data.Error) {
    const error = new ServiceException({
      name: raw.data.Error.Code,
      $fault: raw.status_code >= 500 ? 'server' : 'client',
      message: raw.data.Error.Message,
      $metadata: { httpStatusCode: raw.status_code },
    });
    return { error };
  }
  return { output: revive(raw.data) as T };
}

/** The output of a recording that must be a success. */
export function placeboOutput<T = Record<string, unknown>>(folder: string, file: string): T {
  const { output, error } = placebo<T>(folder, file);
  if (error || output === undefined)
    throw new Error(`${folder}/${file} is an error recording, not an output`);
  return output;
}

/** A raw botocore wire fixture (`responses/iam-get-account-summary.xml`). */
export function botocoreXml(path: string): string {
  return readFileSync(join(RECORDINGS, 'botocore', path), 'utf8');
}

/** The recorded caller identity of test_credential_sts_regional, as STS GetCallerIdentity output. */
export const recordedIdentity = () =>
  placeboOutput('test_credential_sts_regional', 'sts.GetCallerIdentity_1');

/** The recorded DescribeRegions output of test_aws_policy_region_expand: us-east-1 and us-west-1 enabled. */
export const recordedTwoRegions = () =>
  placeboOutput('test_aws_policy_region_expand', 'ec2.DescribeRegions_1');
