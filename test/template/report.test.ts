import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { functionName } from '../../lib/rule';
import { rules } from '../../rules';
import { createdResources } from '../helpers/cfn-conditions';
import type { Template } from '../helpers/package';
import { cfnLint, logicalId, packageTemplate, ROOT } from '../helpers/package';

/** What osls generates for the report function (named by osls, not by deploy/report.ts). */
const GENERATED = [
  'ReportLogGroup',
  'ReportLambdaFunction',
  'ReportEventsRuleSchedule1',
  'ReportLambdaPermissionEventsRuleSchedule1',
  'ReportLambdaEvConf',
];
const OWN = ['ReportBucket', 'ReportBucketPolicy', 'ReportRole', 'ReportFailedRuns', 'ReportErrorsAlarm'];

describe('posture report and Security Hub export in the packaged template', () => {
  let on: ReturnType<typeof packageTemplate> | undefined;
  let off: ReturnType<typeof packageTemplate> | undefined;

  beforeAll(() => {
    const bundle = join(ROOT, 'dist', 'report', 'index.js');
    if (!existsSync(bundle))
      throw new Error(`${bundle} is missing: run npm run build before the template tests`);
    on = packageTemplate({
      stage: 'ci',
      dirPrefix: 'driftwatch-report-package-',
      slsParams: ['reportEnabled=true', 'securityHubExport=true', 'reportRate=rate(6 hours)'],
    });
    off = packageTemplate({ stage: 'ci', dirPrefix: 'driftwatch-report-off-package-' });
  }, 300_000);
  afterAll(() => {
    on?.cleanup();
    off?.cleanup();
  });

  it('passes cfn-lint with reportEnabled=true and securityHubExport=true', () => {
    expect(cfnLint(on?.path ?? '')).toEqual({ output: '', status: 0 });
  }, 120_000);

  it('creates the report function, its schedule, bucket and role, and the Security Hub grant, with both on', () => {
    // Act
    const template = on?.template as Template;
    const created = createdResources(template);

    // Assess
    expect(template.Parameters?.ReportEnabled?.Default).toBe('true');
    expect(template.Parameters?.SecurityHubExport?.Default).toBe('true');
    expect(created).toEqual(expect.arrayContaining([...GENERATED, ...OWN, 'SecurityHubExportPolicy']));
    for (const id of [...GENERATED, ...OWN]) expect(template.Resources[id]?.Condition).toBe('ReportEnabled');
    expect(template.Resources.ReportEventsRuleSchedule1?.Properties.ScheduleExpression).toBe('rate(6 hours)');
    expect(template.Resources.ReportLambdaFunction?.Properties).toMatchObject({
      FunctionName: 'driftwatch-ci-report',
      Handler: 'dist/report/index.handler',
      Role: { 'Fn::GetAtt': ['ReportRole', 'Arn'] },
      Environment: {
        Variables: {
          DRIFTWATCH_STATE_TABLE: 'driftwatch-ci-state',
          DRIFTWATCH_REPORT_BUCKET: { Ref: 'ReportBucket' },
          DRIFTWATCH_REPORT_KEY: 'posture/index.html',
        },
      },
    });
    // No version: its logical id would carry a code hash, and nothing could give it the condition.
    const versions = Object.entries(template.Resources).filter(
      ([id, r]) => r.Type === 'AWS::Lambda::Version' && id.startsWith('Report'),
    );
    expect(versions).toEqual([]);
    for (const rule of rules) {
      const vars = (
        template.Resources[`${logicalId(functionName(rule.meta.id))}LambdaFunction`]?.Properties
          .Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(vars.DRIFTWATCH_SECURITY_HUB).toBe('true');
      expect(vars.DRIFTWATCH_REPORT_LINK).toEqual({
        'Fn::If': [
          'ReportEnabled',
          {
            'Fn::Sub':
              'https://s3.console.aws.amazon.com/s3/object/${ReportBucket}?region=${AWS::Region}&prefix=posture%2Findex.html',
          },
          '',
        ],
      });
    }
  });

  it('creates none of it by default, and sets the export off in every function', () => {
    // Act
    const template = off?.template as Template;
    const created = createdResources(template);

    // Assess
    expect(template.Parameters?.ReportEnabled?.Default).toBe('false');
    expect(template.Parameters?.SecurityHubExport?.Default).toBe('false');
    expect(created.filter((id) => id.startsWith('Report') || id.startsWith('SecurityHub'))).toEqual([]);
    // Every other resource is created as before (the report added only conditioned resources).
    const unconditioned = Object.keys(template.Resources).filter((id) => !template.Resources[id]?.Condition);
    expect(created).toEqual(expect.arrayContaining(unconditioned));
    const lambda = template.Resources.RootAccountMfaLambdaFunction?.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(lambda.Variables.DRIFTWATCH_SECURITY_HUB).toBe('false');
  });
});
