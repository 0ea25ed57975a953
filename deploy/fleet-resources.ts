import { param, physicalName } from './names';
import type { CfnResources } from './types';

/** CloudFormation parameters and conditions of the fleet stack (their defaults come from `--param`). */
export const parameters = {
  AlertEmail: {
    Type: 'String',
    Default: param('alertEmail', ''),
    Description: 'Email address subscribed to the alerts and dead-letters topics; empty for none.',
  },
  OrgMode: {
    Type: 'String',
    Default: param('orgMode', 'false'),
    AllowedValues: ['true', 'false'],
    Description:
      'true deploys the dead-letter alarms of organization mode (dispatcher and consumers follow the orgMode parameter).',
  },
};

export const conditions = {
  OrgMode: { 'Fn::Equals': [{ Ref: 'OrgMode' }, 'true'] },
  HasAlertEmail: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlertEmail' }, ''] }] },
};

const emailSubscription = (topic: string) => ({
  Type: 'AWS::SNS::Subscription',
  Condition: 'HasAlertEmail',
  Properties: { Protocol: 'email', Endpoint: { Ref: 'AlertEmail' }, TopicArn: { Ref: topic } },
});

/**
 * What every function shares: the encrypted alerts topic, the finding-state table (pk `rule|account`,
 * sk the finding id; resolved entries expire through TTL on expiresAt), and the dead-letters topic
 * that the failed-run, error and dead-lettered-scan alarms publish to. CloudWatch cannot publish to a
 * topic encrypted with the AWS managed key (alias/aws/sns: its key policy cannot grant
 * cloudwatch.amazonaws.com), so that topic has a customer managed key.
 */
export const fleetResources: CfnResources = {
  AlertsTopic: {
    Type: 'AWS::SNS::Topic',
    Properties: {
      TopicName: physicalName('alerts'),
      DisplayName: 'driftwatch',
      KmsMasterKeyId: 'alias/aws/sns',
    },
  },
  AlertsEmailSubscription: emailSubscription('AlertsTopic'),
  StateTable: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: '${self:custom.stateTableName}',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    },
  },
  DeadLetterAlarmsKey: {
    Type: 'AWS::KMS::Key',
    Properties: {
      Description: 'driftwatch dead-letter alarms topic',
      EnableKeyRotation: true,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    },
  },
  DeadLetterAlarmsTopic: {
    Type: 'AWS::SNS::Topic',
    Properties: {
      TopicName: physicalName('dead-letters'),
      DisplayName: 'driftwatch',
      KmsMasterKeyId: { Ref: 'DeadLetterAlarmsKey' },
    },
  },
  DeadLetterAlarmsEmailSubscription: emailSubscription('DeadLetterAlarmsTopic'),
};
