import { z } from 'zod';
import { accountSummary, virtualMfaDevices } from '../lib/inventory/iam';
import type { FindingDraft } from '../lib/rule';
import { defineRule } from '../lib/rule';

/**
 * root-account-mfa: the root user has MFA enabled.
 * Reads GetAccountSummary (real time, unlike the credential report) and tells virtual from hardware
 * MFA by whether a virtual device is assigned to the root ARN (never by device name).
 */
export const rootAccountMfa = defineRule({
  meta: {
    id: 'root-account-mfa',
    title: 'The root user has MFA enabled',
    description:
      'Checks that the account root user is protected by a multi-factor authentication device, and reports whether the device is virtual or hardware and whether root has access keys.',
    risk: 'Anyone who learns the root password can take full, irreversible control of the account, including closing it.',
    severity: 'critical',
    resourceType: 'AwsAccount',
    scope: 'global',
    controls: { cisV3: ['1.5', '1.6'], cisV5: ['1.4', '1.5'], securityHub: ['IAM.9', 'IAM.6'] },
    permissions: { read: ['iam:GetAccountSummary', 'iam:ListVirtualMFADevices'], remediate: [] },
    remediation: {
      text: 'Sign in as the root user, open Security credentials, and assign an MFA device (a hardware key or passkey is preferred).',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    },
  },
  params: z.strictObject({}),
  async evaluate({ inventory, account }): Promise<FindingDraft[]> {
    const summary = await inventory.get(accountSummary);
    const resource = { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` };
    const mfaEnabled = summary.AccountMFAEnabled === 1;
    const accessKeysPresent = (summary.AccountAccessKeysPresent ?? 0) > 0;
    // Older summaries have no AccountPasswordPresent: assume a password rather than miss a root user.
    const passwordPresent = (summary.AccountPasswordPresent ?? 1) > 0;
    const certificatesPresent = (summary.AccountSigningCertificatesPresent ?? 0) > 0;
    const keysNote = accessKeysPresent ? ' Root also has access keys, which should be deleted.' : '';

    if (!mfaEnabled && !passwordPresent && !accessKeysPresent && !certificatesPresent) {
      return [
        {
          resource,
          status: 'NOT_APPLICABLE',
          message: `The root user of account ${account} has no password, access keys or certificates, so nobody can sign in as root (centrally managed root access).`,
          details: { mfaEnabled, passwordPresent, accessKeysPresent, certificatesPresent },
        },
      ];
    }
    if (!mfaEnabled) {
      return [
        {
          resource,
          status: 'FAIL',
          message: `The root user of account ${account} has no MFA device, so the root password alone opens the whole account.${keysNote}`,
          details: { mfaEnabled, mfaType: 'none', passwordPresent, accessKeysPresent, certificatesPresent },
        },
      ];
    }
    const devices = await inventory.get(virtualMfaDevices);
    const rootDevice = devices.find(
      (d) => d.userArn !== undefined && /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(d.userArn),
    );
    const mfaType = rootDevice ? 'virtual' : 'hardware';
    return [
      {
        resource,
        status: 'PASS',
        message: `The root user of account ${account} has ${mfaType} MFA enabled${mfaType === 'virtual' ? ' (CIS recommends a hardware device)' : ''}.${keysNote}`,
        details: {
          mfaEnabled,
          mfaType,
          ...(rootDevice ? { virtualDevice: rootDevice.serialNumber } : {}),
          passwordPresent,
          accessKeysPresent,
          certificatesPresent,
        },
      },
    ];
  },
});
