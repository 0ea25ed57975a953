import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { ClientFactory } from '../aws/clients';
import { mapSettled } from '../concurrency';
import { awsErrorCode, errorMessage } from '../errors';
import { flag, count, list, object, text } from './snapshot-schema-parts';
import { defineRead } from './types';
import * as z from 'zod/mini';

/** A KMS key of the region as DescribeKey tells it, with its rotation status where it can rotate. */
export type KmsKey =
  | {
      readonly keyId: string;
      readonly arn: string;
      /** `CUSTOMER` or `AWS` (AWS-managed keys rotate yearly on their own). */
      readonly manager: string;
      /** `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, ... */
      readonly spec: string;
      /** `Enabled`, `Disabled`, `PendingDeletion`, ... */
      readonly state: string;
      /** `AWS_KMS`, `EXTERNAL` (imported material), `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
      readonly origin: string;
      /** GetKeyRotationStatus, read only for enabled symmetric customer keys with AWS_KMS material. */
      readonly rotation?: { readonly enabled: boolean; readonly periodDays?: number };
    }
  | { readonly keyId: string; readonly arn: string; readonly error: { code: string; message: string } };

export const kmsKeysSchema = list(
  z.union(
    [
      object({
        keyId: text,
        arn: text,
        manager: text,
        spec: text,
        state: text,
        origin: text,
        rotation: z.optional(object({ enabled: flag, periodDays: z.optional(count) })),
      }),
      object({ keyId: text, arn: text, error: object({ code: text, message: text }) }),
    ],
    { error: 'expected { keyId, arn, manager, spec, state, origin, rotation? } or { keyId, arn, error }' },
  ),
);

/** Whether CIS 3.6 / KMS.4 asks the key to rotate: an enabled symmetric customer key with AWS-made material. */
export function rotatable(k: { manager: string; spec: string; state: string; origin: string }): boolean {
  return (
    k.manager === 'CUSTOMER' &&
    k.spec === 'SYMMETRIC_DEFAULT' &&
    k.state === 'Enabled' &&
    k.origin === 'AWS_KMS'
  );
}

async function readKey(clients: ClientFactory, region: string, keyId: string, arn: string): Promise<KmsKey> {
  const kms = clients.get(KMSClient, region);
  const meta: KeyMetadata = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata ?? {
    KeyId: keyId,
  };
  const key = {
    keyId,
    arn: meta.Arn ?? arn,
    manager: meta.KeyManager ?? '',
    // Responses from before asymmetric keys (2019) name no spec: every key was symmetric then.
    spec: meta.KeySpec ?? meta.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
    state: meta.KeyState ?? '',
    origin: meta.Origin ?? '',
  };
  if (!rotatable(key)) return key;
  const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  return {
    ...key,
    rotation: {
      enabled: status.KeyRotationEnabled === true,
      ...(status.RotationPeriodInDays ? { periodDays: status.RotationPeriodInDays } : {}),
    },
  };
}

/**
 * Every KMS key of a region (ListKeys, 1,000 a page), described (DescribeKey, eight at a time) and,
 * for an enabled symmetric customer key with AWS_KMS material, its rotation (GetKeyRotationStatus):
 * 1 + keys + rotatable keys calls, as ListKeys says nothing of a key's manager or spec. A key whose
 * policy refuses this role carries the error (the other keys are still judged).
 */
export const kmsKeys = defineRead<KmsKey[]>({
  name: 'kms.keys',
  scope: 'regional',
  actions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  schema: kmsKeysSchema,
  async fetch(clients, region) {
    const client = clients.get(KMSClient, region);
    const listed: { keyId: string; arn: string }[] = [];
    for await (const page of paginateListKeys({ client, pageSize: 1000 }, {}))
      for (const k of page.Keys ?? []) if (k.KeyId) listed.push({ keyId: k.KeyId, arn: k.KeyArn ?? '' });
    const settled = await mapSettled(listed, 8, ({ keyId, arn }) => readKey(clients, region, keyId, arn));
    return settled.map((s, i) => {
      if (s.status === 'fulfilled') return s.value;
      const { keyId, arn } = listed[i] as { keyId: string; arn: string };
      return { keyId, arn, error: { code: awsErrorCode(s.reason), message: errorMessage(s.reason) } };
    });
  },
});
