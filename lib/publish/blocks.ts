import type { Finding, Remediation } from '../findings';
import { GLOBAL_REGION } from '../findings';
import { textSafe } from '../output/text-safe';
import { expiredNote } from '../suppressions';
import type { Cause } from './causes';
import { driftLabel, whereText } from './causes';

/**
 * The email's blocks: a finding, or several sharing a cause, as a few lines a person reads without
 * the docs. Each line has its control characters escaped (textSafe): a tag value in a message
 * cannot add lines or forge a finding.
 */

/**
 * What names a resource beyond its id: its `Name` tag, and the `sizeGiB` and `attachedTo` a rule
 * puts in `details` (an EBS volume: `"db-data", 100 GiB, attached to i-0abc`).
 */
export function resourceContext(f: Finding): string {
  const parts: string[] = [];
  const name = f.resource.tags?.Name;
  if (name) parts.push(`"${name}"`);
  const { sizeGiB, attachedTo } = f.details as { sizeGiB?: unknown; attachedTo?: unknown };
  if (typeof sizeGiB === 'number') parts.push(`${sizeGiB} GiB`);
  if (Array.isArray(attachedTo))
    parts.push(attachedTo.length > 0 ? `attached to ${attachedTo.join(', ')}` : 'not attached');
  return parts.join(', ');
}

function remediationLine(r: Remediation): string {
  const verb =
    r.status === 'planned'
      ? 'Would'
      : r.status === 'done'
        ? 'Done'
        : r.status === 'failed'
          ? 'FAILED'
          : 'Skipped';
  return `  ${verb}: ${r.description}${r.reason ? ` (${r.reason})` : ''}${r.error ? ` - ${r.error}` : ''}`;
}

/** The lines under a block's first line that one finding adds: reminder, note, action, its own fix. */
function detailLines(f: Finding): string[] {
  const lines: string[] = [];
  if (f.drift?.reminder)
    lines.push(`  Failing since ${f.drift.firstSeen}; last alerted ${f.drift.lastNotified ?? 'never'}.`);
  const note = f.drift?.note ?? (f.suppression?.expired ? expiredNote(f.suppression) : undefined);
  if (note) lines.push(`  ${note}`);
  if (f.remediation) lines.push(remediationLine(f.remediation));
  if (f.remediationText && f.status !== 'PASS') lines.push(`  How to fix: ${f.remediationText}`);
  return lines;
}

/** One finding: drift label, status, severity, region, resource (and its name, size, attachment). */
export function emailFinding(f: Finding): string {
  const label = f.drift ? `${driftLabel(f)}  ` : '';
  const context = resourceContext(f);
  const lines = [
    `${label}${f.status}  ${f.severity.toUpperCase()}  ${f.region}  ${f.resource.id}${context ? ` (${context})` : ''}`,
    `  ${f.message}`,
    ...detailLines(f),
  ];
  return lines.map(textSafe).join('\n');
}

/**
 * Several findings with one cause (lib/publish/causes.ts) as one block: where (every region listed),
 * each check's message once (the one carrying an action, else a regional one), each distinct action
 * and fix once.
 */
export function emailCause(cause: Cause): string {
  const [first] = cause.findings as [Finding, ...Finding[]];
  if (cause.findings.length === 1) return emailFinding(first);
  const label = first.drift ? `${driftLabel(first)}  ` : '';
  const resource = cause.findings.every((f) => f.resource.id === first.resource.id)
    ? `  ${first.resource.id}`
    : '';
  const regional = cause.regions.filter((r) => r !== GLOBAL_REGION);
  const lines = [
    `${label}${first.status}  ${first.severity.toUpperCase()}  ${whereText(cause.regions)}${resource}  (one cause, ${cause.findings.length} findings)`,
  ];
  if (regional.length > 1) lines.push(`  Regions: ${regional.join(', ')}`);
  const byCheck = new Map<string, Finding[]>();
  for (const f of cause.findings) byCheck.set(f.checkId ?? '', [...(byCheck.get(f.checkId ?? '') ?? []), f]);
  for (const group of byCheck.values()) {
    const speaker =
      group.find((f) => f.remediation) ?? group.find((f) => f.region !== GLOBAL_REGION) ?? group[0];
    if (speaker) lines.push(`  ${speaker.message}`);
  }
  const seen = new Set<string>(lines);
  for (const f of cause.findings) {
    for (const line of detailLines(f)) {
      if (seen.has(line)) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  return lines.map(textSafe).join('\n');
}
