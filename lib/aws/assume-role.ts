import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ConfigError } from '../errors';
import type { ClientFactory } from './clients';
import { GLOBAL_SERVICE_REGION } from './clients';

type Env = Readonly<Record<string, string | undefined>>;

/** How a rule function reaches a member account: the role to assume there and the ExternalId. */
export interface MemberAccess {
  /** `DRIFTWATCH_MEMBER_ROLE_NAME`, default `driftwatch-member` (deploy/member-role.yml's default). */
  readonly roleName: string;
  /** `DRIFTWATCH_EXTERNAL_ID`; required once a run targets a member account. */
  readonly externalId: string | undefined;
}

export const DEFAULT_MEMBER_ROLE_NAME = 'driftwatch-member';
/** IAM role names: 1–64 of `\w+=,.@-`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** sts:ExternalId: 2–1224 of `\w+=,.@:/-`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * Reads the member-account settings at cold start. It never throws, so a single-account function
 * with no such settings starts as before; `checkMemberAccess` names the variable when a run needs them.
 */
export function memberAccessFromEnv(env: Env): MemberAccess {
  return {
    roleName: env.DRIFTWATCH_MEMBER_ROLE_NAME || DEFAULT_MEMBER_ROLE_NAME,
    externalId: env.DRIFTWATCH_EXTERNAL_ID || undefined,
  };
}

/** Throws a ConfigError naming the variable when the settings cannot be used to assume a role. */
export function checkMemberAccess(
  access: MemberAccess,
): asserts access is MemberAccess & { externalId: string } {
  if (!ROLE_NAME.test(access.roleName)) {
    throw new ConfigError(
      'DRIFTWATCH_MEMBER_ROLE_NAME',
      `Environment variable DRIFTWATCH_MEMBER_ROLE_NAME: expected an IAM role name (1-64 of letters, digits, +=,.@_-), got "${access.roleName}".`,
    );
  }
  if (access.externalId === undefined || !EXTERNAL_ID.test(access.externalId)) {
    throw new ConfigError(
      'DRIFTWATCH_EXTERNAL_ID',
      'Environment variable DRIFTWATCH_EXTERNAL_ID is required to scan a member account (2-1224 of letters, digits, +=,.@:/_-): the ExternalId the member role trusts.',
    );
  }
}

/** `driftwatch-<rule>`, cut to STS's 64-character limit: CloudTrail in the member account shows which rule called. */
export function sessionName(ruleId: string): string {
  return `driftwatch-${ruleId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/** The partition of the function's own region: member roles live in the same partition. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function memberRoleArn(account: string, roleName: string, partition: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/**
 * Assumes the member role with the fleet's own credentials (through `base`, so the call is counted)
 * and returns the temporary credentials. Errors propagate with their AWS code (AccessDenied, ...).
 */
export async function assumeMemberRole(
  base: ClientFactory,
  account: string,
  ruleId: string,
  access: MemberAccess & { externalId: string },
): Promise<AwsCredentialIdentity> {
  const region = process.env.AWS_REGION ?? GLOBAL_SERVICE_REGION;
  const out = await base.get(STSClient, region).send(
    new AssumeRoleCommand({
      RoleArn: memberRoleArn(account, access.roleName, partitionOf(region)),
      RoleSessionName: sessionName(ruleId),
      ExternalId: access.externalId,
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) {
    throw Object.assign(new Error(`AssumeRole into account ${account} returned no credentials.`), {
      name: 'NoCredentials',
    });
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}
