import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionName } from '../../lib/rule';
import { rules } from '../../rules';
import type { Statement, Template } from '../helpers/package';
import { actionsOf, cfnLint, logicalId, packageTemplate, ROOT, statementsOf } from '../helpers/package';

/**
 * Infrastructure of organization mode and failed runs, scoped and checked in org-mode.test.ts and
 * test/unit/deploy: own scan queue, own failed-runs queue, own member role, the ExternalId parameter.
 */
const ORG_ACTIONS: readonly string[] = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:SendMessage',
  'sts:AssumeRole',
  'ssm:GetParameter',
];

/** Today's resources before the template was generated (test/template/expected-resources.json). */
const EXPECTED = (
  JSON.parse(readFileSync(join(__dirname, 'expected-resources.json'), 'utf8')) as {
    resources: { logicalId: string; type: string }[];
  }
).resources;
/** Infrastructure, not rule permissions: drift state (read a rule run's items, write and claim them). */
const STATE_ACTIONS: readonly string[] = ['dynamodb:Query', 'dynamodb:UpdateItem'];
/** Infrastructure: writing the function's own log group (a rule may read other logs, e.g. logs:DescribeMetricFilters). */
const OWN_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * The deployable artefact: `sls package` (osls, offline, no credentials) must produce a template that
 * cfn-lint accepts and whose roles grant each function exactly what its rule declares.
 */
describe('packaged CloudFormation template', () => {
  let template: Template;
  let templatePath: string;
  let cleanup: (() => void) | undefined;

  beforeAll(() => {
    for (const rule of rules) {
      const bundle = join(ROOT, 'dist', functionName(rule.meta.id), 'index.js');
      if (!existsSync(bundle))
        throw new Error(`${bundle} is missing: run npm run build before the template tests`);
    }
    const packaged = packageTemplate({ stage: 'ci', dirPrefix: 'driftwatch-package-' });
    ({ template, cleanup } = packaged);
    templatePath = packaged.path;
  }, 150_000);

  afterAll(() => cleanup?.());

  it('passes cfn-lint with no errors or warnings', () => {
    const lint = cfnLint(templatePath);
    expect(lint.output).toBe('');
    expect(lint.status).toBe(0);
  }, 120_000);

  it('still holds every resource the hand-written serverless.yml produced (functions, roles, schedules, queues, DLQs, alarms, table, topics)', () => {
    // Prepare: LambdaVersion ids end in a code hash, matched as a prefix.
    const present = Object.entries(template.Resources).map(([id, r]) => ({ id, type: r.Type }));

    // Assess
    const missing = EXPECTED.filter(
      (e) =>
        !present.some((p) =>
          e.logicalId.endsWith('*')
            ? p.id.startsWith(e.logicalId.slice(0, -1)) && p.type === e.type
            : p.id === e.logicalId && p.type === e.type,
        ),
    );
    expect(missing).toEqual([]);
    expect(present.length).toBeGreaterThanOrEqual(EXPECTED.length);
  });

  it('has an on-demand, encrypted state table keyed by rule run and finding, with TTL on resolved entries', () => {
    expect(template.Resources.StateTable).toMatchObject({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'driftwatch-ci-state',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it('has an encrypted alerts topic with an optional email subscription', () => {
    expect(template.Resources.AlertsTopic?.Properties.KmsMasterKeyId).toBe('alias/aws/sns');
    expect(template.Resources.AlertsEmailSubscription).toMatchObject({
      Condition: 'HasAlertEmail',
      Properties: { Protocol: 'email' },
    });
  });

  describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (_id, rule) => {
    const fn = functionName(rule.meta.id);
    const declared = [...new Set([...rule.meta.permissions.read, ...rule.meta.permissions.remediate])].sort();

    it('is deployed as its own arm64 nodejs22.x function on an EventBridge schedule', () => {
      const lambda = template.Resources[`${logicalId(fn)}LambdaFunction`];
      expect(lambda?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: `dist/${fn}/index.handler`,
      });
      const schedules = Object.values(template.Resources).filter(
        (r) =>
          r.Type === 'AWS::Events::Rule' &&
          r.Properties.ScheduleExpression !== undefined &&
          JSON.stringify(r.Properties.Targets).includes(`"${logicalId(fn)}LambdaFunction"`),
      );
      // One schedule (the API-event rules of the tamper sentinel target it too: test/template/sentinel.test.ts)
      expect(schedules).toHaveLength(1);
      expect(schedules[0]?.Properties.ScheduleExpression).toBe(rule.meta.deployment.schedule);
      expect(lambda?.Properties.MemorySize).toBe(rule.meta.deployment.memorySize ?? 512);
      expect(lambda?.Properties.Timeout).toBe(rule.meta.deployment.timeout ?? 300);
    });

    it('has a role granting exactly the actions the rule declares, plus publishing, its own logs and the state table', () => {
      const lambda = template.Resources[`${logicalId(fn)}LambdaFunction`];
      const roleRef = lambda?.Properties.Role as { 'Fn::GetAtt': [string, string] };
      const role = template.Resources[roleRef['Fn::GetAtt'][0]];
      expect(role?.Type).toBe('AWS::IAM::Role');
      const statements = statementsOf(role);
      expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
      const all = statements.flatMap(actionsOf);
      expect(all.some((a) => a.includes('*'))).toBe(false);
      const ruleActions = [...new Set(all)]
        .filter(
          (a) =>
            a !== 'sns:Publish' &&
            !OWN_LOG_ACTIONS.includes(a) &&
            !STATE_ACTIONS.includes(a) &&
            !ORG_ACTIONS.includes(a),
        )
        .sort();
      expect(ruleActions).toEqual(declared);
      const state = statements.filter((s) => actionsOf(s).some((a) => STATE_ACTIONS.includes(a)));
      expect(state).toHaveLength(1);
      expect(actionsOf(state[0] as Statement).sort()).toEqual([...STATE_ACTIONS].sort());
      expect(state[0]?.Resource).toEqual({ 'Fn::GetAtt': ['StateTable', 'Arn'] });
      expect((state[0] as Statement & { Condition: unknown }).Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${rule.meta.id}|*`] },
      });
      const publish = statements.find((s) => actionsOf(s).includes('sns:Publish'));
      expect(publish?.Resource).toEqual({ Ref: 'AlertsTopic' });
      const logs = statements.find((s) => actionsOf(s).some((a) => OWN_LOG_ACTIONS.includes(a)));
      expect(JSON.stringify(logs?.Resource)).toContain(`/aws/lambda/driftwatch-ci-${fn}:*`);
    });

    it('sends a failed scheduled run to its own queue (on-failure destination) and alarms on Errors', () => {
      const config = Object.values(template.Resources).find(
        (r) =>
          r.Type === 'AWS::Lambda::EventInvokeConfig' &&
          JSON.stringify(r.Properties.FunctionName).includes(`"${logicalId(fn)}LambdaFunction"`),
      );
      expect(config?.Properties.DestinationConfig).toEqual({
        OnFailure: { Destination: { 'Fn::GetAtt': [`${logicalId(fn)}FailedRuns`, 'Arn'] } },
      });
      expect(template.Resources[`${logicalId(fn)}ErrorsAlarm`]?.Properties).toMatchObject({
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: `${logicalId(fn)}LambdaFunction` } }],
        AlarmActions: [{ Ref: 'DeadLetterAlarmsTopic' }],
      });
      const role = template.Resources[`${logicalId(fn)}Role`];
      const send = statementsOf(role).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      expect(send.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [`${logicalId(fn)}FailedRuns`, 'Arn'] }]);
    });
  });
});
