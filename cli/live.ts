import { ClientFactory } from '../lib/aws/clients';
import { DriftwatchError, errorMessage, InventoryReadError } from '../lib/errors';
import { callerIdentity } from '../lib/inventory/account';
import { LiveInventory } from '../lib/inventory/live';

export interface LiveAccount {
  readonly clients: ClientFactory;
  readonly inventory: LiveInventory;
  readonly account: string;
}

/**
 * Connects to the account the environment's credentials belong to (the SDK's default chain:
 * AWS_PROFILE, environment keys, SSO, instance role). Without credentials this fails here, in one
 * sentence, rather than as an ERROR finding per rule.
 */
export async function openLiveAccount(): Promise<LiveAccount> {
  const clients = new ClientFactory();
  const inventory = new LiveInventory(clients);
  try {
    const identity = await inventory.get(callerIdentity);
    return { clients, inventory, account: identity.account };
  } catch (error) {
    const code = error instanceof InventoryReadError ? error.awsCode : 'Unknown';
    const cause =
      error instanceof InventoryReadError && error.cause !== undefined
        ? errorMessage(error.cause)
        : errorMessage(error);
    throw new DriftwatchError(
      'NoCredentials',
      `Cannot identify the AWS account (sts:GetCallerIdentity: ${code}: ${cause.split('\n')[0]}). Set AWS credentials (e.g. AWS_PROFILE) or scan a recorded account with --snapshot FILE.`,
      { cause: error },
    );
  }
}
