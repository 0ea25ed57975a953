import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import type { PasswordPolicy } from '../inventory/iam-password-policy';
import { defineAction } from './types';

/**
 * Sets the account password policy to `policy`, every setting stated. UpdateAccountPasswordPolicy
 * replaces the whole policy (a setting left out reverts to IAM's default), so the rule plans it with
 * the current policy's settings kept and only the ones below its standard raised. Idempotent:
 * setting the same policy again changes nothing. Reversible with another update.
 */
export const updateAccountPasswordPolicy = defineAction<{ readonly policy: PasswordPolicy }>({
  name: 'iam:UpdateAccountPasswordPolicy',
  async run(clients, _region, { policy }) {
    await clients.get(IAMClient, GLOBAL_SERVICE_REGION).send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: policy.minimumPasswordLength,
        RequireSymbols: policy.requireSymbols,
        RequireNumbers: policy.requireNumbers,
        RequireUppercaseCharacters: policy.requireUppercaseCharacters,
        RequireLowercaseCharacters: policy.requireLowercaseCharacters,
        AllowUsersToChangePassword: policy.allowUsersToChangePassword,
        MaxPasswordAge: policy.maxPasswordAge,
        PasswordReusePrevention: policy.passwordReusePrevention,
        HardExpiry: policy.hardExpiry,
      }),
    );
    return { status: 'done' };
  },
});
