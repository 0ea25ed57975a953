import type { Finding } from '../../lib/findings';

/** The finding of `checkId` in `region`, or undefined when the run has none. */
export function findingIn(
  findings: readonly Finding[],
  region: string,
  checkId: string,
): Finding | undefined {
  return findings.find((f) => f.region === region && f.checkId === checkId);
}

/** The finding of `checkId` in `region`; fails naming the findings the run has when there is none. */
export function requireFinding(findings: readonly Finding[], region: string, checkId: string): Finding {
  const found = findingIn(findings, region, checkId);
  if (!found)
    throw new Error(
      `no ${checkId} finding in ${region}: ${JSON.stringify(findings.map((f) => [f.region, f.checkId]))}`,
    );
  return found;
}

/** The account-wide finding of `checkId`: reported once per run, with region `global`. */
export function accountFinding(findings: readonly Finding[], checkId: string): Finding {
  const all = findings.filter((f) => f.checkId === checkId);
  expect(all.map((f) => f.region)).toEqual(['global']);
  return all[0] as Finding;
}
