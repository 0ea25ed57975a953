import { z } from 'zod';
import { count, received, flag, list, name, object, strings, text, time } from './snapshot-schema-parts';

/**
 * Schemas of the values the live reads produce (`ReadDef.schema`), one per read of lib/inventory.
 * A snapshot file stores those values; a scan checks each against its schema, so a hand-edited or
 * corrupted value (`notBefore: "tomorrow"`, `tags: null`) is refused with its path instead of
 * turning a FAIL into a PASS or crashing a rule. Objects are strict: a misspelt optional field
 * (`notbefore`) would otherwise be silently absent. Keep each schema in step with its read's type
 * (`ReadDef<T>.schema` is a `ZodType<T>`, so TypeScript holds them together).
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
  object({ serialNumber: text, userArn: text.optional(), enableDate: time.optional() }),
);

export const volumesSchema = list(
  object({
    id: text,
    state: text,
    availabilityZone: text,
    sizeGiB: count,
    createTime: time.optional(),
    tags: tagsSchema,
    attachedTo: strings.optional(),
  }),
);

export const ownedSnapshotsSchema = list(
  object({
    id: text,
    volumeId: text,
    state: text,
    startTime: time,
    tags: tagsSchema,
    sizeGiB: count.optional(),
    storageTier: text.optional(),
    encrypted: flag.optional(),
  }),
);

export const snapshotsInUseSchema = list(object({ snapshotId: text, usedBy: text }));

const statusCheck = object({
  status: text,
  failing: list(object({ name: text, status: text, impairedSince: time.optional() })),
});

export const instanceStatusesSchema = list(
  object({
    instanceId: text,
    availabilityZone: text.optional(),
    state: text,
    system: statusCheck,
    instance: statusCheck,
    attachedEbs: statusCheck.optional(),
    events: list(
      object({
        id: text,
        code: text,
        description: text,
        notBefore: time.optional(),
        notAfter: time.optional(),
        notBeforeDeadline: time.optional(),
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
  latestDeliveryError: text.optional(),
  latestDeliveryTime: time.optional(),
  startLoggingTime: time.optional(),
  stopLoggingTime: time.optional(),
  latestCloudWatchLogsDeliveryError: text.optional(),
  latestDigestDeliveryError: text.optional(),
});

const trailSelectors = object({
  classic: list(
    object({
      readWriteType: z.enum(['All', 'ReadOnly', 'WriteOnly'], {
        error: (i) => `expected "All", "ReadOnly" or "WriteOnly", got ${received(i.input)}`,
      }),
      includeManagementEvents: flag,
      excludeManagementEventSources: strings,
      dataResources: list(object({ type: text, values: strings })).optional(),
    }),
  ),
  advanced: list(
    object({
      name: text.optional(),
      fieldSelectors: list(
        object({
          field: text,
          equals: strings.optional(),
          startsWith: strings.optional(),
          endsWith: strings.optional(),
          notEquals: strings.optional(),
          notStartsWith: strings.optional(),
          notEndsWith: strings.optional(),
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
    kmsKeyId: text.optional(),
    s3BucketName: text.optional(),
    cloudWatchLogsLogGroupArn: text.optional(),
    state: z
      .union([object({ status: trailStatus, selectors: trailSelectors }), object({ error: awsError })], {
        error: 'expected { status, selectors } or { error: { code, message } }',
      })
      .optional(),
  }),
);

export const configRecordersSchema = list(
  object({
    name: text,
    arn: text.optional(),
    roleArn: text.optional(),
    allSupported: flag,
    includeGlobalResourceTypes: flag,
    strategy: z.enum(
      ['ALL_SUPPORTED_RESOURCE_TYPES', 'INCLUSION_BY_RESOURCE_TYPES', 'EXCLUSION_BY_RESOURCE_TYPES'],
      { error: (i) => `expected a Config recording strategy, got ${received(i.input)}` },
    ),
    resourceTypes: strings,
    excludedResourceTypes: strings,
    servicePrincipal: text.optional(),
    recordingScope: text.optional(),
    recordingFrequency: text.optional(),
  }),
);

export const configRecorderStatusSchema = list(
  object({
    name: text,
    recording: flag,
    lastStatus: text.optional(),
    lastErrorCode: text.optional(),
    lastErrorMessage: text.optional(),
    lastStartTime: time.optional(),
    lastStopTime: time.optional(),
    lastStatusChangeTime: time.optional(),
  }),
);

export const deliveryChannelsSchema = list(
  object({
    name: text,
    s3BucketName: text.optional(),
    s3KeyPrefix: text.optional(),
    snsTopicArn: text.optional(),
    deliveryFrequency: text.optional(),
  }),
);

const deliveryInfo = object({
  lastStatus: text.optional(),
  lastErrorCode: text.optional(),
  lastErrorMessage: text.optional(),
  lastAttemptTime: time.optional(),
  lastSuccessfulTime: time.optional(),
});

export const deliveryChannelStatusSchema = list(
  object({
    name: text,
    configSnapshot: deliveryInfo.optional(),
    configHistory: deliveryInfo.optional(),
    configStream: deliveryInfo.optional(),
  }),
);
