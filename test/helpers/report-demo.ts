import type { Status } from '../../lib/findings';
import type { DailyPosture, FindingState, StateExport } from '../../lib/state/types';

/** The demo report's clock (its screenshot is under docs/). */
export const DEMO_NOW = new Date('2026-11-20T12:00:00.000Z');
export const DEMO_ACCOUNTS = [
  '111111111111',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
  '666666666666',
];
export const DEMO_RULES = [
  'root-account-mfa',
  'cloudtrail-enabled',
  'config-recorder-enabled',
  'ec2-scheduled-events',
  'ebs-snapshot-lifecycle',
];
/** A tag value holding markup: the page must show it as text. */
export const HOSTILE_TAG = '<script>alert(1)</script>';

const DAY = 86_400_000;
const iso = (daysAgo: number, hours = 0) =>
  new Date(DEMO_NOW.getTime() - daysAgo * DAY + hours * 3_600_000).toISOString();

/** What each account × rule cell is, by design: account index → rule index → status. */
export function demoCell(a: number, r: number): { status: Status; partial: boolean } {
  if (a === 2 && r === 2) return { status: 'ERROR', partial: true };
  if (a === 4 && r === 4) return { status: 'SUPPRESSED', partial: false };
  if (a === 5 && r === 3) return { status: 'NOT_APPLICABLE', partial: false };
  if ((a + r) % 4 === 0) return { status: 'FAIL', partial: false };
  return { status: 'PASS', partial: false };
}

/**
 * Six accounts × five rules: failing, erroring (partial), suppressed, passing and not-applicable
 * cells, resolved findings for time-to-resolve, and 90 days of posture improving with two partial days.
 */
export function demoState(): StateExport {
  const runs: StateExport['runs'][number][] = [];
  const posture: DailyPosture[] = [];
  DEMO_ACCOUNTS.forEach((account, a) =>
    DEMO_RULES.forEach((ruleId, r) => {
      const { status, partial } = demoCell(a, r);
      const states: FindingState[] = [];
      const base = {
        severity: r === 0 ? 'critical' : r === 1 ? 'high' : 'medium',
        resourceType: 'AwsEc2Volume',
      } as const;
      if (status === 'FAIL' || status === 'ERROR' || status === 'SUPPRESSED') {
        const resourceId = a === 0 && r === 4 ? `vol-0abc ${HOSTILE_TAG}` : `res-${a}${r}`;
        const region = status === 'ERROR' ? 'ap-south-1' : 'eu-west-1';
        states.push({
          ...base,
          id: `${ruleId}|${account}|${region}|${resourceId}`,
          status,
          firstSeen: iso(3 + a * 4 + r),
          lastSeen: iso(0),
          region,
          resourceId,
          message: `${ruleId} finding on ${resourceId} in ${account}.`,
        });
      }
      for (let k = 0; k < (a + r) % 3; k += 1)
        states.push({
          ...base,
          id: `${ruleId}|${account}|eu-west-1|old-${k}`,
          status: 'PASS',
          firstSeen: iso(20 + k),
          lastSeen: iso(20 + k, 6 + k * 30 + r * 5),
          region: 'eu-west-1',
          resourceId: `old-${k}`,
          message: 'Fixed.',
        });
      runs.push({ ruleId, account, states });
      for (let d = 0; d < 90; d += 1) {
        const failing = status === 'FAIL' ? 1 : 0;
        const trend = d > 30 + a * 5 + r * 3 ? 1 : 0;
        const counts = {
          FAIL: failing + trend,
          ERROR: status === 'ERROR' ? 1 : 0,
          PASS: status === 'NOT_APPLICABLE' ? 0 : 3,
          NOT_APPLICABLE: status === 'NOT_APPLICABLE' ? 2 : 0,
          SUPPRESSED: status === 'SUPPRESSED' ? 1 : 0,
        } as Record<Status, number>;
        const dayPartial = (d === 12 && a === 1) || (d === 40 && r === 2) || (d === 0 && partial);
        posture.push({
          ruleId,
          account,
          day: iso(d).slice(0, 10),
          counts,
          partial: dayPartial,
          recordedAt: iso(d),
        });
      }
    }),
  );
  return { runs, posture };
}
