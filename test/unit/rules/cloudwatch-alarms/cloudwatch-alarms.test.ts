import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import type { Trail } from '../../../../lib/inventory/cloudtrail';
import type { MetricAlarm } from '../../../../lib/inventory/cloudwatch';
import type { MetricFilter } from '../../../../lib/inventory/cloudwatch-logs';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { TopicSubscriptions } from '../../../../lib/inventory/sns-subscriptions';
import { cloudwatchAlarms } from '../../../../rules/cloudwatch-alarms';
import { MONITORED_EVENTS } from '../../../../rules/cloudwatch-alarms/benchmark';
import { runRequest } from '../../../helpers/runs';
import { match } from '../../../helpers/matchers';

const ACCOUNT = '111122223333';
const GROUP = 'cloudtrail/management';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:security-alarms`;

function trail(over: Partial<Trail> = {}): Trail {
  return {
    name: 'org-audit',
    arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-audit`,
    homeRegion: 'us-east-1',
    ownerAccount: ACCOUNT,
    isMultiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}:*`,
    state: {
      status: { isLogging: true },
      selectors: {
        classic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [] }],
        advanced: [],
      },
    },
    ...over,
  };
}

/** A filter and an alarm for every benchmark event, as the CIS remediation creates them. */
function everyEvent(): { filters: MetricFilter[]; alarms: MetricAlarm[] } {
  const filters = MONITORED_EVENTS.map((e) => ({
    name: `${e.checkId}-filter`,
    pattern: e.patterns[0] as string,
    metrics: [{ name: `${e.checkId}-metric`, namespace: 'CISBenchmark' }],
  }));
  const alarms = MONITORED_EVENTS.map((e) => ({
    name: `${e.checkId}-alarm`,
    arn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${e.checkId}-alarm`,
    metrics: [{ name: `${e.checkId}-metric`, namespace: 'CISBenchmark' }],
    actionsEnabled: true,
    alarmActions: [TOPIC],
    state: 'OK',
  }));
  return { filters, alarms };
}

interface Account {
  readonly trails?: Trail[];
  readonly filters?: MetricFilter[] | 'no group';
  readonly alarms?: MetricAlarm[];
  readonly topic?: TopicSubscriptions | 'missing';
}

async function scan(a: Account): Promise<readonly Finding[]> {
  // Prepare
  const ready = everyEvent();
  const topic = a.topic ?? { topicArn: TOPIC, confirmed: ['email'], pending: 0 };
  const filters = a.filters ?? ready.filters;
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'cloudtrail.trails': { 'us-east-1': a.trails ?? [trail()] },
      'logs.metricFilters': {
        'us-east-1': {
          requested: [GROUP],
          found: filters === 'no group' ? [] : [{ logGroupName: GROUP, filters }],
        },
      },
      'cloudwatch.metricAlarms': { 'us-east-1': a.alarms ?? ready.alarms },
      'sns.topicSubscriptions': {
        'us-east-1': { requested: [TOPIC], found: topic === 'missing' ? [] : [topic] },
      },
    }),
  );
  // Act
  return (await runRule(cloudwatchAlarms, runRequest(), { inventory })).findings;
}

const check = (findings: readonly Finding[], checkId: string) => {
  const found = findings.filter((f) => f.checkId === checkId);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
};

describe('cloudwatch-alarms', () => {
  it('passes all 15 checks when each benchmark filter has an alarm notifying a subscribed topic', async () => {
    const findings = await scan({});

    // Assess
    expect(findings).toHaveLength(15);
    expect(findings.map((f) => f.status)).toEqual(Array(15).fill('PASS'));
    expect(check(findings, 'root-usage')).toMatchObject({
      id: `cloudwatch-alarms|${ACCOUNT}|global|${ACCOUNT}|root-usage`,
      controls: { cisV5: ['4.3'], cisV3: ['4.3'], securityHub: ['CloudWatch.1'] },
      details: { trail: 'org-audit', logGroup: GROUP, alarm: 'root-usage-alarm', topic: TOPIC },
    });
  });

  it('fails every check when the account has no multi-region trail', async () => {
    const findings = await scan({ trails: [trail({ isMultiRegion: false })] });

    expect(findings.map((f) => f.status)).toEqual(Array(15).fill('FAIL'));
    expect(check(findings, 'vpc-changes').message).toBe(
      `Account ${ACCOUNT} has no multi-region CloudTrail trail, so nothing alarms on VPC changes.`,
    );
  });

  it('fails when the trail is stopped or records only write management events', async () => {
    const stopped = await scan({
      trails: [trail({ state: { status: { isLogging: false }, selectors: { classic: [], advanced: [] } } })],
    });
    const writeOnly = await scan({
      trails: [
        trail({
          state: {
            status: { isLogging: true },
            selectors: {
              classic: [
                {
                  readWriteType: 'WriteOnly',
                  includeManagementEvents: true,
                  excludeManagementEventSources: [],
                },
              ],
              advanced: [],
            },
          },
        }),
      ],
    });

    expect(check(stopped, 'iam-policy-changes')).toMatchObject({
      status: 'FAIL',
      message: match.stringContaining('trail org-audit is not logging'),
    });
    expect(check(writeOnly, 'iam-policy-changes').message).toContain(
      'does not record all read and write management events',
    );
  });

  it('fails a trail that sends nothing to CloudWatch Logs, or to a log group that is gone', async () => {
    const noGroup = await scan({ trails: [trail({ cloudWatchLogsLogGroupArn: undefined })] });
    const gone = await scan({ filters: 'no group' });

    expect(check(noGroup, 'config-changes').message).toContain(
      'trail org-audit does not deliver to CloudWatch Logs',
    );
    expect(check(gone, 'config-changes').message).toContain(
      `log group ${GROUP} (trail org-audit) does not exist in us-east-1`,
    );
  });

  it('fails only the event whose filter pattern differs from the benchmark', async () => {
    const { filters } = everyEvent();
    const narrowed = filters.map((f) =>
      f.name === 'console-authentication-failures-filter'
        ? { ...f, pattern: '{ ($.eventName = ConsoleLogin) }' }
        : f,
    );
    const findings = await scan({ filters: narrowed });

    expect(check(findings, 'console-authentication-failures')).toMatchObject({
      status: 'FAIL',
      controls: { cisV5: ['4.6'], securityHub: ['CloudWatch.6'] },
      message: match.stringContaining("has no metric filter with the benchmark's pattern"),
    });
    expect(findings.filter((f) => f.status === 'PASS')).toHaveLength(14);
  });

  it('fails a filter without an alarm, an alarm with actions disabled, and one that notifies no topic', async () => {
    const { alarms } = everyEvent();
    const findings = await scan({
      alarms: alarms.flatMap((a) =>
        a.name === 'route-table-changes-alarm'
          ? []
          : a.name === 'vpc-changes-alarm'
            ? [{ ...a, actionsEnabled: false }]
            : a.name === 'root-usage-alarm'
              ? [{ ...a, alarmActions: ['arn:aws:automate:us-east-1:ec2:stop'] }]
              : [a],
      ),
    });

    expect(check(findings, 'route-table-changes').message).toContain(
      'metric filter route-table-changes-filter has no alarm on its metric',
    );
    expect(check(findings, 'vpc-changes').message).toContain(
      'alarm vpc-changes-alarm has its actions disabled',
    );
    expect(check(findings, 'root-usage').message).toContain('alarm root-usage-alarm notifies no SNS topic');
    expect(findings.filter((f) => f.status === 'FAIL')).toHaveLength(3);
  });

  it('does not count an alarm on the same metric name in another namespace', async () => {
    const { alarms } = everyEvent();
    const findings = await scan({
      alarms: alarms.map((a) =>
        a.name === 'vpc-changes-alarm'
          ? { ...a, metrics: [{ name: 'vpc-changes-metric', namespace: 'Other' }] }
          : a,
      ),
    });

    expect(check(findings, 'vpc-changes').status).toBe('FAIL');
  });

  it('fails when the topic has only pending subscriptions, or does not exist', async () => {
    const pending = await scan({ topic: { topicArn: TOPIC, confirmed: [], pending: 2 } });
    const missing = await scan({ topic: 'missing' });

    expect(check(pending, 'organizations-changes').message).toContain(
      `topic ${TOPIC} has no confirmed subscription (2 pending)`,
    );
    expect(check(missing, 'organizations-changes').message).toContain('which does not exist');
  });

  it('reports ERROR, not FAIL, when the topic subscriptions cannot be read', async () => {
    const findings = await scan({
      topic: { topicArn: TOPIC, error: { code: 'AuthorizationError', message: 'not allowed' } },
    });

    expect(check(findings, 'cloudtrail-changes')).toMatchObject({
      status: 'ERROR',
      message: match.stringContaining('AuthorizationError'),
    });
  });

  it("is NOT_APPLICABLE when only another account's organization trail logs the account", async () => {
    const findings = await scan({
      trails: [
        trail({
          ownerAccount: '999988887777',
          isOrganizationTrail: true,
          state: { error: { code: 'TrailNotFoundException', message: 'x' } },
        }),
      ],
    });

    expect(findings.map((f) => f.status)).toEqual(Array(15).fill('NOT_APPLICABLE'));
    expect(check(findings, 'kms-key-disable-or-deletion').message).toContain('scan 999988887777');
  });

  it('derives exactly the read permissions of the reads it follows', () => {
    expect([...cloudwatchAlarms.meta.permissions.read].sort()).toEqual([
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetEventSelectors',
      'cloudtrail:GetTrailStatus',
      'cloudwatch:DescribeAlarms',
      'logs:DescribeMetricFilters',
      'sns:ListSubscriptionsByTopic',
    ]);
  });
});
