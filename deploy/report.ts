import { param, resourceIds } from './names';
import { failureResources } from './queues';
import { failedRunsStatement, logStatement } from './rule-role';
import type { CfnResources, CfnValue, SlsFunction } from './types';

/**
 * The optional scheduled posture report (issue 20), all behind the `reportEnabled` parameter
 * (CloudFormation condition `ReportEnabled`, default false): a function that reads the whole state
 * table and writes one HTML page (lib/report/handler.ts) to a private, encrypted, versioned bucket
 * of the stack, its role, schedule, failed-runs queue and alarm. The function entry always exists
 * (osls generates its resources from `functions`), so its generated resources are given the
 * condition through `resources.extensions`; its version is not published (`versionFunction: false`),
 * since a version's logical id carries a code hash that no extension could name.
 */

export const REPORT_FUNCTION = 'report';
/** Where the page is written: the role may put objects under `posture/` only. */
export const REPORT_KEY = 'posture/index.html';
export const REPORT_PREFIX = 'posture/';
const REPORT_CONDITION = 'ReportEnabled';

export const reportParameters = {
  ReportEnabled: {
    Type: 'String',
    Default: param('reportEnabled', 'false'),
    AllowedValues: ['true', 'false'],
    Description:
      'true deploys the scheduled posture report (reportRate) and its private S3 bucket, linked from the alert email.',
  },
};

export const reportConditions = {
  [REPORT_CONDITION]: { 'Fn::Equals': [{ Ref: 'ReportEnabled' }, 'true'] },
};

const ids = resourceIds(REPORT_FUNCTION);

/** The logical ids of the report's own resources (besides those `resourceIds` names). */
export const reportIds = {
  bucket: 'ReportBucket',
  bucketPolicy: 'ReportBucketPolicy',
  ...ids,
} as const;

/** The resources osls generates for the `report` function, to which the condition is added. */
export const generatedReportResources = [
  'ReportLogGroup',
  ids.lambda,
  'ReportEventsRuleSchedule1',
  'ReportLambdaPermissionEventsRuleSchedule1',
  'ReportLambdaEvConf',
] as const;

/** `resources.extensions`: the condition on every resource osls generates for the function. */
export const reportExtensions = Object.fromEntries(
  generatedReportResources.map((id) => [id, { Condition: REPORT_CONDITION }]),
) as Record<(typeof generatedReportResources)[number], { Condition: string }>;

/**
 * The email's link to the page (lib/report/upload.ts `reportLink`): the S3 console page of the
 * object, opened with a signed-in console session; empty (unset for the code) without the report.
 */
export const reportLinkValue: CfnValue = { 'Fn::If': [REPORT_CONDITION, ownLink(), ''] };

/** The console link itself, for the report function (which exists only with the condition). */
function ownLink(): CfnValue {
  return {
    'Fn::Sub': `https://s3.console.aws.amazon.com/s3/object/\${${reportIds.bucket}}?region=\${AWS::Region}&prefix=${encodeURIComponent(REPORT_KEY)}`,
  };
}

/**
 * The report function: daily by default (`reportRate`), off with every other schedule
 * (`schedulesEnabled=false`). `local` (sls invoke local): its bucket from the shell
 * (`DRIFTWATCH_REPORT_BUCKET`), nothing left to resolve in AWS.
 */
export function reportFunction(local = false): SlsFunction {
  return {
    handler: `dist/${REPORT_FUNCTION}/index.handler`,
    package: { patterns: [`dist/${REPORT_FUNCTION}/**`] },
    description: 'driftwatch posture report: the state table as one HTML page in the report bucket',
    role: { 'Fn::GetAtt': [reportIds.role, 'Arn'] },
    memorySize: 1024,
    versionFunction: false,
    environment: {
      DRIFTWATCH_REPORT_BUCKET: local ? '${env:DRIFTWATCH_REPORT_BUCKET, null}' : { Ref: reportIds.bucket },
      DRIFTWATCH_REPORT_KEY: REPORT_KEY,
      // Replaces the provider's Fn::If, whose false branch cannot happen in this function.
      DRIFTWATCH_REPORT_LINK: local ? '${env:DRIFTWATCH_REPORT_LINK, null}' : ownLink(),
    },
    destinations: {
      onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': [ids.failedRuns, 'Arn'] } },
    },
    events: [
      {
        schedule: {
          rate: param('reportRate', 'rate(1 day)'),
          enabled: '${param:schedulesEnabled, true}',
        },
      },
    ],
  };
}

const bucketArn = { 'Fn::GetAtt': [reportIds.bucket, 'Arn'] };

const LAMBDA_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/**
 * The report's bucket (private: all four public access blocks, bucket owner enforced, so no ACL
 * applies; SSE-S3; versioned, each run's page kept as a version for 90 days; TLS only), its role
 * (Scan the whole state table, put objects under `posture/`, its own logs and failed-runs queue),
 * and the failed-runs queue and Errors alarm every function has.
 */
export function reportResources(): CfnResources {
  const conditioned = (resources: CfnResources): CfnResources =>
    Object.fromEntries(
      Object.entries(resources).map(([id, r]) => [id, { ...r, Condition: REPORT_CONDITION }]),
    );
  return conditioned({
    [reportIds.bucket]: {
      Type: 'AWS::S3::Bucket',
      // Versioned objects stay when the report is turned off or the stack is deleted.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'expire-old-report-versions',
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            },
          ],
        },
      },
    },
    [reportIds.bucketPolicy]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: reportIds.bucket },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [bucketArn, { 'Fn::Sub': `\${${reportIds.bucket}.Arn}/*` }],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    [reportIds.role]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: 'driftwatch posture report: reads the state table, writes the report bucket',
        AssumeRolePolicyDocument: LAMBDA_TRUST,
        Policies: [
          {
            PolicyName: 'report',
            PolicyDocument: { Version: '2012-10-17', Statement: reportStatements() },
          },
        ],
      },
    },
    ...failureResources(REPORT_FUNCTION, 'driftwatch posture report'),
  });
}

/** The report role's statements: exactly what writeReport (lib/report/handler.ts) calls. */
export function reportStatements() {
  return [
    {
      Effect: 'Allow' as const,
      Action: 'dynamodb:Scan',
      Resource: { 'Fn::GetAtt': ['StateTable', 'Arn'] },
    },
    {
      Effect: 'Allow' as const,
      Action: 's3:PutObject',
      Resource: { 'Fn::Sub': `\${${reportIds.bucket}.Arn}/${REPORT_PREFIX}*` },
    },
    logStatement(REPORT_FUNCTION),
    failedRunsStatement(REPORT_FUNCTION),
  ];
}
