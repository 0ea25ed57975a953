import type { AdvancedFieldSelector, Trail, TrailSelectors } from '../../lib/inventory/cloudtrail';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/** Which S3 object-level events CIS 3.8 (write) and 3.9 (read) ask a trail to record. */
export type Direction = 'write' | 'read';

/** `arn:aws:s3` or `arn:aws:s3:::` names every bucket (the console writes either). */
const ALL_BUCKETS = new Set(['arn:aws:s3', 'arn:aws:s3:::']);

/** What a trail's selectors record of S3 objects in one direction. */
export interface S3Coverage {
  readonly allBuckets: boolean;
  /** The ARN prefixes of the buckets it names when it does not cover all of them. */
  readonly prefixes: readonly string[];
}

function advancedCovers(
  fields: readonly AdvancedFieldSelector[],
  direction: Direction,
): S3Coverage | undefined {
  const get = (name: string) => fields.find((f) => f.field === name);
  if (!get('eventCategory')?.equals?.includes('Data')) return undefined;
  if (!get('resources.type')?.equals?.includes('AWS::S3::Object')) return undefined;
  const readOnly = get('readOnly')?.equals ?? [];
  if (readOnly.length > 0 && !readOnly.includes(direction === 'read' ? 'true' : 'false')) return undefined;
  const arn = get('resources.ARN');
  const narrowing = fields.filter(
    (f) => !['eventCategory', 'resources.type', 'readOnly', 'resources.ARN'].includes(f.field),
  );
  if (narrowing.length > 0)
    return { allBuckets: false, prefixes: narrowing.map((f) => `${f.field} selector`) };
  if (!arn) return { allBuckets: true, prefixes: [] };
  const prefixes = [...(arn.startsWith ?? []), ...(arn.equals ?? [])];
  const negative = [arn.notEquals, arn.notStartsWith, arn.notEndsWith, arn.endsWith].some((v) => v?.length);
  return { allBuckets: !negative && prefixes.some((p) => ALL_BUCKETS.has(p)), prefixes };
}

/** What `selectors` record of S3 object-level events in `direction` (classic or advanced). */
export function s3Coverage(selectors: TrailSelectors, direction: Direction): S3Coverage {
  const found: S3Coverage[] = [];
  for (const s of selectors.classic) {
    if (s.readWriteType !== 'All' && s.readWriteType !== (direction === 'read' ? 'ReadOnly' : 'WriteOnly'))
      continue;
    for (const d of s.dataResources ?? [])
      if (d.type === 'AWS::S3::Object')
        found.push({ allBuckets: d.values.some((v) => ALL_BUCKETS.has(v)), prefixes: d.values });
  }
  for (const s of selectors.advanced) {
    const c = advancedCovers(s.fieldSelectors, direction);
    if (c) found.push(c);
  }
  return {
    allBuckets: found.some((c) => c.allBuckets),
    prefixes: [...new Set(found.flatMap((c) => c.prefixes))],
  };
}

/**
 * CIS 3.8 (write) or 3.9 (read) for the account: some multi-region trail that is logging records S3
 * object-level events of that direction for every bucket. Selectors naming some buckets only do not
 * pass (buckets created later are not covered); the finding lists the prefixes they name. A trail
 * whose state cannot be read (an organization trail seen from a member) makes it ERROR, not FAIL.
 */
export function s3DataEventsDraft(
  trails: readonly Trail[],
  direction: Direction,
  account: string,
): FindingDraft {
  const base = {
    resource: { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` },
    checkId: direction === 'write' ? 's3-object-write-events' : 's3-object-read-events',
    controls: direction === 'write' ? CHECK_CONTROLS.s3WriteEvents : CHECK_CONTROLS.s3ReadEvents,
  };
  const verb = direction === 'write' ? 'writes' : 'reads';
  const judged = trails.map((t) => {
    const state = t.state;
    if (!state || 'error' in state)
      return { trail: t, unknown: true, coverage: { allBuckets: false, prefixes: [] } };
    return {
      trail: t,
      unknown: false,
      logging: state.status.isLogging,
      coverage: s3Coverage(state.selectors, direction),
    };
  });
  const good = judged.find((j) => j.trail.isMultiRegion && j.logging && j.coverage.allBuckets);
  const details = {
    trails: judged.map((j) => ({
      name: j.trail.name,
      multiRegion: j.trail.isMultiRegion,
      logging: j.logging ?? null,
      allBuckets: j.coverage.allBuckets,
      prefixes: j.coverage.prefixes,
    })),
  };
  if (good)
    return {
      ...base,
      status: 'PASS',
      details,
      message: `Trail ${good.trail.name} records S3 object-level ${verb} of every bucket in every region.`,
    };
  const partial = judged.filter((j) => j.coverage.allBuckets || j.coverage.prefixes.length > 0);
  const why =
    partial.length > 0
      ? partial
          .map((j) =>
            !j.trail.isMultiRegion
              ? `${j.trail.name} is a single-region trail`
              : !j.logging
                ? `${j.trail.name} is not logging`
                : `${j.trail.name} names only ${j.coverage.prefixes.join(', ')}`,
          )
          .join('; ')
      : 'no trail records them';
  const unknown = judged.filter((j) => j.unknown).map((j) => j.trail.name);
  return {
    ...base,
    status: unknown.length > 0 ? 'ERROR' : 'FAIL',
    details: { ...details, unreadable: unknown },
    message: `Account ${account} does not record S3 object-level ${verb} of every bucket (${why}${unknown.length ? `; the selectors of ${unknown.join(', ')} could not be read` : ''}), so who ${direction === 'write' ? 'changed or deleted' : 'read'} an object cannot be traced.`,
  };
}
