import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Finding } from '../../lib/findings';
import type { AlertInbox } from '../helpers/alerts';
import { createInbox, runAndReceive } from '../helpers/alerts';
import { motoClient, useMoto } from '../helpers/moto';
import { stoppedConfigRecorder } from '../helpers/seed';
import { accountFinding, findingIn } from '../helpers/findings';

// moto has no DescribeDeliveryChannelStatus (HTTP 500), so on moto the delivery-channel check of a
// region with a channel is an ERROR finding (reported, never read as "delivering"); its PASS and
// FAIL branches are covered with aws-sdk-client-mock in test/contract/inventory/config.test.ts and
// by the unit tests.
describe('configRecorderEnabled function on moto_server', () => {
  const moto = useMoto();
  let inbox: AlertInbox;
  const payload = { regions: ['us-east-1', 'eu-west-1'] };

  beforeEach(async () => {
    // Prepare: us-east-1 has a stopped recorder (recording everything, global types included) with a
    // delivery channel; eu-west-1 has no recorder at all.
    inbox = await createInbox(moto());
    await stoppedConfigRecorder(moto());
  });

  async function recording(): Promise<boolean | undefined> {
    const config = motoClient(moto(), ConfigServiceClient);
    const out = await config.send(new DescribeConfigurationRecorderStatusCommand({}));
    return out.ConfigurationRecordersStatus?.[0]?.recording;
  }

  const invoke = (event: Record<string, unknown>) =>
    runAndReceive(moto(), inbox, 'configRecorderEnabled', event);

  /** The account-wide global-resource-types finding: reported once per run, with region `global`. */
  const globalTypes = (findings: readonly Finding[]) => accountFinding(findings, 'global-resource-types');

  it('with dryRun reports the stopped recorder and the region without one, says what it would do, and changes nothing', async () => {
    // Act
    const { summary, findings } = await invoke({ ...payload, remediate: true, dryRun: true });

    // Assess: the stopped recorder, with the start it would have made
    expect(summary.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(summary.changes).toEqual({ done: 0, failed: 0, skipped: 0, planned: 1 });
    expect(findingIn(findings, 'us-east-1', 'recorder')).toMatchObject({
      status: 'FAIL',
      message:
        'Configuration recorder default in us-east-1 is stopped, so configuration changes are not recorded.',
      remediation: {
        action: 'config:StartConfigurationRecorder',
        description: 'Start configuration recorder default in us-east-1',
        status: 'planned',
        dryRun: true,
      },
    });
    expect(summary.attention).toContain(
      'FAIL high us-east-1: Configuration recorder default in us-east-1 is stopped, so configuration changes are not recorded. [planned: Start configuration recorder default in us-east-1]',
    );
    // Assess: the region without a recorder
    expect(findingIn(findings, 'eu-west-1', 'recorder')).toMatchObject({
      status: 'FAIL',
      resource: { type: 'AwsRegion', id: 'eu-west-1' },
      message:
        'Region eu-west-1 has no AWS Config configuration recorder and no delivery channel, so no configuration changes are recorded there.',
    });
    // Assess: the stopped recorder is the only scanned one covering global types, and other enabled
    // regions were not scanned, so whether any region records them is not decided (not a false FAIL)
    expect(globalTypes(findings)).toMatchObject({
      status: 'NOT_APPLICABLE',
      resource: { type: 'AwsAccount', id: summary.account },
    });
    // Assess: moto's missing DescribeDeliveryChannelStatus is reported, not taken for success
    expect(findingIn(findings, 'us-east-1', 'delivery-channel')).toMatchObject({
      status: 'ERROR',
      details: { read: 'config.deliveryChannelStatus' },
    });
    expect(summary.partial).toBe(true);
    // Assess: nothing changed
    expect(await recording()).toBe(false);
    expect(summary.apiCalls['config:StartConfigurationRecorder']).toBeUndefined();
  });

  it('with remediate starts the stopped recorder, and the next run passes that check', async () => {
    // Act
    const first = await invoke({ ...payload, remediate: true });

    // Assess: started, once
    expect(first.summary.changes).toMatchObject({ done: 1, failed: 0 });
    expect(first.summary.apiCalls['config:StartConfigurationRecorder']).toBe(1);
    expect(findingIn(first.findings, 'us-east-1', 'recorder')?.remediation).toMatchObject({
      status: 'done',
      dryRun: false,
    });
    expect(await recording()).toBe(true);

    // Act: the next scheduled-style run
    const second = await invoke(payload);

    // Assess
    expect(findingIn(second.findings, 'us-east-1', 'recorder')).toMatchObject({ status: 'PASS' });
    expect(findingIn(second.findings, 'us-east-1', 'recorder')?.remediation).toBeUndefined();
    expect(globalTypes(second.findings)).toMatchObject({
      status: 'PASS',
      details: { recordedIn: ['us-east-1'], duplicates: false },
    });
    expect(findingIn(second.findings, 'eu-west-1', 'recorder')?.status).toBe('FAIL');
    expect(second.summary.changes).toMatchObject({ done: 0, planned: 0 });
  });

  it('reads only the two requested regions, the account-wide global types check included', async () => {
    // Prepare
    const ec2 = motoClient(moto(), EC2Client);
    const regions = (await ec2.send(new DescribeRegionsCommand({ AllRegions: false }))).Regions ?? [];
    const enabled = regions.filter((r) => r.OptInStatus !== 'not-opted-in');

    // Act
    const { summary } = await invoke(payload);

    // Assess: one DescribeConfigurationRecorders per scanned region (memoised: the account-wide check
    // adds none), delivery channels and their status only where scanned and a channel exists
    expect(enabled.length).toBeGreaterThan(2);
    expect(summary.apiCalls['config:DescribeConfigurationRecorders']).toBe(2);
    expect(summary.apiCalls['config:DescribeDeliveryChannels']).toBe(2);
    expect(summary.apiCalls['config:DescribeDeliveryChannelStatus']).toBe(1);
    expect(summary.apiCalls['config:DescribeConfigurationRecorderStatus']).toBe(1);
  });
});
