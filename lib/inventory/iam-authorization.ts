import { IAMClient, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import type { AttachedPolicy, EntityType, PolicyDetail } from '@aws-sdk/client-iam';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { defineRead } from './types';
import { authorizationDetailsSchema } from './snapshot-schemas-iam-s3';

/** A managed policy attached to a user, group or role. */
export interface AttachedManagedPolicy {
  readonly name: string;
  readonly arn: string;
}

/** A user, group or role with the policies that grant it permissions. */
export interface IamPrincipal {
  readonly name: string;
  readonly arn: string;
  readonly attachedPolicies: readonly AttachedManagedPolicy[];
  /** Names of its inline policies. */
  readonly inlinePolicies: readonly string[];
}

export interface IamUserDetail extends IamPrincipal {
  /** Names of the groups the user is in. */
  readonly groups: readonly string[];
}

/** A customer managed policy with its default version's document (parsed JSON). */
export interface CustomerManagedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly attachmentCount: number;
  readonly document: unknown;
}

/** Every user, group and role with their policies, and every customer managed policy's document. */
export interface AuthorizationDetails {
  readonly users: readonly IamUserDetail[];
  readonly groups: readonly IamPrincipal[];
  readonly roles: readonly IamPrincipal[];
  readonly customerPolicies: readonly CustomerManagedPolicy[];
}

/** IAM returns policy documents URL-encoded (RFC 3986); some endpoints (and moto) send plain JSON. */
export function parsePolicyDocument(document: string | undefined): unknown {
  if (!document) return {};
  // JSON never starts with `%`, so an encoded document (IAM's usual answer) is decoded first rather
  // than after a failed parse: a thrown SyntaxError per policy costs more than the parse.
  if (document.startsWith('%')) return JSON.parse(decodeURIComponent(document)) as unknown;
  try {
    return JSON.parse(document) as unknown;
  } catch {
    return JSON.parse(decodeURIComponent(document)) as unknown;
  }
}

const attached = (list: readonly AttachedPolicy[] | undefined): AttachedManagedPolicy[] =>
  (list ?? []).map((p) => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }));
const inline = (list: readonly PolicyDetail[] | undefined): string[] =>
  (list ?? []).map((p) => p.PolicyName ?? '');

/**
 * GetAccountAuthorizationDetails for users, groups, roles and customer managed policies, in pages of
 * IAM's maximum 1,000 entities: one paginated call answers "who has which policy" for the whole
 * account, where per-principal List*Policies calls would take several calls per principal. AWS managed
 * policies are not asked for (their documents are AWS's, and would add ~1,300 entries): rules know
 * them by ARN.
 */
export const authorizationDetails = defineRead<AuthorizationDetails>({
  name: 'iam.authorizationDetails',
  scope: 'global',
  actions: ['iam:GetAccountAuthorizationDetails'],
  schema: authorizationDetailsSchema,
  async fetch(clients) {
    const client = clients.get(IAMClient, GLOBAL_SERVICE_REGION);
    const out = { users: [], groups: [], roles: [], customerPolicies: [] } as {
      users: IamUserDetail[];
      groups: IamPrincipal[];
      roles: IamPrincipal[];
      customerPolicies: CustomerManagedPolicy[];
    };
    const filter = { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] as EntityType[] };
    for await (const page of paginateGetAccountAuthorizationDetails({ client, pageSize: 1000 }, filter)) {
      for (const u of page.UserDetailList ?? []) {
        out.users.push({
          name: u.UserName ?? '',
          arn: u.Arn ?? '',
          attachedPolicies: attached(u.AttachedManagedPolicies),
          inlinePolicies: inline(u.UserPolicyList),
          groups: [...(u.GroupList ?? [])],
        });
      }
      for (const g of page.GroupDetailList ?? []) {
        out.groups.push({
          name: g.GroupName ?? '',
          arn: g.Arn ?? '',
          attachedPolicies: attached(g.AttachedManagedPolicies),
          inlinePolicies: inline(g.GroupPolicyList),
        });
      }
      for (const r of page.RoleDetailList ?? []) {
        out.roles.push({
          name: r.RoleName ?? '',
          arn: r.Arn ?? '',
          attachedPolicies: attached(r.AttachedManagedPolicies),
          inlinePolicies: inline(r.RolePolicyList),
        });
      }
      for (const p of page.Policies ?? []) {
        const version = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion);
        out.customerPolicies.push({
          // The name is the ARN's last segment; moto leaves PolicyName out of this list.
          name: p.PolicyName || (p.Arn ?? '').split('/').pop() || '',
          arn: p.Arn ?? '',
          attachmentCount: p.AttachmentCount ?? 0,
          document: parsePolicyDocument(version?.Document),
        });
      }
    }
    return out;
  },
});
