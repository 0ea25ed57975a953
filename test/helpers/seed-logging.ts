import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { MONITORED_EVENTS } from '../../rules/cloudwatch-alarms/benchmark';
import type { Moto } from './moto';
import { createBucket, motoClient } from './moto';

/** Seeding for the CIS logging and monitoring rules (cloudwatch-alarms, logging-coverage) on moto_server. */

const ACCOUNT = '123456789012';
/** The CloudWatch Logs group `loggingTrail` delivers to. */
export const TRAIL_LOG_GROUP = 'cloudtrail/management';

/**
 * A logging multi-region trail `management` into bucket `trail-logs` and log group
 * `TRAIL_LOG_GROUP`, recording all management events and S3 object writes (data events).
 */
export async function loggingTrail(moto: Moto): Promise<void> {
  await createBucket(moto, 'trail-logs');
  await motoClient(moto, CloudWatchLogsClient).send(
    new CreateLogGroupCommand({ logGroupName: TRAIL_LOG_GROUP }),
  );
  const cloudtrail = motoClient(moto, CloudTrailClient);
  await cloudtrail.send(
    new CreateTrailCommand({
      Name: 'management',
      S3BucketName: 'trail-logs',
      IsMultiRegionTrail: true,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${TRAIL_LOG_GROUP}:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-to-logs`,
    }),
  );
  await cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: 'management',
      EventSelectors: [
        {
          ReadWriteType: 'WriteOnly',
          IncludeManagementEvents: false,
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
        },
        { ReadWriteType: 'All', IncludeManagementEvents: true },
      ],
    }),
  );
  await cloudtrail.send(new StartLoggingCommand({ Name: 'management' }));
}

/**
 * The benchmark's metric filter for `checkId` (its first pattern) on `TRAIL_LOG_GROUP`, and an
 * alarm `<checkId>-alarm` on its metric that notifies `topicArn`.
 */
export async function benchmarkAlarm(moto: Moto, checkId: string, topicArn: string): Promise<void> {
  const filterPattern = MONITORED_EVENTS.find((e) => e.checkId === checkId)?.patterns[0];
  if (filterPattern === undefined) throw new Error(`no benchmark event has check id ${checkId}`);
  await motoClient(moto, CloudWatchLogsClient).send(
    new PutMetricFilterCommand({
      logGroupName: TRAIL_LOG_GROUP,
      filterName: checkId,
      filterPattern,
      metricTransformations: [{ metricName: checkId, metricNamespace: 'CISBenchmark', metricValue: '1' }],
    }),
  );
  await motoClient(moto, CloudWatchClient).send(
    new PutMetricAlarmCommand({
      AlarmName: `${checkId}-alarm`,
      MetricName: checkId,
      Namespace: 'CISBenchmark',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [topicArn],
    }),
  );
}

/** Two customer keys in us-east-1, one rotating and one not; their key ids. */
export async function customerKeys(moto: Moto): Promise<{ rotating: string; stale: string }> {
  const kms = motoClient(moto, KMSClient);
  const rotating = (await kms.send(new CreateKeyCommand({ Description: 'rotating' }))).KeyMetadata
    ?.KeyId as string;
  const stale = (await kms.send(new CreateKeyCommand({ Description: 'stale' }))).KeyMetadata?.KeyId as string;
  await kms.send(new EnableKeyRotationCommand({ KeyId: rotating }));
  return { rotating, stale };
}

/** A flow log (rejected traffic, to bucket `trail-logs`) on the first VPC of us-east-1; its VPC id. */
export async function flowLogOnFirstVpc(moto: Moto): Promise<string> {
  const ec2 = motoClient(moto, EC2Client);
  const vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.[0]?.VpcId as string;
  await ec2.send(
    new CreateFlowLogsCommand({
      ResourceType: 'VPC',
      ResourceIds: [vpc],
      TrafficType: 'REJECT',
      LogDestinationType: 's3',
      LogDestination: 'arn:aws:s3:::trail-logs',
    }),
  );
  return vpc;
}

/** Bucket `access-logs`, admitting the S3 logging service, receives `bucket`'s access logs under `trail/`. */
export async function accessLogging(moto: Moto, bucket: string): Promise<void> {
  await createBucket(moto, 'access-logs');
  const s3 = motoClient(moto, S3Client);
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'access-logs',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::access-logs/*',
          },
        ],
      }),
    }),
  );
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: bucket,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'trail/' } },
    }),
  );
}
