import { triggerPattern } from '../lib/events/match';
import type { ApiTrigger } from '../lib/events/types';
import type { Rule } from '../lib/rule';
import { param, resourceIds } from './names';
import type { CfnResources } from './types';

/**
 * The tamper sentinel's part of the fleet template: per rule with `meta.triggers`, one EventBridge
 * rule per trigger on the default bus, matching exactly that trigger's "AWS API Call via CloudTrail"
 * events (source, event names, filter), targeting the rule's function (with the permission to
 * invoke it); and, when `organizationId` is set, a bus policy admitting events forwarded by the
 * organization's accounts only (deploy/member-events.yml).
 */

export const triggerParameters = {
  TriggersEnabled: {
    Type: 'String',
    Default: param('triggersEnabled', 'true'),
    AllowedValues: ['true', 'false'],
    Description:
      'true runs a rule as soon as an API call that can break it is made (EventBridge rules on CloudTrail events); false leaves only the schedules.',
  },
  OrganizationId: {
    Type: 'String',
    Default: param('organizationId', ''),
    AllowedPattern: '^$|^o-[a-z0-9]{10,32}$',
    Description:
      "The organization (o-...) whose accounts may forward API call events to this account's default event bus (deploy/member-events.yml); empty admits no other account.",
  },
};

export const triggerConditions = {
  TriggersEnabled: { 'Fn::Equals': [{ Ref: 'TriggersEnabled' }, 'true'] },
  AdmitOrganization: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] },
};

/** The logical ids of a rule's n-th trigger (0-based) and the permission letting it invoke the function. */
export function triggerIds(ruleId: string, index: number) {
  const ids = resourceIds(ruleId);
  const n = index + 1;
  const base = ids.lambda.replace(/LambdaFunction$/, '');
  return {
    rule: `${base}Trigger${n}`,
    permission: `${base}Trigger${n}Permission`,
    lambda: ids.lambda,
  } as const;
}

function triggerRule(ruleId: string, trigger: ApiTrigger, lambda: string) {
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Description: `driftwatch ${ruleId}: ${trigger.eventNames.join(', ')}`.slice(0, 512),
      EventPattern: triggerPattern(trigger),
      State: { 'Fn::If': ['TriggersEnabled', 'ENABLED', 'DISABLED'] },
      Targets: [{ Id: 'rule-function', Arn: { 'Fn::GetAtt': [lambda, 'Arn'] } }],
    },
  };
}

/** One rule's trigger rules and invoke permissions (none for a rule without `meta.triggers`). */
export function triggerResources(rule: Rule<never>): CfnResources {
  const entries = (rule.meta.triggers ?? []).flatMap((trigger, i) => {
    const ids = triggerIds(rule.meta.id, i);
    return [
      [ids.rule, triggerRule(rule.meta.id, trigger, ids.lambda)],
      [
        ids.permission,
        {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            Action: 'lambda:InvokeFunction',
            FunctionName: { 'Fn::GetAtt': [ids.lambda, 'Arn'] },
            Principal: 'events.amazonaws.com',
            SourceArn: { 'Fn::GetAtt': [ids.rule, 'Arn'] },
          },
        },
      ],
    ] as const;
  });
  return Object.fromEntries(entries) as CfnResources;
}

/** The default bus admits PutEvents from the organization's accounts only (aws:PrincipalOrgID). */
export const organizationBusPolicy: CfnResources = {
  OrganizationEventsBusPolicy: {
    Type: 'AWS::Events::EventBusPolicy',
    Condition: 'AdmitOrganization',
    Properties: {
      EventBusName: 'default',
      StatementId: 'driftwatch-${sls:stage}-organization',
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: {
          'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default',
        },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
      },
    },
  },
};
