import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { AlertInbox } from '../helpers/alerts';
import { createInbox } from '../helpers/alerts';
import type { Moto } from '../helpers/moto';
import { motoClient, useMoto } from '../helpers/moto';
import { stoppedMultiRegionTrail } from '../helpers/seed';
import type { RunSummary } from '../../lib/summary';

const ROOT = resolve(__dirname, '..', '..');
const ACCOUNT = '123456789012';

/**
 * `sls invoke local -f <fn>` as an engineer runs it (osls resolves serverless.ts offline, runs the
 * bundle in-process): only PATH, HOME, moto's endpoint and credentials and `shell` in the environment.
 * Returns the function's response, parsed from the end of stdout (the logs come first).
 */
async function invokeLocal(
  moto: Moto,
  fn: string,
  shell: Record<string, string>,
  data?: unknown,
): Promise<{ response: unknown; stdout: string }> {
  const args = ['invoke', 'local', '-f', fn, ...(data === undefined ? [] : ['-d', JSON.stringify(data)])];
  const running = promisify(execFile)(resolve(ROOT, 'node_modules', '.bin', 'sls'), args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: ROOT, ...moto.env, ...shell },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  // Without -d, invoke local reads the event from a stdin that is not a terminal: give it none.
  running.child.stdin?.end();
  const { stdout } = await running;
  const start = stdout.lastIndexOf('\n{\n');
  return { response: JSON.parse(stdout.slice(start + 1)) as unknown, stdout };
}

describe('sls invoke local on moto_server, as an engineer runs a rule ad hoc', () => {
  const moto = useMoto();
  let inbox: AlertInbox;

  beforeEach(async () => {
    // Prepare: a multi-region trail homed in us-east-1, created and never started
    inbox = await createInbox(moto());
    await stoppedMultiRegionTrail(moto(), 'org-audit', 'audit-logs');
  });

  it('prints the findings naming the stopped trail and its regions, and alerts with one block for it, drift off and said so', async () => {
    // Act: the README's local example (no state table locally unless named)
    const { response } = await invokeLocal(moto(), 'cloudtrailEnabled', {
      DRIFTWATCH_TOPIC_ARN: inbox.topicArn,
    });
    const summary = response as RunSummary;

    // Assess: every region scanned (DRIFTWATCH_REGIONS unset), the findings in the response
    const logged = summary.findings.filter((f) => f.checkId === 'region-logged' && f.status === 'FAIL');
    expect(summary.regions.length).toBeGreaterThan(10);
    expect(logged.map((f) => f.region).sort()).toEqual([...summary.regions].sort());
    expect(logged.every((f) => f.message.includes('org-audit'))).toBe(true);
    expect(summary.findings.find((f) => f.checkId === 'multi-region-trail')?.message).toContain('org-audit');
    expect(summary.truncated).toBe(0);
    expect(summary.settings).toMatchObject({ stateTable: null, notify: 'on-fail', regions: 'all' });
    expect(summary.settings?.source).toContain('sls invoke local');
    // alerted: what the alert lists (every failing finding, drift being off), not 0 beside a message id
    const failing = summary.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
    expect(summary.published).toHaveLength(1);
    expect(summary.drift).toMatchObject({ tracking: 'off', alerted: failing.length });

    // Assess: the alert, one message whose email has one block for the trail, saying drift is off
    const [alert] = await inbox.receive();
    expect(alert?.body.runId).toBe(summary.runId);
    expect(alert?.body.findings.map((f) => f.id).sort()).toEqual(summary.findings.map((f) => f.id).sort());
    const [email] = await inbox.emails();
    expect(email?.subject).toMatch(
      new RegExp(
        `^No trail records read and write management events in ${summary.regions.length} regions \\(\\+1 more\\) - account ${ACCOUNT}`,
      ),
    );
    const text = email?.email ?? '';
    expect(text.split('\n')[0]).toBe(
      // (+1 more): the trail's missing KMS key, a cause of its own
      `No trail records read and write management events in ${summary.regions.length} regions (+1 more) — account ${ACCOUNT}`,
    );
    expect(text).toContain(
      'Drift tracking is off for this run (no state table: DRIFTWATCH_STATE_TABLE is not set)',
    );
    expect(text).toContain(
      `FAIL  HIGH  account-wide and ${summary.regions.length} regions  (one cause, ${logged.length + 1} findings)`,
    );
    expect(text.match(/one cause/g)).toHaveLength(1);
    expect(text).toContain(`  Regions: ${[...summary.regions].sort().join(', ')}`);
  }, 180_000);

  it('scans one region when DRIFTWATCH_REGIONS=us-east-1 is set in the shell, and says where the setting came from', async () => {
    // Act
    const { response } = await invokeLocal(moto(), 'cloudtrailEnabled', {
      DRIFTWATCH_TOPIC_ARN: inbox.topicArn,
      DRIFTWATCH_REGIONS: 'us-east-1',
      DRIFTWATCH_NOTIFY: 'never',
    });
    const summary = response as RunSummary;

    // Assess
    expect(summary.regions).toEqual(['us-east-1']);
    expect(summary.settings).toMatchObject({ regions: 'us-east-1', notify: 'never' });
    expect(summary.findings.find((f) => f.checkId === 'region-logged')).toMatchObject({
      region: 'us-east-1',
      status: 'FAIL',
      remediation: { action: 'cloudtrail:StartLogging' },
    });
    expect(summary.published).toEqual([]);
    expect(await inbox.receive()).toEqual([]);
  }, 180_000);
});

describe('sls invoke local -f dispatcher on moto_server', () => {
  const moto = useMoto();

  it('runs with no Fn::Sub to resolve: finds the scan queues by name and enqueues one message per account', async () => {
    // Prepare: an organization with one member, and the stage's scan queue of root-account-mfa
    const orgs = motoClient(moto(), OrganizationsClient);
    const sqs = motoClient(moto(), SQSClient);
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await orgs.send(
      new CreateAccountCommand({ AccountName: 'member', Email: 'member@example.com' }),
    );
    const member = created.CreateAccountStatus?.AccountId as string;
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'driftwatch-dev-rootAccountMfa-scans' }),
    );

    // Act
    const { response } = await invokeLocal(
      moto(),
      'dispatcher',
      {},
      { scope: { accounts: [member] }, rules: ['root-account-mfa'] },
    );

    // Assess: the summary, and the message on the queue
    expect(response).toMatchObject({
      accounts: 1,
      enqueued: { 'root-account-mfa': 1 },
      outsideOrganization: [],
    });
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(out.Messages?.map((m) => JSON.parse(m.Body ?? '{}') as unknown)).toEqual([{ account: member }]);
  }, 180_000);
});
