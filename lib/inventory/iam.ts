import { GetAccountSummaryCommand, IAMClient, paginateListVirtualMFADevices } from '@aws-sdk/client-iam';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { accountSummarySchema, virtualMfaDevicesSchema } from './snapshot-schemas';
import { defineRead } from './types';

/**
 * IAM's account summary (GetAccountSummary `SummaryMap`), e.g. `AccountMFAEnabled`,
 * `AccountAccessKeysPresent`, `AccountPasswordPresent`. Real time, unlike the credential report.
 */
export type AccountSummary = Readonly<Record<string, number>>;

export const accountSummary = defineRead<AccountSummary>({
  name: 'iam.accountSummary',
  scope: 'global',
  actions: ['iam:GetAccountSummary'],
  schema: accountSummarySchema,
  async fetch(clients) {
    const out = await clients.get(IAMClient, GLOBAL_SERVICE_REGION).send(new GetAccountSummaryCommand({}));
    const summary: Record<string, number> = {};
    for (const [key, value] of Object.entries(out.SummaryMap ?? {})) {
      if (typeof value === 'number') summary[key] = value;
    }
    return summary;
  },
});

export interface VirtualMfaDevice {
  readonly serialNumber: string;
  /** ARN of the user the device is assigned to (`arn:aws:iam::<account>:root` for root); absent when unassigned. */
  readonly userArn?: string;
  readonly enableDate?: string;
}

export const virtualMfaDevices = defineRead<VirtualMfaDevice[]>({
  name: 'iam.virtualMfaDevices',
  scope: 'global',
  actions: ['iam:ListVirtualMFADevices'],
  schema: virtualMfaDevicesSchema,
  async fetch(clients) {
    const client = clients.get(IAMClient, GLOBAL_SERVICE_REGION);
    const devices: VirtualMfaDevice[] = [];
    // MaxItems defaults to 100; ask for IAM's maximum so an account with many users takes one call.
    for await (const page of paginateListVirtualMFADevices({ client, pageSize: 1000 }, {})) {
      for (const d of page.VirtualMFADevices ?? []) {
        devices.push({
          serialNumber: d.SerialNumber ?? '',
          ...(d.User?.Arn ? { userArn: d.User.Arn } : {}),
          ...(d.EnableDate ? { enableDate: d.EnableDate.toISOString() } : {}),
        });
      }
    }
    return devices;
  },
});
