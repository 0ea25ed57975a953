/** A policy statement as IAM writes it: single values or lists. */
interface Statement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** `*` or `{ "AWS": "*" }`: everyone. */
function everyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object')
    return list((principal as { AWS?: unknown }).AWS).includes('*');
  return false;
}

/** `aws:SecureTransport` is false under `Bool` (keys are case-insensitive; values may be strings or booleans). */
function deniesInsecure(condition: Statement['Condition']): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    if (operator.toLowerCase() !== 'bool') continue;
    for (const [key, value] of Object.entries(keys))
      if (
        key.toLowerCase() === 'aws:securetransport' &&
        list(value).some((v) => String(v).toLowerCase() === 'false')
      )
        return true;
  }
  return false;
}

/**
 * The statement of a bucket policy that denies every principal every S3 action (`s3:*` or `*`) on
 * the bucket and its objects when `aws:SecureTransport` is false, as CIS 2.1.1 asks; undefined when
 * the policy has none (a deny of only some actions or some objects does not count).
 */
export function secureTransportDenial(policy: unknown, bucket: string): Statement | undefined {
  const statements = list((policy as { Statement?: unknown } | undefined)?.Statement) as Statement[];
  const objects = new Set([`arn:aws:s3:::${bucket}/*`, `arn:aws:s3:::${bucket}*`, '*']);
  return statements.find(
    (s) =>
      s.Effect === 'Deny' &&
      everyone(s.Principal) &&
      list(s.Action).some((a) => a === 's3:*' || a === '*') &&
      list(s.Resource).some((r) => objects.has(String(r))) &&
      deniesInsecure(s.Condition),
  );
}
