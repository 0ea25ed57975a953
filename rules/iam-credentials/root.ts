import type { CredentialReportUser } from '../../lib/inventory/iam-credential-report';
import type { FindingDraft } from '../../lib/rule';
import { CHECKS, daysSince } from './checks';

/** The root user's rows: no access keys (CIS 1.3) and no recent use (CIS 1.6, heuristic). */
export function rootDrafts(
  root: CredentialReportUser | undefined,
  account: string,
  now: Date,
  rootUseWindowDays: number,
): FindingDraft[] {
  const resource = { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` };
  if (!root) {
    return [CHECKS.rootAccessKeys, CHECKS.rootRecentUse].map((check) => ({
      resource,
      checkId: check.id,
      controls: check.controls,
      status: 'NOT_APPLICABLE' as const,
      message: `The credential report of account ${account} has no root user row, so root cannot be assessed.`,
    }));
  }
  const activeKeys = root.accessKeys.filter((k) => k.active).map((k) => k.slot);
  const uses = [root.passwordLastUsed, ...root.accessKeys.map((k) => k.lastUsed)].filter(
    (d): d is string => d !== undefined,
  );
  const lastUsed = uses.sort().at(-1);
  const ageDays = lastUsed === undefined ? undefined : daysSince(lastUsed, now);
  const recent = ageDays !== undefined && ageDays < rootUseWindowDays;
  return [
    {
      resource,
      checkId: CHECKS.rootAccessKeys.id,
      controls: CHECKS.rootAccessKeys.controls,
      severity: 'critical',
      status: activeKeys.length > 0 ? 'FAIL' : 'PASS',
      message:
        activeKeys.length > 0
          ? `The root user of account ${account} has ${activeKeys.length} active access key${activeKeys.length > 1 ? 's, which give' : ', which gives'} unlimited API access without MFA.`
          : `The root user of account ${account} has no active access keys.`,
      details: { activeKeySlots: activeKeys },
    },
    {
      resource,
      checkId: CHECKS.rootRecentUse.id,
      controls: CHECKS.rootRecentUse.controls,
      severity: 'medium',
      status: recent ? 'FAIL' : 'PASS',
      message: recent
        ? `The root user of account ${account} was used ${ageDays === 0 ? 'today' : `${ageDays} days ago`}; use an administrator role for daily tasks and keep root for the few tasks that need it.`
        : lastUsed === undefined
          ? `The root user of account ${account} has no recorded use.`
          : `The root user of account ${account} was last used ${ageDays} days ago, outside the ${rootUseWindowDays}-day window.`,
      details: {
        ...(lastUsed ? { lastUsed } : {}),
        windowDays: rootUseWindowDays,
        heuristic: CHECKS.rootRecentUse.heuristic,
      },
    },
  ];
}
