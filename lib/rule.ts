import type { z } from 'zod';
import type { PlannedAction } from './actions/types';
import type { Controls, ResourceRef, Severity, Status } from './findings';
import type { Inventory, ReadDef } from './inventory/types';

export interface RuleMetadata {
  /** Kebab-case; also the rule's file name and (camel-cased) its function name. */
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
  /** Every IAM action the rule's reads (`read`) and actions (`remediate`) need; the function's role grants exactly these. */
  readonly permissions: { readonly read: readonly string[]; readonly remediate: readonly string[] };
  /** What a person does to fix a FAIL, with a documentation link. */
  readonly remediation: { readonly text: string; readonly url: string };
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
   * `account`: the finding is about the whole account, not the evaluated region (e.g. "no
   * multi-region trail"). A regional rule may produce it in every region; it is reported once, with
   * region `global`, keeping the draft that carries an action.
   */
  readonly scope?: 'account';
}

/**
 * A rule: metadata, a parameter schema with defaults, and a pure evaluation over the inventory.
 * A non-compliant resource is a FAIL draft, not an exception; a failed read may simply propagate
 * (the engine reports it as an ERROR finding for the region).
 */
export interface Rule<P = unknown> {
  readonly meta: RuleMetadata;
  /** Validates and defaults `params` of the run request. Use `z.strictObject` so unknown keys are rejected. */
  readonly params: z.ZodType<P>;
  evaluate(context: EvaluationContext<P>): Promise<FindingDraft[]>;
  /**
   * Regional rules only: the read that lists the regions to evaluate (normally `enabledRegions`).
   * It is named by the rule rather than imported by the engine so that a global rule's bundle does
   * not carry the EC2 client (about 570 KB minified).
   */
  readonly regions?: ReadDef<string[]>;
}

export function defineRule<P>(rule: Rule<P>): Rule<P> {
  return rule;
}

/** `root-account-mfa` → `rootAccountMfa`: the Serverless function and bundle name of a rule. */
export function functionName(ruleId: string): string {
  return ruleId.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
