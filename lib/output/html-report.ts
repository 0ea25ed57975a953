import type { StatusCounts } from '../findings';
import type { OpenFinding, PostureModel } from '../report/model';
import { formatHours } from '../report/stats';
import { DRIFTWATCH_VERSION } from '../version';
import { escapeHtml as e, heatmap, legend, postureChart, statusCss } from './html-parts';

/**
 * The posture report: one self-contained HTML page (inline CSS and SVG, no script, no external
 * resource; its Content-Security-Policy forbids any), rendered from the model `buildPosture` makes
 * of the state and/or scans. Every string that comes from an account (tags, messages, ids) is
 * escaped. Pure.
 */
export function renderHtmlReport(model: PostureModel): string {
  const total = sum([...model.accountCounts.values()]);
  const partialCells = [...model.cells.values()].filter((c) => c.partial).length;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>driftwatch posture report</title>
<style>${CSS}
${statusCss()}</style></head>
<body>
<header><h1>driftwatch posture</h1>
<p class="meta">Generated ${e(model.generatedAt)} by driftwatch ${e(DRIFTWATCH_VERSION)} from ${model.sources.map(e).join(', ') || 'no source'}.</p>
<p class="summary" id="summary"><b>${model.accounts.length}</b> accounts · <b>${model.rules.length}</b> rules · <b class="n-FAIL">${total.FAIL}</b> failing · <b class="n-ERROR">${total.ERROR}</b> errors · <b>${total.SUPPRESSED}</b> suppressed · <b>${total.PASS}</b> passing${partialCells > 0 ? ` · <b>${partialCells}</b> partial scans (not counted as passing)` : ''}</p></header>
<section><h2>Accounts × rules</h2>${legend()}<div class="scroll">${heatmap(model)}</div></section>
<section><h2>Posture, last ${model.days.length} days</h2>
<p class="note">Failing (red) and error (amber) findings per day; hatched days were partial scans, so a lower bar there is not an improvement.</p>
${postureChart(model.days)}</section>
<section><h2>Rules</h2>${rulesTable(model)}</section>
<section><h2>Open findings</h2>${openTable(model)}</section>
<section><h2>Accounts</h2>${accountsTable(model)}</section>
</body></html>
`;
}

const CSS = `body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#263238;background:#fafafa}
h1{margin:0 0 4px}h2{margin:28px 0 8px;font-size:18px}.meta,.note{color:#607d8b;margin:2px 0}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #e0e0e0;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eceff1;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow:auto;max-height:640px}.heatmap td.c{text-align:center;min-width:26px;font-size:12px}
.heatmap th.rule{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-size:12px}
.heatmap th.acct{font-family:ui-monospace,monospace;font-weight:400}
.partial{background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.45) 0 3px,transparent 3px 7px)}
td.none,.sw.none{background:#fff;color:#b0bec5}.legend .key{margin-right:12px;white-space:nowrap}
.sw{display:inline-block;width:14px;height:14px;border:1px solid #90a4ae;vertical-align:middle;margin-right:4px}
.n-FAIL{color:#c62828}.n-ERROR{color:#ef8f00}code{font-family:ui-monospace,monospace;font-size:12px}`;

function sum(all: readonly StatusCounts[]): StatusCounts {
  const total: StatusCounts = { FAIL: 0, ERROR: 0, PASS: 0, NOT_APPLICABLE: 0, SUPPRESSED: 0 };
  for (const c of all) for (const k of Object.keys(total) as (keyof StatusCounts)[]) total[k] += c[k];
  return total;
}

const num = (n: number) => `<td class="num">${n}</td>`;
const countCells = (c: StatusCounts) =>
  [c.FAIL, c.ERROR, c.SUPPRESSED, c.PASS, c.NOT_APPLICABLE].map(num).join('');
const COUNT_HEAD = '<th>FAIL</th><th>ERROR</th><th>SUPPRESSED</th><th>PASS</th><th>N/A</th>';

function rulesTable(model: PostureModel): string {
  const rows = model.ruleStats.map(
    (r) =>
      `<tr data-rule="${e(r.ruleId)}"><td><code>${e(r.ruleId)}</code><br>${e(r.title)}</td>${countCells(r.counts)}` +
      `${num(r.openAge.count)}<td>${formatHours(r.openAge.p50)}</td><td>${formatHours(r.openAge.p90)}</td>` +
      `${num(r.resolved.count)}<td>${formatHours(r.resolved.mean)}</td><td>${formatHours(r.resolved.p50)}</td><td>${formatHours(r.resolved.p90)}</td></tr>`,
  );
  return `<table id="rules"><thead><tr><th rowspan="2">Rule</th><th colspan="5">Findings (all accounts)</th><th colspan="3">Open: age</th><th colspan="4">Resolved: time to resolve</th></tr>
<tr>${COUNT_HEAD}<th>open</th><th>p50</th><th>p90</th><th>resolved</th><th>MTTR</th><th>p50</th><th>p90</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function accountsTable(model: PostureModel): string {
  const rows = model.accounts.map((a) => {
    const counts = model.accountCounts.get(a);
    const partial = model.rules.filter((r) => model.cells.get(`${r.id}|${a}`)?.partial).length;
    return `<tr data-account="${e(a)}"><td><code>${e(a)}</code></td>${counts ? countCells(counts) : ''}${num(partial)}</tr>`;
  });
  return `<table id="accounts"><thead><tr><th>Account</th>${COUNT_HEAD}<th>partial rules</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function openTable(model: PostureModel): string {
  const shown =
    model.openTotal > model.open.length
      ? `<p class="note">Showing the ${model.open.length} worst and oldest of ${model.openTotal} open findings; the state and the scan JSON hold them all.</p>`
      : `<p class="note">${model.openTotal} open findings.</p>`;
  const rows = model.open.map(openRow);
  return `${shown}<table id="findings"><thead><tr><th>Severity</th><th>Status</th><th>Rule</th><th>Account</th><th>Region</th><th>Resource</th><th>Finding</th><th>First seen</th><th>Age</th><th>Remediation</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function openRow(f: OpenFinding): string {
  const link =
    f.remediationUrl && /^https:\/\//.test(f.remediationUrl)
      ? ` <a href="${e(f.remediationUrl)}">docs</a>`
      : '';
  return (
    `<tr data-id="${e(f.id)}" data-status="${f.status}"><td>${e(f.severity)}</td><td>${e(f.status)}</td><td><code>${e(f.ruleId)}</code></td>` +
    `<td><code>${e(f.account)}</code></td><td>${e(f.region)}</td><td><code>${e(f.resourceId)}</code></td><td>${e(f.message)}</td>` +
    `<td>${f.firstSeen ? e(f.firstSeen.slice(0, 10)) : '—'}</td><td>${formatHours(f.ageHours)}</td><td>${e(f.remediation)}${link}</td></tr>`
  );
}
