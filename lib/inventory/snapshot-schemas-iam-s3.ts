import * as z from 'zod/mini';
import type { LogGroupMetricFilters } from './cloudwatch-logs';
import type { AuthorizationDetails } from './iam-authorization';
import type { CredentialReport } from './iam-credential-report';
import type { PasswordPolicy } from './iam-password-policy';
import type { ServerCertificate } from './iam-server-certificates';
import type { BucketSecurity, PublicAccessBlock } from './s3';
import type { BucketLogging } from './s3-logging';
import { count, flag, list, object, received, strings, text, time } from './snapshot-schema-parts';
import type { TopicSubscriptions } from './sns-subscriptions';

/**
 * Schemas of the IAM, S3, SNS and CloudWatch Logs reads' values (`ReadDef.schema`; keyed reads take
 * the schema of one found entry). As in lib/inventory/snapshot-schemas.ts, objects are strict and
 * each schema is typed against its read's value, so the two cannot drift apart.
 */

/** An AWS error a read stored in place of one entry (a bucket or topic this role may not read). */
const awsError = object({ code: text, message: text });

const principal = {
  name: text,
  arn: text,
  attachedPolicies: list(object({ name: text, arn: text })),
  inlinePolicies: strings,
};

export const authorizationDetailsSchema = object({
  users: list(object({ ...principal, groups: strings })),
  groups: list(object(principal)),
  roles: list(object(principal)),
  customerPolicies: list(object({ name: text, arn: text, attachmentCount: count, document: z.unknown() })),
}) satisfies z.core.$ZodType<AuthorizationDetails>;

const accessKey = object({
  slot: z.union([z.literal(1), z.literal(2)], { error: (i) => `expected 1 or 2, got ${received(i.input)}` }),
  active: flag,
  lastRotated: z.optional(time),
  lastUsed: z.optional(time),
  lastUsedService: z.optional(text),
});

export const credentialReportSchema = object({
  generatedTime: time,
  users: list(
    object({
      user: text,
      arn: text,
      isRoot: flag,
      createdAt: z.optional(time),
      passwordEnabled: z.optional(flag),
      passwordLastUsed: z.optional(time),
      passwordLastChanged: z.optional(time),
      mfaActive: flag,
      accessKeys: z.tuple([accessKey, accessKey], {
        error: (i) => `expected a list of the two access-key slots, got ${received(i.input)}`,
      }),
      activeCertificates: count,
    }),
  ),
}) satisfies z.core.$ZodType<CredentialReport>;

export const passwordPolicySchema = z.nullable(
  object({
    minimumPasswordLength: z.optional(count),
    requireSymbols: z.optional(flag),
    requireNumbers: z.optional(flag),
    requireUppercaseCharacters: z.optional(flag),
    requireLowercaseCharacters: z.optional(flag),
    allowUsersToChangePassword: z.optional(flag),
    maxPasswordAge: z.optional(count),
    passwordReusePrevention: z.optional(count),
    hardExpiry: z.optional(flag),
  }),
) satisfies z.core.$ZodType<PasswordPolicy | null>;

export const serverCertificatesSchema = list(
  object({ name: text, arn: text, expiration: z.optional(time), uploadDate: z.optional(time) }),
) satisfies z.core.$ZodType<ServerCertificate[]>;

const publicAccessBlock = object({
  blockPublicAcls: flag,
  ignorePublicAcls: flag,
  blockPublicPolicy: flag,
  restrictPublicBuckets: flag,
}) satisfies z.core.$ZodType<PublicAccessBlock>;

export const accountPublicAccessBlockSchema = object({
  publicAccessBlock: z.optional(publicAccessBlock),
}) satisfies z.core.$ZodType<{ readonly publicAccessBlock?: PublicAccessBlock }>;

export const bucketSecuritySchema = list(
  z.union(
    [
      object({
        name: text,
        region: text,
        policy: z.optional(z.unknown()),
        versioning: z.enum(['Enabled', 'Suspended', 'Off'], {
          error: (i) => `expected "Enabled", "Suspended" or "Off", got ${received(i.input)}`,
        }),
        mfaDelete: flag,
        publicAccessBlock: z.optional(publicAccessBlock),
      }),
      object({ name: text, region: text, error: awsError }),
    ],
    { error: 'expected { name, region, versioning, mfaDelete, ... } or { name, region, error }' },
  ),
) satisfies z.core.$ZodType<BucketSecurity[]>;

/** One entry `s3.bucketLogging` found. */
export const bucketLoggingSchema = z.union(
  [
    object({ bucket: text, region: text, target: z.optional(object({ bucket: text, prefix: text })) }),
    object({ bucket: text, error: awsError }),
  ],
  { error: 'expected { bucket, region, target? } or { bucket, error: { code, message } }' },
) satisfies z.core.$ZodType<BucketLogging>;

/** One entry `sns.topicSubscriptions` found. */
export const topicSubscriptionsSchema = z.union(
  [
    object({ topicArn: text, confirmed: strings, pending: count }),
    object({ topicArn: text, error: awsError }),
  ],
  { error: 'expected { topicArn, confirmed, pending } or { topicArn, error: { code, message } }' },
) satisfies z.core.$ZodType<TopicSubscriptions>;

/** One entry `logs.metricFilters` found. */
export const logGroupMetricFiltersSchema = object({
  logGroupName: text,
  filters: list(
    object({ name: text, pattern: text, metrics: list(object({ name: text, namespace: text })) }),
  ),
}) satisfies z.core.$ZodType<LogGroupMetricFilters>;
