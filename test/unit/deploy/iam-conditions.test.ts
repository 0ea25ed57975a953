import { ruleStatements } from '../../../deploy/iam';
import type { IamStatement } from '../../../deploy/types';
import { ebsSnapshotLifecycle } from '../../../rules/ebs-snapshot-lifecycle';
import { MANAGED_TAGS, MANAGER } from '../../../rules/ebs-snapshot-lifecycle/snapshot-planner';
import { cloudtrailEnabled } from '../../../rules/cloudtrail-enabled';
import { configRecorderEnabled } from '../../../rules/config-recorder-enabled';
import { ec2ScheduledEvents } from '../../../rules/ec2-scheduled-events';
import type { Rule } from '../../../lib/rule';

const grantsOf = (rule: Rule<never>, action: string): IamStatement[] =>
  ruleStatements(rule).filter((s) => (typeof s.Action === 'string' ? [s.Action] : s.Action).includes(action));

const SNAPSHOTS = { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*::snapshot/*' };

/**
 * IAM that holds the promises even if the code were wrong: the conditions come from the action
 * definitions' `iam` metadata (lib/actions/*.ts), and the generated roles carry them.
 */
describe('IAM conditions derived from the action definitions', () => {
  const ebs = ebsSnapshotLifecycle as Rule<never>;

  it('deletes only snapshots carrying the rule marker tag (the planner’s own MANAGED_TAGS/MANAGER)', () => {
    expect(grantsOf(ebs, 'ec2:DeleteSnapshot')).toEqual([
      {
        Effect: 'Allow',
        Action: 'ec2:DeleteSnapshot',
        Resource: SNAPSHOTS,
        Condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_TAGS.managedBy}`]: MANAGER } },
      },
    ]);
  });

  it('creates snapshots only of the account’s volumes and only with the marker tag', () => {
    expect(grantsOf(ebs, 'ec2:CreateSnapshot')).toEqual([
      {
        Effect: 'Allow',
        Action: 'ec2:CreateSnapshot',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:volume/*' },
      },
      {
        Effect: 'Allow',
        Action: 'ec2:CreateSnapshot',
        Resource: SNAPSHOTS,
        Condition: { StringEquals: { [`aws:RequestTag/${MANAGED_TAGS.managedBy}`]: MANAGER } },
      },
    ]);
  });

  it('tags only while creating a snapshot (ec2:CreateAction = CreateSnapshot, or CopySnapshot for a copy)', () => {
    const grants = grantsOf(ebs, 'ec2:CreateTags');
    expect(grants).toContainEqual({
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: SNAPSHOTS,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' } },
    });
    for (const g of grants) {
      expect(g.Resource).toEqual(SNAPSHOTS);
      expect(['CreateSnapshot', 'CopySnapshot']).toContain(g.Condition?.StringEquals?.['ec2:CreateAction']);
    }
  });

  it('lets EC2 use KMS keys for the encrypted cross-region copies, only through EC2', () => {
    const viaEc2 = { StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' } };
    const keys = { 'Fn::Sub': 'arn:${AWS::Partition}:kms:*:*:key/*' };
    for (const action of [
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ])
      expect(grantsOf(ebs, action)).toEqual([
        { Effect: 'Allow', Action: action, Resource: keys, Condition: viaEc2 },
      ]);
    // A grant only for an AWS resource (the snapshot being copied), through EC2.
    expect(grantsOf(ebs, 'kms:CreateGrant')).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:CreateGrant',
        Resource: keys,
        Condition: { ...viaEc2, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ]);
    expect(ebs.meta.permissions.remediate).toEqual(
      expect.arrayContaining(['kms:CreateGrant', 'kms:ReEncryptTo']),
    );
  });

  it.each([
    [
      cloudtrailEnabled,
      'cloudtrail:StartLogging',
      'arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*',
    ],
    [
      cloudtrailEnabled,
      'cloudtrail:CreateTrail',
      'arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*',
    ],
    [
      configRecorderEnabled,
      'config:StartConfigurationRecorder',
      'arn:${AWS::Partition}:config:*:${AWS::AccountId}:configuration-recorder/*',
    ],
    [
      ec2ScheduledEvents,
      'ec2:ModifyInstanceEventStartTime',
      'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:instance/*',
    ],
  ])('scopes %#: %s to the account’s own resources', (rule, action, arn) => {
    expect(grantsOf(rule as Rule<never>, action)).toEqual([
      { Effect: 'Allow', Action: action, Resource: { 'Fn::Sub': arn } },
    ]);
  });

  it.each([ebs, cloudtrailEnabled, configRecorderEnabled, ec2ScheduledEvents] as Rule<never>[])(
    'grants no mutating action of rule %# on every resource without a condition',
    (rule) => {
      // Describe/Get/List calls an action makes to check its work support no resource-level permissions.
      const unscoped = ruleStatements(rule, 'remediate')
        .filter((s) => s.Resource === '*' && !s.Condition)
        .flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : s.Action))
        .filter((a) => !/:(Describe|Get|List)/.test(a));
      expect(unscoped).toEqual([]);
    },
  );
});
