import {
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import type { AccountScope } from './scope';

/** The IAM actions `scopeAccounts` calls (the dispatcher's role grants exactly these). */
export const ORGANIZATIONS_READ_ACTIONS = [
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
] as const;

/** `State` replaces the deprecated `Status` (AWS, September 2026); either says ACTIVE for a usable account. */
function isActive(account: Account): boolean {
  return (account.State ?? account.Status) === 'ACTIVE';
}

async function activeIds(pages: AsyncIterable<{ Accounts?: Account[] }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of pages) {
    for (const account of page.Accounts ?? []) if (account.Id && isActive(account)) ids.push(account.Id);
  }
  return ids;
}

/** Every ACTIVE account under `parentId`, walking nested OUs depth first. */
async function accountsUnder(client: OrganizationsClient, parentId: string): Promise<string[]> {
  const ids = await activeIds(paginateListAccountsForParent({ client }, { ParentId: parentId }));
  for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
    for (const ou of page.OrganizationalUnits ?? []) {
      if (ou.Id) ids.push(...(await accountsUnder(client, ou.Id)));
    }
  }
  return ids;
}

/**
 * The account ids a scope covers, sorted and without duplicates or exclusions. Suspended and closed
 * accounts are left out. An explicit list is taken as given (no Organizations call), so a fleet that is
 * not in the management or delegated-administrator account can still scan chosen accounts.
 * A failed Organizations call throws: a dispatcher that cannot list accounts must fail, not scan none.
 */
export async function scopeAccounts(clients: ClientFactory, scope: AccountScope): Promise<string[]> {
  let ids: string[];
  if (scope.accounts) {
    ids = [...scope.accounts];
  } else {
    const client = clients.get(OrganizationsClient, GLOBAL_SERVICE_REGION);
    if (scope.organizationalUnits) {
      ids = [];
      for (const ou of scope.organizationalUnits) ids.push(...(await accountsUnder(client, ou)));
    } else {
      ids = await activeIds(paginateListAccounts({ client }, {}));
    }
  }
  const excluded = new Set(scope.exclude);
  return [...new Set(ids)].filter((id) => !excluded.has(id)).sort();
}
