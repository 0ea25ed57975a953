import type { SnapshotReadMissingError } from '../lib/errors';
import type { SnapshotFile } from '../lib/inventory/snapshot-file';
import type { NotRecorded } from '../lib/output/report';

/**
 * A selected rule the snapshot has no data for, with advice that fits how the file was made: a rule
 * it was not recorded for (or a file that does not list its rules) needs `snapshot --rule ID`; a rule
 * it was recorded for but that reads more now (the file is older than the rule) needs recording again.
 */
export function notRecorded(
  ruleId: string,
  error: SnapshotReadMissingError,
  snapshot: SnapshotFile,
): NotRecorded {
  const regions = snapshot.regions === 'all' ? '' : ` --regions ${snapshot.regions.join(',')}`;
  const command = `\`driftwatch snapshot --rule ${ruleId}${regions} --out FILE\``;
  const recorded = snapshot.rules;
  let advice: string;
  if (recorded === undefined)
    advice = `the file does not list the rules it was recorded for; record with ${command}`;
  else if (!recorded.includes(ruleId))
    advice = `it was recorded for ${recorded.length > 0 ? recorded.join(', ') : 'no rule'} only; record with ${command}`;
  else
    advice = `it was recorded${snapshot.generator ? ` by ${snapshot.generator}` : ''} before ${ruleId} made this read; record it again with ${command}`;
  return { ruleId, read: error.read, key: error.key, advice };
}

/** The one stderr line per rule not evaluated. */
export function notRecordedLine(entry: NotRecorded, file: string): string {
  return `driftwatch: ${entry.ruleId} not evaluated: snapshot ${file} has no "${entry.read}" for ${entry.key}; ${entry.advice}.\n`;
}
