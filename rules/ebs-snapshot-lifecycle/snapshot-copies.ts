import type { Snapshot, Volume } from '../../lib/inventory/ebs';
import type { Parsed, Retention } from './snapshot-policy';
import { parseRetention } from './snapshot-policy';
import { COPY_TAGS, MANAGED_TAGS, MANAGER } from './snapshot-tags';

/**
 * Cross-region copies for disaster recovery. The copy tag on a volume names destination regions and
 * optionally a retention there (`eu-west-1`, `eu-west-1:14d,us-west-2`); the source region copies the
 * volume's newest completed snapshot to each destination that has no copy of it yet, and each
 * destination region prunes its copies by the retention recorded on them.
 */

export interface CopyDestination {
  readonly region: string;
  /** The retention of the copies there; absent: the volume's own retention. */
  readonly retention?: Retention;
}

export const COPY_FORMS =
  "one or more region names separated by commas, each optionally followed by :<retention> (eu-west-1, or eu-west-1:14d,us-west-2, or eu-west-1:daily=7,weekly=4); not the volume's own region; at most 5";

const REGION = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2})(?::(.*))?$/;
const MAX_DESTINATIONS = 5;

/** Parses a copy tag value; `sourceRegion` is refused as a destination (a copy there is no DR copy). */
export function parseCopyTag(raw: string, sourceRegion: string): Parsed<readonly CopyDestination[]> {
  const fail = { ok: false, accepted: COPY_FORMS } as const;
  const found: { region: string; retention: string[] | undefined }[] = [];
  for (const token of raw
    .trim()
    .toLowerCase()
    .split(/\s*,\s*/)) {
    const m = REGION.exec(token);
    if (m) {
      found.push({ region: m[1] as string, retention: m[2] === undefined ? undefined : [m[2]] });
      continue;
    }
    // A comma inside a destination's retention (eu-west-1:7,14d): it continues that retention.
    const last = found[found.length - 1];
    if (!last?.retention) return fail;
    last.retention.push(token);
  }
  if (found.length === 0 || found.length > MAX_DESTINATIONS) return fail;
  const regions = new Set(found.map((f) => f.region));
  if (regions.size !== found.length || regions.has(sourceRegion)) return fail;
  const out: CopyDestination[] = [];
  for (const f of found) {
    if (f.retention === undefined) {
      out.push({ region: f.region });
      continue;
    }
    const retention = parseRetention(f.retention.join(','));
    if (!retention.ok) return fail;
    out.push({ region: f.region, retention: retention.value });
  }
  return { ok: true, value: out };
}

/** The destination regions the region's volumes copy to: the listings `planSnapshots` needs. */
export function copyDestinations(volumes: readonly Volume[], copyTag: string, region: string): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  for (const v of volumes) {
    const raw = v.tags[copyTag];
    if (raw === undefined || seen.has(raw)) continue;
    seen.add(raw);
    const parsed = parseCopyTag(raw, region);
    if (parsed.ok) for (const d of parsed.value) out.add(d.region);
  }
  return [...out].sort();
}

/**
 * A copy this rule made into `region`: the marker, its source snapshot and region, and the region it
 * was copied to being this one (so a copy of a copy, made by hand with its tags, is not ours).
 */
export function isManagedCopy(s: Snapshot, region: string): boolean {
  return (
    s.tags[MANAGED_TAGS.managedBy] === MANAGER &&
    (s.tags[COPY_TAGS.sourceSnapshotId] ?? '') !== '' &&
    s.tags[COPY_TAGS.sourceRegion] !== undefined &&
    s.tags[COPY_TAGS.sourceRegion] !== region &&
    s.tags[COPY_TAGS.copyRegion] === region
  );
}

/** What a destination region holds for the region being evaluated, or why it could not be read. */
export type DestinationListing =
  | { readonly ok: true; readonly copies: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly error: string };

/**
 * The managed copies in `destRegion` of `sourceRegion`'s snapshots: source snapshot id → copy id
 * (the first found, when a retry left two).
 */
export function copiesIn(
  destRegion: string,
  sourceRegion: string,
  snapshots: readonly Snapshot[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of snapshots) {
    if (!isManagedCopy(s, destRegion)) continue;
    if (s.tags[COPY_TAGS.sourceRegion] !== sourceRegion) continue;
    const source = s.tags[COPY_TAGS.sourceSnapshotId] as string;
    if (!out.has(source)) out.set(source, s.id);
  }
  return out;
}

/** Where one destination stands for a volume's newest completed snapshot. */
export type CopyPlan =
  | { readonly region: string; readonly status: 'unreadable'; readonly error: string }
  | { readonly region: string; readonly status: 'no-source' }
  | { readonly region: string; readonly status: 'copied'; readonly source: Snapshot; readonly copyId: string }
  | {
      readonly region: string;
      readonly status: 'due';
      readonly source: Snapshot;
      /** The retention text the copy records (the destination's, or the volume's). */
      readonly retention: string;
    };

/** Plans each destination of one volume from the destinations' listings. Pure. */
export function planCopies(
  destinations: readonly CopyDestination[],
  group: readonly Snapshot[],
  volumeRetention: Retention,
  listings: ReadonlyMap<string, DestinationListing> | undefined,
): CopyPlan[] {
  const source = group.find((s) => s.state === 'completed');
  return destinations.map((d): CopyPlan => {
    const listing = listings?.get(d.region);
    if (!listing) return { region: d.region, status: 'unreadable', error: 'destination not listed' };
    if (!listing.ok) return { region: d.region, status: 'unreadable', error: listing.error };
    if (!source) return { region: d.region, status: 'no-source' };
    const copyId = listing.copies.get(source.id);
    if (copyId) return { region: d.region, status: 'copied', source, copyId };
    return { region: d.region, status: 'due', source, retention: (d.retention ?? volumeRetention).text };
  });
}
