import { startInstanceRefresh } from '../../lib/actions/autoscaling';
import type { AutoScalingGroup, GroupInstance } from '../../lib/inventory/autoscaling';
import { activeRefreshes, autoScalingGroups } from '../../lib/inventory/autoscaling';
import { imagesById, ownedImages } from '../../lib/inventory/images';
import { indexFound } from '../../lib/inventory/keyed-read';
import { enabledRegions } from '../../lib/inventory/regions';
import { runningInstances } from '../../lib/inventory/running-instances';
import { imageParameters } from '../../lib/inventory/ssm';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import type { Verdict } from './classify';
import { classify } from './classify';
import { groupFinding, launchedImage, launchParameters, refreshRisk, toReplace } from './group-refresh';
import { ImageCatalog } from './image-catalog';
import { imdsFinding, instanceSubject, ownerFinding, standardFinding } from './instance-findings';
import { params } from './params';
import { pushTo } from '../../lib/collections';

/**
 * instance-standard: every running instance runs its family's current golden image, within its
 * maximum lifetime, from the launch-template version its Auto Scaling group launches now, and
 * carries the owner tag (with `imdsv2`, also requires IMDSv2). Groups with instances off the
 * standard get one instance refresh.
 */
export const instanceStandard = defineRule({
  meta: {
    id: 'instance-standard',
    title: 'Every running EC2 instance runs the current golden image within its lifetime',
    description:
      'Puts each running instance in one class (unmanaged, superseded, stale launch configuration, over lifetime, current): the current image of its family comes from an SSM parameter, or the newest owned image matching the family; the lifetime from a tag or the rule (24 hours). Also checks the owner tag, and IMDSv2 with `imdsv2: true` (ec2-network checks IMDSv2 on every instance by default). Optionally starts one instance refresh per Auto Scaling group.',
    risk: 'An instance that outlives its image keeps the vulnerabilities the new image fixed and drifts from what was tested; one nothing can replace is a snowflake nobody can rebuild.',
    severity: 'medium',
    resourceType: 'AwsEc2Instance',
    scope: 'regional',
    controls: {},
    deployment: { schedule: 'rate(1 hour)' },
    remediation: {
      text: 'Publish the current image to the family parameter, point the Auto Scaling group at a launch template version that launches it, and start an instance refresh (or run the rule with remediate enabled); move unmanaged instances into an Auto Scaling group.',
      url: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-instance-refresh.html',
    },
  },
  reads: [runningInstances, ownedImages, imagesById, imageParameters, autoScalingGroups, activeRefreshes],
  actions: [startInstanceRefresh],
  params,
  regions: enabledRegions,
  async evaluate({ inventory, region, params: p, now }): Promise<FindingDraft[]> {
    const [instances, owned, groups] = await Promise.all([
      inventory.get(runningInstances, region),
      inventory.get(ownedImages, region),
      inventory.get(autoScalingGroups, region),
    ]);
    if (instances.length === 0 && groups.length === 0) return [];

    // SSM parameters every instance tag, family and group template names, in one read.
    const names = Object.values(p.families).flatMap((f) => (f.parameter ? [f.parameter] : []));
    for (const i of instances) {
      const tagged = i.tags[p.imageParameterTag];
      if (tagged !== undefined) names.push(tagged);
    }
    names.push(...launchParameters(groups));
    const parameter = indexFound(
      await inventory.get(imageParameters.for(names), region),
      (e) => e.name,
      imageParameters.name,
    );
    // Images not owned (shared, public, deregistered) that instances run or parameters name.
    const ownedById = new Map(owned.map((i) => [i.imageId, i]));
    const wanted: string[] = [];
    for (const i of instances) if (!ownedById.has(i.imageId)) wanted.push(i.imageId);
    for (const n of names) {
      const value = parameter(n)?.value;
      if (value !== undefined && !ownedById.has(value)) wanted.push(value);
    }
    const other = indexFound(
      await inventory.get(imagesById.for(wanted), region),
      (e) => e.imageId,
      imagesById.name,
    );
    const image = (id: string) => ownedById.get(id) ?? other(id);

    const catalog = new ImageCatalog({ params: p, owned, image, parameter, now });
    const groupOf = new Map<string, { group: AutoScalingGroup; member: GroupInstance }>();
    for (const group of groups)
      for (const member of group.instances) groupOf.set(member.instanceId, { group, member });
    const verdicts = instances.map((i) => classify(i, { params: p, catalog, image, groupOf, now }));

    const findings: FindingDraft[] = [];
    for (const v of verdicts) {
      const subject = instanceSubject(v.instance, region, p);
      findings.push(standardFinding(v, subject, p));
      if (p.imdsv2) findings.push(imdsFinding(v.instance, subject));
      findings.push(ownerFinding(v.instance, subject, region, p));
    }
    findings.push(...(await groupFindings(groups, verdicts)));
    return findings;

    async function groupFindings(
      all: readonly AutoScalingGroup[],
      vs: readonly Verdict[],
    ): Promise<FindingDraft[]> {
      const byGroup = new Map<string, Verdict[]>();
      for (const v of vs) {
        if (v.group) pushTo(byGroup, v.group.name, v);
      }
      const launches = (g: AutoScalingGroup) => launchedImage(g, (n) => parameter(n)?.value);
      // Refreshes are read only for groups a refresh would be planned for.
      const candidates = all.filter(
        (g) =>
          toReplace(byGroup.get(g.name) ?? [], launches(g)).length > 0 && refreshRisk(g, p) === undefined,
      );
      const active = indexFound(
        await inventory.get(activeRefreshes.for(candidates.map((g) => g.name)), region),
        (e) => e.groupName,
        activeRefreshes.name,
      );
      const candidateNames = new Set(candidates.map((g) => g.name));
      return all.map((group) =>
        groupFinding({
          group,
          verdicts: byGroup.get(group.name) ?? [],
          launches: launches(group),
          active: candidateNames.has(group.name) ? active(group.name) : undefined,
          params: p,
          region,
        }),
      );
    }
  },
});
