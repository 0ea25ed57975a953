import type { Trail } from '../../lib/inventory/cloudtrail';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/**
 * A trail homed in the evaluated region validates (CIS 3.2 / CloudTrail.4) and KMS-encrypts
 * (CIS 3.5 / CloudTrail.2) its log files: two medium drafts with their own check ids. An
 * organization trail of another account is reported with who must change it.
 */
export function trailSettingsDrafts(t: Trail, account: string): FindingDraft[] {
  const resource = { type: 'AwsCloudTrailTrail', id: t.arn, arn: t.arn };
  const owner =
    t.ownerAccount !== account
      ? ` (an organization trail of account ${t.ownerAccount}, which must change it)`
      : '';
  return [
    {
      resource,
      checkId: 'log-file-validation',
      controls: CHECK_CONTROLS.logFileValidation,
      severity: 'medium',
      status: t.logFileValidationEnabled ? 'PASS' : 'FAIL',
      details: { logFileValidationEnabled: t.logFileValidationEnabled },
      message: t.logFileValidationEnabled
        ? `Trail ${t.name} validates its log files.`
        : `Trail ${t.name} has log-file validation off, so altered or deleted log files would go unnoticed${owner}.`,
    },
    {
      resource,
      checkId: 'kms-encryption',
      controls: CHECK_CONTROLS.kmsEncryption,
      severity: 'medium',
      status: t.kmsKeyId ? 'PASS' : 'FAIL',
      details: t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {},
      message: t.kmsKeyId
        ? `Trail ${t.name} encrypts its log files with KMS key ${t.kmsKeyId}.`
        : `Trail ${t.name} does not encrypt its log files with a KMS key, so anyone who can read the bucket can read them${owner}.`,
    },
  ];
}
