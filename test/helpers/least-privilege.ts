import { functionName } from '../../lib/rule';
import type { RunSummary } from '../../lib/summary';
import { rules } from '../../rules';
import { alertEnv, createInbox } from './alerts';
import { invokeOk } from './invoke';
import type { Moto } from './moto';
import { useMoto } from './moto';

/**
 * Least privilege, held to what the functions really do: each bundled function runs on moto_server
 * in a state that takes it down its read paths and carries out its remediations, and the calls its
 * summary counted (`apiCalls`, the call counter) are compared with the rule's declared permissions,
 * which the template test holds the IAM role to. The runs are split over two files:
 * test/e2e/least-privilege-cis.test.ts has those of `CIS_RULE_IDS`, least-privilege.test.ts the rest.
 */

/** The rules whose runs are in least-privilege-cis.test.ts. */
export const CIS_RULE_IDS: readonly string[] = [
  'ec2-network',
  's3-buckets',
  'iam-credentials',
  'iam-password-policy',
  'iam-policies',
  'cloudwatch-alarms',
  'logging-coverage',
];

/** Called by every function, granted outside the rule's permissions: the identity and the alert. */
const INFRASTRUCTURE = new Set(['sts:GetCallerIdentity', 'sns:Publish']);

/** What a representative run gets: the server (wiped before it) and an invoke of the rule's bundle. */
export interface RunContext {
  readonly moto: Moto;
  /** Invokes the rule's bundle with alerts always published, recording the IAM actions it called. */
  readonly invoke: (event: Record<string, unknown>) => Promise<RunSummary>;
}

/** Per rule, its representative run(s) on moto_server. */
export type LeastPrivilegeRuns = Readonly<Record<string, (context: RunContext) => Promise<void>>>;

/** Per rule, the declared actions no run on moto can reach, each with why and where it is covered. */
export type UnreachableOnMoto = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * For each rule with a run in `runs`: runs it, then checks (1) it called nothing outside its declared
 * permissions (identity and the alert excepted) and nothing listed as unreachable, and (2) it called
 * every declared action but those listed in `unreachable`, each of which must be declared.
 */
export function describeLeastPrivilege(
  title: string,
  runs: LeastPrivilegeRuns,
  unreachable: UnreachableOnMoto,
): void {
  describe(title, () => {
    const moto = useMoto();
    const calls = new Map<string, Set<string>>();

    const invoker =
      (ruleId: string) =>
      async (event: Record<string, unknown>): Promise<RunSummary> => {
        const inbox = await createInbox(moto());
        const summary = await invokeOk<RunSummary>(
          functionName(ruleId),
          event,
          alertEnv(moto(), inbox, { DRIFTWATCH_NOTIFY: 'always' }),
        );
        const seen = calls.get(ruleId) ?? new Set<string>();
        for (const action of Object.keys(summary.apiCalls)) seen.add(action);
        calls.set(ruleId, seen);
        return summary;
      };

    it('runs registered rules only, and lists unreachable actions only for them', () => {
      const registered = new Set(rules.map((r) => r.meta.id));
      expect(Object.keys(runs).filter((id) => !registered.has(id))).toEqual([]);
      expect(Object.keys(unreachable).filter((id) => !(id in runs))).toEqual([]);
    });

    const selected = rules.filter((r) => r.meta.id in runs);
    describe.each(selected.map((r) => [r.meta.id, r] as const))('%s', (ruleId, rule) => {
      const declared = new Set([...rule.meta.permissions.read, ...rule.meta.permissions.remediate]);
      const notReached = unreachable[ruleId] ?? {};

      it('calls nothing outside its declared permissions (identity and the alert excepted)', async () => {
        // Prepare + Act
        await (runs[ruleId] as (context: RunContext) => Promise<void>)({
          moto: moto(),
          invoke: invoker(ruleId),
        });
        const called = [...(calls.get(ruleId) ?? [])];

        // Assess
        expect(called.filter((a) => !declared.has(a) && !INFRASTRUCTURE.has(a))).toEqual([]);
        expect(called.filter((a) => a in notReached)).toEqual([]);
      }, 90_000);

      it('uses every declared action, but those moto cannot reach (each listed with the reason)', () => {
        // Assess (the previous test ran the function)
        const called = calls.get(ruleId) ?? new Set<string>();
        expect(called.size).toBeGreaterThan(0);
        expect([...declared].filter((a) => !called.has(a) && !(a in notReached))).toEqual([]);
        expect(Object.keys(notReached).filter((a) => !declared.has(a))).toEqual([]);
      });
    });
  });
}
