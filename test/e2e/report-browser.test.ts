import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { STATUS_COLOURS } from '../../lib/output/html-parts';
import { renderHtmlReport } from '../../lib/output/html-report';
import { buildPosture } from '../../lib/report/build';
import { rules } from '../../rules';
import type { Browser, Page } from '../helpers/chromium';
import { startChromium } from '../helpers/chromium';
import {
  DEMO_ACCOUNTS,
  DEMO_NOW,
  DEMO_RULES,
  demoCell,
  demoState,
  HOSTILE_TAG,
} from '../helpers/report-demo';

/** `#c62828` → `rgb(198, 40, 40)`, as getComputedStyle reports it. */
const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

describe('the HTML report in a real browser (Debian chromium, headless, DevTools on loopback)', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const model = buildPosture({
    state: demoState(),
    rules: rules.map((r) => r.meta),
    sources: ['demo state'],
    now: DEMO_NOW,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-report-browser-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(model));
    browser = await startChromium();
    page = await browser.open(pathToFileURL(file).href);
  }, 60_000);
  afterAll(async () => {
    await page?.close();
    await browser?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('colours every account × rule cell of the multi-account fixture by its worst status', async () => {
    // Prepare
    const expected = DEMO_ACCOUNTS.flatMap((account, a) =>
      DEMO_RULES.map((rule, r) => [
        account,
        rule,
        rgb(STATUS_COLOURS[demoCell(a, r).status]),
        demoCell(a, r).partial,
      ]),
    );
    // Act
    const cells = await page.evaluate<
      [string, string, string, boolean][]
    >(`[...document.querySelectorAll('#heatmap tbody tr')].flatMap((tr) =>
      [...tr.querySelectorAll('td.c')].map((td) => [tr.dataset.account, td.dataset.rule, getComputedStyle(td).backgroundColor, td.classList.contains('partial')]))`);
    // Assess
    expect(cells.sort()).toEqual(expected.sort());
  });

  it('lists exactly the open findings, worst first, and shows a hostile tag value as text', async () => {
    // Prepare
    const expectedIds = model.open.map((f) => f.id);
    // Act
    const ids = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#findings tbody tr')].map((tr) => tr.dataset.id)`,
    );
    const scripts = await page.evaluate<number>('document.scripts.length');
    const text = await page.evaluate<string>(`document.querySelector('#findings').textContent`);
    // Assess
    expect(ids).toEqual(expectedIds);
    const openCells = DEMO_ACCOUNTS.flatMap((_, a) =>
      DEMO_RULES.filter((_, r) => ['FAIL', 'ERROR', 'SUPPRESSED'].includes(demoCell(a, r).status)),
    );
    expect(ids).toHaveLength(openCells.length);
    expect(scripts).toBe(0);
    expect(text).toContain(HOSTILE_TAG);
  });

  it('renders the 90-day chart with its partial days, with no console error and no network request', async () => {
    // Act
    const bars = await page.evaluate<number>(`document.querySelectorAll('#posture g.day').length`);
    const partialDays = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#posture g.day.partial')].map((g) => g.dataset.day)`,
    );
    const shot = await page.screenshot();
    if (process.env.DRIFTWATCH_SCREENSHOT) writeFileSync(resolve(process.env.DRIFTWATCH_SCREENSHOT), shot);
    // Assess
    expect(bars).toBe(90);
    expect(partialDays).toEqual(model.days.filter((d) => d.partial).map((d) => d.day));
    expect(partialDays.length).toBeGreaterThanOrEqual(3);
    expect(page.errors).toEqual([]);
    expect(page.requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(page.requests).toHaveLength(1);
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
  });
});
