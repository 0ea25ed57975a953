import { startInstanceRefresh } from '../../lib/actions/autoscaling';
import { plan } from '../../lib/actions/types';
import type { ActiveRefresh, AutoScalingGroup } from '../../lib/inventory/autoscaling';
import type { FindingDraft } from '../../lib/rule';
import type { Verdict } from './classify';
import type { Params } from './params';

/** Why a group's instance needs replacing, as the plan's description says it. */
function reason(v: Verdict): string {
  const parts: string[] = [];
  if (v.superseded?.pastGrace) parts.push(`superseded ${v.superseded.hours}h`);
  if (v.staleLaunch) parts.push(`launched from version ${v.staleLaunch.instanceVersion}`);
  if (v.overLifetimeHours !== undefined) parts.push(`${v.overLifetimeHours}h over lifetime`);
  return `${v.instance.instanceId} (${parts.join(', ')})`;
}

/** The image the group launches now: `resolve:ssm:<name>` resolved through the parameters read. */
export function launchedImage(
  group: AutoScalingGroup,
  parameterValue: (name: string) => string | undefined,
): string | undefined {
  const id = group.launchTemplate?.imageId;
  if (id?.startsWith('resolve:ssm:')) return parameterValue(id.slice('resolve:ssm:'.length));
  return id;
}

/** SSM parameters the groups' templates resolve at launch (`resolve:ssm:/golden/web/ami`). */
export function launchParameters(groups: readonly AutoScalingGroup[]): string[] {
  return groups
    .map((g) => g.launchTemplate?.imageId)
    .filter((id): id is string => id?.startsWith('resolve:ssm:') === true)
    .map((id) => id.slice('resolve:ssm:'.length));
}

/** The group's instances a refresh would bring to the standard (a superseded one only if the group launches the standard image). */
export function toReplace(verdicts: readonly Verdict[], launches: string | undefined): Verdict[] {
  return verdicts.filter((v) => {
    if (v.staleLaunch || v.overLifetimeHours !== undefined) return true;
    const std = v.standard?.ok ? v.standard : undefined;
    return v.superseded?.pastGrace === true && launches !== undefined && std?.current.has(launches) === true;
  });
}

/**
 * Why a refresh of the group would be unsafe, if it would: a desired capacity of 0, fewer healthy
 * instances in service than the minimum already, or (terminating before launching) a batch that
 * takes it below the minimum healthy percentage.
 */
export function refreshRisk(group: AutoScalingGroup, p: Params): string | undefined {
  const d = group.desiredCapacity;
  if (d === 0) return 'its desired capacity is 0';
  const required = Math.ceil((d * p.minHealthyPercentage) / 100);
  const healthy = group.instances.filter(
    (i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy',
  ).length;
  if (healthy < required)
    return `only ${healthy} of its ${d} instances are in service and healthy, below the ${p.minHealthyPercentage}% minimum (${required})`;
  if (Math.floor((d * p.maxHealthyPercentage) / 100) - d >= 1) return undefined;
  const batch = Math.max(1, d - required);
  if (healthy - batch < required)
    return `replacing ${batch} instance${batch === 1 ? '' : 's'} at a time would leave ${healthy - batch} of ${d} in service, below the ${p.minHealthyPercentage}% minimum (${required}); raise maxHealthyPercentage so replacements launch first`;
  return undefined;
}

export interface GroupContext {
  readonly group: AutoScalingGroup;
  /** Its running instances' verdicts. */
  readonly verdicts: readonly Verdict[];
  /** The image it launches now, when known. */
  readonly launches: string | undefined;
  readonly active: ActiveRefresh | undefined;
  readonly params: Params;
  readonly region: string;
}

/**
 * One finding per Auto Scaling group: PASS when every instance meets the standard, else FAIL with
 * one planned instance refresh for the group (never per instance), or the reason none is planned.
 */
export function groupFinding(c: GroupContext): FindingDraft {
  const { group, params: p } = c;
  const resource = { type: 'AwsAutoScalingAutoScalingGroup', id: group.name };
  const off = c.verdicts.filter(
    (v) =>
      v.superseded?.pastGrace || v.staleLaunch || v.overLifetimeHours !== undefined || v.problems.length > 0,
  );
  const replace = toReplace(off, c.launches);
  const lt = group.launchTemplate;
  const template = lt
    ? `launch template ${lt.name || lt.id} version ${lt.launchesVersion ?? lt.configuredVersion} (${c.launches ?? 'image unknown'})`
    : `launch configuration ${group.launchConfigurationName ?? 'unknown'}`;
  const details = {
    desiredCapacity: group.desiredCapacity,
    launches: template,
    offStandard: off.map((v) => v.instance.instanceId),
    toReplace: replace.map((v) => v.instance.instanceId),
    activeRefresh: c.active ?? null,
  };
  if (off.length === 0)
    return {
      resource,
      status: 'PASS',
      checkId: 'instance-refresh',
      message: `Auto Scaling group ${group.name} in ${c.region}: all ${c.verdicts.length} running instances meet the standard.`,
      details,
    };
  const base = { resource, status: 'FAIL' as const, checkId: 'instance-refresh', details };
  const lead = `Auto Scaling group ${group.name} in ${c.region} has ${off.length} instance${off.length === 1 ? '' : 's'} off the standard`;
  const unreadable = off.filter((v) => !v.lifetime.ok).map((v) => v.instance.instanceId);
  const blocked =
    replace.length === 0
      ? off.some((v) => v.superseded?.pastGrace)
        ? `a refresh would not fix them: the group launches ${template}, not their standard image; update the template first`
        : 'nothing on them that a refresh fixes (see their findings)'
      : unreadable.length > 0
        ? `${unreadable.join(', ')} ${unreadable.length === 1 ? 'has' : 'have'} an unreadable ${p.lifetimeTag} tag and nothing is changed for ${unreadable.length === 1 ? 'it' : 'them'}`
        : c.active
          ? `refresh ${c.active.refreshId} is already ${c.active.status}`
          : refreshRisk(group, p);
  if (blocked) return { ...base, message: `${lead}; no instance refresh is started: ${blocked}.` };
  const reasons = replace.map(reason).join(', ');
  const description = `Start an instance refresh on Auto Scaling group ${group.name} (minimum healthy ${p.minHealthyPercentage}%, maximum ${p.maxHealthyPercentage}%) to replace ${reasons} with ${template}`;
  return {
    ...base,
    message: `${lead} (${reasons}); an instance refresh replaces ${replace.length === 1 ? 'it' : 'them'} with ${template}.`,
    action: plan(
      startInstanceRefresh,
      {
        groupName: group.name,
        minHealthyPercentage: p.minHealthyPercentage,
        maxHealthyPercentage: p.maxHealthyPercentage,
        skipMatching: replace.every(
          (v) => v.staleLaunch !== undefined && v.overLifetimeHours === undefined && !v.superseded,
        ),
      },
      description,
    ),
  };
}
