import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ConfigError } from '../errors';
import type { ClientFactory } from './clients';
import { GLOBAL_SERVICE_REGION } from './clients';

type Env = Readonly<Record<string, string | undefined>>;

/** How a rule function reaches a member account: the role to assume there and the ExternalId. */
export interface MemberAccess {
  /**
   * `DRIFTWATCH_MEMBER_ROLE_NAME`, default `driftwatch-member`: a role name, optionally with a path
   * (the deployment sets `<memberRoleName>/<function>`, the rule's own role of deploy/member-role.yml).
   */
  readonly roleName: string;
  /** `DRIFTWATCH_EXTERNAL_ID`: the ExternalId itself (CLI and tests; the deployment never sets it). */
  readonly externalId: string | undefined;
  /**
   * `DRIFTWATCH_EXTERNAL_ID_PARAMETER`: the SSM SecureString holding the ExternalId (what the
   * deployment sets, so the value is never in the function's environment). Used when `externalId` is unset.
   */
  readonly externalIdParameter?: string | undefined;
}

export const DEFAULT_MEMBER_ROLE_NAME = 'driftwatch-member';
/** IAM role names (1–64 of `\w+=,.@-`), after an optional path of the same characters. */
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** SSM parameter names as the deployment gives them: a path, `/a/b`, of `\w.-`. */
const PARAMETER_NAME = /^(?:\/[\w.-]+){1,15}$/;
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
    externalIdParameter: env.DRIFTWATCH_EXTERNAL_ID_PARAMETER || undefined,
  };
}

/** Throws a ConfigError naming the variable when the settings cannot be used to assume a role. */
export function checkMemberAccess(access: MemberAccess): void {
  if (!ROLE_NAME.test(access.roleName)) {
    throw new ConfigError(
      'DRIFTWATCH_MEMBER_ROLE_NAME',
      `Environment variable DRIFTWATCH_MEMBER_ROLE_NAME: expected an IAM role name (1-64 of letters, digits, +=,.@_-), optionally after a path (path/name), got "${access.roleName.slice(0, 200)}".`,
    );
  }
  if (access.externalId === undefined && access.externalIdParameter !== undefined) {
    if (!PARAMETER_NAME.test(access.externalIdParameter))
      throw new ConfigError(
        'DRIFTWATCH_EXTERNAL_ID_PARAMETER',
        `Environment variable DRIFTWATCH_EXTERNAL_ID_PARAMETER: expected an SSM parameter path such as /driftwatch/prod/external-id, got "${access.externalIdParameter.slice(0, 200)}".`,
      );
    return;
  }
  if (access.externalId === undefined || !EXTERNAL_ID.test(access.externalId)) {
    throw new ConfigError(
      'DRIFTWATCH_EXTERNAL_ID',
      'Environment variable DRIFTWATCH_EXTERNAL_ID (2-1224 of letters, digits, +=,.@:/_-) or DRIFTWATCH_EXTERNAL_ID_PARAMETER (an SSM SecureString holding it) is required to scan a member account: the ExternalId the member role trusts.',
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

/** The ExternalId read from SSM, once per container and parameter (it does not change between runs). */
const fromParameterStore = new Map<string, Promise<string>>();

/**
 * The ExternalId: `externalId` itself, or the decrypted SecureString `externalIdParameter` read once
 * per container (through `base`, so the call is counted). A failed read is not cached.
 */
export async function resolveExternalId(base: ClientFactory, access: MemberAccess): Promise<string> {
  checkMemberAccess(access);
  if (access.externalId !== undefined) return access.externalId;
  const name = access.externalIdParameter as string;
  let value = fromParameterStore.get(name);
  if (!value) {
    const region = process.env.AWS_REGION ?? GLOBAL_SERVICE_REGION;
    value = base
      .get(SSMClient, region)
      .send(new GetParameterCommand({ Name: name, WithDecryption: true }))
      .then((out) => {
        const id = out.Parameter?.Value;
        if (id === undefined || !EXTERNAL_ID.test(id))
          throw new ConfigError(
            'DRIFTWATCH_EXTERNAL_ID_PARAMETER',
            `SSM parameter ${name} (DRIFTWATCH_EXTERNAL_ID_PARAMETER) must hold an ExternalId: 2-1224 of letters, digits, +=,.@:/_-.`,
          );
        return id;
      });
    fromParameterStore.set(name, value);
    value.catch(() => fromParameterStore.delete(name));
  }
  return value;
}

/**
 * Assumes the member role with the fleet's own credentials (through `base`, so the call is counted)
 * and returns the temporary credentials. Errors propagate with their AWS code (AccessDenied, ...).
 */
export async function assumeMemberRole(
  base: ClientFactory,
  account: string,
  ruleId: string,
  access: MemberAccess,
): Promise<AwsCredentialIdentity> {
  const externalId = await resolveExternalId(base, access);
  const region = process.env.AWS_REGION ?? GLOBAL_SERVICE_REGION;
  const out = await base.get(STSClient, region).send(
    new AssumeRoleCommand({
      RoleArn: memberRoleArn(account, access.roleName, partitionOf(region)),
      RoleSessionName: sessionName(ruleId),
      ExternalId: externalId,
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
