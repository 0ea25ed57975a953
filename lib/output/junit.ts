import type { Finding } from '../findings';
import type { ScanReport } from './report';

/**
 * JUnit XML for CI gates (the Apache Ant schema every CI reads): one test suite per rule, one test
 * case per finding. FAIL is a `<failure>`, ERROR (could not evaluate) an `<error>`, NOT_APPLICABLE
 * and SUPPRESSED are `<skipped>`, PASS is a passing case. Pure.
 */
export function renderJunit(report: ScanReport): string {
  const timestamp = report.evaluatedAt.slice(0, 19);
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const suites = [...byRule.entries()].map(([ruleId, findings], id) => {
    const count = (s: Finding['status']) => findings.filter((f) => f.status === s).length;
    const skipped = count('NOT_APPLICABLE') + count('SUPPRESSED');
    const cases = findings.map((f) => testCase(ruleId, f)).join('\n');
    return (
      `  <testsuite package="driftwatch" id="${id}" name="${xml(ruleId)}" timestamp="${timestamp}" hostname="${xml(report.account)}"` +
      ` tests="${findings.length}" failures="${count('FAIL')}" errors="${count('ERROR')}" skipped="${skipped}" time="0">\n` +
      `    <properties><property name="account" value="${xml(report.account)}"/><property name="title" value="${xml(findings[0]?.title ?? ruleId)}"/></properties>\n` +
      `${cases}\n    <system-out></system-out>\n    <system-err></system-err>\n  </testsuite>`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

function testCase(ruleId: string, f: Finding): string {
  const name = [f.account, f.region, f.resource.id, f.checkId].filter(Boolean).join(' ');
  const open = `    <testcase classname="driftwatch.${xml(ruleId)}" name="${xml(name)}" time="0"`;
  const body = `${f.message}\nFinding id: ${f.id}${f.remediation ? `\nRemediation: ${f.remediation.description}` : ''}`;
  if (f.status === 'FAIL')
    return `${open}><failure message="${xml(f.message)}" type="${f.severity}">${xml(body)}</failure></testcase>`;
  if (f.status === 'ERROR')
    return `${open}><error message="${xml(f.message)}" type="ERROR">${xml(body)}</error></testcase>`;
  if (f.status === 'PASS') return `${open}/>`;
  const why = f.status === 'SUPPRESSED' && f.suppression ? `suppressed: ${f.suppression.reason}` : f.message;
  return `${open}><skipped message="${xml(why)}"/></testcase>`;
}

/**
 * Escapes text for XML content and attributes; characters XML 1.0 cannot carry at all (control
 * characters, lone surrogates) become `\uXXXX` text, so a hostile tag value cannot break the file.
 */
export function xml(text: string): string {
  return text
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"'\n\r\t]/g, (c) => XML_ENTITIES[c] ?? c);
}
// Matching control characters is the point: XML 1.0 cannot carry them.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};
