import type { Controls } from '../../lib/findings';

/** Each iam-policies check with the CIS v5.0 / v3.0 and Security Hub controls it evidences. */
export const CHECKS = {
  groupPermissions: {
    id: 'group-permissions',
    title: 'IAM users receive permissions only through groups',
    controls: { cisV3: ['1.15'], cisV5: ['1.14'], securityHub: ['IAM.2'] },
  },
  fullAdminPolicies: {
    id: 'full-admin-policies',
    title: 'No attached policy allows "*:*"',
    controls: { cisV3: ['1.16'], cisV5: ['1.15'] },
  },
  supportRole: {
    id: 'support-role',
    title: 'A support role exists to manage incidents with AWS Support',
    controls: { cisV3: ['1.17'], cisV5: ['1.16'], securityHub: ['IAM.18'] },
  },
  instanceRoles: {
    id: 'instance-roles',
    title: 'Instances use IAM roles for AWS access',
    controls: { cisV3: ['1.18'], cisV5: ['1.17'] },
    heuristic:
      'An instance with an instance profile can still hold access keys on disk; one without a profile is the evidence CIS audits.',
  },
  expiredCertificates: {
    id: 'expired-certificates',
    title: 'No expired server certificate is stored in IAM',
    controls: { cisV3: ['1.19'], cisV5: ['1.18'], securityHub: ['IAM.26'] },
  },
  cloudShellAccess: {
    id: 'cloudshell-access',
    title: 'AWSCloudShellFullAccess is attached to no identity',
    controls: { cisV3: ['1.22'], cisV5: ['1.21'], securityHub: ['IAM.27'] },
  },
} as const satisfies Record<string, { id: string; title: string; controls: Controls; heuristic?: string }>;

const managedPatterns = new Map<string, RegExp>();

/** An AWS managed policy's ARN in any partition (`arn:aws:`, `arn:aws-cn:`, `arn:aws-us-gov:`). */
export function isAwsManaged(arn: string, name: string): boolean {
  // Compiled once per policy name: every attached policy of every principal is tested.
  let pattern = managedPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`^arn:aws[a-z-]*:iam::aws:policy/${name}$`);
    managedPatterns.set(name, pattern);
  }
  return pattern.test(arn);
}
