import { startLogging } from '../../lib/actions/cloudtrail';
import { plan } from '../../lib/actions/types';
import type { Trail } from '../../lib/inventory/cloudtrail';
import type { TrailAssessment } from './coverage';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';
import type { CoverageContext } from './multi-region-trail';
import { createTrailHint } from './multi-region-trail';

/**
 * The region is logged: some trail covering it records its read and write management events. When
 * none does, the draft names each trail's problems and plans starting a stopped trail of this
 * account homed here; ERROR rather than FAIL when a trail's state could not be read.
 */
export function regionLoggedDraft({
  assessed,
  account,
  region,
  details,
  params,
}: CoverageContext): FindingDraft {
  const base = {
    resource: { type: 'AwsRegion', id: region },
    checkId: 'region-logged',
    controls: CHECK_CONTROLS.logging,
    details,
  };
  const good = assessed.find((a) => a.qualifies);
  if (good) {
    return {
      ...base,
      status: 'PASS',
      message: `CloudTrail records read and write management events in ${region} through ${describe(good.trail, region)}.`,
    };
  }
  if (assessed.length === 0) {
    return {
      ...base,
      status: 'FAIL',
      message: `No CloudTrail trail logs ${region} of account ${account}, so API activity there is not recorded; ${createTrailHint(params)}.`,
    };
  }
  const stopped =
    assessed.find((a) => startable(a, region, account) && a.problems.length === 1) ??
    assessed.find((a) => startable(a, region, account));
  return {
    ...base,
    status: assessed.some((a) => a.unknown) ? 'ERROR' : 'FAIL',
    message: `No trail records read and write management events in ${region}: ${assessed.map((a) => `${describe(a.trail, region)} ${a.problems.join(' and ')}`).join('; ')}${stopped ? '' : startHint(assessed, region, account)}.`,
    ...(stopped
      ? {
          action: plan(
            startLogging,
            { name: stopped.trail.name, arn: stopped.trail.arn },
            `Start logging on trail ${stopped.trail.name} in ${region}`,
          ),
        }
      : {}),
  };
}

/** A trail's evidence in `details.trails`. */
export function trailEvidence(a: TrailAssessment): Record<string, unknown> {
  const t = a.trail;
  return {
    name: t.name,
    arn: t.arn,
    homeRegion: t.homeRegion,
    multiRegion: t.isMultiRegion,
    organization: t.isOrganizationTrail,
    qualifies: a.qualifies,
    problems: a.problems,
  };
}

/** A stopped trail this run may start: ours, homed in the region being evaluated. */
function startable(a: TrailAssessment, region: string, account: string): boolean {
  return (
    a.trail.homeRegion === region &&
    a.trail.ownerAccount === account &&
    a.trail.state !== undefined &&
    'status' in a.trail.state &&
    !a.trail.state.status.isLogging
  );
}

/** Where no action can start a stopped trail (it is homed elsewhere), the command that would. */
function startHint(assessed: readonly TrailAssessment[], region: string, account: string): string {
  const t = assessed.find(
    (a) =>
      a.trail.homeRegion !== region &&
      a.trail.ownerAccount === account &&
      a.problems.some((p) => p.startsWith('is not logging')),
  )?.trail;
  return t
    ? `; start it in its home region (aws cloudtrail start-logging --name ${t.name} --region ${t.homeRegion})`
    : '';
}

/** `organization multi-region trail org-trail (homed in us-east-1)`. */
function describe(t: Trail, region: string): string {
  const kind = [
    t.isOrganizationTrail ? 'organization' : '',
    t.isMultiRegion ? 'multi-region' : 'single-region',
  ]
    .filter(Boolean)
    .join(' ');
  return `${kind} trail ${t.name}${t.homeRegion === region ? '' : ` (homed in ${t.homeRegion})`}`;
}
