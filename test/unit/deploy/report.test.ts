import { providerEnvironment } from '../../../deploy/environment';
import { memberIds, memberRoleTemplate } from '../../../deploy/member-role';
import { resourceIds } from '../../../deploy/names';
import { generatedReportResources, REPORT_KEY, reportIds } from '../../../deploy/report';
import { functions, resources } from '../../../deploy/template';
import { reportLink } from '../../../lib/report/upload';
import { rules } from '../../../rules';
import { createdResources } from '../../helpers/cfn-conditions';

/** The generated template's parameter values as deployed without `--param`: each `${param:x, 'd'}` is d. */
function defaults(params: Readonly<Record<string, { Default?: unknown }>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([name, p]) => {
      const match = /^\$\{param:\w+, '(.*)'\}$/.exec(String(p.Default));
      if (!match) throw new Error(`${name}: default ${String(p.Default)} is not a stage parameter`);
      return [name, match[1] ?? ''];
    }),
  );
}

const generated = resources(rules);
const off = defaults(generated.Parameters);
const REPORT_OWN = [
  'ReportBucket',
  'ReportBucketPolicy',
  'ReportRole',
  'ReportFailedRuns',
  'ReportErrorsAlarm',
];
const statementsOf = (id: string) =>
  (generated.Resources[id]?.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );

describe('deploy/report.ts: the optional posture report', () => {
  it('is off by default: reportEnabled=false creates none of its resources, true creates them all', () => {
    // Act
    const withoutReport = createdResources(generated, off);
    const withReport = createdResources(generated, { ...off, ReportEnabled: 'true' });

    // Assess
    expect(generated.Parameters.ReportEnabled).toEqual({
      Type: 'String',
      Default: "${param:reportEnabled, 'false'}",
      AllowedValues: ['true', 'false'],
      Description: expect.stringContaining('posture report') as string,
    });
    expect(withoutReport.filter((id) => id.startsWith('Report'))).toEqual([]);
    expect(withReport.filter((id) => id.startsWith('Report')).sort()).toEqual([...REPORT_OWN].sort());
    expect(withReport.filter((id) => !id.startsWith('Report'))).toEqual(withoutReport);
  });

  it('puts the condition on every resource osls generates for the function, and publishes no version', () => {
    // Act
    const report = functions(rules).report;

    // Assess
    expect(generated.extensions).toEqual({
      ReportLogGroup: { Condition: 'ReportEnabled' },
      ReportLambdaFunction: { Condition: 'ReportEnabled' },
      ReportEventsRuleSchedule1: { Condition: 'ReportEnabled' },
      ReportLambdaPermissionEventsRuleSchedule1: { Condition: 'ReportEnabled' },
      ReportLambdaEvConf: { Condition: 'ReportEnabled' },
    });
    expect(Object.keys(generated.extensions)).toEqual([...generatedReportResources]);
    expect(report).toMatchObject({
      handler: 'dist/report/index.handler',
      package: { patterns: ['dist/report/**'] },
      role: { 'Fn::GetAtt': ['ReportRole', 'Arn'] },
      versionFunction: false,
      destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['ReportFailedRuns', 'Arn'] } } },
    });
    expect(report?.events).toEqual([
      {
        schedule: { rate: "${param:reportRate, 'rate(1 day)'}", enabled: '${param:schedulesEnabled, true}' },
      },
    ]);
  });

  it('writes to a private, SSE-S3, versioned bucket whose old versions expire after 90 days, TLS only', () => {
    // Act
    const bucket = generated.Resources.ReportBucket;
    const policy = generated.Resources.ReportBucketPolicy;

    // Assess
    expect(bucket).toEqual({
      Type: 'AWS::S3::Bucket',
      Condition: 'ReportEnabled',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'expire-old-report-versions',
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            },
          ],
        },
      },
    });
    expect(policy?.Properties).toEqual({
      Bucket: { Ref: 'ReportBucket' },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [{ 'Fn::GetAtt': ['ReportBucket', 'Arn'] }, { 'Fn::Sub': '${ReportBucket.Arn}/*' }],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
  });

  it('grants the report role exactly a Scan of the whole state table, PutObject under posture/, its logs and queue', () => {
    expect(statementsOf('ReportRole')).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:Scan', Resource: { 'Fn::GetAtt': ['StateTable', 'Arn'] } },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Sub': '${ReportBucket.Arn}/posture/*' } },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/driftwatch-${sls:stage}-report:*',
        },
      },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['ReportFailedRuns', 'Arn'] } },
    ]);
    expect(REPORT_KEY.startsWith('posture/')).toBe(true);
  });

  it('gives the report function its bucket and key, and every function the email link (empty without the report)', () => {
    // Prepare: the link the code builds for an object, with the template's references filled in.
    const expected = reportLink({ bucket: 'my-bucket', key: REPORT_KEY, region: 'eu-west-1' });
    const fill = (sub: string) =>
      sub.replace('${ReportBucket}', 'my-bucket').replace('${AWS::Region}', 'eu-west-1');

    // Act
    const deployed = providerEnvironment(false);
    const local = providerEnvironment(true);
    const report = functions(rules).report?.environment;
    const localReport = functions(rules, true).report?.environment;

    // Assess
    const link = deployed.DRIFTWATCH_REPORT_LINK as { 'Fn::If': [string, { 'Fn::Sub': string }, string] };
    expect(link['Fn::If'][0]).toBe('ReportEnabled');
    expect(fill(link['Fn::If'][1]['Fn::Sub'])).toBe(expected);
    expect(link['Fn::If'][2]).toBe('');
    expect(report).toEqual({
      DRIFTWATCH_REPORT_BUCKET: { Ref: 'ReportBucket' },
      DRIFTWATCH_REPORT_KEY: 'posture/index.html',
      DRIFTWATCH_REPORT_LINK: link['Fn::If'][1],
    });
    expect(local.DRIFTWATCH_REPORT_LINK).toBe('${env:DRIFTWATCH_REPORT_LINK, null}');
    expect(localReport?.DRIFTWATCH_REPORT_BUCKET).toBe('${env:DRIFTWATCH_REPORT_BUCKET, null}');
    expect(reportIds.bucket).toBe('ReportBucket');
  });
});

describe('deploy/security-hub.ts: the optional Security Hub export', () => {
  const grant = (region: string) => ({
    Effect: 'Allow',
    Action: 'securityhub:BatchImportFindings',
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:securityhub:${region}:\${AWS::AccountId}:product/\${AWS::AccountId}/default`,
    },
  });

  it('grants every rule role BatchImportFindings on its own default product only with securityHubExport=true', () => {
    // Act
    const withoutExport = createdResources(generated, off);
    const withExport = createdResources(generated, { ...off, SecurityHubExport: 'true' });

    // Assess
    expect(off.SecurityHubExport).toBe('false');
    expect(withoutExport).not.toContain('SecurityHubExportPolicy');
    expect(withExport.filter((id) => !withoutExport.includes(id))).toEqual(['SecurityHubExportPolicy']);
    expect(generated.Resources.SecurityHubExportPolicy?.Properties).toEqual({
      PolicyName: 'security-hub-export',
      Roles: rules.map((r) => ({ Ref: resourceIds(r.meta.id).role })),
      PolicyDocument: { Version: '2012-10-17', Statement: [grant('${AWS::Region}')] },
    });
    for (const rule of rules)
      expect(JSON.stringify(statementsOf(resourceIds(rule.meta.id).role))).not.toContain('securityhub');
    expect(providerEnvironment(false).DRIFTWATCH_SECURITY_HUB).toBe("${param:securityHubExport, 'false'}");
    expect(providerEnvironment(true).DRIFTWATCH_SECURITY_HUB).toBe(
      "${env:DRIFTWATCH_SECURITY_HUB, param:securityHubExport, 'false'}",
    );
  });

  it('grants each member role the same import in its own account, only with SecurityHubExport=true there', () => {
    // Act
    const member = memberRoleTemplate(rules);
    const values = { FleetAccountId: '111122223333', ExternalId: 'x', RemediationEnabled: 'false' };

    // Assess
    expect(member.Parameters.SecurityHubExport).toMatchObject({
      Default: 'false',
      AllowedValues: ['true', 'false'],
    });
    expect(createdResources(member as never, values)).not.toContain('MemberSecurityHubExport');
    expect(createdResources(member as never, { ...values, SecurityHubExport: 'true' })).toContain(
      'MemberSecurityHubExport',
    );
    expect(member.Resources.MemberSecurityHubExport).toEqual({
      Type: 'AWS::IAM::Policy',
      Condition: 'SecurityHubExport',
      Properties: {
        PolicyName: 'security-hub-export',
        Roles: rules.map((r) => ({ Ref: memberIds(r.meta.id).role })),
        PolicyDocument: { Version: '2012-10-17', Statement: [grant('*')] },
      },
    });
  });
});
