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

    it('accepts scan messages from the dispatcher role only (queue policy)', () => {
      const policy = template.Resources[`${id}ScanQueuePolicy`];
      const doc = policy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
      const dispatcher = { 'Fn::GetAtt': ['DispatcherRole', 'Arn'] };
      expect(policy?.Properties.Queues).toEqual([{ Ref: `${id}ScanQueue` }]);
      expect(doc.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { AWS: dispatcher },
          Action: 'sqs:SendMessage',
        }),
        expect.objectContaining({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:SendMessage',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': dispatcher } },
        }),
      ]);
    });

    it('may receive only from its own queue and assume only its own member role in its organization', () => {
      const lambda = template.Resources[`${id}LambdaFunction`];
      const role =
        template.Resources[(lambda?.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]];
      const statements = statementsOf(role);
      const sqs = statements.filter((s) =>
        actionsOf(s).some((a) => a.startsWith('sqs:') && a !== 'sqs:SendMessage'),
      );
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
          Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/driftwatch-member/${fn}` },
          Condition: {
            StringEquals: { 'aws:ResourceOrgID': { 'Fn::Join': ['', ['$', '{aws:PrincipalOrgID}']] } },
          },
        },
      ]);
      const ssm = statements.filter((s) => actionsOf(s).includes('ssm:GetParameter'));
      expect(ssm).toEqual([
        {
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: {
            'Fn::Sub':
              'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/driftwatch/ci/external-id',
          },
        },
      ]);
      const variables = (
        template.Resources[`${id}LambdaFunction`]?.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables).toMatchObject({
        DRIFTWATCH_MEMBER_ROLE_NAME: `driftwatch-member/${fn}`,
        DRIFTWATCH_EXTERNAL_ID_PARAMETER: '/driftwatch/ci/external-id',
      });
      expect(variables).not.toHaveProperty('DRIFTWATCH_EXTERNAL_ID');
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
        'sqs:SendMessage',
      ].sort(),
    );
    const send = statements.filter((s) => actionsOf(s).includes('sqs:SendMessage'));
    expect(send.map((s) => s.Resource)).toEqual([
      rules.map((r) => ({ 'Fn::GetAtt': [`${logicalId(functionName(r.meta.id))}ScanQueue`, 'Arn'] })),
      { 'Fn::GetAtt': ['DispatcherFailedRuns', 'Arn'] },
    ]);
    const queues = JSON.stringify(lambda?.Properties.Environment);
    for (const r of rules)
      expect(queues).toContain(`\\"${r.meta.id}\\":\\"\${${logicalId(functionName(r.meta.id))}ScanQueue}\\"`);
  });

  it('sends dead-letter alarms to their own customer-managed-key topic (CloudWatch cannot use alias/aws/sns)', () => {
    // Not only organization mode: failed scheduled runs alarm there too.
    expect(template.Resources.DeadLetterAlarmsTopic).not.toHaveProperty('Condition');
    expect(template.Resources.DeadLetterAlarmsTopic?.Properties).toMatchObject({
      KmsMasterKeyId: { Ref: 'DeadLetterAlarmsKey' },
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

  const roles = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');

  it('has one role per rule, together granting exactly the read actions of all rules', () => {
    expect(roles.map(([id]) => id).sort()).toEqual(
      rules.map((r) => `${logicalId(functionName(r.meta.id))}MemberRole`).sort(),
    );
    const reads = roles.flatMap(([, r]) => statementsOf(r).flatMap(actionsOf));
    expect([...new Set(reads)].sort()).toEqual(union((r) => r.meta.permissions.read));
  });

  it('grants the remediation actions of all rules only when RemediationEnabled is true', () => {
    const policies = Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::RolePolicy');
    for (const p of policies) expect(p.Condition).toBe('Remediate');
    const actions = policies.flatMap((p) =>
      (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.flatMap(actionsOf),
    );
    expect([...new Set(actions)].sort()).toEqual(union((r) => r.meta.permissions.remediate));
  });

  it('lets each role be assumed only by the fleet role tagged with its rule, with the ExternalId', () => {
    for (const rule of rules) {
      const role = template.Resources[`${logicalId(functionName(rule.meta.id))}MemberRole`];
      const trust = role?.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] };
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0]?.Condition).toMatchObject({
        StringEquals: {
          'sts:ExternalId': { Ref: 'ExternalId' },
          'aws:PrincipalTag/driftwatch:rule': rule.meta.id,
        },
      });
    }
    expect(template.Parameters?.ExternalId).toMatchObject({ NoEcho: true });
  });
});

describe('the packaged template deployed with orgMode=true and schedulesEnabled=false', () => {
  let packaged: ReturnType<typeof packageTemplate> | undefined;

  beforeAll(() => {
    packaged = packageTemplate({
      stage: 'ci',
      dirPrefix: 'driftwatch-org-on-',
      slsParams: ['orgMode=true', 'schedulesEnabled=false', 'externalIdParameter=/fleet/external-id'],
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
        r.Properties.ScheduleExpression !== undefined &&
        rules.some((rule) =>
          JSON.stringify(r.Properties.Targets).includes(
            `"${logicalId(functionName(rule.meta.id))}LambdaFunction"`,
          ),
        ),
    );
    expect(ruleSchedules).toHaveLength(rules.length);
    for (const s of ruleSchedules) expect(s.Properties.State).toBe('DISABLED');
  });

  it('tells every rule function the SSM parameter holding the ExternalId, never the value', () => {
    const lambdas = Object.entries(packaged!.template.Resources).filter(
      // The dispatcher and the posture report (deploy/report.ts) are not rule functions.
      ([id, r]) =>
        r.Type === 'AWS::Lambda::Function' &&
        !['DispatcherLambdaFunction', 'ReportLambdaFunction'].includes(id),
    );
    expect(lambdas).toHaveLength(rules.length);
    for (const [, l] of lambdas) {
      const vars = (l.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(vars.DRIFTWATCH_EXTERNAL_ID_PARAMETER).toBe('/fleet/external-id');
      expect(vars).not.toHaveProperty('DRIFTWATCH_EXTERNAL_ID');
    }
  });
});
