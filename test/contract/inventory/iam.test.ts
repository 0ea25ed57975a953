import { GetAccountSummaryCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { InventoryReadError } from '../../../lib/errors';
import { runRule } from '../../../lib/engine';
import { callerIdentity } from '../../../lib/inventory/account';
import { accountSummary, virtualMfaDevices } from '../../../lib/inventory/iam';
import { LiveInventory } from '../../../lib/inventory/live';
import { rootAccountMfa } from '../../../rules/root-account-mfa';
import { botocoreXml, placebo, placeboOutput, recordedIdentity } from '../../helpers/recordings';
import { runRequest } from '../../helpers/runs';
import { overTheWire } from '../../helpers/scripted-server';

const request = runRequest();

describe('IAM reads against recorded AWS responses', () => {
  const iam = mockClient(IAMClient);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    iam.reset();
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves(recordedIdentity());
  });
  afterAll(() => {
    iam.restore();
    sts.restore();
  });

  it('reads the identity recorded for test_credential_sts_regional', async () => {
    const inventory = new LiveInventory(new ClientFactory());
    expect(await inventory.get(callerIdentity)).toEqual({
      account: '644160558196',
      arn: 'arn:aws:iam::644160558196:user/kapil',
      partition: 'aws',
    });
  });

  it('passes root-account-mfa on the recorded summary with AccountMFAEnabled 1 (test_account_root_mfa)', async () => {
    iam
      .on(GetAccountSummaryCommand)
      .resolves(placeboOutput('test_account_root_mfa', 'iam.GetAccountSummary_1'));
    iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [] });
    const run = await runRule(rootAccountMfa, request, { inventory: new LiveInventory(new ClientFactory()) });
    expect(run.findings.map((f) => [f.checkId, f.status])).toEqual([
      [undefined, 'PASS'],
      ['hardware-mfa', 'PASS'],
    ]);
    expect(run.findings[0]).toMatchObject({ details: { mfaType: 'hardware', accessKeysPresent: false } });
  });

  it('tells virtual root MFA from a device merely named like root (test_account_virtual_mfa)', async () => {
    // Prepare: the recorded list has root's device (mfa/test_mfa_device2) and a trap device named
    // root-account-mfa-device that belongs to another user.
    iam
      .on(GetAccountSummaryCommand)
      .resolves(placeboOutput('test_set_security_token_service_preferences', 'iam.GetAccountSummary_1'));
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolves(placeboOutput('test_account_virtual_mfa', 'iam.ListVirtualMFADevices_1'));
    // Act
    const run = await runRule(rootAccountMfa, request, { inventory: new LiveInventory(new ClientFactory()) });
    // Assess: MFA passes; the separate hardware-MFA check fails on the virtual device
    expect(run.findings.find((f) => f.checkId === 'hardware-mfa')).toMatchObject({
      status: 'FAIL',
      details: { mfaType: 'virtual', virtualDevice: 'arn:aws:iam::644160558196:mfa/test_mfa_device2' },
    });
    expect(run.findings.find((f) => f.checkId === undefined)).toMatchObject({
      status: 'PASS',
      details: {
        mfaType: 'virtual',
        virtualDevice: 'arn:aws:iam::644160558196:mfa/test_mfa_device2',
        passwordPresent: true,
      },
    });
  });

  it('maps the recorded device list to plain JSON with ISO dates and no user for the unassigned device', async () => {
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolves(placeboOutput('test_account_virtual_mfa', 'iam.ListVirtualMFADevices_1'));
    const devices = await new LiveInventory(new ClientFactory()).get(virtualMfaDevices);
    expect(devices).toHaveLength(4);
    expect(devices[0]).toEqual({ serialNumber: 'arn:aws:iam::644160558196:mfa/test_mfa_device1' });
    expect(devices[1]).toMatchObject({
      userArn: 'arn:aws:iam::644160558196:root',
      enableDate: '2024-04-08T10:21:' + devices[1]!.enableDate!.slice(17),
    });
  });

  it('follows the Marker to the end when the device list is paginated', async () => {
    iam
      .on(ListVirtualMFADevicesCommand)
      .resolvesOnce({ VirtualMFADevices: [{ SerialNumber: 'a' }], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ VirtualMFADevices: [{ SerialNumber: 'b' }], IsTruncated: false });
    const devices = await new LiveInventory(new ClientFactory()).get(virtualMfaDevices);
    expect(devices.map((d) => d.serialNumber)).toEqual(['a', 'b']);
    expect(iam.commandCalls(ListVirtualMFADevicesCommand)[1]?.args[0].input).toMatchObject({ Marker: 'm1' });
  });

  it('wraps the recorded IAM NoSuchEntity error shape into an InventoryReadError with the AWS code', async () => {
    const { error } = placebo('test_account_missing_password_policy', 'iam.GetAccountPasswordPolicy_1');
    iam.on(GetAccountSummaryCommand).rejects(error);
    const read = new LiveInventory(new ClientFactory()).get(accountSummary);
    await expect(read).rejects.toBeInstanceOf(InventoryReadError);
    await expect(read).rejects.toMatchObject({
      awsCode: 'NoSuchEntity',
      read: 'iam.accountSummary',
      region: 'global',
    });
  });

  it('memoises a read: two gets in one run make one call', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1 } });
    const inventory = new LiveInventory(new ClientFactory());
    await Promise.all([inventory.get(accountSummary), inventory.get(accountSummary)]);
    expect(iam.commandCalls(GetAccountSummaryCommand)).toHaveLength(1);
    expect(inventory.recordedReads()).toEqual([
      { name: 'iam.accountSummary', key: 'global', value: { AccountMFAEnabled: 1 } },
    ]);
  });
});

describe('GetAccountSummary on the wire (botocore XML, real SDK deserializer, loopback server)', () => {
  it('fails root-account-mfa on the recorded AccountMFAEnabled 0 response, counting each call', async () => {
    // Prepare: the only recorded summary with root MFA off, served raw over HTTP; STS answers too.
    // Act
    const { result, calls, requests } = await overTheWire(
      botocoreXml('responses/iam-get-account-summary.xml'),
      200,
      (clients) => new LiveInventory(clients).get(accountSummary),
    );
    // Assess
    expect(result).toMatchObject({ AccountMFAEnabled: 0, Users: 1, MFADevices: 0 });
    expect(calls).toEqual({ 'iam:GetAccountSummary': 1 });
    expect(requests[0]).toContain('Action=GetAccountSummary');
  });

  it('turns the recorded IAM NoSuchEntity XML error envelope into an InventoryReadError', async () => {
    const read = overTheWire(botocoreXml('errors/iam-get-user.xml'), 404, (clients) =>
      new LiveInventory(clients).get(accountSummary),
    );
    await expect(read).rejects.toMatchObject({ awsCode: 'NoSuchEntity' });
  });
});
