import * as z from 'zod/mini';
import { updateAccountPasswordPolicy } from '../../lib/actions/iam';
import { plan } from '../../lib/actions/types';
import type { Controls } from '../../lib/findings';
import { passwordPolicy } from '../../lib/inventory/iam-password-policy';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { policyMeeting } from './standard';

const CHECKS = {
  minimumLength: {
    id: 'minimum-length',
    title: 'The password policy requires 14 characters or more',
    controls: { cisV3: ['1.8'], cisV5: ['1.7'], securityHub: ['IAM.15'] },
  },
  reusePrevention: {
    id: 'reuse-prevention',
    title: 'The password policy prevents password reuse',
    controls: { cisV3: ['1.9'], cisV5: ['1.8'], securityHub: ['IAM.16'] },
  },
} as const satisfies Record<string, { id: string; title: string; controls: Controls }>;

const whole = (field: string, min: number, max: number, fallback: number) => {
  const error = (i: { input: unknown }) =>
    `expected a whole number from ${min} to ${max} for ${field}, got ${JSON.stringify(i.input)}`;
  return z._default(
    z.number({ error }).check(z.int({ error }), z.gte(min, { error }), z.lte(max, { error })),
    fallback,
  );
};

/**
 * iam-password-policy: the account password policy requires at least `minimumPasswordLength`
 * characters (CIS 1.7, at least 14) and remembers `passwordReusePrevention` earlier passwords (CIS 1.8,
 * IAM's maximum 24). With `applyStandard`, a failing account gets an UpdateAccountPasswordPolicy that
 * keeps its other settings and raises these two (run only with `remediate`, never on a dry run).
 */
export const iamPasswordPolicy = defineRule({
  meta: {
    id: 'iam-password-policy',
    title: 'The IAM password policy requires long, unrepeated passwords',
    description:
      'Checks that the account password policy requires a minimum length of at least 14 characters and prevents the reuse of earlier passwords.',
    risk: 'Short or recycled passwords fall to guessing and credential stuffing, and a console password is all an attacker needs where MFA is missing.',
    severity: 'medium',
    resourceType: 'AwsAccount',
    scope: 'global',
    controls: { cisV3: ['1.8', '1.9'], cisV5: ['1.7', '1.8'], securityHub: ['IAM.15', 'IAM.16'] },
    checks: Object.values(CHECKS),
    deployment: { schedule: 'rate(1 day)' },
    triggers: [
      { source: 'aws.iam', eventNames: ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'] },
    ],
    remediation: {
      text: 'In IAM, Account settings, edit the password policy: minimum length 14 or more, and prevent reuse of the last 24 passwords.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html',
    },
  },
  reads: [passwordPolicy],
  actions: [updateAccountPasswordPolicy],
  params: z.strictObject({
    /** The standard's minimum length (CIS: 14 or more). */
    minimumPasswordLength: whole('minimumPasswordLength', 14, 128, 14),
    /** The standard's number of remembered passwords (CIS: prevent reuse; IAM allows 1 to 24). */
    passwordReusePrevention: whole('passwordReusePrevention', 1, 24, 24),
    /** Plan UpdateAccountPasswordPolicy for a failing account (carried out only with `remediate`). */
    applyStandard: z._default(
      z.boolean({ error: (i) => `expected true or false for applyStandard, got ${JSON.stringify(i.input)}` }),
      false,
    ),
  }),
  async evaluate({ inventory, account, params }): Promise<FindingDraft[]> {
    const current = await inventory.get(passwordPolicy);
    const resource = { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` };
    const length = current?.minimumPasswordLength;
    const reuse = current?.passwordReusePrevention;
    const lengthOk = length !== undefined && length >= params.minimumPasswordLength;
    const reuseOk = reuse !== undefined && reuse >= params.passwordReusePrevention;
    const target = policyMeeting(current, params);
    const action =
      params.applyStandard && !(lengthOk && reuseOk)
        ? plan(
            updateAccountPasswordPolicy,
            { policy: target },
            `Set the password policy of account ${account} to a minimum length of ${target.minimumPasswordLength} and reuse prevention of ${target.passwordReusePrevention}, keeping its other settings`,
          )
        : undefined;
    const details = {
      policy: current,
      standard: {
        minimumPasswordLength: params.minimumPasswordLength,
        passwordReusePrevention: params.passwordReusePrevention,
      },
    };
    return [
      {
        resource,
        checkId: CHECKS.minimumLength.id,
        controls: CHECKS.minimumLength.controls,
        status: lengthOk ? 'PASS' : 'FAIL',
        message: lengthOk
          ? `The password policy of account ${account} requires ${length} characters.`
          : current === null
            ? `Account ${account} has no password policy, so IAM accepts passwords of 8 characters, fewer than ${params.minimumPasswordLength}.`
            : `The password policy of account ${account} requires ${length ?? 'the IAM default of 8'} characters, fewer than ${params.minimumPasswordLength}.`,
        details,
        ...(action && !lengthOk ? { action } : {}),
      },
      {
        resource,
        checkId: CHECKS.reusePrevention.id,
        controls: CHECKS.reusePrevention.controls,
        severity: 'low',
        status: reuseOk ? 'PASS' : 'FAIL',
        message: reuseOk
          ? `The password policy of account ${account} prevents reuse of the last ${reuse} passwords.`
          : reuse === undefined
            ? current === null
              ? `Account ${account} has no password policy, so its users may reuse earlier passwords.`
              : `The password policy of account ${account} lets users reuse earlier passwords.`
            : `The password policy of account ${account} remembers only ${reuse} earlier passwords, fewer than ${params.passwordReusePrevention}.`,
        details,
        ...(action && lengthOk ? { action } : {}),
      },
    ];
  },
});
