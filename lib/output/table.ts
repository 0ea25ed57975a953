import type { Finding, Status } from '../findings';
import { worstSeverity } from '../findings';
import type { ScanReport } from './report';
import { textSafe } from './text-safe';

export interface TableOptions {
  /** ANSI colour (only on a TTY, and never with NO_COLOR). @default false */
  readonly colour?: boolean;
  /** Terminal width: long messages wrap to it. Without it (piped output) each finding stays on one line. */
  readonly width?: number;
  /** Show PASS and NOT_APPLICABLE rows too. @default false */
  readonly all?: boolean;
}

const ANSI = { red: 31, yellow: 33, green: 32, magenta: 35, dim: 2, bold: 1 } as const;
type Paint = (style: keyof typeof ANSI, text: string) => string;

const STATUS_STYLE: Readonly<Record<Status, keyof typeof ANSI>> = {
  FAIL: 'red',
  ERROR: 'magenta',
  PASS: 'green',
  NOT_APPLICABLE: 'dim',
  SUPPRESSED: 'dim',
};

const HEADERS = ['STATUS', 'SEVERITY', 'RULE', 'REGION', 'RESOURCE', 'FINDING'] as const;

/**
 * The scan as a table a person reads in a terminal: a header naming the account and where the data
 * came from, one row per finding needing attention (failures first), planned or carried-out changes
 * under their finding, and a one-line summary. Text that comes from the account (tag values in
 * messages, resource ids) has its control characters escaped (textSafe), so it cannot add a row.
 */
export function renderTable(report: ScanReport, options: TableOptions = {}): string {
  const paint: Paint = options.colour
    ? (style, text) => `\u001b[${ANSI[style]}m${text}\u001b[0m`
    : (_, text) => text;
  const shown = report.findings.filter((f) => options.all || f.status === 'FAIL' || f.status === 'ERROR');
  const lines = [paint('bold', textSafe(heading(report))), ''];

  if (shown.length === 0) {
    lines.push(report.findings.length === 0 ? 'No findings.' : paint('green', 'Nothing failing.'));
  } else {
    const rows = shown.map((f) =>
      [f.status, f.severity, f.ruleId, f.region, shortId(f.resource.id)].map(textSafe),
    );
    const widths = HEADERS.slice(0, 5).map((h, i) =>
      Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
    );
    const indent = widths.reduce((sum, w) => sum + w + 2, 0);
    const messageWidth = options.width ? Math.max(30, options.width - indent) : Infinity;
    const pad = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
    lines.push(paint('bold', `${pad(HEADERS.slice(0, 5))}  ${HEADERS[5]}`));
    for (const [i, f] of shown.entries()) {
      const cells = rows[i] as string[];
      const [first, ...rest] = wrap(textSafe(f.message), messageWidth);
      const styled = pad(cells).replace(f.status, paint(STATUS_STYLE[f.status], f.status));
      lines.push(`${styled}  ${first ?? ''}`);
      for (const more of rest) lines.push(`${' '.repeat(indent)}${more}`);
      const change = changeLine(f);
      if (change)
        for (const part of wrap(textSafe(change), messageWidth))
          lines.push(`${' '.repeat(indent)}${paint('yellow', part)}`);
    }
  }
  lines.push('', summary(report, shown.length));
  return `${lines.join('\n')}\n`;
}

function heading(report: ScanReport): string {
  const where =
    report.source.kind === 'snapshot'
      ? `snapshot ${report.source.file}, captured ${report.source.capturedAt} and evaluated as of that time`
      : `live, at ${report.evaluatedAt}`;
  return `driftwatch: account ${report.account} (${where})`;
}

function changeLine(f: Finding): string | undefined {
  const r = f.remediation;
  if (!r) return undefined;
  const verb = { planned: 'Would', done: 'Done', skipped: 'Skipped', failed: 'FAILED' }[r.status];
  const why = r.reason ? ` (${r.reason})` : '';
  const error = r.error ? `: ${r.error}` : '';
  return `-> ${verb}: ${r.description}${why}${error}`;
}

function summary(report: ScanReport, shown: number): string {
  const c = report.counts;
  const regions = new Set(report.runs.flatMap((r) => r.regions).filter((r) => r !== 'global'));
  // The worst severity of what failed: an ERROR (a check that could not run) has no verdict to rank.
  const worst = worstSeverity(report.findings.filter((f) => f.status === 'FAIL'));
  const scope = `${report.runs.length} rule${report.runs.length === 1 ? '' : 's'}, ${regions.size} region${regions.size === 1 ? '' : 's'}`;
  const counts = [
    `${c.FAIL} FAIL${worst ? ` (worst: ${worst})` : ''}`,
    `${c.ERROR} ERROR`,
    `${c.PASS} PASS`,
    `${c.NOT_APPLICABLE} NOT_APPLICABLE`,
    ...(c.SUPPRESSED > 0 ? [`${c.SUPPRESSED} SUPPRESSED`] : []),
  ];
  const parts = [`${scope}: ${counts.join(', ')}.`];
  if (c.ERROR > 0) {
    const evaluated = report.findings.length - c.ERROR;
    parts.push(
      evaluated === 0
        ? `Nothing was evaluated: every check ended in ERROR (could not read the account; see the ERROR rows).`
        : `${c.ERROR} check${c.ERROR === 1 ? '' : 's'} could not run (ERROR rows): their resources are neither passing nor failing.`,
    );
  }
  const missing = report.notRecorded ?? [];
  if (missing.length > 0) {
    parts.push(
      `Not evaluated: ${missing.length} rule${missing.length === 1 ? '' : 's'} the snapshot has no data for:`,
    );
    for (const m of missing) parts.push(`  ${m.ruleId}: no "${m.read}" for ${m.key}; ${m.advice}.`);
  }
  const hidden = report.findings.length - shown;
  if (hidden > 0)
    parts.push(
      `${hidden} passing or not-applicable finding${hidden === 1 ? '' : 's'} not shown (--all shows them).`,
    );
  const changes = report.runs.reduce(
    (acc, r) => ({
      done: acc.done + r.changes.done,
      failed: acc.failed + r.changes.failed,
      planned: acc.planned + r.changes.planned,
    }),
    { done: 0, failed: 0, planned: 0 },
  );
  if (changes.done + changes.failed > 0)
    parts.push(`Changes: ${changes.done} done, ${changes.failed} failed.`);
  else if (changes.planned > 0) {
    const routine = report.findings.filter(
      (f) => f.remediation?.status === 'planned' && f.remediation.routine,
    ).length;
    const note = routine > 0 ? ` (${routine} of them routine snapshot work)` : '';
    parts.push(
      `${changes.planned} action${changes.planned === 1 ? '' : 's'} planned${note}, none carried out.`,
    );
  }
  return parts.join('\n');
}

/** An ARN shown by its last part (`trail/x` → `x`); the full id is in the JSON and OCSF outputs. */
function shortId(id: string): string {
  if (!id.startsWith('arn:')) return id;
  return id.slice(Math.max(id.lastIndexOf('/'), id.lastIndexOf(':')) + 1) || id;
}

/** Greedy word wrap; a word longer than the width gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  if (!Number.isFinite(width) || text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
