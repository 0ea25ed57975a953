import type { Controls } from '../../lib/findings';

/** Each iam-credentials check with the CIS v5.0 / v3.0 and Security Hub controls it evidences. */
export const CHECKS = {
  rootAccessKeys: {
    id: 'root-access-keys',
    title: 'The root user has no access keys',
    controls: { cisV3: ['1.4'], cisV5: ['1.3'], securityHub: ['IAM.4'] },
  },
  rootRecentUse: {
    id: 'root-recent-use',
    title: 'The root user was not used recently',
    controls: { cisV3: ['1.7'], cisV5: ['1.6'] },
    heuristic:
      'The credential report shows when root last signed in or used a key, not what for: any use within the window counts as use for daily tasks.',
  },
  consoleMfa: {
    id: 'console-mfa',
    title: 'Every user with a console password has MFA',
    controls: { cisV3: ['1.10'], cisV5: ['1.9'], securityHub: ['IAM.5'] },
  },
  keysAtSetup: {
    id: 'keys-at-setup',
    title: 'No access keys were created at setup for console users',
    controls: { cisV3: ['1.11'], cisV5: ['1.10'] },
    heuristic:
      'The report cannot say how a key was made: as CIS audits it, an active key that was never used on a user with a console password counts as created at setup.',
  },
  unusedCredentials: {
    id: 'unused-credentials',
    title: 'Credentials unused for 45 days are disabled',
    controls: { cisV3: ['1.12'], cisV5: ['1.11'], securityHub: ['IAM.22'] },
  },
  oneActiveKey: {
    id: 'one-active-key',
    title: 'Each user has at most one active access key',
    controls: { cisV3: ['1.13'], cisV5: ['1.12'] },
  },
  keyRotation: {
    id: 'key-rotation',
    title: 'Active access keys were rotated within 90 days',
    controls: { cisV3: ['1.14'], cisV5: ['1.13'], securityHub: ['IAM.3'] },
  },
} as const satisfies Record<string, { id: string; title: string; controls: Controls; heuristic?: string }>;

export type CredentialCheck = (typeof CHECKS)[keyof typeof CHECKS];

/** Whole days from `iso` to `now` (negative for the future). */
export function daysSince(iso: string, now: Date): number {
  return Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000);
}
