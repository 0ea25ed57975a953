import type {
  ActiveRefresh,
  AutoScalingGroup,
  GroupLaunchTemplate,
} from '../../../../lib/inventory/autoscaling';
import type { Image } from '../../../../lib/inventory/images';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { RunningInstance } from '../../../../lib/inventory/running-instances';
import type { ImageParameter } from '../../../../lib/inventory/ssm';
import type { FindingDraft } from '../../../../lib/rule';
import { instanceStandard } from '../../../../rules/instance-standard';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const NOW = new Date('2026-11-21T12:00:00Z');
/** An ISO time `h` hours before NOW (fractions allowed). */
export const ago = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

export function image(
  imageId: string,
  name: string,
  createdHoursAgo: number,
  extra: Partial<Image> = {},
): Image {
  return {
    imageId,
    name,
    state: 'available',
    creationDate: ago(createdHoursAgo),
    architecture: 'x86_64',
    ownerId: ACCOUNT,
    tags: {},
    ...extra,
  };
}

export function instance(
  instanceId: string,
  imageId: string,
  launchedHoursAgo: number,
  tags: Record<string, string> = {},
  extra: Partial<RunningInstance> = {},
): RunningInstance {
  return {
    instanceId,
    imageId,
    architecture: 'x86_64',
    launchTime: ago(launchedHoursAgo),
    httpTokens: 'required',
    httpEndpoint: 'enabled',
    tags: { Name: `name-${instanceId}`, Owner: 'team-web', ...tags },
    ...extra,
  };
}

/** A healthy group listing `instanceIds`, launching `lt-web` version `launchesVersion` of `imageId`. */
export function group(
  name: string,
  instanceIds: readonly string[],
  template: Partial<GroupLaunchTemplate> = {},
  extra: Partial<AutoScalingGroup> = {},
): AutoScalingGroup {
  return {
    name,
    desiredCapacity: instanceIds.length,
    minSize: 0,
    maxSize: instanceIds.length * 2,
    launchTemplate: {
      id: 'lt-0web',
      name: 'web',
      configuredVersion: '$Latest',
      launchesVersion: 4,
      latestVersion: 4,
      defaultVersion: 1,
      imageId: 'ami-new',
      ...template,
    },
    instances: instanceIds.map((instanceId) => ({
      instanceId,
      lifecycleState: 'InService',
      healthStatus: 'Healthy',
    })),
    ...extra,
  };
}

export interface Setup {
  readonly instances: RunningInstance[];
  readonly owned?: Image[];
  /** Images not owned, by id (shared, public). */
  readonly others?: Image[];
  readonly parameters?: Partial<ImageParameter>[];
  readonly groups?: AutoScalingGroup[];
  readonly refreshes?: ActiveRefresh[];
  readonly params?: Record<string, unknown>;
  readonly now?: Date;
}

const keyed = <E>(found: E[], extraRequested: string[], keyOf: (e: E) => string) => ({
  requested: [...new Set([...found.map(keyOf), ...extraRequested])].sort(),
  found,
});

/**
 * Evaluates the rule over a hand-built inventory. Keyed reads answer "asked about" for every name the
 * test lists plus `missing…` ones, so a name the rule asks about that the test never thought of
 * throws (SnapshotError) instead of silently reading as absent.
 */
export async function evaluate(
  setup: Setup,
  missing: { parameters?: string[]; images?: string[]; groups?: string[] } = {},
): Promise<FindingDraft[]> {
  const parameters = (setup.parameters ?? []).map((p) => ({
    name: '/golden/web/ami',
    value: 'ami-new',
    version: 3,
    lastModified: ago(30),
    dataType: 'aws:ec2:image',
    ...p,
  }));
  const groups = setup.groups ?? [];
  const inventory = new StoredInventory(
    storedValues({
      'ec2.runningInstances': { [REGION]: setup.instances },
      'ec2.ownedImages': { [REGION]: setup.owned ?? [] },
      'autoscaling.groups': { [REGION]: groups },
      'ssm.imageParameters': { [REGION]: keyed(parameters, missing.parameters ?? [], (p) => p.name) },
      'ec2.imagesById': {
        [REGION]: keyed(
          setup.others ?? [],
          [...(missing.images ?? []), ...setup.instances.map((i) => i.imageId)],
          (i) => i.imageId,
        ),
      },
      'autoscaling.activeRefreshes': {
        [REGION]: keyed(
          setup.refreshes ?? [],
          [...(missing.groups ?? []), ...groups.map((g) => g.name)],
          (r) => r.groupName,
        ),
      },
    }),
  );
  const params = instanceStandard.params.parse(setup.params ?? {});
  return instanceStandard.evaluate({
    inventory,
    account: ACCOUNT,
    region: REGION,
    params,
    now: setup.now ?? NOW,
  });
}

/** The one finding of `checkId` on `resourceId`. */
export function finding(
  findings: readonly FindingDraft[],
  resourceId: string,
  checkId = 'standard',
): FindingDraft {
  const matching = findings.filter((f) => f.resource.id === resourceId && f.checkId === checkId);
  if (matching.length !== 1)
    throw new Error(`expected one ${checkId} finding on ${resourceId}, got ${matching.length}`);
  return matching[0] as FindingDraft;
}

export const WEB_FAMILY = {
  families: { web: { parameter: '/golden/web/ami', namePattern: 'golden-web-*' } },
};

/** The web family's previous and current images (20 days and 40 hours old). */
export const OLD = image('ami-old', 'golden-web-2026-11-01', 24 * 20);
export const NEW = image('ami-new', 'golden-web-2026-11-19', 40);
