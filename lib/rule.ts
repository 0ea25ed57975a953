import type * as z from 'zod/mini';
import type { ActionDef, PlannedAction } from './actions/types';
import type { ApiTrigger } from './events/types';
import type { Controls, ResourceRef, Severity, Status } from './findings';
import type { Inventory, ReadDef } from './inventory/types';

/** How the rule's function is deployed; the template is generated from it (`deploy/`). */
export interface RuleDeployment {
  /** The default EventBridge schedule, e.g. `rate(1 day)`; a stage overrides it with `<function>Rate`. */
  readonly schedule: string;
  /** MB, where the rule needs more than the fleet's default (512). */
  readonly memorySize?: number;
  /** Seconds, where the rule needs other than the fleet's default (300). */
  readonly timeout?: number;
}

/** What a rule author writes: everything but the permissions, which are derived. */
export interface RuleMetadataInput {
  /** Kebab-case; also the rule's folder name and (camel-cased) its function name. */
  readonly id: string;
  /** States the compliant condition: "The root user has MFA enabled". */
  readonly title: string;
  readonly description: string;
  /** Why it matters, in a sentence or two. */
  readonly risk: string;
  readonly severity: Severity;
  /** e.g. `AwsAccount`, `AwsCloudTrailTrail`. */
  readonly resourceType: string;
  /** `global`: evaluated once per account; `regional`: once per enabled region. */
  readonly scope: 'global' | 'regional';
  readonly controls: Controls;
  /** What a person does to fix a FAIL, with a documentation link. */
  readonly remediation: { readonly text: string; readonly url: string };
  readonly deployment: RuleDeployment;
  /**
   * The rule's checks (one per `checkId` its findings carry), each with the controls it evidences,
   * so the benchmark coverage (docs/cis-aws-foundations-v5.md) can be read without running the rule.
   * `heuristic` says what the check infers rather than reads. @default one check: the rule's controls
   */
  readonly checks?: readonly {
    readonly id: string;
    readonly title: string;
    readonly controls: Controls;
    readonly heuristic?: string;
  }[];
  /**
   * The API calls (CloudTrail events through EventBridge) that can break what the rule checks, e.g.
   * `[{ source: 'aws.cloudtrail', eventNames: ['StopLogging', 'DeleteTrail'] }]`. The template routes
   * exactly these to the rule's function (deploy/triggers.ts; the member accounts forward them,
   * deploy/member-events.yml), which re-evaluates that account and region at once and names the
   * caller in the alert (lib/events). The schedule stays as the backstop. @default none
   */
  readonly triggers?: readonly ApiTrigger[];
}

export interface RuleMetadata extends RuleMetadataInput {
  /**
   * Every IAM action the rule's reads (`read`) and actions (`remediate`) need, derived by
   * `defineRule` from the reads and actions the rule declares (never listed by hand); the
   * function's role grants exactly these.
   */
  readonly permissions: { readonly read: readonly string[]; readonly remediate: readonly string[] };
}

export interface EvaluationContext<P> {
  readonly inventory: Inventory;
  readonly account: string;
  /** The region being evaluated, or `global` for global rules. */
  readonly region: string;
  readonly params: P;
  readonly now: Date;
}

/** What a rule returns for one resource; the engine completes it into a `Finding`. */
export interface FindingDraft {
  readonly resource: ResourceRef;
  readonly status: Exclude<Status, 'SUPPRESSED'>;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly checkId?: string;
  /**
   * The controls this check maps to, when narrower than the rule's (a rule with several checks, e.g.
   * CIS 3.2 for log-file validation only). @default the rule's `meta.controls`
   */
  readonly controls?: Controls;
  /** Overrides the rule's severity for this finding (e.g. a lower-severity sub-check). */
  readonly severity?: Severity;
  readonly action?: PlannedAction;
  /**
   * How to fix this finding in its state, when the rule's generic `meta.remediation.text` does not
   * fit it (MFA on but virtual: what to do for hardware, not "assign an MFA device"). The alert shows
   * it with the finding in place of the generic text.
   */
  readonly remediationText?: string;
  /**
   * `account`: the finding is about the whole account, not the evaluated region (e.g. "no
   * multi-region trail"). A regional rule may produce it in every region; it is reported once, with
   * region `global`, keeping the draft that carries an action.
   */
  readonly scope?: 'account';
}

/** An account-wide evaluation of a regional rule: runs once per run, with the regions being scanned. */
export type AccountEvaluationContext<P> = EvaluationContext<P> & { readonly regions: readonly string[] };

/** A rule's params schema (zod/mini, so a bundle carries no zod classic), with its parse methods. */
export type ParamsSchema<P> = z.core.$ZodType<P> & {
  parse(data: unknown): NoInfer<P>;
  safeParse(data: unknown): z.core.util.SafeParseResult<NoInfer<P>>;
};

/** What a rule author writes (`defineRule` derives the rest). */
export interface RuleDefinition<P> {
  readonly meta: RuleMetadataInput;
  /** Validates and defaults `params` of the run request. Use `z.strictObject` so unknown keys are rejected. */
  readonly params: ParamsSchema<P>;
  /**
   * Every inventory read `evaluate`/`evaluateAccount` may make (the regions read included). The
   * rule's read permissions are the union of their `actions`; reading anything else throws.
   */
  readonly reads: readonly ReadDef<unknown>[];
  /** Every remediation the rule may plan; their names are its remediate permissions. */
  readonly actions?: readonly ActionDef<never>[];
  evaluate(context: EvaluationContext<P>): Promise<FindingDraft[]>;
  /**
   * Regional rules: account-wide checks (e.g. "the account has a multi-region trail"), evaluated
   * once per run rather than in every region; its findings are reported with region `global`.
   */
  evaluateAccount?(context: AccountEvaluationContext<P>): Promise<FindingDraft[]>;
  /**
   * Regional rules only: the read that lists the regions to evaluate (normally `enabledRegions`).
   * It is named by the rule rather than imported by the engine so that a global rule's bundle does
   * not carry the EC2 client (about 570 KB minified).
   */
  readonly regions?: ReadDef<string[]>;
}

/**
 * A rule: metadata (permissions derived), a parameter schema with defaults, and a pure evaluation
 * over the inventory. A non-compliant resource is a FAIL draft, not an exception; a failed read may
 * simply propagate (the engine reports it as an ERROR finding for the region).
 */
export interface Rule<P = unknown> extends RuleDefinition<P> {
  readonly meta: RuleMetadata;
}

/**
 * Declares a rule. Its permissions are summed from the reads and actions it declares (as Cloud
 * Custodian sums the `permissions` of a policy's filters and actions), and its evaluation sees an
 * inventory that refuses undeclared reads, so the declared list cannot fall behind the code.
 */
export function defineRule<P>(definition: RuleDefinition<P>): Rule<P> {
  const reads = definition.regions ? [...definition.reads, definition.regions] : definition.reads;
  const declared = new Set(reads.map((r) => r.name));
  const guard = (inventory: Inventory): Inventory => ({
    source: inventory.source,
    get<T>(read: ReadDef<T>, region?: string): Promise<T> {
      if (!declared.has(read.name))
        return Promise.reject(
          new TypeError(
            `Rule ${definition.meta.id} read ${read.name}, which it does not declare in \`reads\`; add it there (its IAM actions are derived from that list).`,
          ),
        );
      return inventory.get(read, region);
    },
  });
  const evaluateAccount = definition.evaluateAccount?.bind(definition);
  return {
    ...definition,
    meta: {
      ...definition.meta,
      permissions: {
        read: unique(reads.flatMap((r) => r.actions)),
        remediate: unique((definition.actions ?? []).flatMap((a) => [a.name, ...(a.alsoNeeds ?? [])])),
      },
    },
    evaluate: (context) => definition.evaluate({ ...context, inventory: guard(context.inventory) }),
    ...(evaluateAccount
      ? { evaluateAccount: (context) => evaluateAccount({ ...context, inventory: guard(context.inventory) }) }
      : {}),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** `root-account-mfa` → `rootAccountMfa`: the Serverless function and bundle name of a rule. */
export function functionName(ruleId: string): string {
  return ruleId.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
