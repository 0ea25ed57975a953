import type { Finding } from '../findings';
import { GLOBAL_REGION } from '../findings';
import { pushTo } from '../collections';

/**
 * Findings that share one cause, for the email: one stopped multi-region trail fails the account
 * check and every region's check with the same evidence, and is one thing to fix, so it is one
 * block listing its regions rather than 25 near-identical ones.
 */
export interface Cause {
  /** In the order given (at least one). */
  readonly findings: readonly Finding[];
  /** The distinct regions, `global` (account-wide) first, then sorted. */
  readonly regions: readonly string[];
}

/** Resources that only say where a finding is (the region, the account): not a cause by themselves. */
const PLACE_TYPES = new Set(['AwsRegion', 'AwsAccount']);

/** `NEW`, `REMINDER`, `RESOLVED`, `STILL_FAILING`, or '' without drift: the label a block shows. */
export function driftLabel(f: Finding): string {
  if (!f.drift) return '';
  return f.drift.reminder ? 'REMINDER' : f.drift.state;
}

/** Objects with their keys sorted, so equal evidence serialises equally. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

function withoutRegion(text: string, region: string): string {
  return region === GLOBAL_REGION ? text : text.split(region).join('{region}');
}

/**
 * What makes two findings one cause: the same rule, status, severity and drift label, the same
 * resource (unless the resource is just the region or account), and the same evidence (`details`).
 * An ERROR's evidence and a finding without details are compared with their own region taken out
 * (the same AccessDenied in five regions is one cause). A different check with the same evidence
 * (the account check and the regions' checks of one stopped trail) is the same cause.
 */
export function causeKey(f: Finding): string {
  const resource = PLACE_TYPES.has(f.resource.type) ? '' : f.resource.id;
  const hasDetails = Object.keys(f.details).length > 0;
  const evidence =
    hasDetails && f.status !== 'ERROR'
      ? stable(f.details)
      : `${f.checkId ?? ''}|${withoutRegion(hasDetails ? stable(f.details) : f.message, f.region)}`;
  return stable([f.ruleId, f.status, f.severity, driftLabel(f), resource, evidence]);
}

/** Groups findings by `causeKey`, in the order each cause first appears. */
export function groupByCause(findings: readonly Finding[]): Cause[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    pushTo(groups, causeKey(f), f);
  }
  return [...groups.values()].map((group) => ({ findings: group, regions: regionsOf(group) }));
}

function regionsOf(findings: readonly Finding[]): string[] {
  const regions = [...new Set(findings.map((f) => f.region))];
  return regions.sort((a, b) => (a === GLOBAL_REGION ? -1 : b === GLOBAL_REGION ? 1 : a.localeCompare(b)));
}

/** `account-wide and 24 regions`, `3 regions`, `account-wide and us-east-1`, `us-east-1`, `global`: where a cause is, in a few words. */
export function whereText(regions: readonly string[]): string {
  const regional = regions.filter((r) => r !== GLOBAL_REGION);
  const global = regional.length < regions.length;
  if (regional.length === 0) return GLOBAL_REGION;
  const n = regional.length === 1 ? (regional[0] as string) : `${regional.length} regions`;
  return global ? `account-wide and ${n}` : n;
}
