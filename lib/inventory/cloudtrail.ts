import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type {
  AdvancedEventSelector,
  EventSelector,
  GetTrailStatusResponse,
  Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import { awsErrorCode, errorMessage } from '../errors';
import type { Inventory } from './types';
import { cloudTrailsSchema } from './snapshot-schemas';
import { defineRead } from './types';

/** A trail as DescribeTrails lists it in one region (its own trails, shadows of multi-region trails, org trails). */
export interface Trail {
  readonly name: string;
  readonly arn: string;
  /** The region the trail was created in; it is a shadow trail everywhere else. */
  readonly homeRegion: string;
  /** The account that owns the trail: another account for an organization trail seen from a member. */
  readonly ownerAccount: string;
  readonly isMultiRegion: boolean;
  readonly isOrganizationTrail: boolean;
  readonly includeGlobalServiceEvents: boolean;
  readonly logFileValidationEnabled: boolean;
  readonly kmsKeyId?: string;
  readonly s3BucketName?: string;
  /** `arn:aws:logs:<region>:<account>:log-group:<name>:*` when the trail also delivers to CloudWatch Logs. */
  readonly cloudWatchLogsLogGroupArn?: string;
  /** Status and selectors, read in the home region only (present when `homeRegion` is the read's region). */
  readonly state?: TrailState;
}

/** What GetTrailStatus and GetEventSelectors said about a trail, or why they could not be read. */
export type TrailState =
  | { readonly status: TrailStatus; readonly selectors: TrailSelectors }
  | { readonly error: { readonly code: string; readonly message: string } };

export interface TrailStatus {
  readonly isLogging: boolean;
  /** S3 delivery error (e.g. a bucket policy that denies CloudTrail); absent when delivery works. */
  readonly latestDeliveryError?: string;
  readonly latestDeliveryTime?: string;
  readonly startLoggingTime?: string;
  readonly stopLoggingTime?: string;
  readonly latestCloudWatchLogsDeliveryError?: string;
  readonly latestDigestDeliveryError?: string;
}

export interface ClassicSelector {
  readonly readWriteType: 'All' | 'ReadOnly' | 'WriteOnly';
  readonly includeManagementEvents: boolean;
  readonly excludeManagementEventSources: readonly string[];
  /** Data events the selector records (`AWS::S3::Object` with ARN prefixes, ...); absent when none. */
  readonly dataResources?: readonly { readonly type: string; readonly values: readonly string[] }[];
}

export interface AdvancedFieldSelector {
  readonly field: string;
  readonly equals?: readonly string[];
  readonly startsWith?: readonly string[];
  readonly endsWith?: readonly string[];
  readonly notEquals?: readonly string[];
  readonly notStartsWith?: readonly string[];
  readonly notEndsWith?: readonly string[];
}

export interface TrailSelectors {
  readonly classic: readonly ClassicSelector[];
  readonly advanced: readonly {
    readonly name?: string;
    readonly fieldSelectors: readonly AdvancedFieldSelector[];
  }[];
}

/**
 * Every trail that logs events of a region (DescribeTrails with shadow trails), and for the trails
 * homed in that region their status and event selectors. GetTrailStatus and GetEventSelectors are
 * asked in the home region only (with the trail ARN, which member accounts need for organization
 * trails), so each is called once per trail per run: a rule evaluating another region reads the
 * home region's value, which the inventory memoises.
 *
 * An organization trail may refuse those calls to a member account; such a trail then carries the
 * error instead of a state (never a guessed "stopped"), and the rule reports it as unverifiable. Any
 * other failure propagates and the region is reported as ERROR.
 */
export const cloudTrails = defineRead<Trail[]>({
  name: 'cloudtrail.trails',
  scope: 'regional',
  actions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  schema: cloudTrailsSchema,
  async fetch(clients, region) {
    const client = clients.get(CloudTrailClient, region);
    const out = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    const trails: Trail[] = [];
    for (const t of out.trailList ?? []) {
      const trail = toTrail(t, region);
      if (trail.homeRegion !== region) {
        trails.push(trail);
        continue;
      }
      try {
        const [status, selectors] = await Promise.all([
          client.send(new GetTrailStatusCommand({ Name: trail.arn })),
          client.send(new GetEventSelectorsCommand({ TrailName: trail.arn })),
        ]);
        trails.push({
          ...trail,
          state: {
            status: toStatus(status),
            selectors: toSelectors(selectors.EventSelectors, selectors.AdvancedEventSelectors),
          },
        });
      } catch (error) {
        // Only an organization trail may be unreadable to us (a member account); any other failure is the region's.
        if (!trail.isOrganizationTrail) throw error;
        trails.push({
          ...trail,
          state: { error: { code: awsErrorCode(error), message: errorMessage(error) } },
        });
      }
    }
    return trails;
  },
});

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

function toTrail(t: SdkTrail, region: string): Trail {
  const arn = t.TrailARN ?? '';
  return {
    name: t.Name ?? '',
    arn,
    homeRegion: t.HomeRegion ?? region,
    ownerAccount: accountOf(arn),
    isMultiRegion: t.IsMultiRegionTrail === true,
    isOrganizationTrail: t.IsOrganizationTrail === true,
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents === true,
    logFileValidationEnabled: t.LogFileValidationEnabled === true,
    ...(t.KmsKeyId ? { kmsKeyId: t.KmsKeyId } : {}),
    ...(t.S3BucketName ? { s3BucketName: t.S3BucketName } : {}),
    ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
  };
}

function toStatus(s: GetTrailStatusResponse): TrailStatus {
  const iso = (d: Date | undefined) =>
    d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
  const optional = (key: string, value: string | undefined) => (value ? { [key]: value } : {});
  return {
    isLogging: s.IsLogging === true,
    ...optional('latestDeliveryError', s.LatestDeliveryError),
    ...optional('latestDeliveryTime', iso(s.LatestDeliveryTime)),
    ...optional('startLoggingTime', iso(s.StartLoggingTime)),
    ...optional('stopLoggingTime', iso(s.StopLoggingTime)),
    ...optional('latestCloudWatchLogsDeliveryError', s.LatestCloudWatchLogsDeliveryError),
    ...optional('latestDigestDeliveryError', s.LatestDigestDeliveryError),
  };
}

/** API defaults apply to omitted members: `ReadWriteType` All, `IncludeManagementEvents` true. */
function toSelectors(
  classic: EventSelector[] | undefined,
  advanced: AdvancedEventSelector[] | undefined,
): TrailSelectors {
  return {
    classic: (classic ?? []).map((s) => ({
      readWriteType: s.ReadWriteType ?? 'All',
      includeManagementEvents: s.IncludeManagementEvents ?? true,
      excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      ...(s.DataResources?.length
        ? { dataResources: s.DataResources.map((d) => ({ type: d.Type ?? '', values: d.Values ?? [] })) }
        : {}),
    })),
    advanced: (advanced ?? []).map((s) => ({
      ...(s.Name ? { name: s.Name } : {}),
      fieldSelectors: (s.FieldSelectors ?? []).map((f) => ({
        field: f.Field ?? '',
        ...(f.Equals ? { equals: f.Equals } : {}),
        ...(f.StartsWith ? { startsWith: f.StartsWith } : {}),
        ...(f.EndsWith ? { endsWith: f.EndsWith } : {}),
        ...(f.NotEquals ? { notEquals: f.NotEquals } : {}),
        ...(f.NotStartsWith ? { notStartsWith: f.NotStartsWith } : {}),
        ...(f.NotEndsWith ? { notEndsWith: f.NotEndsWith } : {}),
      })),
    })),
  };
}

/**
 * A trail's status and selectors, which only its home region answers: from the region's own read for
 * a trail homed there, else from the home region's read (memoised, so one read per region per run).
 * Undefined when the home region does not list the trail.
 */
export async function trailState(
  inventory: Inventory,
  trail: Trail,
  region: string,
): Promise<Trail['state']> {
  if (trail.homeRegion === region) return trail.state;
  return (await inventory.get(cloudTrails, trail.homeRegion)).find((t) => t.arn === trail.arn)?.state;
}
