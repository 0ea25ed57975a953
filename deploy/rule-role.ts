import type { Rule } from '../lib/rule';
import { ruleStatements } from './iam';
import { memberRoleName, param, physicalName, resourceIds, RULE_TAG } from './names';
import type { CfnResource, IamStatement } from './types';

/** The SSM SecureString holding the ExternalId every member role trusts (organization mode). */
export const EXTERNAL_ID_PARAMETER = param('externalIdParameter', '/driftwatch/${sls:stage}/external-id');

/** The IAM policy variable `${aws:PrincipalOrgID}`: the organization of the calling role's account. */
export const PRINCIPAL_ORG_ID = { 'Fn::Join': ['', ['$', '{aws:PrincipalOrgID}']] };

const LAMBDA_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** Writing its own log group, and nothing else of CloudWatch Logs. */
export function logStatement(fn: string): IamStatement {
  return {
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${physicalName(fn)}:*`,
    },
  };
}

/** Its failed scheduled runs go to its own on-failure destination (Lambda sends with the function's role). */
export function failedRunsStatement(fn: string): IamStatement {
  return {
    Effect: 'Allow',
    Action: 'sqs:SendMessage',
    Resource: { 'Fn::GetAtt': [resourceIds(fn).failedRuns, 'Arn'] },
  };
}

/**
 * The fleet's infrastructure a rule function uses besides its rule's permissions: publishing
 * alerts; its own rule's state items only (`dynamodb:LeadingKeys`: partition keys `<rule-id>|<account>`);
 * its logs; its failed-runs queue; and, in organization mode, its scan queue, its own member role
 * in accounts of the fleet's organization only, and the ExternalId parameter.
 */
export function infrastructureStatements(ruleId: string): IamStatement[] {
  const ids = resourceIds(ruleId);
  return [
    { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'AlertsTopic' } },
    {
      Effect: 'Allow',
      Action: ['dynamodb:Query', 'dynamodb:UpdateItem'],
      Resource: { 'Fn::GetAtt': ['StateTable', 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ruleId}|*`] } },
    },
    logStatement(ids.fn),
    failedRunsStatement(ids.fn),
    {
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      Resource: { 'Fn::GetAtt': [ids.scanQueue, 'Arn'] },
    },
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${memberRoleName(ruleId)}` },
      // The member account must belong to the fleet account's own organization: IAM receives the
      // policy variable ${aws:PrincipalOrgID} (joined so that Serverless does not read it as a variable).
      Condition: { StringEquals: { 'aws:ResourceOrgID': PRINCIPAL_ORG_ID } },
    },
    {
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: {
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${EXTERNAL_ID_PARAMETER}`,
      },
    },
  ];
}

/** A rule function's own role: exactly its rule's derived permissions plus the infrastructure above. */
export function ruleRole(rule: Rule<never>): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: `driftwatch rule ${rule.meta.id}: its declared reads and actions, its state, queue and logs`,
      AssumeRolePolicyDocument: LAMBDA_TRUST,
      Tags: [{ Key: RULE_TAG, Value: rule.meta.id }],
      Policies: [
        {
          PolicyName: 'rule',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [...ruleStatements(rule), ...infrastructureStatements(rule.meta.id)],
          },
        },
      ],
    },
  };
}

/** The dispatcher's role: list the organization, send to the scan queues, write its logs. */
export function dispatcherRole(ruleIds: readonly string[]): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: 'driftwatch org dispatcher: lists the organization and sends scan messages',
      AssumeRolePolicyDocument: LAMBDA_TRUST,
      Policies: [
        {
          PolicyName: 'dispatcher',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: [
                  'organizations:ListAccounts',
                  'organizations:ListAccountsForParent',
                  'organizations:ListOrganizationalUnitsForParent',
                ],
                Resource: '*',
              },
              {
                Effect: 'Allow',
                Action: 'sqs:SendMessage',
                Resource: ruleIds.map((id) => ({ 'Fn::GetAtt': [resourceIds(id).scanQueue, 'Arn'] })),
              },
              logStatement('dispatcher'),
              failedRunsStatement('dispatcher'),
            ],
          },
        },
      ],
    },
  };
}
