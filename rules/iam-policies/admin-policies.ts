import type {
  AttachedManagedPolicy,
  AuthorizationDetails,
  IamPrincipal,
} from '../../lib/inventory/iam-authorization';
import type { FindingDraft } from '../../lib/rule';
import { CHECKS, isAwsManaged } from './checks';
import { pushTo } from '../../lib/collections';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** True when a policy document has an Allow statement with Action `*` on Resource `*`. */
export function allowsFullAdmin(document: unknown): boolean {
  const statements = list((document as { Statement?: unknown } | null)?.Statement);
  return statements.some((s) => {
    const st = s as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    return st.Effect === 'Allow' && list(st.Action).includes('*') && list(st.Resource).includes('*');
  });
}

/** Policy ARN → the users, groups and roles it is attached to (in that order), in one pass. */
function attachments(details: AuthorizationDetails): Map<string, string[]> {
  const byPolicy = new Map<string, string[]>();
  for (const list of [details.users, details.groups, details.roles] as (readonly IamPrincipal[])[])
    for (const p of list) {
      const seen = new Set<string>();
      for (const a of p.attachedPolicies) {
        if (seen.has(a.arn)) continue;
        seen.add(a.arn);
        pushTo(byPolicy, a.arn, p.arn);
      }
    }
  return byPolicy;
}

/** The first attached policy (users, then groups, then roles) whose ARN matches. */
function firstAttached(
  details: AuthorizationDetails,
  matches: (arn: string) => boolean,
): AttachedManagedPolicy | undefined {
  for (const list of [details.users, details.groups, details.roles] as (readonly IamPrincipal[])[])
    for (const p of list) for (const a of p.attachedPolicies) if (matches(a.arn)) return a;
  return undefined;
}

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
  const awsAdmin = firstAttached(details, (arn) => isAwsManaged(arn, 'AdministratorAccess'));
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
  const byPolicy = attachments(details);
  return offenders.map((p) => {
    const attachedTo = [...(byPolicy.get(p.arn) ?? [])];
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
