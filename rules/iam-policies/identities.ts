import type { AuthorizationDetails } from '../../lib/inventory/iam-authorization';
import type { FindingDraft } from '../../lib/rule';
import { CHECKS, isAwsManaged } from './checks';

const accountResource = (account: string) => ({
  type: 'AwsAccount',
  id: account,
  arn: `arn:aws:iam::${account}:root`,
});

/** CIS 1.14: a user with attached or inline policies of its own gets permissions outside groups. */
export function groupPermissionDrafts(details: AuthorizationDetails, account: string): FindingDraft[] {
  const check = { checkId: CHECKS.groupPermissions.id, controls: CHECKS.groupPermissions.controls };
  if (details.users.length === 0) {
    return [
      {
        resource: accountResource(account),
        ...check,
        status: 'NOT_APPLICABLE',
        message: `Account ${account} has no IAM users.`,
      },
    ];
  }
  return details.users.map((u): FindingDraft => {
    const owns = u.attachedPolicies.length > 0 || u.inlinePolicies.length > 0;
    return {
      resource: { type: 'AwsIamUser', id: u.name, arn: u.arn },
      checkId: check.checkId,
      controls: check.controls,
      severity: 'low',
      status: owns ? 'FAIL' : 'PASS',
      message: owns
        ? `IAM user ${u.name} has policies of its own (${[...u.attachedPolicies.map((p) => p.name), ...u.inlinePolicies].join(', ')}); grant them through a group instead.`
        : `IAM user ${u.name} gets its permissions only through groups.`,
      details: {
        attachedPolicies: u.attachedPolicies.map((p) => p.arn),
        inlinePolicies: u.inlinePolicies,
        groups: u.groups,
      },
    };
  });
}

/** CIS 1.16: some role has AWSSupportAccess attached (a user or group with it is not a support role). */
export function supportRoleDrafts(details: AuthorizationDetails, account: string): FindingDraft[] {
  const has = (p: { attachedPolicies: readonly { arn: string }[] }) =>
    p.attachedPolicies.some((a) => isAwsManaged(a.arn, 'AWSSupportAccess'));
  const roles = details.roles.filter(has).map((r) => r.arn);
  const others = [...details.users, ...details.groups].filter(has).map((p) => p.arn);
  return [
    {
      resource: accountResource(account),
      checkId: CHECKS.supportRole.id,
      controls: CHECKS.supportRole.controls,
      severity: 'low',
      status: roles.length > 0 ? 'PASS' : 'FAIL',
      message:
        roles.length > 0
          ? `Account ${account} has a support role with AWSSupportAccess (${roles.join(', ')}).`
          : `Account ${account} has no role with the AWSSupportAccess policy, so incidents with AWS Support need a broader identity${others.length > 0 ? ` (only ${others.join(', ')} has it)` : ''}.`,
      details: { supportRoles: roles, otherIdentities: others },
    },
  ];
}

/** CIS 1.21: every user, group or role with AWSCloudShellFullAccess attached fails. */
export function cloudShellDrafts(details: AuthorizationDetails, account: string): FindingDraft[] {
  const check = { checkId: CHECKS.cloudShellAccess.id, controls: CHECKS.cloudShellAccess.controls };
  const kinds = [
    ['AwsIamUser', details.users],
    ['AwsIamGroup', details.groups],
    ['AwsIamRole', details.roles],
  ] as const;
  const drafts: FindingDraft[] = kinds.flatMap(([type, principals]) =>
    principals
      .filter((p) => p.attachedPolicies.some((a) => isAwsManaged(a.arn, 'AWSCloudShellFullAccess')))
      .map((p) => ({
        resource: { type, id: p.name, arn: p.arn },
        ...check,
        severity: 'medium' as const,
        status: 'FAIL' as const,
        message: `${p.arn} has AWSCloudShellFullAccess, which lets it move files between CloudShell and the internet; grant a narrower CloudShell policy.`,
      })),
  );
  if (drafts.length > 0) return drafts;
  return [
    {
      resource: accountResource(account),
      ...check,
      status: 'PASS',
      message: `No identity in account ${account} has AWSCloudShellFullAccess attached.`,
    },
  ];
}
