import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { ClientFactory } from '../aws/clients';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { awsErrorCode } from '../errors';
import { callerIdentityOf } from './account';
import type { PublicAccessBlock } from './s3';
import { defineRead } from './types';
import { accountPublicAccessBlockSchema } from './snapshot-schemas-iam-s3';

const IP_ENDPOINT = /^https?:\/\/(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])(:\d+)?\/?$/i;
const adapted = new WeakSet<S3ControlClient>();

/**
 * S3 Control addresses `<account>.s3-control.<region>.amazonaws.com`. A custom endpoint that is an
 * IP address (moto_server, a local proxy) cannot take the account prefix, so there the endpoint is
 * used as given, as S3 itself falls back to path-style addressing for IP endpoints.
 */
export function s3Control(client: S3ControlClient): S3ControlClient {
  if (adapted.has(client)) return client;
  const resolve = client.config.endpointProvider;
  client.config.endpointProvider = (params, context) =>
    params.Endpoint && IP_ENDPOINT.test(params.Endpoint)
      ? { url: new URL(params.Endpoint) }
      : resolve(params, context);
  adapted.add(client);
  return client;
}

/** The account the credentials belong to (S3 Control calls name it): the run's one GetCallerIdentity. */
export async function accountId(clients: ClientFactory): Promise<string> {
  return (await callerIdentityOf(clients)).Account ?? '';
}

/**
 * The account-level S3 Block Public Access settings (S3 Control GetPublicAccessBlock, a global
 * setting); `undefined` when the account has none (`NoSuchPublicAccessBlockConfiguration`).
 */
export const accountPublicAccessBlock = defineRead<{ readonly publicAccessBlock?: PublicAccessBlock }>({
  name: 's3control.accountPublicAccessBlock',
  scope: 'global',
  actions: ['s3:GetAccountPublicAccessBlock'],
  schema: accountPublicAccessBlockSchema,
  async fetch(clients) {
    const client = s3Control(clients.get(S3ControlClient, GLOBAL_SERVICE_REGION));
    try {
      const out = await client.send(new GetPublicAccessBlockCommand({ AccountId: await accountId(clients) }));
      const b = out.PublicAccessBlockConfiguration ?? {};
      return {
        publicAccessBlock: {
          blockPublicAcls: b.BlockPublicAcls === true,
          ignorePublicAcls: b.IgnorePublicAcls === true,
          blockPublicPolicy: b.BlockPublicPolicy === true,
          restrictPublicBuckets: b.RestrictPublicBuckets === true,
        },
      };
    } catch (error) {
      if (awsErrorCode(error) === 'NoSuchPublicAccessBlockConfiguration') return {};
      throw error;
    }
  },
});
