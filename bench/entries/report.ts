// The report's production code for bench/report.mjs (bundled by esbuild there).
export { buildPosture } from '../../lib/report/build';
export { renderHtmlReport } from '../../lib/output/html-report';
