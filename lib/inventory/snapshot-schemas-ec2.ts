import * as z from 'zod/mini';
import type { ActiveRefresh, AutoScalingGroup, GroupInstance } from './autoscaling';
import type { GroupLaunch, GroupMembers } from './autoscaling-members';
import type { NetworkAcl, SecurityGroup } from './ec2-network';
import type { InstanceMetadata } from './ec2-settings';
import type { InstanceProfileUse } from './iam-instance-roles';
import type { Image } from './images';
import type { RunningInstance } from './running-instances';
import { count, flag, list, object, received, strings, text, time } from './snapshot-schema-parts';
import { tagsSchema } from './snapshot-schemas';
import type { ImageParameter } from './ssm';
import type { PeeringRoute, VpcPeering } from './vpc-peering';

/**
 * Schemas of the EC2, Auto Scaling and SSM reads' values (`ReadDef.schema`; keyed reads take the
 * schema of one found entry). As in lib/inventory/snapshot-schemas.ts, objects are strict and each
 * schema is typed against its read's value, so the two cannot drift apart.
 */

/** A whole number, possibly negative (`fromPort: -1` is every ICMP type). */
const int = z
  .number({ error: (i) => `expected a number, got ${received(i.input)}` })
  .check(z.int({ error: (i) => `expected a whole number, got ${received(i.input)}` }));

const permissionRule = object({
  protocol: text,
  fromPort: z.optional(int),
  toPort: z.optional(int),
  ipv4: strings,
  ipv6: strings,
  groups: strings,
  prefixLists: strings,
});

export const securityGroupsSchema = list(
  object({
    groupId: text,
    groupName: text,
    vpcId: z.optional(text),
    ingress: list(permissionRule),
    egress: list(permissionRule),
    tags: tagsSchema,
  }),
) satisfies z.core.$ZodType<SecurityGroup[]>;

export const networkAclsSchema = list(
  object({
    networkAclId: text,
    vpcId: text,
    isDefault: flag,
    subnetIds: strings,
    entries: list(
      object({
        ruleNumber: count,
        egress: flag,
        protocol: text,
        action: z.enum(['allow', 'deny'], {
          error: (i) => `expected "allow" or "deny", got ${received(i.input)}`,
        }),
        cidr: z.optional(text),
        ipv6Cidr: z.optional(text),
        portRange: z.optional(object({ from: int, to: int })),
      }),
    ),
  }),
) satisfies z.core.$ZodType<NetworkAcl[]>;

export const ebsEncryptionByDefaultSchema = object({ enabled: flag }) satisfies z.core.$ZodType<{
  readonly enabled: boolean;
}>;

export const instanceMetadataSchema = list(
  object({ instanceId: text, state: text, httpTokens: text, httpEndpoint: text, tags: tagsSchema }),
) satisfies z.core.$ZodType<InstanceMetadata[]>;

export const instanceProfilesSchema = list(
  object({ instanceId: text, state: text, instanceProfileArn: z.optional(text), name: z.optional(text) }),
) satisfies z.core.$ZodType<InstanceProfileUse[]>;

/** One image (`ec2.ownedImages`, and each entry `ec2.imagesById` found). */
export const imageSchema = object({
  imageId: text,
  name: text,
  state: text,
  creationDate: time,
  architecture: text,
  ownerId: text,
  deprecationTime: z.optional(time),
  tags: tagsSchema,
}) satisfies z.core.$ZodType<Image>;

export const ownedImagesSchema = list(imageSchema) satisfies z.core.$ZodType<Image[]>;

export const runningInstancesSchema = list(
  object({
    instanceId: text,
    imageId: text,
    architecture: text,
    launchTime: time,
    httpTokens: text,
    httpEndpoint: text,
    tags: tagsSchema,
  }),
) satisfies z.core.$ZodType<RunningInstance[]>;

export const peeringRoutesSchema = list(
  object({ routeTableId: text, vpcId: text, destination: text, peeringConnectionId: text }),
) satisfies z.core.$ZodType<PeeringRoute[]>;

const peeringSide = object({ vpcId: text, cidrs: strings });

export const vpcPeeringsSchema = list(
  object({ peeringConnectionId: text, status: text, requester: peeringSide, accepter: peeringSide }),
) satisfies z.core.$ZodType<VpcPeering[]>;

const groupInstance = object({
  instanceId: text,
  lifecycleState: text,
  healthStatus: text,
  launchTemplateVersion: z.optional(text),
}) satisfies z.core.$ZodType<GroupInstance>;

export const autoScalingGroupsSchema = list(
  object({
    name: text,
    desiredCapacity: count,
    minSize: count,
    maxSize: count,
    launchTemplate: z.optional(
      object({
        id: text,
        name: text,
        configuredVersion: text,
        launchesVersion: z.optional(count),
        latestVersion: z.optional(count),
        defaultVersion: z.optional(count),
        imageId: z.optional(text),
        problem: z.optional(text),
      }),
    ),
    launchConfigurationName: z.optional(text),
    instances: list(groupInstance),
  }),
) satisfies z.core.$ZodType<AutoScalingGroup[]>;

/** One entry `autoscaling.activeRefreshes` found. */
export const activeRefreshSchema = object({
  groupName: text,
  refreshId: text,
  status: text,
  startTime: z.optional(time),
  percentageComplete: z.optional(count),
}) satisfies z.core.$ZodType<ActiveRefresh>;

export const groupMembersSchema = list(
  object({
    name: text,
    desiredCapacity: count,
    minSize: count,
    maxSize: count,
    instances: list(groupInstance),
    tags: tagsSchema,
    maintenancePolicy: z.optional(object({ minHealthyPercentage: count, maxHealthyPercentage: count })),
  }),
) satisfies z.core.$ZodType<GroupMembers[]>;

/** One entry `autoscaling.groupLaunches` found. */
export const groupLaunchSchema = object({
  instanceId: text,
  groupName: text,
  launchTime: z.optional(time),
  state: text,
}) satisfies z.core.$ZodType<GroupLaunch>;

/** One entry `ssm.imageParameters` found. */
export const imageParameterSchema = object({
  name: text,
  value: text,
  version: count,
  lastModified: z.optional(time),
  dataType: text,
}) satisfies z.core.$ZodType<ImageParameter>;
