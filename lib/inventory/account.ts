import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { callerIdentitySchema } from './snapshot-schemas';
import { defineRead } from './types';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  /** The partition from the caller ARN (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
}

/** Who we are: the account every finding is about. GetCallerIdentity needs no IAM permission. */
export const callerIdentity = defineRead<CallerIdentity>({
  name: 'sts.callerIdentity',
  scope: 'global',
  actions: [],
  schema: callerIdentitySchema,
  async fetch(clients) {
    const out = await clients
      .get(STSClient, process.env.AWS_REGION ?? GLOBAL_SERVICE_REGION)
      .send(new GetCallerIdentityCommand({}));
    const arn = out.Arn ?? '';
    return { account: out.Account ?? '', arn, partition: arn.split(':')[1] ?? 'aws' };
  },
});
