import * as z from 'zod/mini';
import { credentialReport } from '../../lib/inventory/iam-credential-report';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { CHECKS } from './checks';
import { rootDrafts } from './root';
import { userDrafts } from './users';

const days = (what: string, max: number, fallback: number) =>
  z._default(
    z
      .number({ error: (i) => `expected a whole number of days for ${what}, got ${JSON.stringify(i.input)}` })
      .check(
        z.int({
          error: (i) => `expected a whole number of days for ${what}, got ${JSON.stringify(i.input)}`,
        }),
        z.gte(1, { error: (i) => `expected 1 to ${max} days for ${what}, got ${JSON.stringify(i.input)}` }),
        z.lte(max, { error: (i) => `expected 1 to ${max} days for ${what}, got ${JSON.stringify(i.input)}` }),
      ),
    fallback,
  );

/**
 * iam-credentials: the CIS checks the credential report answers, all from one read (two calls:
 * GenerateCredentialReport, GetCredentialReport). Root: no access keys (1.3), no recent use (1.6,
 * heuristic). Users: MFA with a console password (1.9), no never-used key beside a password (1.10,
 * heuristic), nothing unused for 45 days (1.11), one active key (1.12), keys rotated in 90 days (1.13).
 * The report is up to four hours old; each finding's details say when it was generated.
 */
export const iamCredentials = defineRule({
  meta: {
    id: 'iam-credentials',
    title: 'IAM credentials are protected, used and rotated',
    description:
      'Checks the IAM credential report: the root user has no access keys and is not in daily use; every console user has MFA; no user keeps unused, duplicate or unrotated access keys, or passwords and keys unused for 45 days.',
    risk: 'Long-lived, unused or unprotected credentials are how most AWS accounts are broken into: a leaked key or password that nobody watches keeps working.',
    severity: 'high',
    resourceType: 'AwsIamUser',
    scope: 'global',
    controls: {
      cisV3: ['1.4', '1.7', '1.10', '1.11', '1.12', '1.13', '1.14'],
      cisV5: ['1.3', '1.6', '1.9', '1.10', '1.11', '1.12', '1.13'],
      securityHub: ['IAM.4', 'IAM.5', 'IAM.22', 'IAM.3'],
    },
    checks: Object.values(CHECKS),
    deployment: { schedule: 'rate(1 day)' },
    triggers: [
      {
        source: 'aws.iam',
        eventNames: [
          'CreateAccessKey',
          'UpdateAccessKey',
          'CreateLoginProfile',
          'DeactivateMFADevice',
          'DeleteVirtualMFADevice',
        ],
      },
    ],
    remediation: {
      text: 'Delete root access keys; give console users MFA; deactivate credentials unused for 45 days, second keys and keys older than 90 days (rotate: create a new key, switch, delete the old one).',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
    },
  },
  reads: [credentialReport],
  params: z.strictObject({
    /** CIS 1.11: a password or active key unused this long should be disabled. */
    unusedDays: days('unusedDays', 365, 45),
    /** CIS 1.13: an active key older than this should be rotated. */
    rotationDays: days('rotationDays', 365, 90),
    /** CIS 1.6 (heuristic): root used within this many days counts as in use. */
    rootUseWindowDays: days('rootUseWindowDays', 365, 30),
  }),
  async evaluate({ inventory, account, now, params }): Promise<FindingDraft[]> {
    const report = await inventory.get(credentialReport);
    const reportGeneratedAt = report.generatedTime;
    const drafts = [
      ...rootDrafts(
        report.users.find((u) => u.isRoot),
        account,
        now,
        params.rootUseWindowDays,
      ),
      ...userDrafts(
        report.users.filter((u) => !u.isRoot),
        account,
        now,
        params,
      ),
    ];
    return drafts.map((d) => ({ ...d, details: { ...d.details, reportGeneratedAt } }));
  },
});
