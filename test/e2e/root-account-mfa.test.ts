import { CreateVirtualMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { alertEnv, createInbox } from '../helpers/alerts';
import { invokeBundle, invokeOk } from '../helpers/invoke';
import { SCHEDULED_EVENT } from '../helpers/lambda';
import { motoClient, useMoto } from '../helpers/moto';
import type { RunSummary } from '../../lib/summary';

// moto cannot turn root MFA on (AccountMFAEnabled is always 0 there), so this file covers the FAIL
// path over real HTTP; the PASS, virtual/hardware and NOT_APPLICABLE paths are covered by the
// contract tests (recorded responses) and the rule's unit tests.
describe('rootAccountMfa function on moto_server', () => {
  const moto = useMoto();

  it('publishes a readable FAIL alert for root without MFA, read back through an SQS subscription', async () => {
    // Prepare
    const inbox = await createInbox(moto());

    // Act: an EventBridge scheduled event, as the schedule delivers it
    const summary = await invokeOk<RunSummary>('rootAccountMfa', SCHEDULED_EVENT, alertEnv(moto(), inbox));

    // Assess: the summary
    expect(summary.result).toBe('1 FAIL (critical), 0 ERROR, 0 PASS, 0 NOT_APPLICABLE');
    expect(summary.regions).toEqual(['global']);
    expect(summary.published).toHaveLength(1);
    expect(summary.apiCalls).toEqual({
      'iam:GetAccountSummary': 1,
      'sns:Publish': 1,
      'sts:GetCallerIdentity': 1,
    });

    // Assess: the JSON alert on the queue
    const alerts = await inbox.receive();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.subject).toBe(
      'Root user has no MFA device - account 123456789012 [driftwatch: 1 FAIL, critical]',
    );
    expect(alert?.attributes.rule?.Value).toBe('root-account-mfa');
    expect(alert?.attributes.worstSeverity?.Value).toBe('critical');
    expect(alert?.body.findings).toHaveLength(1);
    expect(alert?.body.findings[0]).toMatchObject({
      id: 'root-account-mfa|123456789012|global|123456789012',
      status: 'FAIL',
      severity: 'critical',
      controls: { cisV3: ['1.5'], cisV5: ['1.4'], securityHub: ['IAM.9'] },
      details: { mfaEnabled: false, mfaType: 'none', accessKeysPresent: false },
    });

    // Assess: the email a person reads
    const emails = await inbox.emails();
    expect(emails).toHaveLength(1);
    const email = emails[0]?.email ?? '';
    expect(email.split('\n')[0]).toBe('Root user has no MFA device — account 123456789012');
    expect(email).toContain('Rule root-account-mfa ("The root user has MFA enabled")');
    expect(email).toContain('FAIL  CRITICAL  global  123456789012');
    expect(email).toContain('The root user of account 123456789012 has no MFA device');
    expect(email).toContain('How to fix: Sign in to account 123456789012 as the root user');
  });

  it('rejects a bad ad hoc payload naming the field, before any AWS call', async () => {
    // Prepare
    const inbox = await createInbox(moto());
    await motoClient(moto(), IAMClient).send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'unrelated' }),
    );

    // Act
    const outcome = await invokeBundle('rootAccountMfa', { regions: 5 }, alertEnv(moto(), inbox));

    // Assess
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.name).toBe('ValidationError');
    expect(outcome.error.message).toContain(
      'regions: expected "all" or a non-empty list of region names, got number 5',
    );
    expect(await inbox.emails()).toHaveLength(0);
  });

  it('fails with a ConfigError naming DRIFTWATCH_TOPIC_ARN when it is missing, sending nothing', async () => {
    const outcome = await invokeBundle('rootAccountMfa', {}, moto().env);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.name).toBe('ConfigError');
    expect(outcome.error.message).toContain('DRIFTWATCH_TOPIC_ARN');
  });

  it('runs with `sls invoke local -f rootAccountMfa` against whatever AWS_ENDPOINT_URL points at', async () => {
    // Prepare
    const inbox = await createInbox(moto());
    const root = resolve(__dirname, '..', '..');

    // Act: osls resolves serverless.yml offline; the topic comes from the environment, not a Ref.
    const { stdout } = await promisify(execFile)(
      resolve(root, 'node_modules', '.bin', 'sls'),
      ['invoke', 'local', '-f', 'rootAccountMfa', '-d', '{"dryRun":true}'],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: root, ...alertEnv(moto(), inbox) },
        timeout: 60_000,
      },
    );

    // Assess: the printed summary, and the alert that reached the queue
    expect(stdout).toContain('"result": "1 FAIL (critical), 0 ERROR, 0 PASS, 0 NOT_APPLICABLE"');
    expect(stdout).toContain('"dryRun": true');
    const alerts = await inbox.receive();
    expect(alerts.map((a) => a.subject)).toEqual([
      'Root user has no MFA device - account 123456789012 [driftwatch: 1 FAIL, critical]',
    ]);
  }, 90_000);
});
