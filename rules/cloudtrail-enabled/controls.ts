import type { Controls } from '../../lib/findings';

/** The benchmark controls of each cloudtrail-enabled check (the rule's metadata lists their union). */
export const CHECK_CONTROLS = {
  /** CIS 3.1 / CloudTrail.1: CloudTrail is enabled in all regions (a multi-region trail). */
  logging: { cisV3: ['3.1'], cisV5: ['3.1'], securityHub: ['CloudTrail.1'] },
  /** CIS 3.2 / CloudTrail.4: log file validation. */
  logFileValidation: { cisV3: ['3.2'], cisV5: ['3.2'], securityHub: ['CloudTrail.4'] },
  /** CIS 3.5 / CloudTrail.2: logs encrypted at rest with KMS. */
  kmsEncryption: { cisV3: ['3.5'], cisV5: ['3.5'], securityHub: ['CloudTrail.2'] },
} as const satisfies Record<string, Controls>;
