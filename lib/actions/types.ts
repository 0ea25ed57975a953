import type { ClientFactory } from '../aws/clients';
import type { ActionContext } from './context';

/** What an action reports when it did not throw. */
export type ActionOutcome =
  | { readonly status: 'done'; readonly note?: string }
  | { readonly status: 'skipped'; readonly reason: string };

/**
 * Where and on what condition IAM lets an action's call act, so the deployment's roles hold the
 * action's promises even if the code were wrong (e.g. DeleteSnapshot only on the tool's snapshots).
 * Resources are ARN patterns for `Fn::Sub` (`${AWS::Partition}`, `${AWS::AccountId}`): the fleet's
 * role and the member role of each account resolve them to their own account.
 */
export interface IamGrant {
  /** @default '*' (for calls that support no resource-level permissions) */
  readonly resources?: readonly string[];
  /** An IAM policy `Condition` block, e.g. `{ StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' } }`. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/**
 * One remediation an action can carry out. Implementations live in `lib/actions/<service>.ts`; rules
 * only plan them. `run` must be idempotent: plans are recomputed from state on every run, so an action
 * interrupted by a crash or the Lambda deadline is simply planned again next time.
 */
export interface ActionDef<I> {
  /** The IAM action it needs, which is also its name, e.g. `cloudtrail:StartLogging`. */
  readonly name: string;
  /** Further IAM actions the call needs besides `name` (e.g. `ec2:CreateTags` for tags given at creation). */
  readonly alsoNeeds?: readonly string[];
  /**
   * IAM scoping per IAM action (`name` or one of `alsoNeeds`): one statement per grant. An action not
   * listed is granted on `*` without condition; the template tests name every action that needs one.
   */
  readonly iam?: Readonly<Record<string, readonly IamGrant[]>>;
  /**
   * Scheduled maintenance the rule exists to do (taking a due backup, pruning an expired one), not
   * a fix of drift: done, it alerts nobody by itself; failed, it always alerts.
   */
  readonly routine?: true;
  /** `context`: the action's deadline and change claims (lib/actions/context.ts), when the run has them. */
  run(clients: ClientFactory, region: string, input: I, context?: ActionContext): Promise<ActionOutcome>;
}

export function defineAction<I>(def: ActionDef<I>): ActionDef<I> {
  return def;
}

/** An action a rule wants done, with a sentence saying what it will do. */
export interface PlannedAction {
  readonly name: string;
  readonly description: string;
  /** Copied from the action's definition: see `ActionDef.routine`. */
  readonly routine?: true;
  /**
   * The region the action runs in, when not the one the finding was evaluated in (an account-wide
   * check planning a change in one region, e.g. creating the trail in its home region).
   */
  readonly region?: string;
  readonly run: (clients: ClientFactory, region: string, context?: ActionContext) => Promise<ActionOutcome>;
}

/** Binds an action to its input: what a rule puts on a finding draft. */
export function plan<I>(
  def: ActionDef<I>,
  input: I,
  description: string,
  where: { readonly region?: string } = {},
): PlannedAction {
  // One literal per shape, in the key order the conditional spreads gave: a rule plans one per
  // resource (9,000 snapshot creations at 100k snapshots), and spread objects are larger.
  const { name } = def;
  const region = where.region;
  const run: PlannedAction['run'] = (clients, r, context) => def.run(clients, r, input, context);
  if (def.routine)
    return region
      ? { name, description, routine: true, region, run }
      : { name, description, routine: true, run };
  return region ? { name, description, region, run } : { name, description, run };
}
