import {
  CloudTrailClient,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type { AlertInbox } from '../helpers/alerts';
import { createInbox, runAndReceive } from '../helpers/alerts';
import { motoClient, useMoto } from '../helpers/moto';
import { stoppedMultiRegionTrail } from '../helpers/seed';
import { accountFinding, findingIn } from '../helpers/findings';

// moto gaps met here: a new trail's GetEventSelectors is empty (AWS returns the default selector,
// ReadWriteType All with management events), so the test puts that selector explicitly; StartLogging
// only accepts a trail name, not an ARN (the action passes the name); GetTrailStatus never carries a
// LatestDeliveryError. Delivery errors, advanced selectors, shadow-trail reads from a member account
// and organization trails are covered by the unit and contract tests.
describe('cloudtrailEnabled function on moto_server', () => {
  const moto = useMoto();
  let inbox: AlertInbox;
  const payload = { regions: ['us-east-1', 'eu-west-1'] };
  const TRAIL = 'org-audit';

  beforeEach(async () => {
    // Prepare: a multi-region trail homed in us-east-1, created but never started, recording read
    // and write management events, with log-file validation and no KMS key.
    inbox = await createInbox(moto());
    await stoppedMultiRegionTrail(moto(), TRAIL, 'audit-logs');
  });

  const client = () => motoClient(moto(), CloudTrailClient);
  async function logging(): Promise<boolean | undefined> {
    return (await client().send(new GetTrailStatusCommand({ Name: TRAIL }))).IsLogging;
  }
  const invoke = (event: Record<string, unknown>) => runAndReceive(moto(), inbox, 'cloudtrailEnabled', event);

  it('reports the stopped multi-region trail in every scanned region and once for the account and, with dryRun, says what it would do and changes nothing', async () => {
    // Prepare: moto's default selectors differ from AWS's; make sure ours were stored
    expect(
      (await client().send(new GetEventSelectorsCommand({ TrailName: TRAIL }))).EventSelectors,
    ).toHaveLength(1);

    // Act
    const { summary, findings } = await invoke({ ...payload, remediate: true, dryRun: true });

    // Assess: both regions fail, the home region carries the planned start
    expect(summary.regions).toEqual(payload.regions);
    expect(summary.changes).toEqual({ done: 0, failed: 0, skipped: 0, planned: 1 });
    expect(findingIn(findings, 'us-east-1', 'region-logged')).toMatchObject({
      status: 'FAIL',
      severity: 'high',
      resource: { type: 'AwsRegion', id: 'us-east-1' },
      message: `No trail records read and write management events in us-east-1: multi-region trail ${TRAIL} is not logging.`,
      remediation: {
        action: 'cloudtrail:StartLogging',
        description: `Start logging on trail ${TRAIL} in us-east-1`,
        status: 'planned',
        dryRun: true,
      },
    });
    expect(findingIn(findings, 'eu-west-1', 'region-logged')).toMatchObject({
      status: 'FAIL',
      message: `No trail records read and write management events in eu-west-1: multi-region trail ${TRAIL} (homed in us-east-1) is not logging; start it in its home region (aws cloudtrail start-logging --name ${TRAIL} --region us-east-1).`,
    });
    expect(findingIn(findings, 'eu-west-1', 'region-logged')?.remediation).toBeUndefined();
    expect(accountFinding(findings, 'multi-region-trail')).toMatchObject({
      status: 'FAIL',
      resource: { type: 'AwsAccount', id: summary.account },
    });
    expect(accountFinding(findings, 'multi-region-trail').remediation).toBeUndefined();
    expect(summary.attention).toContain(
      `FAIL high us-east-1: No trail records read and write management events in us-east-1: multi-region trail ${TRAIL} is not logging. [planned: Start logging on trail ${TRAIL} in us-east-1]`,
    );
    // Assess: the lower-severity settings checks, in the home region only
    expect(findingIn(findings, 'us-east-1', 'log-file-validation')?.status).toBe('PASS');
    expect(findingIn(findings, 'us-east-1', 'kms-encryption')).toMatchObject({
      status: 'FAIL',
      severity: 'medium',
    });
    expect(findingIn(findings, 'eu-west-1', 'kms-encryption')).toBeUndefined();
    // Assess: nothing changed, and each API was called the least number of times
    expect(await logging()).toBe(false);
    expect(summary.apiCalls['cloudtrail:StartLogging']).toBeUndefined();
    expect(summary.apiCalls['cloudtrail:DescribeTrails']).toBe(2);
    expect(summary.apiCalls['cloudtrail:GetTrailStatus']).toBe(1);
    expect(summary.apiCalls['cloudtrail:GetEventSelectors']).toBe(1);
  });

  it('with remediate starts the trail in its home region once, and the next run passes in every region and for the account', async () => {
    // Act
    const first = await invoke({ ...payload, remediate: true });

    // Assess: started once
    expect(first.summary.changes).toMatchObject({ done: 1, failed: 0, planned: 0 });
    expect(first.summary.apiCalls['cloudtrail:StartLogging']).toBe(1);
    expect(findingIn(first.findings, 'us-east-1', 'region-logged')?.remediation).toMatchObject({
      status: 'done',
      dryRun: false,
    });
    expect(await logging()).toBe(true);

    // Act: the next scheduled-style run
    const second = await invoke(payload);

    // Assess
    for (const region of payload.regions) {
      expect(findingIn(second.findings, region, 'region-logged')).toMatchObject({ status: 'PASS' });
    }
    expect(accountFinding(second.findings, 'multi-region-trail')).toMatchObject({ status: 'PASS' });
    expect(second.summary.changes).toMatchObject({ done: 0, planned: 0 });
  });

  it('with a trailBucket parameter creates the missing multi-region trail once, in the configured home region', async () => {
    // Prepare: no trail at all
    await client().send(new DeleteTrailCommand({ Name: TRAIL }));

    // Act
    const { summary, findings } = await invoke({
      ...payload,
      remediate: true,
      params: { trailBucket: 'audit-logs' },
    });

    // Assess: one CreateTrail, planned in us-east-1 and kept on the one (global) account finding
    expect(summary.apiCalls['cloudtrail:CreateTrail']).toBe(1);
    expect(summary.changes).toMatchObject({ done: 1, failed: 0, planned: 0 });
    expect(accountFinding(findings, 'multi-region-trail').remediation).toMatchObject({
      action: 'cloudtrail:CreateTrail',
      description:
        'Create multi-region trail driftwatch in us-east-1 into bucket audit-logs and start logging',
      status: 'done',
    });
    const trails = (await client().send(new DescribeTrailsCommand({}))).trailList ?? [];
    expect(trails).toEqual([
      expect.objectContaining({
        Name: 'driftwatch',
        IsMultiRegionTrail: true,
        LogFileValidationEnabled: true,
        HomeRegion: 'us-east-1',
      }),
    ]);
    expect((await client().send(new GetTrailStatusCommand({ Name: 'driftwatch' }))).IsLogging).toBe(true);
  });
});
