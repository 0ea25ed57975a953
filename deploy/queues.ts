import { physicalName, resourceIds } from './names';
import type { CfnResource, CfnResources } from './types';

/** Fourteen days, SQS's maximum: time to look at a failed run or scan before it is gone. */
const RETENTION = 1_209_600;

function alarm(description: string, metric: Record<string, unknown>, condition?: string): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    ...(condition ? { Condition: condition } : {}),
    Properties: {
      AlarmDescription: description,
      ...metric,
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'DeadLetterAlarmsTopic' }],
    },
  };
}

/**
 * A scheduled (asynchronous) invocation that fails after Lambda's retries goes to the function's
 * failed-runs queue (its on-failure destination, with the event and the error), and any error of
 * the function raises an alarm to the dead-letters topic.
 */
export function failureResources(fn: string, label: string): CfnResources {
  const ids = resourceIds(fn);
  return {
    [ids.failedRuns]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: physicalName(`${fn}-failed-runs`),
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: RETENTION,
      },
    },
    [ids.errorsAlarm]: alarm(
      `${label}: an invocation failed; failed scheduled runs are kept in ${fn}-failed-runs.`,
      {
        AlarmName: physicalName(`${fn}-errors`),
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.lambda } }],
        Statistic: 'Sum',
      },
    ),
  };
}

/**
 * Organization mode, per rule: a scan queue that only the dispatcher's role may send to (any other
 * principal is denied, whatever its own IAM policy allows), redriven to a dead-letter queue after
 * maxReceiveCount attempts, and an alarm on the dead-letter queue's depth.
 */
export function scanQueueResources(ruleId: string): CfnResources {
  const ids = resourceIds(ruleId);
  const dispatcher = { 'Fn::GetAtt': ['DispatcherRole', 'Arn'] };
  return {
    [ids.scanQueue]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: physicalName(`${ids.fn}-scans`),
        SqsManagedSseEnabled: true,
        // 6 x the function timeout, as AWS recommends for an SQS event source.
        VisibilityTimeout: 1800,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [ids.scanDeadLetters, 'Arn'] },
          maxReceiveCount: '${param:maxReceiveCount, 3}',
        },
      },
    },
    [ids.scanQueuePolicy]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: ids.scanQueue }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DispatcherSends',
              Effect: 'Allow',
              Principal: { AWS: dispatcher },
              Action: 'sqs:SendMessage',
              Resource: { 'Fn::GetAtt': [ids.scanQueue, 'Arn'] },
            },
            {
              Sid: 'NoOtherSender',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sqs:SendMessage',
              Resource: { 'Fn::GetAtt': [ids.scanQueue, 'Arn'] },
              Condition: { ArnNotEquals: { 'aws:PrincipalArn': dispatcher } },
            },
          ],
        },
      },
    },
    [ids.scanDeadLetters]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: physicalName(`${ids.fn}-scans-dlq`),
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: RETENTION,
      },
    },
    [ids.scanDeadLettersAlarm]: alarm(
      `driftwatch rule ${ruleId}: member-account scans failed {maxReceiveCount} times; the message body names the account.`,
      {
        AlarmName: physicalName(`${ids.fn}-scans-dead-lettered`),
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.scanDeadLetters, 'QueueName'] } }],
        Statistic: 'Maximum',
      },
      'OrgMode',
    ),
  };
}
