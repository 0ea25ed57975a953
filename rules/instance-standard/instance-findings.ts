import type { Controls, ResourceRef } from '../../lib/findings';
import type { Image } from '../../lib/inventory/images';
import type { RunningInstance } from '../../lib/inventory/running-instances';
import { pickTags } from '../../lib/inventory/tags';
import type { FindingDraft } from '../../lib/rule';
import type { Verdict } from './classify';
import { failing, GROUP_TAG } from './classify';
import { LIFETIME_FORMS } from './lifetime';
import type { Params } from './params';

/** The instance as a finding's resource, with the tags the rule reads that it has. */
export function instanceResource(i: RunningInstance, p: Params): ResourceRef {
  const tags = pickTags(i.tags, [p.nameTag, p.ownerTag, p.familyTag, p.imageParameterTag, p.lifetimeTag]);
  return Object.keys(tags).length > 0
    ? { type: 'AwsEc2Instance', id: i.instanceId, tags }
    : { type: 'AwsEc2Instance', id: i.instanceId };
}

/**
 * What the instance's three findings share, built once per instance rather than once per finding
 * (10,000 instances make 30,000 findings): its resource and `EC2 instance <label> in <region>`.
 */
export interface InstanceSubject {
  readonly resource: ResourceRef;
  readonly who: string;
}

export function instanceSubject(i: RunningInstance, region: string, p: Params): InstanceSubject {
  return { resource: instanceResource(i, p), who: `EC2 instance ${instanceLabel(i, p)} in ${region}` };
}

/** `i-0abc ("web-1"; owner: team-web)`, naming a missing tag so somebody adds it. */
export function instanceLabel(i: RunningInstance, p: Params): string {
  const name = i.tags[p.nameTag];
  const owner = i.tags[p.ownerTag];
  return `${i.instanceId} (${name ? `"${name}"` : `no ${p.nameTag} tag`}; ${owner ? `owner: ${owner}` : `no ${p.ownerTag} tag`})`;
}

/** `ami-0abc (golden-web-2026-11-19)`. */
export function imageLabel(imageId: string, image: Image | undefined): string {
  return image?.name ? `${imageId} (${image.name})` : `${imageId} (no longer described by EC2)`;
}

const hours = (n: number) => `${n} hour${n === 1 ? '' : 's'}`;

/** The clauses of the message: what it runs, how old it is, what replaces it. */
function clauses(v: Verdict, p: Params): string[] {
  const i = v.instance;
  const out: string[] = [];
  const runs = imageLabel(i.imageId, v.image);
  const std = v.standard?.ok ? v.standard : undefined;
  if (std && v.superseded)
    out.push(
      `it runs ${runs} but the standard for ${v.family?.name ?? ''} is ${imageLabel(std.image.imageId, std.image)} (${std.source}), superseded for ${hours(v.superseded.hours)}${v.superseded.pastGrace ? '' : ` (within the ${p.supersededGraceHours}-hour rollout grace)`}`,
    );
  else if (std) out.push(`it runs the current ${v.family?.name ?? ''} image ${runs} (${std.source})`);
  else out.push(`it runs ${runs}`);
  if (std?.note) out.push(`${std.note}, so the family's newest image stands in`);
  const lifetimeProblem = `its ${p.lifetimeTag}`;
  for (const problem of v.problems) if (!problem.startsWith(lifetimeProblem)) out.push(problem);
  if (!v.lifetime.ok)
    out.push(
      `its tag ${p.lifetimeTag}="${v.lifetime.value}" is not a lifetime (accepted: ${LIFETIME_FORMS}), so its lifetime is not checked and nothing is changed for it`,
    );
  else if (v.overLifetimeHours !== undefined)
    out.push(
      `launched ${hours(v.ageHours)} ago, it is ${hours(v.overLifetimeHours)} over its ${hours(v.lifetime.hours)} lifetime${v.lifetime.from === 'tag' ? ` (tag ${p.lifetimeTag})` : ''}`,
    );
  else out.push(`launched ${hours(v.ageHours)} ago, within its ${hours(v.lifetime.hours)} lifetime`);
  if (v.staleLaunch)
    out.push(
      `it was launched from ${v.staleLaunch.instanceTemplate} version ${v.staleLaunch.instanceVersion} but its group launches ${v.staleLaunch.groupTemplate} version ${v.staleLaunch.groupVersion}`,
    );
  if (v.group) out.push(`Auto Scaling group ${v.group.name} would replace it`);
  else
    out.push(
      `it is in no Auto Scaling group${v.taggedGroup ? ` (its ${GROUP_TAG} tag names ${v.taggedGroup}, which does not list it)` : ''}, so nothing replaces it automatically and driftwatch never changes it`,
    );
  return out;
}

/** The instance's class finding: PASS only for a current instance (or one inside the rollout grace). */
export function standardFinding(v: Verdict, s: InstanceSubject, p: Params): FindingDraft {
  const i = v.instance;
  const fail = failing(v);
  const std = v.standard?.ok ? v.standard : undefined;
  const { resource } = s;
  const status = fail ? ('FAIL' as const) : ('PASS' as const);
  const message = `${s.who} is ${v.class}: ${clauses(v, p).join('; ')}.`;
  const details = {
    class: v.class,
    name: i.tags[p.nameTag] ?? null,
    owner: i.tags[p.ownerTag] ?? null,
    imageId: i.imageId,
    imageName: v.image?.name ?? null,
    family: v.family?.name ?? null,
    familyVia: v.family?.via ?? null,
    standardImageId: std?.image.imageId ?? null,
    standardImageName: std?.image.name ?? null,
    standardSource: std?.source ?? null,
    standardSince: std?.since ?? null,
    supersededSince: v.superseded?.since ?? null,
    supersededHours: v.superseded?.hours ?? null,
    launchTime: i.launchTime,
    ageHours: v.ageHours,
    maxLifetimeHours: v.lifetime.ok ? v.lifetime.hours : null,
    lifetimeFrom: v.lifetime.ok ? v.lifetime.from : null,
    overLifetimeHours: v.overLifetimeHours ?? null,
    autoScalingGroup: v.group?.name ?? null,
    staleLaunch: v.staleLaunch ?? null,
    problems: v.problems,
  };
  // Low for an unmanaged instance that is otherwise fine (two literals: no spread per instance).
  return fail && v.class === 'unmanaged' && !v.superseded?.pastGrace && v.overLifetimeHours === undefined
    ? { resource, status, checkId: 'standard', severity: 'low', message, details }
    : { resource, status, checkId: 'standard', message, details };
}

const IMDS_CONTROLS: Controls = { cisV3: ['5.6'], securityHub: ['EC2.8'] };

/** IMDSv2 required (or the metadata service off): a stolen IMDSv1 token is the role's credentials. */
export function imdsFinding(i: RunningInstance, s: InstanceSubject): FindingDraft {
  const ok = i.httpTokens === 'required' || i.httpEndpoint === 'disabled';
  return {
    resource: s.resource,
    status: ok ? 'PASS' : 'FAIL',
    checkId: 'imdsv2',
    severity: 'high',
    controls: IMDS_CONTROLS,
    message: ok
      ? `${s.who} requires IMDSv2.`
      : `${s.who} accepts IMDSv1 (HttpTokens ${i.httpTokens}), so a request forged through it can read its role's credentials; set MetadataOptions HttpTokens to required in its launch template and replace it.`,
    details: { httpTokens: i.httpTokens, httpEndpoint: i.httpEndpoint },
  };
}

/** The owner tag the team requires: without it nobody is told when the instance drifts. */
export function ownerFinding(
  i: RunningInstance,
  s: InstanceSubject,
  region: string,
  p: Params,
): FindingDraft {
  const owner = i.tags[p.ownerTag];
  return {
    resource: s.resource,
    status: owner ? 'PASS' : 'FAIL',
    checkId: 'owner-tag',
    severity: 'low',
    message: owner
      ? `EC2 instance ${i.instanceId} in ${region} has its ${p.ownerTag} tag (${owner}).`
      : `${s.who} has no ${p.ownerTag} tag, so nobody is told when it drifts; add it to its launch template's tag specifications.`,
    details: { tag: p.ownerTag, value: owner ?? null },
  };
}
