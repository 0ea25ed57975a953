import { GetAccountPasswordPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { awsErrorCode } from '../errors';
import { defineRead } from './types';
import { passwordPolicySchema } from './snapshot-schemas-iam-s3';

/** The account password policy (GetAccountPasswordPolicy `PasswordPolicy`), absent settings omitted. */
export interface PasswordPolicy {
  readonly minimumPasswordLength?: number;
  readonly requireSymbols?: boolean;
  readonly requireNumbers?: boolean;
  readonly requireUppercaseCharacters?: boolean;
  readonly requireLowercaseCharacters?: boolean;
  readonly allowUsersToChangePassword?: boolean;
  /** Absent: passwords never expire. */
  readonly maxPasswordAge?: number;
  /** Absent: any earlier password may be reused. */
  readonly passwordReusePrevention?: number;
  readonly hardExpiry?: boolean;
}

/**
 * The account password policy, or `null` when the account has none (IAM answers `NoSuchEntity`:
 * a state of the account, not a failed read). Every other error is thrown.
 */
export const passwordPolicy = defineRead<PasswordPolicy | null>({
  name: 'iam.passwordPolicy',
  scope: 'global',
  actions: ['iam:GetAccountPasswordPolicy'],
  schema: passwordPolicySchema,
  async fetch(clients) {
    try {
      const out = await clients
        .get(IAMClient, GLOBAL_SERVICE_REGION)
        .send(new GetAccountPasswordPolicyCommand({}));
      const p = out.PasswordPolicy ?? {};
      const entries = {
        minimumPasswordLength: p.MinimumPasswordLength,
        requireSymbols: p.RequireSymbols,
        requireNumbers: p.RequireNumbers,
        requireUppercaseCharacters: p.RequireUppercaseCharacters,
        requireLowercaseCharacters: p.RequireLowercaseCharacters,
        allowUsersToChangePassword: p.AllowUsersToChangePassword,
        maxPasswordAge: p.MaxPasswordAge,
        passwordReusePrevention: p.PasswordReusePrevention,
        hardExpiry: p.HardExpiry,
      };
      return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
    } catch (error) {
      if (awsErrorCode(error) === 'NoSuchEntity' || awsErrorCode(error) === 'NoSuchEntityException')
        return null;
      throw error;
    }
  },
});
