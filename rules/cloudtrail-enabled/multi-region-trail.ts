import { createTrail } from '../../lib/actions/cloudtrail';
import { plan } from '../../lib/actions/types';
import type { TrailAssessment } from './coverage';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/** The rule parameters that say where and how driftwatch may create the account's trail. */
export interface TrailCreation {
  readonly trailBucket: string;
  readonly trailName: string;
  readonly trailHomeRegion: string;
}

/** What the account check sees: the account's multi-region trails, judged, and their evidence. */
export interface AccountTrailContext {
  readonly assessed: readonly TrailAssessment[];
  readonly account: string;
  /** The trail's home region when it is scanned (so a missing trail may be created there). */
  readonly canCreateIn: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  readonly params: TrailCreation;
}

/** What the checks of one region see: the trails covering it, judged, and their evidence. */
export interface CoverageContext {
  readonly assessed: readonly TrailAssessment[];
  readonly account: string;
  readonly region: string;
  /** `{ trails: [...] }`, the same evidence on the region and account drafts. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly params: TrailCreation;
}

/** The commands that create and start a multi-region trail, or the parameter that has driftwatch do it. */
export function createTrailHint(params: TrailCreation): string {
  return `create a multi-region trail (aws cloudtrail create-trail --name ${params.trailName} --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation --region ${params.trailHomeRegion}, then aws cloudtrail start-logging --name ${params.trailName} --region ${params.trailHomeRegion}) or set the rule parameter trailBucket so driftwatch creates it`;
}

/**
 * The account has a multi-region trail that records read and write management events (CIS 3.1),
 * reported once for the account (from `evaluateAccount`). With no multi-region trail at all and
 * `trailBucket` set, a run that scans `trailHomeRegion` plans creating one there.
 */
export function multiRegionTrailDraft({
  assessed,
  account,
  canCreateIn,
  details,
  params,
}: AccountTrailContext): FindingDraft {
  const base = {
    resource: { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` },
    checkId: 'multi-region-trail',
    controls: CHECK_CONTROLS.logging,
    details,
  };
  const multi = assessed.filter((a) => a.trail.isMultiRegion);
  const goodMulti = multi.find((a) => a.qualifies);
  if (goodMulti) {
    return {
      ...base,
      status: 'PASS',
      message: `Account ${account} has multi-region trail ${goodMulti.trail.name} recording read and write management events.`,
    };
  }
  if (multi.length > 0) {
    return {
      ...base,
      status: multi.some((a) => a.unknown) ? 'ERROR' : 'FAIL',
      message: `Account ${account} has no multi-region trail that records read and write management events: ${multi.map((a) => `${a.trail.name} ${a.problems.join(' and ')}`).join('; ')}.`,
    };
  }
  const region = params.trailBucket !== '' ? canCreateIn : undefined;
  const canCreate = region !== undefined;
  const next = canCreate
    ? `driftwatch can create trail ${params.trailName} into bucket ${params.trailBucket}`
    : params.trailBucket !== ''
      ? `driftwatch creates trail ${params.trailName} when ${params.trailHomeRegion} is scanned with remediation`
      : createTrailHint(params);
  return {
    ...base,
    status: 'FAIL',
    message: `Account ${account} has no multi-region CloudTrail trail, so new and rarely used regions go unlogged; ${next}.`,
    ...(canCreate
      ? {
          action: plan(
            createTrail,
            { name: params.trailName, bucket: params.trailBucket },
            `Create multi-region trail ${params.trailName} in ${region} into bucket ${params.trailBucket} and start logging`,
            { region },
          ),
        }
      : {}),
  };
}
