import * as z from 'zod/mini';
import { authorizationDetails } from '../../lib/inventory/iam-authorization';
import { instanceProfiles } from '../../lib/inventory/iam-instance-roles';
import { serverCertificates } from '../../lib/inventory/iam-server-certificates';
import { enabledRegions } from '../../lib/inventory/regions';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { fullAdminDrafts } from './admin-policies';
import { CHECKS } from './checks';
import { cloudShellDrafts, groupPermissionDrafts, supportRoleDrafts } from './identities';
import { certificateDrafts, instanceRoleDrafts } from './resources';

/**
 * iam-policies: who holds which permissions. Once per run, from GetAccountAuthorizationDetails and
 * ListServerCertificates: users get permissions only through groups (CIS 1.14), no attached policy
 * allows `*:*` (1.15), a support role exists (1.16), no expired server certificate is kept (1.18),
 * and AWSCloudShellFullAccess is attached to nobody (1.21). Per region, from DescribeInstances: each
 * instance runs with an IAM role (1.17).
 */
export const iamPolicies = defineRule({
  meta: {
    id: 'iam-policies',
    title: 'IAM permissions are granted narrowly and through groups and roles',
    description:
      'Checks that IAM users get permissions only through groups, that no attached policy allows every action on every resource, that a support role exists, that AWSCloudShellFullAccess is attached to no identity, that no expired server certificate is stored, and that every instance uses an IAM role.',
    risk: 'Permissions granted user by user, wholesale or to the wrong identity are how a single leaked credential becomes control of the account.',
    severity: 'medium',
    resourceType: 'AwsIamPolicy',
    scope: 'regional',
    controls: {
      cisV3: ['1.15', '1.16', '1.17', '1.18', '1.19', '1.22'],
      cisV5: ['1.14', '1.15', '1.16', '1.17', '1.18', '1.21'],
      securityHub: ['IAM.2', 'IAM.18', 'IAM.26', 'IAM.27'],
    },
    checks: Object.values(CHECKS),
    deployment: { schedule: 'rate(1 day)' },
    triggers: [
      {
        source: 'aws.iam',
        eventNames: [
          'AttachUserPolicy',
          'PutUserPolicy',
          'CreatePolicyVersion',
          'SetDefaultPolicyVersion',
          'AttachRolePolicy',
          'AttachGroupPolicy',
          'DetachRolePolicy',
          'DeleteRole',
        ],
      },
    ],
    remediation: {
      text: 'Move user policies to groups, replace "*:*" policies with least-privilege ones, create a role with AWSSupportAccess, detach AWSCloudShellFullAccess, delete expired server certificates, and give instances roles.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    },
  },
  reads: [authorizationDetails, serverCertificates, instanceProfiles],
  params: z.strictObject({}),
  regions: enabledRegions,
  async evaluate({ inventory, account, region }): Promise<FindingDraft[]> {
    return instanceRoleDrafts(await inventory.get(instanceProfiles, region), account, region);
  },
  async evaluateAccount({ inventory, account, now }): Promise<FindingDraft[]> {
    const [details, certificates] = await Promise.all([
      inventory.get(authorizationDetails),
      inventory.get(serverCertificates),
    ]);
    return [
      ...groupPermissionDrafts(details, account),
      ...fullAdminDrafts(details, account),
      ...supportRoleDrafts(details, account),
      ...certificateDrafts(certificates, account, now),
      ...cloudShellDrafts(details, account),
    ];
  },
});
