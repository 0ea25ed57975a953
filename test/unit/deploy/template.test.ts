import { z } from 'zod';
import { functionName } from '../../../lib/rule';
import type { Rule } from '../../../lib/rule';
import { defineRule } from '../../../lib/rule';
import type { ReadDef } from '../../../lib/inventory/types';
import { ruleEntries } from '../../../deploy/bundles';
import { statementActions } from '../../../deploy/iam';
import { resourceIds } from '../../../deploy/names';
import { checkUniqueFunctions, functions, resources } from '../../../deploy/template';
import type { IamStatement } from '../../../deploy/types';
import { rules } from '../../../rules';

/** A rule that exists only in this test: what a new registry entry gets with no other edit. */
const probeRead = {
  name: 'probe',
  actions: ['probe:Describe'],
  fetch: () => Promise.resolve([]),
} as unknown as ReadDef<unknown>;
const probe = defineRule({
  meta: {
    id: 'probe-rule',
    title: 'A probe',
    description: 'test only',
    risk: 'none',
    severity: 'low',
    resourceType: 'AwsAccount',
    scope: 'global',
    controls: {},
    remediation: { text: 'none', url: 'https://example.com' },
    deployment: { schedule: 'rate(3 hours)', memorySize: 1024, timeout: 600 },
  },
  params: z.strictObject({}),
  reads: [probeRead],
  evaluate: () => Promise.resolve([]),
}) as Rule<never>;

const statementsOf = (res: ReturnType<typeof resources>['Resources'], role: string) =>
  (res[role]?.Properties.Policies as { PolicyDocument: { Statement: IamStatement[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );

describe('deploy/template: the deployment generated from the registry', () => {
  it('gives a new rule its function, role, schedule, queues, alarms and dispatcher entry with no other edit', () => {
    // Prepare
    const registry = [...rules, probe];

    // Act
    const fns = functions(registry);
    const res = resources(registry).Resources;

    // Assess
    expect(fns.probeRule).toMatchObject({
      handler: 'dist/probeRule/index.handler',
      role: { 'Fn::GetAtt': ['ProbeRuleRole', 'Arn'] },
      memorySize: 1024,
      timeout: 600,
      package: { patterns: ['dist/probeRule/**'] },
      destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['ProbeRuleFailedRuns', 'Arn'] } } },
    });
    expect(fns.probeRule?.events[0]).toEqual({
      schedule: {
        rate: "${param:probeRuleRate, 'rate(3 hours)'}",
        enabled: '${param:schedulesEnabled, true}',
      },
    });
    for (const id of Object.values(resourceIds('probe-rule')).filter(
      (v) => v !== 'probeRule' && !v.endsWith('LambdaFunction'),
    ))
      expect(res[id]).toBeDefined();
    expect(JSON.stringify(fns.dispatcher?.environment)).toContain(
      '\\"probe-rule\\":\\"${ProbeRuleScanQueue}\\"',
    );
    expect(statementActions(statementsOf(res, 'ProbeRuleRole'))).toContain('probe:Describe');
  });

  it('leaves memory and timeout to the provider defaults where the rule names none', () => {
    const fns = functions(rules);
    for (const rule of rules.filter((r) => !r.meta.deployment.memorySize))
      expect(fns[functionName(rule.meta.id)]).not.toHaveProperty('memorySize');
  });

  it('refuses two rules with one function name, naming both', () => {
    const twin = { ...probe, meta: { ...probe.meta, id: 'probe--rule' } } as Rule<never>;
    expect(() =>
      checkUniqueFunctions([probe, { ...twin, meta: { ...twin.meta, id: 'probe-Rule' } }]),
    ).not.toThrow();
    expect(() => checkUniqueFunctions([probe, probe])).toThrow(
      /probe-rule: its function name probeRule is already used by probe-rule/,
    );
  });

  describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    const res = resources(rules).Resources;
    const ids = resourceIds(id);
    const statements = statementsOf(res, ids.role);

    it("grants exactly the rule's derived actions besides the fleet infrastructure", () => {
      const infra = new Set([
        'sns:Publish',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:SendMessage',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sts:AssumeRole',
        'ssm:GetParameter',
      ]);
      const ruleActions = [...new Set(statementActions(statements).filter((a) => !infra.has(a)))].sort();
      expect(ruleActions).toEqual(
        [...new Set([...rule.meta.permissions.read, ...rule.meta.permissions.remediate])].sort(),
      );
    });

    it("reaches only its own rule's state items (dynamodb:LeadingKeys)", () => {
      const state = statements.filter((s) => statementActions([s]).some((a) => a.startsWith('dynamodb:')));
      expect(state).toEqual([
        {
          Effect: 'Allow',
          Action: ['dynamodb:Query', 'dynamodb:UpdateItem'],
          Resource: { 'Fn::GetAtt': ['StateTable', 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${id}|*`] } },
        },
      ]);
    });

    it('assumes only its own member role, and only in accounts of its organization', () => {
      const sts = statements.filter((s) => s.Action === 'sts:AssumeRole');
      expect(sts).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: {
            'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/\${param:memberRoleName, 'driftwatch-member'}/${ids.fn}`,
          },
          Condition: {
            StringEquals: { 'aws:ResourceOrgID': { 'Fn::Join': ['', ['$', '{aws:PrincipalOrgID}']] } },
          },
        },
      ]);
    });

    it('has an on-failure destination and an Errors alarm to the dead-letters topic', () => {
      expect(res[ids.failedRuns]?.Type).toBe('AWS::SQS::Queue');
      expect(res[ids.errorsAlarm]?.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.lambda } }],
        AlarmActions: [{ Ref: 'DeadLetterAlarmsTopic' }],
      });
      expect(res[ids.errorsAlarm]).not.toHaveProperty('Condition');
    });

    it('has a scan queue that only the dispatcher role may send to', () => {
      const policy = res[ids.scanQueuePolicy]?.Properties as {
        Queues: unknown;
        PolicyDocument: { Statement: unknown[] };
      };
      expect(policy.Queues).toEqual([{ Ref: ids.scanQueue }]);
      const dispatcher = { 'Fn::GetAtt': ['DispatcherRole', 'Arn'] };
      const queue = { 'Fn::GetAtt': [ids.scanQueue, 'Arn'] };
      expect(policy.PolicyDocument.Statement).toEqual([
        {
          Sid: 'DispatcherSends',
          Effect: 'Allow',
          Principal: { AWS: dispatcher },
          Action: 'sqs:SendMessage',
          Resource: queue,
        },
        {
          Sid: 'NoOtherSender',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:SendMessage',
          Resource: queue,
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': dispatcher } },
        },
      ]);
    });
  });

  it('generates each bundle entry from the registry, importing only its own rule', () => {
    const entries = ruleEntries(rules.map((r) => r.meta.id));
    expect(entries.map((e) => e.name)).toEqual(rules.map((r) => functionName(r.meta.id)));
    for (const [i, rule] of rules.entries()) {
      const imports = entries[i]?.contents.match(/from '\.\/rules[^']*'/g);
      expect(imports).toEqual([`from './rules/${rule.meta.id}'`]);
      expect(entries[i]?.contents).toContain(`import { ${functionName(rule.meta.id)} as rule }`);
    }
  });
});
