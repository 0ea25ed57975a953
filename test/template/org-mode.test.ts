import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { functionName } from '../../lib/rule';
import { rules } from '../../rules';
import type { Statement, Template } from '../helpers/package';
import { actionsOf, cfnLint, logicalId, packageTemplate, ROOT, statementsOf } from '../helpers/package';

const MEMBER_ROLE = join(ROOT, 'deploy', 'member-role.yml');

const union = (pick: (r: (typeof rules)[number]) => readonly string[]) =>
  [...new Set(rules.flatMap(pick))].sort();

/** CloudFormation YAML with long-form intrinsics, read by PyYAML (installed with cfn-lint). */
function readYamlTemplate(path: string): Template {
  const out = spawnSync(
    'python3',
    ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`could not read ${path}: ${out.stderr}`);
  return JSON.parse(out.stdout) as Template;
}

describe('organization mode in the packaged template', () => {
  let cleanup: (() => void) | undefined;
  let template: Template;

  beforeAll(() => {
    ({ template, cleanup } = packageTemplate({ stage: 'ci', dirPrefix: 'driftwatch-org-package-' }));
  }, 150_000);
  afterAll(() => cleanup?.());

  describe.each(rules.map((r) => [r.meta.id, functionName(r.meta.id)] as const))('%s', (_id, fn) => {
    const id = logicalId(fn);

    it('consumes its own scan queue one message at a time, with a maximum concurrency, off unless orgMode', () => {
      const mappings = Object.values(template.Resources).filter(
        (r) =>
          r.Type === 'AWS::Lambda::EventSourceMapping' &&
          JSON.stringify(r.Properties.FunctionName).includes(`"${id}LambdaFunction"`),
      );
      expect(mappings).toHaveLength(1);
      expect(mappings[0]?.Properties).toMatchObject({
        BatchSize: 1,
        ScalingConfig: { MaximumConcurrency: 10 },
        Enabled: false,
        EventSourceArn: { 'Fn::GetAtt': [`${id}ScanQueue`, 'Arn'] },
      });
    });

    it('dead-letters a scan after 3 attempts and alarms on the dead-letter queue', () => {
      expect(template.Resources[`${id}ScanQueue`]?.Properties).toMatchObject({
        VisibilityTimeout: 1800,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [`${id}ScanDeadLetters`, 'Arn'] },
          maxReceiveCount: 3,
        },
      });
      expect(template.Resources[`${id}ScanDeadLettersAlarm`]).toMatchObject({
        Condition: 'OrgMode',
        Properties: {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [`${id}ScanDeadLetters`, 'QueueName'] } }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          AlarmActions: [{ Ref: 'DeadLetterAlarmsTopic' }],
        },
      });
    });

    it('may receive only from its own queue and assume only the member role', () => {
      const lambda = template.Resources[`${id}LambdaFunction`];
      const role =
        template.Resources[(lambda?.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]];
      const statements = statementsOf(role);
      const sqs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
      expect(sqs).toEqual([
        {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          Resource: { 'Fn::GetAtt': [`${id}ScanQueue`, 'Arn'] },
        },
      ]);
      const sts = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sts:')));
      expect(sts).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/driftwatch-member' },
        },
      ]);
      expect(template.Resources[`${id}LambdaFunction`]?.Properties.Environment).toMatchObject({
        Variables: { DRIFTWATCH_MEMBER_ROLE_NAME: 'driftwatch-member' },
      });
    });
  });

  it('gives the dispatcher only Organizations listing, sending to the scan queues, and its logs', () => {
    // Prepare
    const lambda = template.Resources.DispatcherLambdaFunction;
    const statements = statementsOf(template.Resources.DispatcherRole);

    // Assess
    expect((lambda?.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]).toBe('DispatcherRole');
    expect(statements.flatMap(actionsOf).sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'organizations:ListAccounts',
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
        'sqs:SendMessage',
      ].sort(),
    );
    const send = statements.find((s) => actionsOf(s).includes('sqs:SendMessage'));
    expect(send?.Resource).toEqual(
      rules.map((r) => ({ 'Fn::GetAtt': [`${logicalId(functionName(r.meta.id))}ScanQueue`, 'Arn'] })),
    );
    const queues = JSON.stringify(lambda?.Properties.Environment);
    for (const r of rules)
      expect(queues).toContain(`\\"${r.meta.id}\\":\\"\${${logicalId(functionName(r.meta.id))}ScanQueue}\\"`);
  });

  it('sends dead-letter alarms to their own customer-managed-key topic (CloudWatch cannot use alias/aws/sns)', () => {
    expect(template.Resources.DeadLetterAlarmsTopic).toMatchObject({
      Condition: 'OrgMode',
      Properties: { KmsMasterKeyId: { Ref: 'DeadLetterAlarmsKey' } },
    });
    const policy = template.Resources.DeadLetterAlarmsKey?.Properties.KeyPolicy as {
      Statement: (Statement & { Principal: unknown })[];
    };
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });
});

describe('deploy/member-role.yml', () => {
  const template = readYamlTemplate(MEMBER_ROLE);

  it('passes cfn-lint with no errors or warnings', () => {
    const lint = cfnLint(MEMBER_ROLE);
    expect(lint.output).toBe('');
    expect(lint.status).toBe(0);
  });

  it('grants exactly the read actions of all rules', () => {
    const statements = statementsOf(template.Resources.MemberRole);
    expect(statements.flatMap(actionsOf).sort()).toEqual(union((r) => r.meta.permissions.read));
  });

  it('grants the remediation actions of all rules only when RemediationEnabled is true', () => {
    const policy = template.Resources.MemberRemediationPolicy;
    expect(policy?.Condition).toBe('Remediate');
    const doc = policy?.Properties.PolicyDocument as { Statement: Statement[] };
    expect(doc.Statement.flatMap(actionsOf).sort()).toEqual(union((r) => r.meta.permissions.remediate));
  });

  it('trusts only the fleet function roles, and only with the ExternalId', () => {
    const trust = template.Resources.MemberRole?.Properties.AssumeRolePolicyDocument as {
      Statement: Record<string, unknown>[];
    };
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${FleetAccountId}:root' } },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
          ArnLike: {
            'aws:PrincipalArn': {
              'Fn::Sub': 'arn:${AWS::Partition}:iam::${FleetAccountId}:role/driftwatch-${FleetStage}-*',
            },
          },
        },
      },
    ]);
  });
});

describe('the packaged template deployed with orgMode=true and schedulesEnabled=false', () => {
  let packaged: ReturnType<typeof packageTemplate> | undefined;

  beforeAll(() => {
    packaged = packageTemplate({
      stage: 'ci',
      dirPrefix: 'driftwatch-org-on-',
      slsParams: ['orgMode=true', 'schedulesEnabled=false', 'externalId=fleet-external-id'],
    });
  }, 150_000);
  afterAll(() => packaged?.cleanup());

  it('passes cfn-lint', () => {
    expect(cfnLint(packaged!.path)).toEqual({ output: '', status: 0 });
  }, 120_000);

  it('turns every rule queue consumer on and every rule schedule off (parameters arrive as booleans)', () => {
    const resources = Object.values(packaged!.template.Resources);
    const mappings = resources.filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(rules.length);
    for (const m of mappings) expect(m.Properties.Enabled).toBe(true);
    const ruleSchedules = resources.filter(
      (r) =>
        r.Type === 'AWS::Events::Rule' &&
        rules.some((rule) =>
          JSON.stringify(r.Properties.Targets).includes(
            `"${logicalId(functionName(rule.meta.id))}LambdaFunction"`,
          ),
        ),
    );
    expect(ruleSchedules).toHaveLength(rules.length);
    for (const s of ruleSchedules) expect(s.Properties.State).toBe('DISABLED');
  });
});
