import { escapeHtml, STATUS_COLOURS } from '../../../lib/output/html-parts';
import { renderHtmlReport } from '../../../lib/output/html-report';
import { buildPosture } from '../../../lib/report/build';
import { rules } from '../../../rules';
import { ACCOUNTS, multiAccountState, NOW, scanJson } from '../report/fixtures';
import { finding } from './fixtures';

const metas = rules.map((r) => r.meta);
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>'&`;

function hostileReport(): string {
  const f = finding({
    id: `cloudtrail-enabled|${ACCOUNTS.dev}|us-east-1|${HOSTILE}`,
    status: 'FAIL',
    ruleId: 'cloudtrail-enabled',
    account: ACCOUNTS.dev,
    resource: { type: 'AwsEc2Volume', id: HOSTILE, tags: { Name: HOSTILE } },
    message: `Volume ${HOSTILE} has a bad tag value ${HOSTILE}.`,
    remediation: { action: 'ebs:CreateSnapshot', description: HOSTILE, status: 'planned', dryRun: true },
  });
  const model = buildPosture({
    scans: [scanJson(ACCOUNTS.dev, [f])],
    rules: metas,
    sources: [`scan ${HOSTILE}`],
    now: NOW,
  });
  return renderHtmlReport(model);
}

describe('renderHtmlReport', () => {
  it('escapes every account-derived string: a <script> tag value is shown as text, never as markup', () => {
    // Prepare + Act
    const html = hostileReport();
    // Assess
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('onerror=alert(1)>');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(escapeHtml(HOSTILE)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;',
    );
  });

  it('is self-contained: no script, no external resource, and a policy that forbids loading any', () => {
    // Prepare + Act
    const html = renderHtmlReport(
      buildPosture({ state: multiAccountState(), rules: metas, sources: ['fixture'], now: NOW }),
    );
    // Assess
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\ssrc=|@import|url\(\s*['"]?https?:/i);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]);
    expect(urls.every((u) => u === 'http://www.w3.org/2000/svg' || html.includes(`<a href="${u}">`))).toBe(
      true,
    );
  });

  it('renders a heatmap row per account with status classes and the partial mark, and the colour CSS', () => {
    // Prepare + Act
    const html = renderHtmlReport(
      buildPosture({ state: multiAccountState(), rules: metas, sources: [], now: NOW }),
    );
    // Assess
    const row = (account: string) =>
      new RegExp(`<tr data-account="${account}"><th class="acct">.*?</tr>`).exec(html)?.[0] ?? '';
    expect(row(ACCOUNTS.prod)).toContain('class="c s-FAIL" data-rule="cloudtrail-enabled"');
    expect(row(ACCOUNTS.stage)).toContain('class="c s-ERROR partial" data-rule="cloudtrail-enabled"');
    expect(row(ACCOUNTS.dev)).toContain('class="c s-PASS" data-rule="root-account-mfa"');
    expect(html).toContain(`.s-FAIL{background-color:${STATUS_COLOURS.FAIL};`);
    expect(html).toContain('(partial: some regions or checks could not be evaluated)');
    expect(html).toMatch(/<g class="day partial" data-day="2026-11-16">/);
  });
});
