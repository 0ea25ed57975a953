import type { ClientFactory } from '../aws/clients';
import { assumeMemberRole, checkMemberAccess, memberRoleArn, partitionOf } from '../aws/assume-role';
import type { MemberAccess } from '../aws/assume-role';
import { awsErrorCode, errorMessage, InventoryReadError } from '../errors';
import { callerIdentity } from '../inventory/account';
import type { CallerIdentity } from '../inventory/account';
import { LiveInventory } from '../inventory/live';
import type { Inventory, ReadDef } from '../inventory/types';
import { readKey } from '../inventory/types';

/** What the engine scans a member account with. `clients` is absent when the role could not be assumed. */
export interface MemberAccount {
  readonly inventory: Inventory;
  readonly clients?: ClientFactory;
}

/**
 * AssumeRole errors that retrying will not fix: reported as an ERROR finding for the account so the
 * other accounts' scans and the alert go on. Anything else (throttling, a network error) is thrown so
 * SQS retries the message and, after N attempts, moves it to the dead-letter queue.
 */
const PERMANENT = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'RegionDisabledException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ValidationError',
  'NoCredentials',
]);

/**
 * An account whose role could not be assumed: it knows its id (so findings name the account) and
 * fails every other read with the AssumeRole error, which the engine reports as an ERROR finding.
 */
export class UnreachableAccountInventory implements Inventory {
  readonly source = 'live' as const;
  constructor(
    private readonly identity: CallerIdentity,
    private readonly roleArn: string,
    private readonly error: unknown,
  ) {}

  async get<T>(read: ReadDef<T>, region?: string): Promise<T> {
    if (read.name === callerIdentity.name) return this.identity as T;
    const code = awsErrorCode(this.error);
    throw new InventoryReadError(
      read.name,
      readKey(read, region),
      code,
      `Could not assume ${this.roleArn} in account ${this.identity.account}: ${code}: ${errorMessage(this.error)}`,
      { cause: this.error },
    );
  }
}

/**
 * Opens a member account for one run: assumes its role (ExternalId, session `driftwatch-<rule>`) and
 * returns a live inventory and clients on those credentials, sharing the base factory's call counter.
 * A fresh factory per invocation: credentials are per account, and nothing leaks between accounts.
 */
export async function openMemberAccount(
  base: ClientFactory,
  account: string,
  ruleId: string,
  access: MemberAccess,
): Promise<MemberAccount> {
  checkMemberAccess(access);
  const partition = partitionOf(process.env.AWS_REGION ?? 'us-east-1');
  const roleArn = memberRoleArn(account, access.roleName, partition);
  try {
    const credentials = await assumeMemberRole(base, account, ruleId, access);
    // Same counter, timeouts and run deadline as the base factory; the member account's credentials.
    const clients = base.withCredentials(async () => credentials);
    return { inventory: new LiveInventory(clients), clients };
  } catch (error) {
    if (!PERMANENT.has(awsErrorCode(error))) throw error;
    return {
      inventory: new UnreachableAccountInventory({ account, arn: roleArn, partition }, roleArn, error),
    };
  }
}
