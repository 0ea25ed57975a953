import * as z from 'zod/mini';
import { accountSummary, virtualMfaDevices } from '../../lib/inventory/iam';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import type { Controls } from '../../lib/findings';

/** Each check's benchmark controls; the metadata lists their union. */
const CHECK_CONTROLS = {
  /** CIS v3.0 1.5 / v5.0 1.4 / IAM.9: MFA is enabled for the root user. */
  mfa: { cisV3: ['1.5'], cisV5: ['1.4'], securityHub: ['IAM.9'] },
  /** CIS v3.0 1.6 / v5.0 1.5 / IAM.6: hardware MFA for the root user (CIS Level 2). */
  hardwareMfa: { cisV3: ['1.6'], cisV5: ['1.5'], securityHub: ['IAM.6'] },
} as const satisfies Record<string, Controls>;

/**
 * root-account-mfa: the root user has MFA enabled.
 * Reads GetAccountSummary (real time, unlike the credential report) and tells virtual from hardware
 * MFA by whether a virtual device is assigned to the root ARN (never by device name); hardware MFA
 * is its own low-severity check (`hardware-mfa`, CIS 1.6 / IAM.6) once MFA is on.
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
    deployment: { schedule: 'rate(1 day)' },
    triggers: [
      { source: 'aws.iam', eventNames: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'] },
      { source: 'aws.iam', eventNames: ['CreateAccessKey'], detail: { userIdentity: { type: ['Root'] } } },
    ],
    remediation: {
      text: 'Sign in as the root user, open Security credentials, and assign an MFA device (a hardware key or passkey is preferred).',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    },
  },
  reads: [accountSummary, virtualMfaDevices],
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
          controls: CHECK_CONTROLS.mfa,
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
          controls: CHECK_CONTROLS.mfa,
          status: 'FAIL',
          message: `The root user of account ${account} has no MFA device, so the root password alone opens the whole account.${keysNote}`,
          remediationText: `Sign in to account ${account} as the root user, open Security credentials, and assign an MFA device: a FIDO security key or passkey (hardware, CIS 1.6) rather than an authenticator app.${accessKeysPresent ? " On the same page, delete root's access keys." : ''}`,
          details: { mfaEnabled, mfaType: 'none', passwordPresent, accessKeysPresent, certificatesPresent },
        },
      ];
    }
    const devices = await inventory.get(virtualMfaDevices);
    const rootDevice = devices.find(
      (d) => d.userArn !== undefined && /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(d.userArn),
    );
    const mfaType = rootDevice ? 'virtual' : 'hardware';
    const device = rootDevice ? { virtualDevice: rootDevice.serialNumber } : {};
    return [
      {
        resource,
        controls: CHECK_CONTROLS.mfa,
        status: 'PASS',
        message: `The root user of account ${account} has ${mfaType} MFA enabled.${keysNote}`,
        details: { mfaEnabled, mfaType, ...device, passwordPresent, accessKeysPresent, certificatesPresent },
      },
      {
        resource,
        checkId: 'hardware-mfa',
        controls: CHECK_CONTROLS.hardwareMfa,
        severity: 'low',
        status: rootDevice ? 'FAIL' : 'PASS',
        message: rootDevice
          ? `The root user of account ${account} uses a virtual MFA device (${rootDevice.serialNumber}); a hardware device cannot be copied off a phone or its backups.`
          : `The root user of account ${account} uses a hardware MFA device.`,
        details: { mfaType, ...device },
        ...(rootDevice
          ? {
              remediationText: `MFA is on, but on a virtual device (${rootDevice.serialNumber}). Sign in as the root user, open Security credentials, assign a FIDO security key or a hardware TOTP token (root can have up to 8 MFA devices), sign in once with it, then remove ${rootDevice.serialNumber}.`,
            }
          : {}),
      },
    ];
  },
});
