import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { callerIdentitySchema } from './snapshot-schemas';
import { defineRead } from './types';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  /** The partition from the caller ARN (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
}

const identities = new WeakMap<ClientFactory, Promise<GetCallerIdentityCommandOutput>>();

/**
 * GetCallerIdentity once per client factory (one account's credentials): the identity read and
 * the calls that must name the account (S3 Control's AccountId) share it. A failed call is not
 * kept, so a later read asks again.
 */
export function callerIdentityOf(clients: ClientFactory): Promise<GetCallerIdentityCommandOutput> {
  let identity = identities.get(clients);
  if (identity === undefined) {
    identity = clients
      .get(STSClient, process.env.AWS_REGION ?? GLOBAL_SERVICE_REGION)
      .send(new GetCallerIdentityCommand({}));
    identities.set(clients, identity);
    identity.catch(() => identities.delete(clients));
  }
  return identity;
}

/** Who we are: the account every finding is about. GetCallerIdentity needs no IAM permission. */
export const callerIdentity = defineRead<CallerIdentity>({
  name: 'sts.callerIdentity',
  scope: 'global',
  actions: [],
  schema: callerIdentitySchema,
  async fetch(clients) {
    const out = await callerIdentityOf(clients);
    const arn = out.Arn ?? '';
    return { account: out.Account ?? '', arn, partition: arn.split(':')[1] ?? 'aws' };
  },
});
