import type { KmsKey } from '../../lib/inventory/kms';
import { rotatable } from '../../lib/inventory/kms';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/** Why a customer key is not asked to rotate (CIS 3.6 covers enabled symmetric keys with AWS_KMS material). */
function notRotatable(k: Extract<KmsKey, { manager: string }>): string {
  if (k.spec !== 'SYMMETRIC_DEFAULT') return `is a ${k.spec} key, which KMS cannot rotate automatically`;
  if (k.origin !== 'AWS_KMS') return `has ${k.origin} key material, which KMS cannot rotate automatically`;
  return `is ${k.state}`;
}

/**
 * CIS 3.6 / KMS.4 for one key: an enabled symmetric customer managed key rotates automatically.
 * AWS managed keys (rotated yearly by AWS) get no finding; other customer keys are NOT_APPLICABLE.
 */
export function kmsRotationDraft(k: KmsKey, region: string): FindingDraft | undefined {
  const resource = { type: 'AwsKmsKey', id: k.keyId, arn: k.arn };
  const base = { resource, checkId: 'kms-key-rotation', controls: CHECK_CONTROLS.kmsRotation };
  if ('error' in k)
    return {
      ...base,
      status: 'ERROR',
      details: { region, error: k.error },
      message: `KMS key ${k.keyId} could not be read (${k.error.code}: ${k.error.message}); its key policy may not allow this account's IAM policies.`,
    };
  if (k.manager !== 'CUSTOMER') return undefined;
  const details = { region, spec: k.spec, state: k.state, origin: k.origin, rotation: k.rotation ?? null };
  if (!rotatable(k))
    return {
      ...base,
      status: 'NOT_APPLICABLE',
      details,
      message: `KMS key ${k.keyId} ${notRotatable(k)}, so CIS 3.6 does not ask it to rotate.`,
    };
  return k.rotation?.enabled
    ? {
        ...base,
        status: 'PASS',
        details,
        message: `KMS key ${k.keyId} rotates its key material automatically${k.rotation.periodDays ? ` every ${k.rotation.periodDays} days` : ''}.`,
      }
    : {
        ...base,
        status: 'FAIL',
        details,
        message: `KMS key ${k.keyId} does not rotate its key material (aws kms enable-key-rotation --key-id ${k.keyId} --region ${region}).`,
      };
}
