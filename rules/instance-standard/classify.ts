import type { AutoScalingGroup, GroupInstance } from '../../lib/inventory/autoscaling';
import type { Image } from '../../lib/inventory/images';
import type { RunningInstance } from '../../lib/inventory/running-instances';
import type { FamilyRef, ImageCatalog, Standard } from './image-catalog';
import { supersededSince } from './superseded';
import { parseLifetime } from './lifetime';
import type { Params } from './params';

/** Every running instance is in exactly one, the first that applies in this order. */
export const CLASSES = [
  'unmanaged',
  'superseded',
  'stale-launch-configuration',
  'over-lifetime',
  'current',
] as const;
export type InstanceClass = (typeof CLASSES)[number];

const HOUR = 3_600_000;
export const LT_ID_TAG = 'aws:ec2launchtemplate:id';
export const LT_VERSION_TAG = 'aws:ec2launchtemplate:version';
export const GROUP_TAG = 'aws:autoscaling:groupName';

export interface Verdict {
  readonly instance: RunningInstance;
  readonly class: InstanceClass;
  /** The image it runs, when EC2 still describes it. */
  readonly image?: Image;
  readonly family?: FamilyRef;
  readonly standard?: Standard;
  /** Set when it does not run the current image. */
  readonly superseded?: { readonly since: string; readonly hours: number; readonly pastGrace: boolean };
  /** Whole hours since it was launched. */
  readonly ageHours: number;
  /** Its maximum lifetime, or the lifetime tag's value when that is unreadable. */
  readonly lifetime:
    | { readonly ok: true; readonly hours: number; readonly from: 'tag' | 'rule' }
    | { readonly ok: false; readonly value: string };
  /** Whole hours past its lifetime, when over it. */
  readonly overLifetimeHours?: number;
  /** The Auto Scaling group that lists it (absent: unmanaged). */
  readonly group?: AutoScalingGroup;
  /** A group its `aws:autoscaling:groupName` tag names but which does not list it (detached, or deleted). */
  readonly taggedGroup?: string;
  /** Set when it was launched from another template or version than its group launches now. */
  readonly staleLaunch?: {
    readonly instanceTemplate: string;
    readonly instanceVersion: string;
    readonly groupTemplate: string;
    readonly groupVersion: number;
  };
  /** What keeps the judgement incomplete (no family, no current image, unreadable tag). */
  readonly problems: readonly string[];
}

export interface ClassifyContext {
  readonly params: Params;
  readonly catalog: ImageCatalog;
  readonly image: (imageId: string) => Image | undefined;
  /** Instance id → the group that lists it, and its entry there. */
  readonly groupOf: ReadonlyMap<string, { readonly group: AutoScalingGroup; readonly member: GroupInstance }>;
  readonly now: Date;
}

/** Puts one running instance in its class, with the evidence of every condition that holds. */
export function classify(instance: RunningInstance, c: ClassifyContext): Verdict {
  const p = c.params;
  const now = c.now.getTime();
  const problems: string[] = [];
  const image = c.image(instance.imageId);
  const family = c.catalog.familyFor(instance, image);
  const standard = family ? c.catalog.standard(family, instance.architecture) : undefined;
  if (!family)
    problems.push(
      `its image ${instance.imageId} belongs to no image family (tag the instance or image ${p.familyTag}, or add a family with its name pattern)`,
    );
  else if (standard && !standard.ok)
    problems.push(`the current image of ${family.name} is unknown: ${standard.problem}`);

  let superseded: Verdict['superseded'];
  if (standard?.ok && !standard.current.has(instance.imageId)) {
    const since = supersededSince(standard, image, instance.launchTime);
    const hours = Math.max(0, Math.floor((now - since) / HOUR));
    superseded = {
      since: isoTime(since),
      hours,
      pastGrace: (now - since) / HOUR >= p.supersededGraceHours,
    };
  }

  const ageMs = Math.max(0, now - Date.parse(instance.launchTime));
  const tagValue = instance.tags[p.lifetimeTag];
  const parsed = tagValue === undefined ? undefined : parseLifetime(tagValue);
  let lifetime: Verdict['lifetime'];
  if (parsed === undefined) lifetime = { ok: true, hours: p.maxLifetimeHours, from: 'rule' };
  else if (parsed.ok) lifetime = { ok: true, hours: parsed.hours, from: 'tag' };
  else lifetime = { ok: false, value: tagValue ?? '' };
  if (!lifetime.ok) problems.push(`its ${p.lifetimeTag} tag "${lifetime.value}" is not a lifetime`);
  const over =
    lifetime.ok && ageMs > lifetime.hours * HOUR ? Math.floor(ageMs / HOUR) - lifetime.hours : undefined;

  const membership = c.groupOf.get(instance.instanceId);
  const group = membership?.group;
  const tagged = instance.tags[GROUP_TAG];
  const staleLaunch = membership ? staleLaunchOf(instance, membership.group, membership.member) : undefined;

  const cls: InstanceClass = !group
    ? 'unmanaged'
    : superseded
      ? 'superseded'
      : staleLaunch
        ? 'stale-launch-configuration'
        : over !== undefined
          ? 'over-lifetime'
          : 'current';
  // One literal (absent parts undefined): conditional spreads cost a temporary object each, per instance.
  return {
    instance,
    class: cls,
    image,
    family,
    standard,
    superseded,
    ageHours: Math.floor(ageMs / HOUR),
    lifetime,
    overLifetimeHours: over,
    group,
    taggedGroup: !group && tagged ? tagged : undefined,
    staleLaunch,
    problems,
  };
}

const isoTimes = new Map<number, string>();

/** `new Date(ms).toISOString()`, memoised: instances superseded at the same moment share the string. */
function isoTime(ms: number): string {
  let iso = isoTimes.get(ms);
  if (iso === undefined) {
    if (isoTimes.size >= 10_000) isoTimes.clear();
    iso = new Date(ms).toISOString();
    isoTimes.set(ms, iso);
  }
  return iso;
}

/** Launched from another template, or another version, than the group launches now. */
function staleLaunchOf(
  instance: RunningInstance,
  group: AutoScalingGroup,
  member: GroupInstance,
): Verdict['staleLaunch'] {
  const lt = group.launchTemplate;
  if (!lt?.launchesVersion) return undefined;
  const version = instance.tags[LT_VERSION_TAG] ?? member.launchTemplateVersion;
  const template = instance.tags[LT_ID_TAG] ?? lt.id;
  if (version === undefined || !/^\d+$/.test(version)) return undefined;
  if (template === lt.id && Number(version) === lt.launchesVersion) return undefined;
  return {
    instanceTemplate: template,
    instanceVersion: version,
    groupTemplate: lt.id,
    groupVersion: lt.launchesVersion,
  };
}

/** Whether the verdict is a FAIL: anything but a current instance (or one still inside the grace). */
export function failing(v: Verdict): boolean {
  return (
    v.class === 'unmanaged' ||
    v.superseded?.pastGrace === true ||
    v.staleLaunch !== undefined ||
    v.overLifetimeHours !== undefined ||
    v.problems.length > 0
  );
}
