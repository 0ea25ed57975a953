import * as z from 'zod/mini';
import { createTrail, startLogging } from '../../lib/actions/cloudtrail';
import { cloudTrails, trailState } from '../../lib/inventory/cloudtrail';
import { assessTrail } from './coverage';
import { enabledRegions } from '../../lib/inventory/regions';
import { knownRegions } from '../../lib/regions';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { multiRegionTrailDraft } from './multi-region-trail';
import { regionLoggedDraft, trailEvidence } from './region-coverage';
import { trailSettingsDrafts } from './trail-settings';

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
    deployment: { schedule: 'rate(12 hours)' },
    triggers: [
      {
        source: 'aws.cloudtrail',
        eventNames: [
          'StopLogging',
          'DeleteTrail',
          'UpdateTrail',
          'PutEventSelectors',
          'PutAdvancedEventSelectors',
        ],
      },
    ],
    remediation: {
      text: 'Create one multi-region trail with log-file validation and a KMS key, keep it logging, and record read and write management events without excluded sources.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html',
    },
  },
  reads: [cloudTrails],
  actions: [startLogging, createTrail],
  params: z.strictObject({
    /** An existing S3 bucket (with a CloudTrail bucket policy): when set, a missing multi-region trail is created. */
    trailBucket: z._default(
      z.string({ error: (i) => `expected an S3 bucket name, ${got(i.input)}` }).check(
        z.regex(/^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
          error: (i) => `expected an S3 bucket name, ${got(i.input)}`,
        }),
      ),
      '',
    ),
    trailName: z._default(
      z.string({ error: (i) => `expected a trail name, ${got(i.input)}` }).check(
        z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, {
          error: (i) => `expected 3-128 letters, digits, '.', '_' or '-', ${got(i.input)}`,
        }),
      ),
      'driftwatch',
    ),
    trailHomeRegion: z._default(
      z.string({ error: (i) => `expected a region name, ${got(i.input)}` }).check(
        z.refine((r) => knownRegions().has(r), {
          error: (i) => `expected a region name such as us-east-1, ${got(i.input)}`,
        }),
      ),
      'us-east-1',
    ),
  }),
  regions: enabledRegions,
  async evaluate({ inventory, account, region, params }): Promise<FindingDraft[]> {
    const trails = await inventory.get(cloudTrails, region);
    const assessed = await Promise.all(
      trails.map(async (t) => assessTrail(t, await trailState(inventory, t, region))),
    );
    const coverage = { assessed, account, region, params, details: { trails: assessed.map(trailEvidence) } };
    return [
      // 1. The region: some covering trail records its read and write management events.
      regionLoggedDraft(coverage),
      // 2. Each trail homed here: log-file validation and KMS encryption (lower severity, own check ids).
      ...trails.filter((t) => t.homeRegion === region).flatMap((t) => trailSettingsDrafts(t, account)),
    ];
  },
  /**
   * 3. The account, once per run: a multi-region trail that records read and write management events
   * (CIS 3.1). Every region lists the multi-region trails, so one scanned region's listing (the home
   * region's when scanned; memoised, so no extra call) tells.
   */
  async evaluateAccount({ inventory, account, regions, params }): Promise<FindingDraft[]> {
    const region = regions.includes(params.trailHomeRegion) ? params.trailHomeRegion : regions[0];
    if (region === undefined) return [];
    const multi = (await inventory.get(cloudTrails, region)).filter((t) => t.isMultiRegion);
    const assessed = await Promise.all(
      multi.map(async (t) => assessTrail(t, await trailState(inventory, t, region))),
    );
    const canCreateIn = regions.includes(params.trailHomeRegion) ? params.trailHomeRegion : undefined;
    return [
      multiRegionTrailDraft({
        assessed,
        account,
        canCreateIn,
        params,
        details: { trails: assessed.map(trailEvidence) },
      }),
    ];
  },
});
