import type { StatusCounts } from '../findings';
import type { CellStatus, PostureDay, PostureModel } from '../report/model';
import { cellKey } from '../report/model';

/** Escapes text for HTML element content and quoted attribute values (`&`, `<`, `>`, `"`, `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Heatmap colours (also the chart's): red fails, amber errors, grey suppressed, green passes. */
export const STATUS_COLOURS: Readonly<Record<CellStatus, string>> = {
  FAIL: '#c62828',
  ERROR: '#ef8f00',
  SUPPRESSED: '#78909c',
  PASS: '#2e7d32',
  NOT_APPLICABLE: '#cfd8dc',
};

const LABELS: Readonly<Record<CellStatus, string>> = {
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  SUPPRESSED: 'SUPPRESSED',
  PASS: 'PASS',
  NOT_APPLICABLE: 'N/A',
};

/** `FAIL 3, ERROR 1, PASS 12`: the non-zero counts. */
export function countsText(counts: StatusCounts): string {
  const parts = (Object.keys(LABELS) as CellStatus[]).flatMap((s) =>
    counts[s] > 0 ? [`${LABELS[s]} ${counts[s]}`] : [],
  );
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** The account × rule table: one cell per pair, coloured by its worst status; partial cells striped. */
export function heatmap(model: PostureModel): string {
  const head = model.rules
    .map((r) => `<th class="rule" title="${escapeHtml(r.title)}"><span>${escapeHtml(r.id)}</span></th>`)
    .join('');
  const rows = model.accounts.map((account) => {
    const a = escapeHtml(account);
    const cells = model.rules.map((r) => {
      const cell = model.cells.get(cellKey(r.id, account));
      if (!cell) return `<td class="c none" data-rule="${escapeHtml(r.id)}" title="no data">·</td>`;
      const failing = cell.counts.FAIL + cell.counts.ERROR;
      const mark = cell.partial ? '*' : '';
      const text = failing > 0 ? String(failing) : cell.status === 'PASS' ? '✓' : '–';
      const why = `${r.id} on ${account}: ${countsText(cell.counts)}${cell.partial ? ' (partial scan: some regions or checks could not be evaluated)' : ''}`;
      return `<td class="c s-${cell.status}${cell.partial ? ' partial' : ''}" data-rule="${escapeHtml(r.id)}" data-status="${cell.status}" title="${escapeHtml(why)}">${text}${mark}</td>`;
    });
    return `<tr data-account="${a}"><th class="acct">${a}</th>${cells.join('')}</tr>`;
  });
  return `<table class="heatmap" id="heatmap"><thead><tr><th>Account</th>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** CSS for the status classes, from STATUS_COLOURS (so the chart, legend and heatmap agree). */
export function statusCss(): string {
  return (Object.keys(STATUS_COLOURS) as CellStatus[])
    .map(
      (s) => `.s-${s}{background-color:${STATUS_COLOURS[s]};${s === 'NOT_APPLICABLE' ? '' : 'color:#fff;'}}`,
    )
    .join('\n');
}

export function legend(): string {
  const items = (Object.keys(LABELS) as CellStatus[]).map(
    (s) => `<span class="key"><span class="sw s-${s}"></span>${LABELS[s]}</span>`,
  );
  items.push('<span class="key"><span class="sw s-PASS partial"></span>partial scan (striped, *)</span>');
  items.push('<span class="key"><span class="sw none"></span>no data</span>');
  return `<p class="legend">${items.join(' ')}</p>`;
}

const BAR = 8;
const HEIGHT = 140;

/**
 * The posture chart: one bar per day (FAIL red, ERROR amber, stacked), partial days hatched and
 * labelled, days without data marked as such: a partial day's lower count never reads as progress.
 */
export function postureChart(days: readonly PostureDay[]): string {
  const max = Math.max(1, ...days.map((d) => d.counts.FAIL + d.counts.ERROR));
  const bars = days.map((d, i) => {
    const x = i * BAR;
    if (d.runs === 0)
      return `<rect class="nodata" x="${x + 1}" y="${HEIGHT - 2}" width="${BAR - 2}" height="2" fill="#b0bec5"><title>${d.day}: no data</title></rect>`;
    const fail = (d.counts.FAIL / max) * HEIGHT;
    const error = (d.counts.ERROR / max) * HEIGHT;
    const label = `${d.day}: ${d.counts.FAIL} failing, ${d.counts.ERROR} errors, ${d.counts.PASS} passing${d.partial ? ' (partial: some regions or checks could not be evaluated)' : ''}`;
    const parts = [
      `<rect x="${x + 1}" y="${(HEIGHT - fail).toFixed(1)}" width="${BAR - 2}" height="${fail.toFixed(1)}" fill="${STATUS_COLOURS.FAIL}"/>`,
      `<rect x="${x + 1}" y="${(HEIGHT - fail - error).toFixed(1)}" width="${BAR - 2}" height="${error.toFixed(1)}" fill="${STATUS_COLOURS.ERROR}"/>`,
    ];
    if (d.partial)
      parts.push(
        `<rect x="${x}" y="0" width="${BAR}" height="${HEIGHT}" fill="url(#hatch)" class="partial-day"/>`,
      );
    return `<g class="day${d.partial ? ' partial' : ''}" data-day="${d.day}"><title>${escapeHtml(label)}</title>${parts.join('')}</g>`;
  });
  const width = days.length * BAR;
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  return `<svg class="chart" id="posture" xmlns="http://www.w3.org/2000/svg" width="${width + 40}" height="${HEIGHT + 24}" viewBox="-36 -4 ${width + 40} ${HEIGHT + 24}" role="img" aria-label="Failing findings per day">
<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="4" fill="#37474f" fill-opacity="0.35"/></pattern></defs>
<line x1="0" y1="${HEIGHT}" x2="${width}" y2="${HEIGHT}" stroke="#90a4ae"/>
<text x="-4" y="8" text-anchor="end" font-size="10">${max}</text><text x="-4" y="${HEIGHT}" text-anchor="end" font-size="10">0</text>
${bars.join('\n')}
<text x="0" y="${HEIGHT + 14}" font-size="10">${first}</text><text x="${width}" y="${HEIGHT + 14}" font-size="10" text-anchor="end">${last}</text>
</svg>`;
}
