import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { Finding } from '../../lib/findings';
import type { ScanJson } from '../../lib/output/json';
import type { RunSummary } from '../../lib/summary';
import type { AlertInbox } from '../helpers/alerts';
import { alertEnv, createInbox } from '../helpers/alerts';
import type { TestBundle } from '../helpers/bundle';
import { bundleWithSuppressions } from '../helpers/bundle';
import { buildCli, runBin, scratch } from '../helpers/cli';
import { requireFinding } from '../helpers/findings';
import { invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import { stoppedMultiRegionTrail } from '../helpers/seed';

// Issue 13: a finding suppressed as an accepted risk was still remediated (status SUPPRESSED,
// remediation done), because actions ran before suppressions were applied. Now the one pipeline
// (lib/scan.ts) suppresses, then acts. Live on moto_server: a stopped multi-region trail whose
// region-logged finding (the one planning cloudtrail:StartLogging) is suppressed, scanned with
// remediate, through a bundled Lambda handler and through the CLI process.
const TRAIL = 'org-audit';
const REASON = 'Trail replaced by the organization trail next week';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const suppressions = () => ({
  version: 1,
  suppressions: [
    {
      rule: 'cloudtrail-enabled',
      region: 'us-east-1',
      checkId: 'region-logged',
      reason: REASON,
      owner: 'secops',
      expires: inDays(30),
    },
  ],
});
const SKIPPED = {
  action: 'cloudtrail:StartLogging',
  status: 'skipped',
  reason: `suppressed: suppressions[0] (owner secops: ${REASON})`,
};

jest.setTimeout(120_000);

describe('a suppressed FAIL with a planned action is not remediated (moto_server)', () => {
  const moto = useMoto();
  const cloudtrail = () => motoClient(moto(), CloudTrailClient);
  const logging = async () => (await cloudtrail().send(new GetTrailStatusCommand({ Name: TRAIL }))).IsLogging;

  beforeEach(async () => {
    // Prepare: a multi-region trail homed in us-east-1, created but never started
    await stoppedMultiRegionTrail(moto(), TRAIL, 'audit-logs');
  });

  describe('through a bundled Lambda handler', () => {
    let bundle: TestBundle;
    let inbox: AlertInbox;
    beforeAll(async () => {
      bundle = await bundleWithSuppressions('cloudtrail-enabled', suppressions());
    });
    afterAll(() => bundle.remove());
    beforeEach(async () => {
      inbox = await createInbox(moto());
    });

    it('keeps the suppressed trail stopped with remediate: true and says why on the finding', async () => {
      // Act
      const summary = await invokeOk<RunSummary>(
        bundle.path,
        { regions: ['us-east-1'], remediate: true },
        alertEnv(moto(), inbox),
      );
      const findings: Finding[] = (await inbox.receive()).flatMap((a) => [...a.body.findings]);

      // Assess: nothing started, the action reported skipped with the suppression named
      expect(await logging()).toBe(false);
      expect(summary.apiCalls['cloudtrail:StartLogging']).toBeUndefined();
      expect(summary.changes).toEqual({ done: 0, failed: 0, skipped: 1, planned: 0 });
      expect(requireFinding(findings, 'us-east-1', 'region-logged')).toMatchObject({
        status: 'SUPPRESSED',
        suppression: { entry: 'suppressions[0]', owner: 'secops', expired: false },
        remediation: { ...SKIPPED, dryRun: false },
      });
      expect(summary.attention.some((line) => line.includes('suppressed:'))).toBe(false);
    });

    it('starts the same trail with the deployed bundle, which has no such suppression (the contrast)', async () => {
      // Act
      const summary = await invokeOk<RunSummary>(
        'cloudtrailEnabled',
        { regions: ['us-east-1'], remediate: true },
        alertEnv(moto(), inbox),
      );

      // Assess
      expect(summary.changes).toMatchObject({ done: 1, skipped: 0 });
      expect(await logging()).toBe(true);
    });
  });

  describe('through the CLI process', () => {
    const files = scratch('driftwatch-suppressed-');
    beforeAll(() => buildCli());
    afterAll(() => files.remove());
    const scan = (...more: string[]) =>
      runBin(
        [
          'scan',
          '--rule',
          'cloudtrail-enabled',
          '--regions',
          'us-east-1',
          '--remediate',
          '--format',
          'json',
          ...more,
        ],
        { env: moto().env },
      );

    it('keeps the suppressed trail stopped with --remediate and says why on the finding', async () => {
      // Prepare
      const file = files.write('suppressions.json', suppressions());

      // Act
      const out = await scan('--suppressions', file);

      // Assess
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      const report = JSON.parse(out.stdout) as ScanJson;
      expect(requireFinding(report.findings, 'us-east-1', 'region-logged')).toMatchObject({
        status: 'SUPPRESSED',
        remediation: { ...SKIPPED, dryRun: false },
      });
      expect(report.runs[0]?.changes).toEqual({ done: 0, failed: 0, skipped: 1, planned: 0 });
      expect(await logging()).toBe(false);
    });

    it('starts the trail without the suppression (the contrast)', async () => {
      // Act
      const out = await scan();

      // Assess
      expect(out.code).toBe(0);
      const report = JSON.parse(out.stdout) as ScanJson;
      expect(requireFinding(report.findings, 'us-east-1', 'region-logged').remediation).toMatchObject({
        status: 'done',
      });
      expect(await logging()).toBe(true);
    });
  });
});
