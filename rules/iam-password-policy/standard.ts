import type { PasswordPolicy } from '../../lib/inventory/iam-password-policy';

/** The password standard a run holds the account to (the rule's parameters). */
export interface PasswordStandard {
  readonly minimumPasswordLength: number;
  readonly passwordReusePrevention: number;
}

/**
 * The policy that meets `standard` while keeping everything else the account chose: the current
 * settings, with length and reuse prevention raised (never lowered) to the standard. With no policy
 * at all, users keep the right to change their own password (IAM's behaviour without a policy).
 */
export function policyMeeting(current: PasswordPolicy | null, standard: PasswordStandard): PasswordPolicy {
  return {
    ...(current ?? { allowUsersToChangePassword: true }),
    minimumPasswordLength: Math.max(current?.minimumPasswordLength ?? 0, standard.minimumPasswordLength),
    passwordReusePrevention: Math.max(
      current?.passwordReusePrevention ?? 0,
      standard.passwordReusePrevention,
    ),
  };
}
