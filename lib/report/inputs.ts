import { readFileSync } from 'node:fs';
import { errorMessage, ValidationError } from '../errors';
import { SEVERITIES, STATUSES } from '../findings';
import type { ScanJson } from '../output/json';

/**
 * Reads a scan's JSON (`driftwatch scan --format json`) for the report, checking the fields the
 * report reads so a wrong file fails with the field named rather than a broken report.
 */
export function loadScanJson(path: string, flag = '--scan'): ScanJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`${flag}: cannot read ${path} as JSON: ${errorMessage(error)}.`, [flag], {
      cause: error,
    });
  }
  return parseScanJson(parsed, `${flag} ${path}`);
}

/** Checks an already-parsed scan JSON document (`where` names it in errors). */
export function parseScanJson(value: unknown, where: string): ScanJson {
  const fail = (field: string, expected: string): never => {
    throw new ValidationError(
      `${where}: ${field} must be ${expected} (the output of driftwatch scan --format json).`,
      [field],
    );
  };
  if (typeof value !== 'object' || value === null) return fail('(document)', 'a JSON object');
  const doc = value as Record<string, unknown>;
  if (doc.schema !== 'driftwatch.scan/1') fail('schema', '"driftwatch.scan/1"');
  if (!Array.isArray(doc.runs)) fail('runs', 'an array');
  if (!Array.isArray(doc.findings)) fail('findings', 'an array');
  (doc.findings as unknown[]).forEach((f, i) => {
    const finding = f as Record<string, unknown> | null;
    for (const field of ['id', 'ruleId', 'account', 'status', 'severity', 'message'] as const)
      if (typeof finding?.[field] !== 'string') fail(`findings[${i}].${field}`, 'a string');
    if (!(STATUSES as readonly unknown[]).includes(finding?.status))
      fail(`findings[${i}].status`, `one of ${STATUSES.join(', ')}`);
    if (!(SEVERITIES as readonly unknown[]).includes(finding?.severity))
      fail(`findings[${i}].severity`, `one of ${SEVERITIES.join(', ')}`);
  });
  (doc.runs as unknown[]).forEach((r, i) => {
    const run = r as Record<string, unknown> | null;
    for (const field of ['ruleId', 'account', 'finishedAt'] as const)
      if (typeof run?.[field] !== 'string') fail(`runs[${i}].${field}`, 'a string');
    if (typeof run?.partial !== 'boolean') fail(`runs[${i}].partial`, 'true or false');
  });
  return value as ScanJson;
}
