/**
 * The demo account's IAM, for the CIS section 1 rules (iam-credentials, iam-password-policy,
 * iam-policies): root with a recently used access key, a console user without MFA who has not
 * signed in for two months, a deploy user with two keys (one 200 days old), a key made at setup and
 * never used, an 8-character password policy without reuse prevention, AdministratorAccess on a
 * group and a "*:*" customer policy on a role, no support role, CloudShell full access for
 * developers, an expired server certificate, and an instance without a role.
 */
import type { CredentialReportUser, ReportAccessKey } from '../lib/inventory/iam-credential-report';
import { credentialReport } from '../lib/inventory/iam-credential-report';
import { authorizationDetails } from '../lib/inventory/iam-authorization';
import { instanceProfiles } from '../lib/inventory/iam-instance-roles';
import { passwordPolicy } from '../lib/inventory/iam-password-policy';
import { serverCertificates } from '../lib/inventory/iam-server-certificates';
import type { ReadDef } from '../lib/inventory/types';
import { GLOBAL_KEY } from '../lib/inventory/types';

/** What the demo's recorder offers: a typed value per read and key. */
export interface DemoRecorder {
  value<T>(read: ReadDef<T>, key: string, value: T): unknown;
}

/** Records the IAM reads; `days(n)` is an ISO time n days after the capture (negative: before). */
export function recordIamCis(
  r: DemoRecorder,
  account: string,
  days: (n: number, hours?: number) => string,
): void {
  const arn = (path: string) => `arn:aws:iam::${account}:${path}`;
  const noKey = (slot: 1 | 2): ReportAccessKey => ({ slot, active: false });
  const user = (name: string, fields: Partial<CredentialReportUser>): CredentialReportUser => ({
    user: name,
    arn: arn(`user/${name}`),
    isRoot: false,
    createdAt: days(-400),
    passwordEnabled: false,
    mfaActive: false,
    accessKeys: [noKey(1), noKey(2)],
    activeCertificates: 0,
    ...fields,
  });
  r.value(credentialReport, GLOBAL_KEY, {
    generatedTime: days(0, -2),
    users: [
      {
        user: '<root_account>',
        arn: arn('root'),
        isRoot: true,
        createdAt: days(-2000),
        passwordLastUsed: days(-40),
        mfaActive: false,
        accessKeys: [
          { slot: 1, active: true, lastRotated: days(-900), lastUsed: days(-3), lastUsedService: 's3' },
          noKey(2),
        ],
        activeCertificates: 0,
      },
      user('alice', {
        passwordEnabled: true,
        passwordLastUsed: days(-1),
        mfaActive: true,
        accessKeys: [{ slot: 1, active: true, lastRotated: days(-20), lastUsed: days(-1) }, noKey(2)],
      }),
      user('bob', { passwordEnabled: true, passwordLastUsed: days(-60) }),
      user('carol', {
        createdAt: days(-30),
        passwordEnabled: true,
        passwordLastUsed: days(-2),
        mfaActive: true,
        accessKeys: [{ slot: 1, active: true, lastRotated: days(-30) }, noKey(2)],
      }),
      user('ci-deploy', {
        accessKeys: [
          { slot: 1, active: true, lastRotated: days(-200), lastUsed: days(0), lastUsedService: 'ecr' },
          { slot: 2, active: true, lastRotated: days(-10) },
        ],
      }),
    ],
  });
  r.value(passwordPolicy, GLOBAL_KEY, {
    minimumPasswordLength: 8,
    requireSymbols: true,
    requireNumbers: true,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: true,
    allowUsersToChangePassword: true,
  });
  const managed = (name: string) => ({ name, arn: `arn:aws:iam::aws:policy/${name}` });
  r.value(authorizationDetails, GLOBAL_KEY, {
    users: [
      { name: 'alice', arn: arn('user/alice'), attachedPolicies: [], inlinePolicies: [], groups: ['Admins'] },
      {
        name: 'bob',
        arn: arn('user/bob'),
        attachedPolicies: [managed('ReadOnlyAccess')],
        inlinePolicies: [],
        groups: ['Developers'],
      },
      {
        name: 'carol',
        arn: arn('user/carol'),
        attachedPolicies: [],
        inlinePolicies: [],
        groups: ['Developers'],
      },
      {
        name: 'ci-deploy',
        arn: arn('user/ci-deploy'),
        attachedPolicies: [],
        inlinePolicies: ['push-images'],
        groups: [],
      },
    ],
    groups: [
      {
        name: 'Admins',
        arn: arn('group/Admins'),
        attachedPolicies: [managed('AdministratorAccess')],
        inlinePolicies: [],
      },
      {
        name: 'Developers',
        arn: arn('group/Developers'),
        attachedPolicies: [managed('PowerUserAccess'), managed('AWSCloudShellFullAccess')],
        inlinePolicies: [],
      },
    ],
    roles: [
      {
        name: 'legacy-ops',
        arn: arn('role/legacy-ops'),
        attachedPolicies: [{ name: 'legacy-full-access', arn: arn('policy/legacy-full-access') }],
        inlinePolicies: [],
      },
      {
        name: 'ingest-worker',
        arn: arn('role/ingest-worker'),
        attachedPolicies: [],
        inlinePolicies: ['read-queue'],
      },
    ],
    customerPolicies: [
      {
        name: 'legacy-full-access',
        arn: arn('policy/legacy-full-access'),
        attachmentCount: 1,
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
    ],
  });
  r.value(serverCertificates, GLOBAL_KEY, [
    {
      name: 'www-2025',
      arn: arn('server-certificate/www-2025'),
      expiration: days(-40),
      uploadDate: days(-405),
    },
    {
      name: 'www-2026',
      arn: arn('server-certificate/www-2026'),
      expiration: days(320),
      uploadDate: days(-45),
    },
  ]);
  const profile = arn('instance-profile/ingest-worker');
  r.value(instanceProfiles, 'us-east-1', [
    {
      instanceId: 'i-0c4a1e2f3b5d60071',
      state: 'running',
      instanceProfileArn: profile,
      name: 'ingest-worker-3',
    },
    { instanceId: 'i-0c4a1e2f3b5d60072', state: 'running', name: 'nightly-batch' },
    { instanceId: 'i-0c4a1e2f3b5d60073', state: 'running', instanceProfileArn: profile, name: 'web-1' },
  ]);
  r.value(instanceProfiles, 'eu-west-1', [
    { instanceId: 'i-0e7b2a9c1d3f40011', state: 'running', name: 'bastion-eu' },
  ]);
  r.value(instanceProfiles, 'ap-southeast-2', []);
}
