import type { AuthorizationDetails, IamPrincipal } from '../../lib/inventory/iam-authorization';
import type { FindingDraft } from '../../lib/rule';
import { CHECKS, isAwsManaged } from './checks';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** True when a policy document has an Allow statement with Action `*` on Resource `*`. */
export function allowsFullAdmin(document: unknown): boolean {
  const statements = list((document as { Statement?: unknown } | null)?.Statement);
  return statements.some((s) => {
    const st = s as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    return st.Effect === 'Allow' && list(st.Action).includes('*') && list(st.Resource).includes('*');
  });
}

const principalsWith = (details: AuthorizationDetails, arn: string): string[] =>
  ([...details.users, ...details.groups, ...details.roles] as IamPrincipal[])
    .filter((p) => p.attachedPolicies.some((a) => a.arn === arn))
    .map((p) => p.arn);

/**
 * CIS 1.15: attached customer managed policies whose default version allows `*:*`, and the AWS
 * managed AdministratorAccess wherever it is attached (its document is AWS's `*:*`, known by ARN
 * rather than read). One FAIL per such policy; one account PASS when there is none.
 */
export function fullAdminDrafts(details: AuthorizationDetails, account: string): FindingDraft[] {
  const check = { checkId: CHECKS.fullAdminPolicies.id, controls: CHECKS.fullAdminPolicies.controls };
  const offenders = details.customerPolicies
    .filter((p) => p.attachmentCount > 0 && allowsFullAdmin(p.document))
    .map((p) => ({ name: p.name, arn: p.arn, awsManaged: false }));
  const awsAdmin = [...details.users, ...details.groups, ...details.roles]
    .flatMap((p) => p.attachedPolicies)
    .find((a) => isAwsManaged(a.arn, 'AdministratorAccess'));
  if (awsAdmin) offenders.push({ name: awsAdmin.name, arn: awsAdmin.arn, awsManaged: true });
  if (offenders.length === 0) {
    return [
      {
        resource: { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` },
        ...check,
        status: 'PASS',
        message: `No policy attached in account ${account} allows every action on every resource ("*:*").`,
      },
    ];
  }
  return offenders.map((p) => {
    const attachedTo = principalsWith(details, p.arn);
    return {
      resource: { type: 'AwsIamPolicy', id: p.name, arn: p.arn },
      ...check,
      severity: 'high' as const,
      status: 'FAIL' as const,
      message: `Policy ${p.name} allows every action on every resource ("*:*") and is attached to ${attachedTo.length || 'some'} identit${attachedTo.length === 1 ? 'y' : 'ies'}; grant only the actions each needs.`,
      details: { awsManaged: p.awsManaged, attachedTo },
    };
  });
}
