import type {
  Ec2Instance,
  InstanceEvent,
  InstanceStatusEntry,
} from '../../../../lib/inventory/ec2-instances';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { FindingDraft } from '../../../../lib/rule';
import { ec2ScheduledEvents } from '../../../../rules/ec2-scheduled-events';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
// Saturday 2026-11-21 12:00 UTC.
const NOW = new Date('2026-11-21T12:00:00Z');
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * 3_600_000).toISOString();

const ok = { status: 'ok', failing: [] };
function status(
  instanceId: string,
  events: InstanceEvent[],
  extra: Partial<InstanceStatusEntry> = {},
): InstanceStatusEntry {
  return {
    instanceId,
    availabilityZone: `${REGION}a`,
    state: 'running',
    system: ok,
    instance: ok,
    events,
    ...extra,
  };
}
function event(code: string, startInHours: number, extra: Partial<InstanceEvent> = {}): InstanceEvent {
  return {
    id: `instance-event-${code.replace(/-/g, '')}`,
    code,
    description: 'The instance is running on degraded hardware',
    notBefore: at(startInHours),
    notAfter: at(startInHours + 2),
    ...extra,
  };
}
function instance(
  instanceId: string,
  tags: Record<string, string>,
  extra: Partial<Ec2Instance> = {},
): Ec2Instance {
  return { instanceId, instanceType: 'm5.large', state: 'running', rootDeviceType: 'ebs', tags, ...extra };
}

interface Setup {
  statuses: InstanceStatusEntry[];
  instances?: Ec2Instance[];
  instanceStoreTypes?: string[];
  params?: Record<string, unknown>;
}

/** Evaluates the rule over a hand-built inventory; a read left out is a read the rule must not make. */
async function evaluate(setup: Setup): Promise<FindingDraft[]> {
  // Prepare
  const values: Record<string, Record<string, unknown>> = {
    'ec2.instanceStatuses': { [REGION]: setup.statuses },
  };
  // DescribeInstances is read on every run (maintenance-window tags are checked even with no event due).
  values['ec2.instances'] = { [REGION]: setup.instances ?? [] };
  // So is DescribeAutoScalingGroups (group membership and group window tags).
  values['autoscaling.groupMembers'] = { [REGION]: [] };
  if (setup.instanceStoreTypes) values['ec2.instanceStoreTypes'] = { [REGION]: setup.instanceStoreTypes };
  const inventory = new StoredInventory(storedValues(values));
  const params = ec2ScheduledEvents.params.parse(setup.params ?? {});
  // Act
  return ec2ScheduledEvents.evaluate({ inventory, account: ACCOUNT, region: REGION, params, now: NOW });
}

const only = (findings: FindingDraft[], checkId?: string): FindingDraft => {
  const matching = findings.filter((f) =>
    checkId ? f.checkId === checkId : f.checkId?.startsWith('instance-event-'),
  );
  expect(matching).toHaveLength(1);
  return matching[0] as FindingDraft;
};

describe('ec2-scheduled-events: the alert an owner reads', () => {
  it('tells the owner of an instance-store instance facing retirement exactly what is lost, when, and what to do (critical)', async () => {
    // Prepare
    const findings = await evaluate({
      statuses: [status('i-0a1b2c3d4e5f60718', [event('instance-retirement', 78)])],
      instances: [
        instance(
          'i-0a1b2c3d4e5f60718',
          { Name: 'search-cache-1', Owner: 'team-search@example.com' },
          { rootDeviceType: 'instance-store', instanceType: 'i3.large' },
        ),
      ],
    });

    // Assess
    const f = only(findings);
    expect(f.status).toBe('FAIL');
    expect(f.severity).toBe('critical');
    expect(f.checkId).toBe('instance-event-instanceretirement');
    expect(f.message).toBe(
      'EC2 instance i-0a1b2c3d4e5f60718 ("search-cache-1"; owner: team-search@example.com) in eu-west-1 will be terminated by AWS for retirement ' +
        'between Tue 2026-11-24 18:00 UTC (in 3 days 6 hours) and Tue 2026-11-24 20:00 UTC, because its underlying hardware is failing ' +
        '(AWS: "The instance is running on degraded hardware"); it is instance-store backed, so everything on it will be lost. ' +
        'Copy the data you need off it and launch a replacement (for example from an AMI of it) before then.',
    );
    expect(f.details).toMatchObject({
      code: 'instance-retirement',
      notBefore: '2026-11-24T18:00:00.000Z',
      notBeforeDeadline: null,
      name: 'search-cache-1',
      owner: 'team-search@example.com',
      rootDeviceType: 'instance-store',
      dataLossOnStop: true,
      reschedule: 'no MaintenanceWindow tag',
    });
    expect(f.resource).toEqual({
      type: 'AwsEc2Instance',
      id: 'i-0a1b2c3d4e5f60718',
      tags: { Name: 'search-cache-1', Owner: 'team-search@example.com' },
    });
  });

  it('tells the owner of an EBS-backed instance facing retirement how to pick the time and until when it can be moved', async () => {
    // Prepare
    const findings = await evaluate({
      statuses: [
        status('i-0fedcba9876543210', [event('instance-retirement', 30, { notBeforeDeadline: at(24 * 9) })]),
      ],
      instances: [instance('i-0fedcba9876543210', { Name: 'billing-api', Owner: 'payments' })],
      instanceStoreTypes: ['i3.large', 'm5d.large'],
    });

    // Assess
    const f = only(findings);
    expect(f.severity).toBe('high');
    expect(f.message).toBe(
      'EC2 instance i-0fedcba9876543210 ("billing-api"; owner: payments) in eu-west-1 will be stopped by AWS for retirement ' +
        'between Sun 2026-11-22 18:00 UTC (in 30 hours) and Sun 2026-11-22 20:00 UTC, because its underlying hardware is failing ' +
        '(AWS: "The instance is running on degraded hardware"). To choose the time yourself, stop and start it before then: ' +
        'it moves to healthy hardware and the event clears; otherwise start it again after AWS stops it. ' +
        'AWS lets you move the event to any time up to Mon 2026-11-30 12:00 UTC (EC2 console, Events, Actions, Schedule event).',
    );
    expect(f.details).toMatchObject({
      dataLossOnStop: false,
      instanceType: 'm5.large',
      notBeforeDeadline: at(24 * 9),
    });
  });

  it('treats retirement of an EBS-backed instance whose type has instance-store volumes as data loss (critical)', async () => {
    const findings = await evaluate({
      statuses: [status('i-1', [event('instance-stop', 24 * 10)])],
      instances: [instance('i-1', { Name: 'etl' }, { instanceType: 'm5d.large' })],
      instanceStoreTypes: ['i3.large', 'm5d.large'],
    });
    const f = only(findings);
    expect(f.severity).toBe('critical');
    expect(f.message).toContain('will be stopped by AWS between Tue 2026-12-01 12:00 UTC (in 10 days)');
    expect(f.message).toContain('and the data on its instance-store volumes will be lost.');
    expect(f.message).toContain(
      'stop and start it before then after copying off the data on its instance-store volumes',
    );
  });
});

describe('ec2-scheduled-events: event codes and severity', () => {
  it.each([
    ['instance-reboot', 'will be rebooted by AWS', 'Reboot it yourself before then'],
    ['system-reboot', 'will be restarted by AWS', 'because the host it runs on is rebooted'],
    ['system-maintenance', 'may lose network connectivity or be rebooted', 'Plan for a short interruption.'],
    ['instance-retirement', 'will be stopped by AWS for retirement', 'stop and start it before then'],
    ['instance-stop', 'will be stopped by AWS between', 'it moves to new hardware'],
  ])('reports %s with what happens and what to do', async (code, what, advice) => {
    const findings = await evaluate({
      statuses: [status('i-1', [event(code, 100)])],
      instances: [instance('i-1', {})],
      instanceStoreTypes: [],
    });
    const f = only(findings);
    expect(f.status).toBe('FAIL');
    expect(f.severity).toBe('medium');
    expect(f.details).toMatchObject({ code });
    expect(f.message).toContain(what);
    expect(f.message).toContain(advice);
  });

  it.each([
    ['started an hour ago', -1, 'high', 'in a window that started Sat 2026-11-21 11:00 UTC (1 hour ago)'],
    ['exactly 72 hours away', 72, 'high', '(in 3 days)'],
    ['72 hours and a minute away', 72 + 1 / 60, 'medium', '(in 3 days)'],
    ['exactly 168 hours away', 168, 'medium', '(in 7 days)'],
    ['169 hours away', 169, 'low', '(in 7 days 1 hour)'],
  ])('rates a reboot %s: %s', async (_, hours, severity, when) => {
    const findings = await evaluate({
      statuses: [status('i-1', [event('system-reboot', hours)])],
      instances: [instance('i-1', {})],
    });
    const f = only(findings);
    expect(f.severity).toBe(severity);
    expect(f.message).toContain(when);
  });

  it('follows severity thresholds given as parameters', async () => {
    const findings = await evaluate({
      statuses: [status('i-1', [event('system-reboot', 20)])],
      instances: [instance('i-1', {})],
      params: { highWithinHours: 12, mediumWithinHours: 24 },
    });
    expect(only(findings).severity).toBe('medium');
  });

  it('rejects a medium threshold below the high one, naming the field', () => {
    const parsed = ec2ScheduledEvents.params.safeParse({ highWithinHours: 48, mediumWithinHours: 24 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['mediumWithinHours']);
  });
});

describe('ec2-scheduled-events: which events count', () => {
  it('ignores [Completed] and [Canceled] events and reports the instance as PASS', async () => {
    // Prepare
    const findings = await evaluate({
      statuses: [
        status('i-1', [
          event('system-reboot', -30, { description: '[Completed] Scheduled reboot' }),
          event('instance-stop', 10, {
            id: 'instance-event-2',
            description: '[Canceled] The instance is running on degraded hardware',
          }),
        ]),
      ],
    });

    // Assess
    expect(findings).toEqual([
      {
        resource: { type: 'AwsEc2Instance', id: 'i-1' },
        status: 'PASS',
        message: 'EC2 instance i-1 has no AWS scheduled event in the next 14 days.',
        details: { laterEvents: [] },
      },
    ]);
  });

  it('reports an unreadable maintenance-window tag on every run, also when no event is due', async () => {
    // Prepare / Act
    const findings = await evaluate({
      statuses: [status('i-1', [])],
      instances: [instance('i-1', { MaintenanceWindow: 'Sundays 3am-5am' })],
    });

    // Assess: the instance PASSes the event check and FAILs the tag check, naming the accepted form
    expect(findings.map((f) => [f.checkId ?? 'events', f.status])).toEqual([
      ['events', 'PASS'],
      ['maintenance-window-tag', 'FAIL'],
    ]);
    expect(only(findings, 'maintenance-window-tag').message).toContain('e.g. "Sun 03:00-05:00"');
  });

  it('reports an event starting exactly at the end of the lookahead window, and not one a minute later', async () => {
    const findings = await evaluate({
      statuses: [
        status('i-in', [event('system-reboot', 14 * 24)]),
        status('i-out', [event('system-reboot', 14 * 24 + 1 / 60)]),
      ],
      instances: [instance('i-in', {}), instance('i-out', {})],
    });
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([
      ['i-in', 'FAIL'],
      ['i-out', 'PASS'],
    ]);
    expect(findings[1]?.details).toMatchObject({
      laterEvents: [{ code: 'system-reboot', notBefore: at(14 * 24 + 1 / 60) }],
    });
  });

  it('honours a shorter lookahead parameter', async () => {
    const findings = await evaluate({
      statuses: [status('i-1', [event('system-reboot', 3 * 24)])],
      params: { lookaheadDays: 2 },
    });
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
  });

  it('prints every time in UTC whatever the process time zone', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: local dates are a day ahead
    try {
      const findings = await evaluate({
        statuses: [status('i-1', [event('instance-reboot', 13)])],
        instances: [instance('i-1', {})],
      });
      expect(only(findings).message).toContain(
        'between Sun 2026-11-22 01:00 UTC (in 13 hours) and Sun 2026-11-22 03:00 UTC',
      );
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('ec2-scheduled-events: tags', () => {
  it('names the missing Name and Owner tags so somebody adds them', async () => {
    const findings = await evaluate({
      statuses: [status('i-1', [event('instance-reboot', 5)])],
      instances: [instance('i-1', {})],
    });
    const f = only(findings);
    expect(f.message).toContain('EC2 instance i-1 (no Name tag; no Owner tag) in eu-west-1 will be rebooted');
    expect(f.details).toMatchObject({ name: null, owner: null, reschedule: 'no MaintenanceWindow tag' });
    expect(f.resource).toEqual({ type: 'AwsEc2Instance', id: 'i-1' });
  });

  it('reads the tag keys given as parameters', async () => {
    const findings = await evaluate({
      statuses: [status('i-1', [event('instance-reboot', 5)])],
      instances: [instance('i-1', { Name: 'ignored', Service: 'checkout', Team: 'web' })],
      params: { nameTag: 'Service', ownerTag: 'Team' },
    });
    expect(only(findings).message).toContain('EC2 instance i-1 ("checkout"; owner: web)');
  });

  it('still reports an event for an instance DescribeInstances no longer lists', async () => {
    const findings = await evaluate({
      statuses: [status('i-gone', [event('instance-stop', 5)])],
      instances: [],
    });
    expect(only(findings).message).toContain('EC2 instance i-gone (no Name tag; no Owner tag)');
  });
});

describe('ec2-scheduled-events: moving events into the maintenance window', () => {
  const movable = (startInHours: number, deadlineInHours: number) =>
    event('system-reboot', startInHours, { notBeforeDeadline: at(deadlineInHours) });

  it('plans ModifyInstanceEventStartTime to the next window start before the deadline', async () => {
    // Prepare: event Tuesday 14:00, window Sunday 03:00-05:00 UTC, deadline a week out
    const findings = await evaluate({
      statuses: [status('i-1', [movable(74, 24 * 7)])],
      instances: [instance('i-1', { Name: 'web', MaintenanceWindow: 'Sun 03:00-05:00' })],
    });

    // Assess
    const f = only(findings);
    expect(f.action?.name).toBe('ec2:ModifyInstanceEventStartTime');
    expect(f.action?.description).toBe(
      'Move system-reboot event instance-event-systemreboot of i-1 from Tue 2026-11-24 14:00 UTC to Sun 2026-11-22 03:00 UTC, ' +
        'inside its maintenance window Sun 03:00-05:00 UTC and before the deadline Sat 2026-11-28 12:00 UTC',
    );
    expect(f.details).toMatchObject({ reschedule: 'move to 2026-11-22T03:00:00.000Z' });
    expect(f.resource.tags).toEqual({ Name: 'web', MaintenanceWindow: 'Sun 03:00-05:00' });
  });

  it.each([
    [
      'has no deadline',
      event('system-reboot', 74),
      'AWS does not allow this event to be moved (no deadline)',
    ],
    [
      'starts within 5 minutes',
      movable(4 / 60, 100),
      'starts within 5 minutes or has started; too late to move',
    ],
    [
      'already starts inside the window',
      movable(24 * 8 - 12 + 3, 24 * 10),
      'already starts inside the maintenance window Sun 03:00-05:00 UTC',
    ],
    [
      'has no window before its deadline',
      movable(74, 14),
      'no maintenance window (Sun 03:00-05:00 UTC) between Sat 2026-11-21 13:15 UTC and the deadline Sun 2026-11-22 02:00 UTC',
    ],
  ])('plans nothing when the event %s, and says why', async (_, e, note) => {
    const findings = await evaluate({
      statuses: [status('i-1', [e])],
      instances: [instance('i-1', { MaintenanceWindow: 'Sun 03:00-05:00' })],
    });
    const f = only(findings);
    expect(f.action).toBeUndefined();
    expect(f.details).toMatchObject({ reschedule: note });
  });

  it('reports an unreadable maintenance-window tag as its own finding, and moves nothing', async () => {
    // Act
    const findings = await evaluate({
      statuses: [status('i-1', [movable(74, 24 * 7)])],
      instances: [instance('i-1', { MaintenanceWindow: 'Sundays 3am-5am' })],
    });

    // Assess
    const tag = only(findings, 'maintenance-window-tag');
    expect(tag).toMatchObject({
      status: 'FAIL',
      severity: 'low',
      details: { tag: 'MaintenanceWindow', value: 'Sundays 3am-5am' },
    });
    expect(tag.message).toBe(
      'EC2 instance i-1 has tag MaintenanceWindow="Sundays 3am-5am", which driftwatch cannot read ("Sundays 3am-5am" is not DAY HH:MM-HH:MM in UTC, ' +
        'e.g. "Sun 03:00-05:00"; several separated by commas), so its scheduled events would not be moved into a maintenance window.',
    );
    const e = only(findings);
    expect(e.action).toBeUndefined();
    expect(e.details).toMatchObject({ reschedule: 'maintenance-window tag unreadable' });
  });
});

describe('ec2-scheduled-events: status checks', () => {
  it('reports an impaired system status check as a separate medium finding', async () => {
    // Prepare
    const impaired = {
      status: 'impaired',
      failing: [{ name: 'reachability', status: 'failed', impairedSince: '2026-11-21T09:14:00.000Z' }],
    };

    // Act
    const findings = await evaluate({
      statuses: [status('i-1', [], { system: impaired })],
      instances: [instance('i-1', {})],
    });

    // Assess
    const f = only(findings, 'status-checks');
    expect(f.severity).toBe('medium');
    expect(f.message).toBe(
      'EC2 instance i-1 fails its system status check since Sat 2026-11-21 09:14 UTC: it may be unreachable; a system check failure ' +
        'usually clears with a stop and start, an instance check failure needs a look inside the instance.',
    );
    expect(findings.filter((x) => x.status === 'PASS')).toHaveLength(1);
  });

  it('reads no instance types when no instance has an event or an impaired check', async () => {
    // Prepare: statuses for a stopped instance (IncludeAllInstances) whose checks are not applicable
    const na = { status: 'not-applicable', failing: [] };
    const findings = await evaluate({
      statuses: [status('i-1', []), status('i-2', [], { state: 'stopped', system: na, instance: na })],
    });
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([
      ['i-1', 'PASS'],
      ['i-2', 'PASS'],
    ]);
  });
});
