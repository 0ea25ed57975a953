import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListServerCertificatesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { runRule } from '../../../lib/engine';
import { authorizationDetails } from '../../../lib/inventory/iam-authorization';
import { fetchCredentialReport } from '../../../lib/inventory/iam-credential-report';
import { passwordPolicy } from '../../../lib/inventory/iam-password-policy';
import { serverCertificates } from '../../../lib/inventory/iam-server-certificates';
import { LiveInventory } from '../../../lib/inventory/live';
import { iamCredentials } from '../../../rules/iam-credentials';
import { iamPasswordPolicy } from '../../../rules/iam-password-policy';
import { placebo, placeboOutput, recordedIdentity } from '../../helpers/recordings';
import { runRequest } from '../../helpers/runs';

const noSleep = jest.fn(async (_ms: number) => undefined);

describe('IAM reads for the CIS rules against recorded AWS responses', () => {
  const iam = mockClient(IAMClient);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    iam.reset();
    sts.reset();
    noSleep.mockClear();
    sts.on(GetCallerIdentityCommand).resolves(recordedIdentity());
  });
  afterAll(() => {
    iam.restore();
    sts.restore();
  });

  it('generates, waits out the recorded 410 ReportNotPresent, and parses the report (test_iam_user_unused_keys)', async () => {
    // Prepare: Generate says STARTED; the first Get is the recorded ReportNotPresent, the second the CSV
    const folder = 'test_iam_user_unused_keys';
    iam.on(GenerateCredentialReportCommand).resolves(placeboOutput(folder, 'iam.GenerateCredentialReport_1'));
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(placebo(folder, 'iam.GetCredentialReport_1').error)
      .resolves(placeboOutput(folder, 'iam.GetCredentialReport_2'));
    // Act
    const report = await fetchCredentialReport(new ClientFactory().get(IAMClient, 'us-east-1'), {
      sleep: noSleep,
    });
    // Assess: NotPresent generates again before waiting; the worst-case root row is read as recorded
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(2);
    expect(noSleep.mock.calls.map(([ms]) => ms)).toEqual([1000, 2000]);
    expect(report.generatedTime).toBe('2016-11-25T14:30:42.000Z');
    const root = report.users.find((u) => u.isRoot);
    expect(root).toMatchObject({
      arn: 'arn:aws:iam::619193117841:root',
      mfaActive: false,
      activeCertificates: 1,
      accessKeys: [
        { slot: 1, active: true, lastUsed: '2015-07-04T15:09:00.000Z', lastUsedService: 's3' },
        { slot: 2, active: false },
      ],
    });
    expect(root).not.toHaveProperty('passwordEnabled'); // not_supported
    expect(report.users.find((u) => u.user === 'kaleb')).toMatchObject({
      passwordEnabled: true,
      mfaActive: false,
    });
    expect(report.users.find((u) => u.user === 'kaleb')).not.toHaveProperty('passwordLastUsed'); // no_information
  });

  it('waits on the recorded 404 ReportInProgress without generating again (test_iam_user_unused_keys_report_in_progress)', async () => {
    const folder = 'test_iam_user_unused_keys_report_in_progress';
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(placebo(folder, 'iam.GetCredentialReport_1').error)
      .resolves(placeboOutput(folder, 'iam.GetCredentialReport_2'));
    const report = await fetchCredentialReport(new ClientFactory().get(IAMClient, 'us-east-1'), {
      sleep: noSleep,
    });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(1);
    expect(noSleep.mock.calls.map(([ms]) => ms)).toEqual([2000]);
    expect(report.users.length).toBeGreaterThan(1);
  });

  it('gives up after its bounded waits with the AWS error, never an empty report', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    iam
      .on(GetCredentialReportCommand)
      .rejects(placebo('test_iam_user_unused_keys_report_in_progress', 'iam.GetCredentialReport_1').error);
    const read = fetchCredentialReport(new ClientFactory().get(IAMClient, 'us-east-1'), {
      sleep: noSleep,
      delaysMs: [5, 5, 5],
    });
    await expect(read).rejects.toMatchObject({ name: 'ReportInProgress' });
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(3);
  });

  it('fails root-access-keys and console-mfa on the recorded worst-case account, in two calls when a report is fresh', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .resolves(placeboOutput('test_iam_user_unused_keys', 'iam.GetCredentialReport_2'));
    const clients = new ClientFactory();
    const run = await runRule(iamCredentials, runRequest({ params: iamCredentials.params.parse({}) }), {
      inventory: new LiveInventory(clients),
      now: () => new Date('2016-11-26T00:00:00Z'),
    });
    expect(run.findings.find((f) => f.checkId === 'root-access-keys')?.status).toBe('FAIL');
    expect(run.findings.find((f) => f.checkId === 'console-mfa' && f.resource.id === 'kaleb')?.status).toBe(
      'FAIL',
    );
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(1);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
  });

  it('reads the recorded NoSuchEntity as "no password policy" and fails both password checks (test_account_missing_password_policy)', async () => {
    iam
      .on(GetAccountPasswordPolicyCommand)
      .rejects(placebo('test_account_missing_password_policy', 'iam.GetAccountPasswordPolicy_1').error);
    const inventory = new LiveInventory(new ClientFactory());
    expect(await inventory.get(passwordPolicy)).toBeNull();
    const run = await runRule(iamPasswordPolicy, runRequest({ params: iamPasswordPolicy.params.parse({}) }), {
      inventory,
    });
    expect(run.findings.map((f) => [f.checkId, f.status])).toEqual(
      expect.arrayContaining([
        ['minimum-length', 'FAIL'],
        ['reuse-prevention', 'FAIL'],
      ]),
    );
  });

  it('pages authorization details and server certificates at IAM’s maximum, one call per 1,000 (shape from the API reference)', async () => {
    // Prepare: 2,500 users over three pages (hand-built: no recording has GetAccountAuthorizationDetails)
    const users = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        UserName: `u${from + i}`,
        Arn: `arn:aws:iam::1:user/u${from + i}`,
        GroupList: ['g'],
      }));
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({ UserDetailList: users(0, 1000), IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ UserDetailList: users(1000, 1000), IsTruncated: true, Marker: 'm2' })
      .resolvesOnce({
        UserDetailList: users(2000, 500),
        Policies: [
          {
            PolicyName: 'all',
            Arn: 'arn:aws:iam::1:policy/all',
            AttachmentCount: 1,
            PolicyVersionList: [
              {
                IsDefaultVersion: true,
                Document: encodeURIComponent(
                  '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
                ),
              },
            ],
          },
        ],
        IsTruncated: false,
      });
    iam.on(ListServerCertificatesCommand).resolves({
      ServerCertificateMetadataList: [
        {
          ServerCertificateName: 'www',
          Arn: 'arn:aws:iam::1:server-certificate/www',
          Path: '/',
          ServerCertificateId: 'A',
          Expiration: new Date('2020-01-01T00:00:00Z'),
        },
      ],
    });
    const clients = new ClientFactory();
    const inventory = new LiveInventory(clients);
    // Act
    const details = await inventory.get(authorizationDetails);
    const certificates = await inventory.get(serverCertificates);
    // Assess
    expect(details.users).toHaveLength(2500);
    expect(details.customerPolicies[0]?.document).toEqual({
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const inputs = iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(3);
    expect(inputs[0]).toMatchObject({
      Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'],
      MaxItems: 1000,
    });
    expect(inputs[2]).toMatchObject({ Marker: 'm2' });
    expect(certificates).toEqual([
      { name: 'www', arn: 'arn:aws:iam::1:server-certificate/www', expiration: '2020-01-01T00:00:00.000Z' },
    ]);
    expect(iam.commandCalls(ListServerCertificatesCommand)).toHaveLength(1);
  });
});
