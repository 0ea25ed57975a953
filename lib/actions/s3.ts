import {
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { awsErrorCode } from '../errors';
import { accountId, s3Control } from '../inventory/s3-control';
import { defineAction } from './types';

/**
 * Turns on all four account-level S3 Block Public Access switches. Reversible (the same call with
 * false values, or DeletePublicAccessBlock), but it can break a bucket that is public on purpose
 * (a website), which is why it is off by default. Idempotent: an account with all four on is skipped.
 */
export const putAccountPublicAccessBlock = defineAction<Record<string, never>>({
  name: 's3:PutAccountPublicAccessBlock',
  alsoNeeds: ['s3:GetAccountPublicAccessBlock'],
  async run(clients) {
    const client = s3Control(clients.get(S3ControlClient, GLOBAL_SERVICE_REGION));
    const AccountId = await accountId(clients);
    const current = await client
      .send(new GetPublicAccessBlockCommand({ AccountId }))
      .catch((error: unknown) => {
        if (awsErrorCode(error) === 'NoSuchPublicAccessBlockConfiguration') return undefined;
        throw error;
      });
    const c = current?.PublicAccessBlockConfiguration;
    if (c?.BlockPublicAcls && c.IgnorePublicAcls && c.BlockPublicPolicy && c.RestrictPublicBuckets)
      return { status: 'skipped', reason: `Block Public Access is already on for account ${AccountId}` };
    await client.send(
      new PutPublicAccessBlockCommand({
        AccountId,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    return { status: 'done' };
  },
});
