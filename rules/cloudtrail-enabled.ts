import { z } from 'zod';
import { createTrail, startLogging } from '../lib/actions/cloudtrail';
import { plan } from '../lib/actions/types';
import type { Trail } from '../lib/inventory/cloudtrail';
import { cloudTrails, trailState } from '../lib/inventory/cloudtrail';
import type { TrailAssessment } from '../lib/inventory/cloudtrail-coverage';
import { assessTrail } from '../lib/inventory/cloudtrail-coverage';
import { enabledRegions } from '../lib/inventory/regions';
import { knownRegions } from '../lib/regions';
import type { FindingDraft } from '../lib/rule';
import { defineRule } from '../lib/rule';

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/**
 * cloudtrail-enabled: every region is logged by a trail that is logging, delivering, and capturing
 * read and write management events (classic or advanced selectors, no excluded sources); the account
 * has such a multi-region trail (CIS 3.1 / CloudTrail.1). Trails homed in the region are also checked
 * for log-file validation (CIS 3.2 / CloudTrail.4) and KMS encryption (CIS 3.5 / CloudTrail.2).
 * A shadow trail counts for the regions it covers; its state is read where it is homed.
 */
export const cloudtrailEnabled = defineRule({
  meta: {
    id: 'cloudtrail-enabled',
    title: 'CloudTrail is logging in every region',
    description:
      'Checks that each region is logged by a trail that is logging, delivering to S3 and recording read and write management events, that the account has such a multi-region trail, and that trails validate and encrypt their log files.',
    risk: 'Without a working trail, API activity in a region (including an intruder disabling defences) leaves no record to investigate or alert on.',
    severity: 'high',
    resourceType: 'AwsCloudTrailTrail',
    scope: 'regional',
    controls: {
      cisV3: ['3.1', '3.2', '3.5'],
      cisV5: ['3.1', '3.2', '3.5'],
      securityHub: ['CloudTrail.1', 'CloudTrail.4', 'CloudTrail.2'],
    },
    permissions: {
      read: ['ec2:DescribeRegions', ...cloudTrails.actions],
      remediate: [startLogging.name, createTrail.name],
    },
    remediation: {
      text: 'Create one multi-region trail with log-file validation and a KMS key, keep it logging, and record read and write management events without excluded sources.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html',
    },
  },
  params: z.strictObject({
    /** An existing S3 bucket (with a CloudTrail bucket policy): when set, a missing multi-region trail is created. */
    trailBucket: z
      .string({ error: (i) => `expected an S3 bucket name, ${got(i.input)}` })
      .regex(/^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        error: (i) => `expected an S3 bucket name, ${got(i.input)}`,
      })
      .default(''),
    trailName: z
      .string({ error: (i) => `expected a trail name, ${got(i.input)}` })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, {
        error: (i) => `expected 3-128 letters, digits, '.', '_' or '-', ${got(i.input)}`,
      })
      .default('driftwatch'),
    trailHomeRegion: z
      .string({ error: (i) => `expected a region name, ${got(i.input)}` })
      .refine((r) => knownRegions().has(r), {
        error: (i) => `expected a region name such as us-east-1, ${got(i.input)}`,
      })
      .default('us-east-1'),
  }),
  regions: enabledRegions,
  async evaluate({ inventory, account, region, params }): Promise<FindingDraft[]> {
    const trails = await inventory.get(cloudTrails, region);
    const assessed = await Promise.all(
      trails.map(async (t) => assessTrail(t, await trailState(inventory, t, region))),
    );
    const accountResource = { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` };
    const regionResource = { type: 'AwsRegion', id: region };
    const details = { trails: assessed.map(evidence) };
    const drafts: FindingDraft[] = [];

    // 1. The region: some covering trail records its read and write management events.
    const good = assessed.find((a) => a.qualifies);
    const createHint = `create a multi-region trail (aws cloudtrail create-trail --name ${params.trailName} --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation --region ${params.trailHomeRegion}, then aws cloudtrail start-logging --name ${params.trailName} --region ${params.trailHomeRegion}) or set the rule parameter trailBucket so driftwatch creates it`;
    if (good) {
      drafts.push({
        resource: regionResource,
        checkId: 'region-logged',
        status: 'PASS',
        details,
        message: `CloudTrail records read and write management events in ${region} through ${describe(good.trail, region)}.`,
      });
    } else if (assessed.length === 0) {
      drafts.push({
        resource: regionResource,
        checkId: 'region-logged',
        status: 'FAIL',
        details,
        message: `No CloudTrail trail logs ${region} of account ${account}, so API activity there is not recorded; ${createHint}.`,
      });
    } else {
      const stopped =
        assessed.find((a) => startable(a, region, account) && a.problems.length === 1) ??
        assessed.find((a) => startable(a, region, account));
      drafts.push({
        resource: regionResource,
        checkId: 'region-logged',
        status: assessed.some((a) => a.unknown) ? 'ERROR' : 'FAIL',
        details,
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
      });
    }

    // 2. The account: a multi-region trail that records read and write management events (CIS 3.1).
    const multi = assessed.filter((a) => a.trail.isMultiRegion);
    const goodMulti = multi.find((a) => a.qualifies);
    if (goodMulti) {
      drafts.push({
        resource: accountResource,
        checkId: 'multi-region-trail',
        scope: 'account',
        status: 'PASS',
        details,
        message: `Account ${account} has multi-region trail ${goodMulti.trail.name} recording read and write management events.`,
      });
    } else if (multi.length > 0) {
      drafts.push({
        resource: accountResource,
        checkId: 'multi-region-trail',
        scope: 'account',
        status: multi.some((a) => a.unknown) ? 'ERROR' : 'FAIL',
        details,
        message: `Account ${account} has no multi-region trail that records read and write management events: ${multi.map((a) => `${a.trail.name} ${a.problems.join(' and ')}`).join('; ')}.`,
      });
    } else {
      const canCreate = params.trailBucket !== '' && region === params.trailHomeRegion;
      const next = canCreate
        ? `driftwatch can create trail ${params.trailName} into bucket ${params.trailBucket}`
        : params.trailBucket !== ''
          ? `driftwatch creates trail ${params.trailName} when ${params.trailHomeRegion} is scanned with remediation`
          : createHint;
      drafts.push({
        resource: accountResource,
        checkId: 'multi-region-trail',
        scope: 'account',
        status: 'FAIL',
        details,
        message: `Account ${account} has no multi-region CloudTrail trail, so new and rarely used regions go unlogged; ${next}.`,
        ...(canCreate
          ? {
              action: plan(
                createTrail,
                { name: params.trailName, bucket: params.trailBucket },
                `Create multi-region trail ${params.trailName} in ${region} into bucket ${params.trailBucket} and start logging`,
              ),
            }
          : {}),
      });
    }

    // 3. Each trail homed here: log-file validation and KMS encryption (lower severity, own check ids).
    for (const t of trails.filter((x) => x.homeRegion === region)) {
      const resource = { type: 'AwsCloudTrailTrail', id: t.arn, arn: t.arn };
      const owner =
        t.ownerAccount !== account
          ? ` (an organization trail of account ${t.ownerAccount}, which must change it)`
          : '';
      drafts.push({
        resource,
        checkId: 'log-file-validation',
        severity: 'medium',
        status: t.logFileValidationEnabled ? 'PASS' : 'FAIL',
        details: {
          logFileValidationEnabled: t.logFileValidationEnabled,
          controls: ['CIS 3.2', 'CloudTrail.4'],
        },
        message: t.logFileValidationEnabled
          ? `Trail ${t.name} validates its log files.`
          : `Trail ${t.name} has log-file validation off, so altered or deleted log files would go unnoticed${owner}.`,
      });
      drafts.push({
        resource,
        checkId: 'kms-encryption',
        severity: 'medium',
        status: t.kmsKeyId ? 'PASS' : 'FAIL',
        details: { ...(t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {}), controls: ['CIS 3.5', 'CloudTrail.2'] },
        message: t.kmsKeyId
          ? `Trail ${t.name} encrypts its log files with KMS key ${t.kmsKeyId}.`
          : `Trail ${t.name} does not encrypt its log files with a KMS key, so anyone who can read the bucket can read them${owner}.`,
      });
    }
    return drafts;
  },
});

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

function describe(t: Trail, region: string): string {
  const kind = [
    t.isOrganizationTrail ? 'organization' : '',
    t.isMultiRegion ? 'multi-region' : 'single-region',
  ]
    .filter(Boolean)
    .join(' ');
  return `${kind} trail ${t.name}${t.homeRegion === region ? '' : ` (homed in ${t.homeRegion})`}`;
}

function evidence(a: TrailAssessment): Record<string, unknown> {
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
