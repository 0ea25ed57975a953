import * as z from 'zod/mini';
import { count, received, flag, list, name, object, strings, text, time } from './snapshot-schema-parts';

/**
 * Schemas of the values the live reads produce (`ReadDef.schema`), one per read of lib/inventory.
 * A snapshot file stores those values; a scan checks each against its schema, so a hand-edited or
 * corrupted value (`notBefore: "tomorrow"`, `tags: null`) is refused with its path instead of
 * turning a FAIL into a PASS or crashing a rule. Objects are strict: a misspelt optional field
 * (`notbefore`) would otherwise be silently absent. Keep each schema in step with its read's type
 * (`ReadDef<T>.schema` is a `z.core.$ZodType<T>`, so TypeScript holds them together).
 */

/** Tags as a plain object of key to value (a tag without a value is `""`). */
export const tagsSchema = z.record(text, text, {
  error: (i) => `expected an object of tag keys to string values, got ${received(i.input)}`,
});

export const callerIdentitySchema = object({ account: text, arn: text, partition: text });

export const enabledRegionsSchema = list(name);

export const accountSummarySchema = z.record(text, count, {
  error: (i) => `expected an object of IAM summary keys to numbers, got ${received(i.input)}`,
});

export const virtualMfaDevicesSchema = list(
  object({ serialNumber: text, userArn: z.optional(text), enableDate: z.optional(time) }),
);

export const volumesSchema = list(
  object({
    id: text,
    state: text,
    availabilityZone: text,
    sizeGiB: count,
    createTime: z.optional(time),
    tags: tagsSchema,
    attachedTo: z.optional(strings),
  }),
);

export const ownedSnapshotsSchema = list(
  object({
    id: text,
    volumeId: text,
    state: text,
    startTime: time,
    tags: tagsSchema,
    sizeGiB: z.optional(count),
    storageTier: z.optional(text),
    encrypted: z.optional(flag),
  }),
);

export const snapshotsInUseSchema = list(object({ snapshotId: text, usedBy: text }));

const statusCheck = object({
  status: text,
  failing: list(object({ name: text, status: text, impairedSince: z.optional(time) })),
});

export const instanceStatusesSchema = list(
  object({
    instanceId: text,
    availabilityZone: z.optional(text),
    state: text,
    system: statusCheck,
    instance: statusCheck,
    attachedEbs: z.optional(statusCheck),
    events: list(
      object({
        id: text,
        code: text,
        description: text,
        notBefore: z.optional(time),
        notAfter: z.optional(time),
        notBeforeDeadline: z.optional(time),
      }),
    ),
  }),
);

export const instancesSchema = list(
  object({ instanceId: text, instanceType: text, state: text, rootDeviceType: text, tags: tagsSchema }),
);

export const instanceStoreTypesSchema = strings;

const awsError = object({ code: text, message: text });

const trailStatus = object({
  isLogging: flag,
  latestDeliveryError: z.optional(text),
  latestDeliveryTime: z.optional(time),
  startLoggingTime: z.optional(time),
  stopLoggingTime: z.optional(time),
  latestCloudWatchLogsDeliveryError: z.optional(text),
  latestDigestDeliveryError: z.optional(text),
});

const trailSelectors = object({
  classic: list(
    object({
      readWriteType: z.enum(['All', 'ReadOnly', 'WriteOnly'], {
        error: (i) => `expected "All", "ReadOnly" or "WriteOnly", got ${received(i.input)}`,
      }),
      includeManagementEvents: flag,
      excludeManagementEventSources: strings,
      dataResources: z.optional(list(object({ type: text, values: strings }))),
    }),
  ),
  advanced: list(
    object({
      name: z.optional(text),
      fieldSelectors: list(
        object({
          field: text,
          equals: z.optional(strings),
          startsWith: z.optional(strings),
          endsWith: z.optional(strings),
          notEquals: z.optional(strings),
          notStartsWith: z.optional(strings),
          notEndsWith: z.optional(strings),
        }),
      ),
    }),
  ),
});

export const cloudTrailsSchema = list(
  object({
    name: text,
    arn: text,
    homeRegion: name,
    ownerAccount: text,
    isMultiRegion: flag,
    isOrganizationTrail: flag,
    includeGlobalServiceEvents: flag,
    logFileValidationEnabled: flag,
    kmsKeyId: z.optional(text),
    s3BucketName: z.optional(text),
    cloudWatchLogsLogGroupArn: z.optional(text),
    state: z.optional(
      z.union([object({ status: trailStatus, selectors: trailSelectors }), object({ error: awsError })], {
        error: 'expected { status, selectors } or { error: { code, message } }',
      }),
    ),
  }),
);

export const configRecordersSchema = list(
  object({
    name: text,
    arn: z.optional(text),
    roleArn: z.optional(text),
    allSupported: flag,
    includeGlobalResourceTypes: flag,
    strategy: z.enum(
      ['ALL_SUPPORTED_RESOURCE_TYPES', 'INCLUSION_BY_RESOURCE_TYPES', 'EXCLUSION_BY_RESOURCE_TYPES'],
      { error: (i) => `expected a Config recording strategy, got ${received(i.input)}` },
    ),
    resourceTypes: strings,
    excludedResourceTypes: strings,
    servicePrincipal: z.optional(text),
    recordingScope: z.optional(text),
    recordingFrequency: z.optional(text),
  }),
);

export const configRecorderStatusSchema = list(
  object({
    name: text,
    recording: flag,
    lastStatus: z.optional(text),
    lastErrorCode: z.optional(text),
    lastErrorMessage: z.optional(text),
    lastStartTime: z.optional(time),
    lastStopTime: z.optional(time),
    lastStatusChangeTime: z.optional(time),
  }),
);

export const deliveryChannelsSchema = list(
  object({
    name: text,
    s3BucketName: z.optional(text),
    s3KeyPrefix: z.optional(text),
    snsTopicArn: z.optional(text),
    deliveryFrequency: z.optional(text),
  }),
);

const deliveryInfo = object({
  lastStatus: z.optional(text),
  lastErrorCode: z.optional(text),
  lastErrorMessage: z.optional(text),
  lastAttemptTime: z.optional(time),
  lastSuccessfulTime: z.optional(time),
});

export const deliveryChannelStatusSchema = list(
  object({
    name: text,
    configSnapshot: z.optional(deliveryInfo),
    configHistory: z.optional(deliveryInfo),
    configStream: z.optional(deliveryInfo),
  }),
);
